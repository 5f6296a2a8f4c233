package dev.jerla.cpu.fp;

import dev.jerla.cpu.Cpu;

/**
 * The SHA extensions (SDM vol. 2: SHA1RNDS4, SHA1NEXTE, SHA1MSG1, SHA1MSG2, SHA256RNDS2,
 * SHA256MSG1, SHA256MSG2), on dwords d0 (bits 31:0) .. d3 (bits 127:96) of XMM registers. Their
 * memory operands need no alignment.
 */
final class Sha {
    private Sha() {}

    private static final int[] K1 = {0x5A827999, 0x6ED9EBA1, 0x8F1BBCDC, 0xCA62C1D6};

    private static int d(long lo, long hi, int i) {
        return (int) ((i < 2 ? lo : hi) >>> (32 * (i & 1)));
    }

    private static void put(FpState f, int reg, int d0, int d1, int d2, int d3) {
        SseUnit.setXmm(f, reg, (d0 & 0xFFFFFFFFL) | (long) d1 << 32, (d2 & 0xFFFFFFFFL) | (long) d3 << 32);
    }

    private static int f1(int k, int b, int c, int dd) {
        return switch (k) {
            case 0 -> (b & c) ^ (~b & dd);
            case 2 -> (b & c) ^ (b & dd) ^ (c & dd);
            default -> b ^ c ^ dd;
        };
    }

    /** NP 0F 3A CC: four SHA-1 rounds with the function and constant of imm[1:0]. */
    static int sha1rnds4(Cpu cpu, FpState f, int reg, int rm, long ea, int imm) {
        int t = SseUnit.src128(cpu, f, rm, ea, false);
        if (t != 0) return t;
        long a0 = SseUnit.lo(f, reg), a1 = SseUnit.hi(f, reg);
        int a = d(a0, a1, 3), b = d(a0, a1, 2), c = d(a0, a1, 1), dd = d(a0, a1, 0), e = 0;
        int[] w = {d(f.src0, f.src1, 3), d(f.src0, f.src1, 2), d(f.src0, f.src1, 1), d(f.src0, f.src1, 0)};
        int k = imm & 3;
        for (int i = 0; i < 4; i++) {
            int na = f1(k, b, c, dd) + Integer.rotateLeft(a, 5) + w[i] + e + K1[k];
            e = dd;
            dd = c;
            c = Integer.rotateLeft(b, 30);
            b = a;
            a = na;
        }
        put(f, reg, dd, c, b, a);
        return 0;
    }

    /** NP 0F 38 C8-CD: SHA1NEXTE, SHA1MSG1, SHA1MSG2, SHA256RNDS2 (XMM0 implicit), SHA256MSG1, SHA256MSG2. */
    static int exec(Cpu cpu, FpState f, int op, int reg, int rm, long ea) {
        int t = SseUnit.src128(cpu, f, rm, ea, false);
        if (t != 0) return t;
        long a0 = SseUnit.lo(f, reg), a1 = SseUnit.hi(f, reg), b0 = f.src0, b1 = f.src1;
        int[] x = {d(a0, a1, 0), d(a0, a1, 1), d(a0, a1, 2), d(a0, a1, 3)};
        int[] y = {d(b0, b1, 0), d(b0, b1, 1), d(b0, b1, 2), d(b0, b1, 3)};
        switch (op) {
            case 0xC8 -> put(f, reg, y[0], y[1], y[2], y[3] + Integer.rotateLeft(x[3], 30));
            case 0xC9 -> put(f, reg, y[2] ^ x[0], y[3] ^ x[1], x[0] ^ x[2], x[1] ^ x[3]);
            case 0xCA -> {
                int w16 = Integer.rotateLeft(x[3] ^ y[2], 1);
                int w17 = Integer.rotateLeft(x[2] ^ y[1], 1);
                int w18 = Integer.rotateLeft(x[1] ^ y[0], 1);
                int w19 = Integer.rotateLeft(x[0] ^ w16, 1);
                put(f, reg, w19, w18, w17, w16);
            }
            case 0xCB -> {
                long k0 = SseUnit.lo(f, 0);
                int[] wk = {(int) k0, (int) (k0 >>> 32)};
                int a = y[3], b = y[2], c = x[3], dd = x[2], e = y[1], ff = y[0], g = x[1], h = x[0];
                for (int i = 0; i < 2; i++) {
                    int ch = (e & ff) ^ (~e & g);
                    int maj = (a & b) ^ (a & c) ^ (b & c);
                    int s0 = Integer.rotateRight(a, 2) ^ Integer.rotateRight(a, 13) ^ Integer.rotateRight(a, 22);
                    int s1 = Integer.rotateRight(e, 6) ^ Integer.rotateRight(e, 11) ^ Integer.rotateRight(e, 25);
                    int t1 = ch + s1 + wk[i] + h;
                    int na = t1 + maj + s0, ne = t1 + dd;
                    h = g;
                    g = ff;
                    ff = e;
                    e = ne;
                    dd = c;
                    c = b;
                    b = a;
                    a = na;
                }
                put(f, reg, ff, e, b, a);
            }
            case 0xCC -> put(f, reg, x[0] + sigma0(x[1]), x[1] + sigma0(x[2]), x[2] + sigma0(x[3]), x[3] + sigma0(y[0]));
            default -> {
                int w16 = x[0] + sigma1(y[2]);
                int w17 = x[1] + sigma1(y[3]);
                int w18 = x[2] + sigma1(w16);
                int w19 = x[3] + sigma1(w17);
                put(f, reg, w16, w17, w18, w19);
            }
        }
        return 0;
    }

    private static int sigma0(int w) {
        return Integer.rotateRight(w, 7) ^ Integer.rotateRight(w, 18) ^ (w >>> 3);
    }

    private static int sigma1(int w) {
        return Integer.rotateRight(w, 17) ^ Integer.rotateRight(w, 19) ^ (w >>> 10);
    }
}
