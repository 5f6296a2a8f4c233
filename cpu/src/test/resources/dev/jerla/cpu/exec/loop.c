/*
 * A CPU-bound guest program for measuring the interpreter: integer arithmetic, branches, array
 * reads and writes and calls in a loop, with a result that depends on every iteration.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint32_t table[4096];

static __attribute__((noinline)) uint64_t mix(uint64_t h, uint64_t v) {
    h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
    return h;
}

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 3000000;
    uint64_t h = 1, x = 88172645463325252ull;
    for (int i = 0; i < 4096; i++) table[i] = (uint32_t) i * 2654435761u;
    for (long i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        uint32_t k = (uint32_t) x & 4095;
        table[k] += (uint32_t) i;
        if (table[k] & 1) h = mix(h, table[k]);
        else h += x % 7;
    }
    printf("%llu\n", (unsigned long long) h);
    return 0;
}
