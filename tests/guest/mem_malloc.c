/* malloc/free of small and large blocks, realloc keeping contents, calloc zeroing. */
#include "guest.h"
#include <stdint.h>

int main(void) {
    t_init();
    enum { N = 2000 };
    static unsigned char *p[N];
    size_t total = 0;
    for (int i = 0; i < N; i++) {
        size_t n = 1 + (i * 37) % 1024;
        p[i] = malloc(n);
        memset(p[i], i & 0xff, n);
        total += n;
    }
    int bad = 0;
    for (int i = 0; i < N; i++) {
        size_t n = 1 + (i * 37) % 1024;
        for (size_t j = 0; j < n; j++)
            if (p[i][j] != (i & 0xff)) bad++;
        if (i % 2) { free(p[i]); p[i] = NULL; }
    }
    printf("small blocks: %d, bytes %zu, corrupted %d\n", N, total, bad);
    for (int i = 0; i < N; i += 2) free(p[i]);

    size_t big = 64u << 20;
    unsigned char *b = malloc(big);
    printf("64 MiB malloc: %s\n", b ? "ok" : "failed");
    for (size_t off = 0; off < big; off += 4096) b[off] = (unsigned char)(off >> 12);
    uint64_t sum = 0;
    for (size_t off = 0; off < big; off += 4096) sum += b[off];
    printf("page checksum: %llu\n", (unsigned long long)sum);
    free(b);

    char *r = malloc(16);
    strcpy(r, "hello, realloc");
    r = realloc(r, 1 << 20);
    printf("after grow: %s\n", r);
    r = realloc(r, 6);
    r[5] = 0;
    printf("after shrink: %s\n", r);
    free(r);

    int *z = calloc(100000, sizeof(int));
    long nonzero = 0;
    for (int i = 0; i < 100000; i++) nonzero += z[i] != 0;
    printf("calloc nonzero: %ld\n", nonzero);
    free(z);

    void *al = aligned_alloc(4096, 8192);
    printf("aligned_alloc 4096: %s\n", ((uintptr_t)al % 4096) == 0 ? "aligned" : "misaligned");
    free(al);
    printf("malloc(0) then free: ok\n");
    free(malloc(0));
    return 0;
}
