// long double (x87 80-bit) arithmetic, conversions and libm: series, products, rounding modes of
// conversion to integers, printf of extended values.
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static unsigned long long bits(long double v) {
    unsigned long long m;
    memcpy(&m, &v, 8);
    return m;
}

int main(void) {
    long double e = 1, term = 1;
    for (int k = 1; k < 30; k++) {
        term /= k;
        e += term;
    }
    printf("e = %.21Lg (%016llx)\n", e, bits(e));
    long double pi = 0;
    for (int k = 0; k < 200000; k++) pi += (k % 2 ? -4.0L : 4.0L) / (2 * k + 1);
    printf("pi ~ %.21Lg\n", pi);
    long double p = 1;
    for (int k = 1; k <= 60; k++) p *= 1.0L + 1.0L / (k * k);
    printf("prod = %.21Lg (%016llx)\n", p, bits(p));
    printf("sqrtl(2) = %.21Lg\n", sqrtl(2.0L));
    printf("expl(1) = %.21Lg logl(10) = %.21Lg\n", expl(1.0L), logl(10.0L));
    printf("sinl(1) = %.21Lg cosl(1) = %.21Lg atanl(1) = %.21Lg\n", sinl(1.0L), cosl(1.0L), atanl(1.0L));
    printf("powl(3, 0.5) = %.21Lg fmodl = %.21Lg\n", powl(3.0L, 0.5L), fmodl(1e20L, 3.3L));
    long double vals[] = {2.5L, -2.5L, 1e18L + 0.5L, -7.999999999L, LDBL_MAX / 3, LDBL_MIN * 3};
    for (unsigned i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        long double v = vals[i];
        printf("%Lg: llrintl %lld lroundl %ld truncl %.3Lf floorl %.3Lf (double %.17g)\n", v,
               fabsl(v) < 9e18L ? llrintl(v) : 0LL, fabsl(v) < 9e18L ? lroundl(v) : 0L,
               fabsl(v) < 1e30L ? truncl(v) : 0.0L, fabsl(v) < 1e30L ? floorl(v) : 0.0L, (double)v);
    }
    long double acc = 0;
    for (int i = 1; i <= 100000; i++) acc += 1.0L / ((long double)i * i);
    printf("basel %.21Lg\n", acc);
    return 0;
}
