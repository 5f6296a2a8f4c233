// Floating-point loops under -ffast-math for x86-64-v3: reassociated vector reductions, FMA
// contraction, reciprocal tricks and vectorised math must print what the host prints.
// CFLAGS: -march=x86-64-v3 -O3 -ffast-math
#include <math.h>
#include <stdio.h>

#define N 2048

static float x[N], y[N];
static double u[N], v[N];

int main(void) {
    for (int i = 0; i < N; i++) {
        x[i] = (float)((i * 37) % 101) / 13.0f - 3.0f;
        y[i] = (float)((i * 11) % 53) / 7.0f + 0.5f;
        u[i] = (double)((i * 7919) % 1000) / 17.0 - 20.0;
        v[i] = (double)((i * 104729) % 997) / 101.0 + 1.0;
    }
    for (int r = 0; r < 3; r++) {
        float fs = 0, fm = 0;
        double ds = 0, dn = 0;
        for (int i = 0; i < N; i++) fs += x[i] * y[i];
        for (int i = 0; i < N; i++) fm = fmaxf(fm, x[i] / y[i]);
        for (int i = 0; i < N; i++) ds += u[i] * v[i] + u[i] / v[i];
        for (int i = 0; i < N; i++) dn += sqrt(v[i]) * fabs(u[i]);
        for (int i = 0; i < N; i++) x[i] = x[i] * 0.75f + y[i] * 0.25f;
        for (int i = 0; i < N; i++) u[i] = u[i] * 0.5 - v[i] * 0.125;
        printf("%d: %.6e %.6e %.12e %.12e\n", r, fs, fm, ds, dn);
    }
    return 0;
}
