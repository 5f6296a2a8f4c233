/* x87 extended-precision work (long double): a Leibniz series, a Newton square root, a
 * harmonic sum and a product with division, all on 80-bit values. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    long scale = argc > 1 ? atol(argv[1]) : 1;
    long n = 600000 * scale;
    long double pi = 0, h = 0, p = 1, root = 0;
    for (long k = 0; k < n; k++) {
        pi += (k & 1 ? -4.0L : 4.0L) / (2 * k + 1);
        h += 1.0L / (k + 1);
        p *= 1.0L + 1.0L / ((long double)(k + 2) * (k + 2));
    }
    for (long k = 1; k <= n / 100; k++) {
        long double v = (long double)k, r = v;
        for (int it = 0; it < 20; it++) r = 0.5L * (r + v / r);
        root += r;
    }
    printf("pi %.18Lf harmonic %.18Lf product %.18Lf roots %.9Lf\n", pi, h, p, root);
    return 0;
}
