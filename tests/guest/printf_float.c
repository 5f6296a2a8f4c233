/* printf and strtod of floats, doubles and long doubles: %f %e %g %a, rounding, special values. */
#include "guest.h"
#include <float.h>
#include <math.h>

int main(void) {
    t_init();
    double v[] = {0.0, -0.0, 1.0, -1.5, 3.14159265358979, 2.5, 0.1, 1e-10, 123456789.125, 1e300, 5e-324,
                  DBL_MAX, DBL_MIN, 1.0 / 3.0, 2.0 / 3.0, 1e21, 0.5, 1.5, 999999.5};
    for (unsigned i = 0; i < sizeof v / sizeof v[0]; i++)
        printf("[%f] [%.2f] [%e] [%.3E] [%g] [%.10g] [%a]\n", v[i], v[i], v[i], v[i], v[i], v[i], v[i]);
    printf("[%f] [%f] [%f] [%e]\n", INFINITY, -INFINITY, NAN, INFINITY);
    printf("[%10.3f] [%-10.3f|] [%+.1f] [%010.2f] [%#.0f] [%.0f] [%.0f]\n", 3.14159, 3.14159, 2.0, -3.5, 2.0, 0.5, 1.5);
    float f = 1.1f;
    printf("float promoted: %.10f %a\n", f, f);
    long double ld = 1.0L / 3.0L;
    printf("long double: %.20Lf %Le %La\n", ld, ld, ld);
    long double big = 1e4000L;
    printf("long double 1e4000: %Lg\n", big);
    const char *in[] = {"3.25", "-0.000123", "1e5", "0x1.8p1", "inf", "nan", "1e-400", "2.2250738585072014e-308",
                        "123abc", "  42"};
    for (unsigned i = 0; i < sizeof in / sizeof in[0]; i++) {
        char *end;
        errno = 0;
        double d = strtod(in[i], &end);
        printf("strtod(\"%s\") = %.17g rest \"%s\" errno %s\n", in[i], d, end, errname(errno));
    }
    double acc = 1.0;
    for (int i = 0; i < 30; i++) {
        acc = acc * 1.7 - 0.3 / (i + 1);
        printf("%.15g ", acc);
    }
    printf("\n");
    float fa = 0.0f;
    for (int i = 1; i <= 100; i++) fa += 1.0f / (float)i;
    printf("float harmonic(100): %.9g\n", fa);
    return 0;
}
