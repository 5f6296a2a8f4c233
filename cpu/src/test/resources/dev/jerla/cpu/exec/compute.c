/*
 * A guest program for Jerla's end-to-end CPU test: computes with recursion, loops, 64- and
 * 128-bit arithmetic, strings, sorting, the heap and setjmp/longjmp, and prints the results.
 * Built statically with musl and with glibc; its output under Jerla must equal its output on
 * the host.
 */
#include <ctype.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static unsigned long ackermann(unsigned long m, unsigned long n) {
    if (m == 0) return n + 1;
    if (n == 0) return ackermann(m - 1, 1);
    return ackermann(m - 1, ackermann(m, n - 1));
}

static long hanoi(int n, int from, int to, int via) {
    if (n == 0) return 0;
    return hanoi(n - 1, from, via, to) + 1 + hanoi(n - 1, via, to, from);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *) a, *(char *const *) b); }
static int cmp_long(const void *a, const void *b) {
    long x = *(const long *) a, y = *(const long *) b;
    return x < y ? -1 : x > y;
}

static jmp_buf env;
static void deep(int n) {
    if (n == 0) longjmp(env, 42);
    deep(n - 1);
}

static uint32_t crc32(const unsigned char *p, size_t n) {
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xEDB88320u & -(c & 1));
    }
    return ~c;
}

int main(int argc, char **argv) {
    printf("argc=%d\n", argc);
    printf("fib(24)=%d ackermann(2,3)=%lu hanoi(16)=%ld\n", fib(24), ackermann(2, 3), hanoi(16, 1, 3, 2));

    /* Sieve of Eratosthenes. */
    enum { N = 200000 };
    char *composite = calloc(N + 1, 1);
    int primes = 0;
    long sum = 0;
    for (int i = 2; i <= N; i++) {
        if (composite[i]) continue;
        primes++;
        sum += i;
        for (long j = (long) i * i; j <= N; j += i) composite[j] = 1;
    }
    free(composite);
    printf("primes<=%d: %d sum=%ld\n", N, primes, sum);

    /* 64-bit and 128-bit arithmetic. */
    uint64_t x = 0x9E3779B97F4A7C15ull, acc = 0;
    int64_t sacc = 0;
    for (int i = 1; i < 5000; i++) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        acc += x / (uint64_t) i + x % 1000003u;
        sacc += (int64_t) x / -i - ((int64_t) x >> (i & 63));
    }
    unsigned __int128 big = (unsigned __int128) x * 0xFFFFFFFFFFFFFFC5ull;
    unsigned __int128 q = big / 0x1234567890ABCDEFull;
    __int128 sq = (__int128) -123456789012345678ll * 98765432109876543ll;
    printf("xorshift=%016llx acc=%llu sacc=%lld\n", (unsigned long long) x, (unsigned long long) acc, (long long) sacc);
    printf("u128 hi=%016llx lo=%016llx q=%016llx r=%llu\n", (unsigned long long) (big >> 64),
           (unsigned long long) big, (unsigned long long) q, (unsigned long long) (big % 1000000007u));
    printf("s128 hi=%016llx lo=%016llx div=%lld\n", (unsigned long long) ((unsigned __int128) sq >> 64),
           (unsigned long long) sq, (long long) (sq / 1000000007));
    printf("bits: popcount=%d clz=%d ctz=%d bswap=%016llx\n", __builtin_popcountll(x), __builtin_clzll(x | 1),
           __builtin_ctzll(x | (1ull << 63)), (unsigned long long) __builtin_bswap64(x));

    /* Strings. */
    char buf[256];
    strcpy(buf, "Hello");
    strcat(buf, ", ");
    strcat(buf, "Jerla");
    strncat(buf, "!!!!!", 1);
    printf("%s len=%zu cmp=%d,%d,%d\n", buf, strlen(buf), strcmp(buf, "Hello") > 0, strcmp("abc", "abd") < 0,
           strncmp(buf, "Help", 3));
    printf("strchr=%s strrchr=%s strstr=%s\n", strchr(buf, 'J'), strrchr(buf, 'l'), strstr(buf, "erl"));
    char text[] = "the quick brown fox jumps over the lazy dog";
    int words = 0, upper = 0;
    for (char *t = strtok(text, " "); t; t = strtok(NULL, " ")) {
        words++;
        for (char *c = t; *c; c++) *c = toupper((unsigned char) *c);
        upper += t[0];
    }
    printf("words=%d upper=%d\n", words, upper);
    char big_a[4096], big_b[4096];
    memset(big_a, 'a', sizeof big_a);
    for (int i = 0; i < 4096; i++) big_b[i] = (char) (i * 7);
    memcpy(big_a + 100, big_b, 3000);
    memmove(big_a + 10, big_a + 200, 2000);
    memmove(big_a + 300, big_a + 250, 1000);
    printf("crc=%08x memcmp=%d\n", crc32((unsigned char *) big_a, sizeof big_a), memcmp(big_a, big_b, 64) > 0);
    long v = strtol("-123456789", NULL, 10) + atoi("777") + strtol("ff", NULL, 16);
    unsigned long long uv = strtoull("18446744073709551615", NULL, 10);
    printf("strtol=%ld strtoull=%llu\n", v, uv);
    snprintf(buf, sizeof buf, "[%5d|%-6s|%08x|%+d|%c|%lld|%#o|%.3s]", 42, "ab", 0xbeef, 7, 'Z', -1ll << 40, 8, "abcdef");
    printf("%s\n", buf);

    /* Sorting and the heap. */
    char *names[] = {"delta", "alpha", "echo", "charlie", "bravo", "golf", "foxtrot"};
    qsort(names, 7, sizeof names[0], cmp_str);
    for (int i = 0; i < 7; i++) printf("%s%c", names[i], i == 6 ? '\n' : ' ');
    enum { M = 20000 };
    long *arr = malloc(M * sizeof *arr);
    uint64_t s = 12345;
    for (int i = 0; i < M; i++) {
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        arr[i] = (long) (s >> 20) - (1L << 42);
    }
    qsort(arr, M, sizeof *arr, cmp_long);
    long checksum = 0;
    for (int i = 0; i < M; i++) checksum = checksum * 31 + arr[i];
    printf("sorted min=%ld max=%ld checksum=%ld\n", arr[0], arr[M - 1], checksum);
    char **blocks = malloc(100 * sizeof *blocks);
    size_t total = 0;
    for (int i = 0; i < 100; i++) {
        size_t n = (size_t) (i * 997) % 70000 + 1;
        blocks[i] = malloc(n);
        memset(blocks[i], i, n);
        total += n;
    }
    for (int i = 0; i < 100; i += 2) free(blocks[i]);
    for (int i = 0; i < 100; i += 2) blocks[i] = realloc(NULL, 64);
    for (int i = 0; i < 100; i++) free(blocks[i]);
    free(blocks);
    free(arr);
    printf("heap total=%zu\n", total);

    /* Non-local exit. */
    int r = setjmp(env);
    if (r == 0) deep(50);
    printf("longjmp=%d\n", r);

    /* Integer formatting edge cases. */
    printf("%d %u %ld %lu %x %lX %hhd %hu\n", -2147483647 - 1, 4294967295u, -9223372036854775807L - 1,
           18446744073709551615UL, 0xdeadbeef, 0xCAFEBABE12345678UL, (signed char) 200, (unsigned short) 70000);
    return 3;
}
