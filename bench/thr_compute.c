/* Two-thread compute scaling: the same integer work split over two threads (each its own half
 * of a Collatz range), so the time shows whether guest threads really run in parallel. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static unsigned long limit;

struct part { unsigned long from, to, longest, at, hash; };

static void *work(void *arg) {
    struct part *p = arg;
    unsigned long hash = 0x9e3779b97f4a7c15ul;
    for (unsigned long n = p->from; n < p->to; n++) {
        unsigned long x = n, steps = 0;
        while (x != 1) {
            x = (x & 1) ? 3 * x + 1 : x >> 1;
            steps++;
        }
        if (steps > p->longest) { p->longest = steps; p->at = n; }
        hash = (hash ^ steps) * 0x100000001b3ul;
        hash ^= hash >> 29;
    }
    p->hash = hash;
    return NULL;
}

int main(int argc, char **argv) {
    long scale = argc > 1 ? atol(argv[1]) : 1;
    limit = 60000 * scale;
    struct part parts[2] = {{1, limit / 2, 0, 0, 0}, {limit / 2, limit, 0, 0, 0}};
    pthread_t th[2];
    for (int i = 0; i < 2; i++) pthread_create(&th[i], NULL, work, &parts[i]);
    for (int i = 0; i < 2; i++) pthread_join(th[i], NULL);
    int best = parts[1].longest > parts[0].longest;
    printf("longest chain below %lu starts at %lu (%lu steps), hashes %016lx %016lx\n", limit, parts[best].at,
           parts[best].longest, parts[0].hash, parts[1].hash);
    return 0;
}
