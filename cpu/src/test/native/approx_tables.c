/*
 * Prints the tables of RCPSS and RSQRTSS as the host processor computes them, in the format of
 * cpu/src/main/resources/dev/jerla/cpu/fp/rcp-rsqrt.txt. Both approximations depend only on the
 * top 12 fraction bits of the operand (and, for RSQRTSS, on the parity of its exponent) and
 * return a 12-bit significand in [0.5, 1); the rest is exponent arithmetic. The checked-in file
 * was produced on an AMD Zen 4 processor (family 25); the differential tests compare against
 * the host, so regenerate it with this program when the reference processor changes:
 *   gcc -O2 -msse approx_tables.c -o approx_tables && ./approx_tables > rcp-rsqrt.txt
 */
#include <immintrin.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint32_t bits(float f) {
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}

static float from_bits(uint32_t u) {
    float f;
    memcpy(&f, &u, 4);
    return f;
}

static void table(const char *name, int n, int rsqrt) {
    printf("%s %d\n", name, n);
    for (int i = 0; i < n; i++) {
        __m128 x = _mm_set_ss(from_bits(0x3F800000u + ((uint32_t)i << 11)));
        uint32_t r = bits(_mm_cvtss_f32(rsqrt ? _mm_rsqrt_ss(x) : _mm_rcp_ss(x)));
        printf("%03x%c", (r >> 11) & 0xFFF, i % 32 == 31 ? '\n' : ' ');
    }
}

int main(void) {
    printf("# RCPSS and RSQRTSS significand tables (bits 22..11 of the result, exponent 126), from the host CPU.\n");
    printf("# rcp: index = operand fraction bits 22..11; rsqrt: index = (exponent parity << 12) | fraction bits 22..11.\n");
    table("rcp", 4096, 0);
    table("rsqrt", 8192, 1);
    return 0;
}
