/* CPU-bound integer work: Collatz chain lengths, a multiply-xorshift hash and integer division. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    long scale = argc > 1 ? atol(argv[1]) : 1;
    unsigned long limit = 60000 * scale, longest = 0, at = 0, hash = 0x9e3779b97f4a7c15ul;
    for (unsigned long n = 1; n < limit; n++) {
        unsigned long x = n, steps = 0;
        while (x != 1) {
            x = (x & 1) ? 3 * x + 1 : x >> 1;
            steps++;
        }
        if (steps > longest) { longest = steps; at = n; }
        hash = (hash ^ steps) * 0x100000001b3ul;
        hash ^= hash >> 29;
        hash += n / 7 + n % 13;
    }
    printf("longest chain below %lu starts at %lu (%lu steps), hash %016lx\n", limit, at, longest, hash);
    return 0;
}
