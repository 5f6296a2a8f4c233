/* SSE2 double-precision work: an n-body step loop, a dense matrix product and a Horner
 * polynomial, with sqrt and division in the inner loops. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define BODIES 5
#define M 48

int main(int argc, char **argv) {
    long scale = argc > 1 ? atol(argv[1]) : 1;
    double x[BODIES], y[BODIES], z[BODIES], vx[BODIES], vy[BODIES], vz[BODIES], m[BODIES];
    for (int i = 0; i < BODIES; i++) {
        x[i] = i * 1.1; y[i] = i * -0.7 + 0.3; z[i] = i * 0.05;
        vx[i] = 0.01 * i; vy[i] = -0.02 * i; vz[i] = 0.001; m[i] = 1.0 + i * 0.5;
    }
    for (long step = 0; step < 60000 * scale; step++) {
        for (int i = 0; i < BODIES; i++) {
            for (int j = i + 1; j < BODIES; j++) {
                double dx = x[i] - x[j], dy = y[i] - y[j], dz = z[i] - z[j];
                double d2 = dx * dx + dy * dy + dz * dz + 0.01;
                double mag = 0.001 / (d2 * sqrt(d2));
                vx[i] -= dx * m[j] * mag; vy[i] -= dy * m[j] * mag; vz[i] -= dz * m[j] * mag;
                vx[j] += dx * m[i] * mag; vy[j] += dy * m[i] * mag; vz[j] += dz * m[i] * mag;
            }
        }
        for (int i = 0; i < BODIES; i++) { x[i] += 0.001 * vx[i]; y[i] += 0.001 * vy[i]; z[i] += 0.001 * vz[i]; }
    }
    static double a[M][M], b[M][M], c[M][M];
    for (int i = 0; i < M; i++)
        for (int j = 0; j < M; j++) { a[i][j] = (i + j) % 7 - 3.0; b[i][j] = (i * j) % 5 * 0.5; }
    for (long r = 0; r < 4 * scale; r++) {
        for (int i = 0; i < M; i++)
            for (int j = 0; j < M; j++) {
                double s = 0;
                for (int k = 0; k < M; k++) s += a[i][k] * b[k][j];
                c[i][j] = s / (1.0 + r);
            }
        a[r % M][r % M] += c[M - 1][r % M];
    }
    double poly = 0;
    for (long i = 0; i < 400000 * scale; i++) {
        double t = (double)(i % 1000) / 1000.0;
        poly += ((((0.5 * t - 1.25) * t + 2.0) * t - 0.75) * t + 1.0) / (1.0 + t * t);
    }
    printf("x0 %.9f vy4 %.9f c %.6f poly %.6f\n", x[0], vy[4], c[7][11], poly);
    return 0;
}
