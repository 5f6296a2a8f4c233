// Vectorised integer, float and double loops built for x86-64-v3 (AVX2, FMA, BMI2): the
// compiler's AVX2 code, its masked tails and shuffles, must give the checksums the host gives.
// CFLAGS: -march=x86-64-v3 -O3
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define N 1003

static int32_t ia[N], ib[N], ic[N];
static uint8_t ba[N], bb[N];
static int16_t sa[N];
static float fa[N], fb[N], fc[N];
static double da[N], db[N], dc[N];
static int64_t la[N];

static uint64_t mix(uint64_t h, uint64_t v) { return (h ^ v) * 0x100000001B3ULL; }

__attribute__((noinline)) static void ints(void) {
    for (int i = 0; i < N; i++) ic[i] = ia[i] * ib[i] + (ia[i] >> 3) - (ib[i] ^ 0x5A5A);
    for (int i = 0; i < N; i++) ic[i] = ic[i] > ia[i] ? ic[i] : ia[i];
    for (int i = 0; i < N; i++) la[i] = (int64_t)ia[i] * ib[i];
    for (int i = 0; i < N; i++) ba[i] = (uint8_t)(ba[i] + bb[i]) > 100 ? ba[i] - bb[i] : ba[i] | bb[i];
    for (int i = 0; i < N; i++) sa[i] = (int16_t)(sa[i] * 3 + ba[i]);
    for (int i = 0; i < N; i++) ic[i] += ia[i] << (ib[i] & 15);
    for (int i = 0; i < N; i++) ic[i] ^= (uint32_t)ia[i] >> (ib[i] & 31);
}

__attribute__((noinline)) static void floats(void) {
    for (int i = 0; i < N; i++) fc[i] = fa[i] * fb[i] + fc[i];
    for (int i = 0; i < N; i++) fc[i] = fc[i] < fa[i] ? fa[i] / (fb[i] + 3.0f) : fc[i] - fb[i];
    for (int i = 0; i < N; i++) dc[i] = da[i] * db[i] - dc[i] * 0.5;
    for (int i = 0; i < N; i++) dc[i] = dc[i] > 0 ? __builtin_sqrt(dc[i]) : da[i] + (double)ia[i];
    for (int i = 0; i < N; i++) fa[i] = (float)dc[i] + (float)ib[i];
}

__attribute__((noinline)) static double reduce(void) {
    double s = 0;
    for (int i = 0; i < N; i++) s += da[i] * db[i];
    float f = 0;
    for (int i = 0; i < N; i++) f += fa[i];
    int64_t t = 0;
    for (int i = 0; i < N; i++) t += ic[i];
    int m = 0;
    for (int i = 0; i < N; i++) m = ia[i] > m ? ia[i] : m;
    return s + f + (double)t + m;
}

int main(void) {
    uint64_t x = 88172645463325252ULL;
    for (int i = 0; i < N; i++) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        ia[i] = (int32_t)x;
        ib[i] = (int32_t)(x >> 32) % 1000;
        ba[i] = (uint8_t)(x >> 8);
        bb[i] = (uint8_t)(x >> 16);
        sa[i] = (int16_t)(x >> 24);
        fa[i] = (float)((int32_t)x % 10000) / 97.0f;
        fb[i] = (float)((int32_t)(x >> 20) % 5000) / 31.0f;
        fc[i] = (float)i;
        da[i] = (double)(int32_t)x / 1e5;
        db[i] = (double)(x >> 40) / 3e3;
        dc[i] = i * 0.25;
    }
    uint64_t h = 1469598103934665603ULL;
    for (int round = 0; round < 4; round++) {
        ints();
        floats();
        double r = reduce();
        uint64_t bits;
        memcpy(&bits, &r, 8);
        h = mix(h, bits);
        for (int i = 0; i < N; i++) {
            uint32_t fbits;
            memcpy(&fbits, &fc[i], 4);
            uint64_t dbits;
            memcpy(&dbits, &dc[i], 8);
            h = mix(h, (uint32_t)ic[i] ^ ((uint64_t)fbits << 32) ^ dbits ^ (uint64_t)la[i] ^ ba[i] ^ (uint16_t)sa[i]);
        }
        printf("round %d: reduce %.17g hash %016llx\n", round, r, (unsigned long long)h);
    }
    return 0;
}
