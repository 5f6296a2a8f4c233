/* Memory-bound: the sieve of Eratosthenes over a byte array several megabytes long. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    long scale = argc > 1 ? atol(argv[1]) : 1;
    long n = 4000000 * scale;
    unsigned char *composite = calloc(n + 1, 1);
    for (long i = 2; i * i <= n; i++)
        if (!composite[i])
            for (long j = i * i; j <= n; j += i) composite[j] = 1;
    long count = 0, last = 0;
    for (long i = 2; i <= n; i++)
        if (!composite[i]) { count++; last = i; }
    printf("%ld primes up to %ld, the largest %ld\n", count, n, last);
    free(composite);
    return 0;
}
