/* libm: sqrt, trig, exp/log, pow, fmod, rounding functions and modes, fenv exceptions. */
#include "guest.h"
#include <fenv.h>
#include <math.h>

int main(void) {
    t_init();
    double xs[] = {0.0, 0.5, 1.0, 2.0, 3.0, 10.0, 123.456, 1e-5, 1e10};
    for (unsigned i = 0; i < sizeof xs / sizeof xs[0]; i++) {
        double x = xs[i];
        printf("x=%g sqrt=%.17g sin=%.17g cos=%.17g exp=%.17g log1p=%.17g atan=%.17g\n", x, sqrt(x), sin(x), cos(x),
               exp(x > 700 ? 1 : x), log1p(x), atan(x));
    }
    printf("pow: %.17g %.17g %.17g\n", pow(2, 0.5), pow(10, -3), pow(-8, 1.0 / 3));
    printf("fmod: %g %g, remainder: %g\n", fmod(10, 3), fmod(-10, 3), remainder(10, 3));
    printf("floor/ceil/round/trunc(-2.5): %g %g %g %g\n", floor(-2.5), ceil(-2.5), round(-2.5), trunc(-2.5));
    printf("rint under modes:");
    int modes[] = {FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO};
    for (int i = 0; i < 4; i++) {
        fesetround(modes[i]);
        printf(" %g/%g/%ld", rint(2.5), rint(-2.5), lrint(3.5));
    }
    fesetround(FE_TONEAREST);
    printf("\n");
    feclearexcept(FE_ALL_EXCEPT);
    volatile double zero = 0.0, one = 1.0;
    volatile double q = one / zero;
    printf("1/0 = %g, FE_DIVBYZERO raised: %s\n", q, yesno(fetestexcept(FE_DIVBYZERO)));
    feclearexcept(FE_ALL_EXCEPT);
    q = sqrt(-one);
    printf("sqrt(-1) is nan: %s, FE_INVALID: %s\n", yesno(isnan(q)), yesno(fetestexcept(FE_INVALID)));
    printf("hypot %.17g, atan2 %.17g, cbrt %.17g, expm1 %.17g\n", hypot(3, 4), atan2(1, -1), cbrt(27), expm1(1e-10));
    printf("frexp/ldexp: ");
    int e;
    double m = frexp(1234.5, &e);
    printf("%g*2^%d = %g\n", m, e, ldexp(m, e));
    float f = 2.0f;
    printf("float sqrtf %.9g sinf %.9g expf %.9g\n", sqrtf(f), sinf(f), expf(f));
    long double l = 2.0L;
    printf("long double sqrtl %.21Lg\n", sqrtl(l));
    double acc = 0;
    for (int i = 1; i < 2000; i++) acc += sin(i) * cos(i / 2.0) / i;
    printf("sum: %.17g\n", acc);
    return 0;
}
