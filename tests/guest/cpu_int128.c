// __int128 arithmetic: multiplication, division and remainder (libgcc's __udivti3 and friends),
// shifts and comparisons, as a 128-bit LCG, a modular power and a base-10 printer.
#include <stdint.h>
#include <stdio.h>

typedef unsigned __int128 u128;
typedef __int128 i128;

static void print_u128(u128 v) {
    char buf[48];
    int n = 0;
    do {
        buf[n++] = (char)('0' + (int)(v % 10));
        v /= 10;
    } while (v);
    while (n) putchar(buf[--n]);
}

static u128 powmod(u128 b, u128 e, u128 m) {
    u128 r = 1;
    b %= m;
    while (e) {
        if (e & 1) r = (r * b) % m;
        b = (b * b) % m;
        e >>= 1;
    }
    return r;
}

int main(void) {
    u128 s = ((u128)0x2545F4914F6CDD1DULL << 64) | 0x9E3779B97F4A7C15ULL;
    const u128 a = ((u128)0x2360ED051FC65DA4ULL << 64) | 0x4385DF649FCCF645ULL;
    const u128 c = ((u128)0x5851F42D4C957F2DULL << 64) | 0x14057B7EF767814FULL;
    uint64_t h = 0;
    for (int i = 0; i < 20000; i++) {
        s = s * a + c;
        u128 q = s / ((s >> 70) | 3);
        i128 d = (i128)s / -12345678901LL;
        h ^= (uint64_t)(q >> 3) + (uint64_t)(s >> 64) + (uint64_t)d + (uint64_t)((i128)s % 1000003);
        h = (h << 7) | (h >> 57);
    }
    printf("lcg hash %016llx\n", (unsigned long long)h);
    u128 m = ((u128)1 << 61) - 1;
    printf("3^1e6 mod 2^61-1 = ");
    print_u128(powmod(3, 1000000, m));
    printf("\n2^127-1 = ");
    print_u128(((u128)1 << 127) - 1);
    printf("\nfactorial 34 = ");
    u128 f = 1;
    for (int i = 2; i <= 34; i++) f *= i;
    print_u128(f);
    i128 neg = -(i128)f / 7;
    printf("\nneg/7 high %016llx low %016llx cmp %d\n", (unsigned long long)((u128)neg >> 64),
           (unsigned long long)neg, neg < (i128)-5);
    return 0;
}
