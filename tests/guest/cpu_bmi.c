// Bit manipulation compiled for x86-64-v3: the compiler uses BMI1/BMI2 (andn, blsr, bzhi, shlx,
// sarx, tzcnt, lzcnt, rorx), and explicit pdep/pext/mulx through the intrinsics.
// CFLAGS: -march=x86-64-v3 -O2
#include <immintrin.h>
#include <stdint.h>
#include <stdio.h>

__attribute__((noinline)) static uint64_t work(uint64_t x, uint64_t y, unsigned n) {
    uint64_t r = 0;
    r += _pdep_u64(x, y) ^ _pext_u64(y, x);
    r += _bzhi_u64(x, n & 63) + _blsr_u64(y) + _blsi_u64(x) + _blsmsk_u64(y);
    r += _andn_u64(x, y) + _tzcnt_u64(x) + _lzcnt_u64(y);
    r += (x << (n & 63)) ^ ((int64_t)y >> (n & 63)) ^ (x >> (n % 64));
    unsigned long long hi;
    r += _mulx_u64(x, y, &hi) ^ hi;
    r += (x >> 13 | x << 51) + _bextr_u64(y, n & 63, 17);
    r += (uint32_t)_pdep_u32((uint32_t)x, (uint32_t)y) + _bzhi_u32((uint32_t)y, n & 31);
    return r;
}

int main(void) {
    uint64_t x = 0x9E3779B97F4A7C15ULL, y = 0xD1B54A32D192ED03ULL, acc = 0;
    for (unsigned i = 0; i < 200000; i++) {
        acc = acc * 31 + work(x, y, i);
        x ^= x << 7;
        x ^= x >> 9;
        y += 0x632BE59BD9B4E019ULL;
    }
    printf("%016llx\n", (unsigned long long)acc);
    return 0;
}
