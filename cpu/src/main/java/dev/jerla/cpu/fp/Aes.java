package dev.jerla.cpu.fp;

import dev.jerla.cpu.Cpu;

/**
 * AES-NI (SDM vol. 2: AESENC, AESENCLAST, AESDEC, AESDECLAST, AESIMC, AESKEYGENASSIST) on the
 * 128-bit state of an XMM register: byte i of the register is row i % 4, column i / 4 of the
 * FIPS-197 state. Legacy and VEX.128 forms share these definitions.
 */
final class Aes {
    private Aes() {}

    private static final int[] SBOX = new int[256], INV_SBOX = new int[256];

    static {
        // The S-box from its definition: multiplicative inverse in GF(2^8), then the affine map.
        for (int x = 0; x < 256; x++) {
            int inv = 0;
            for (int y = 1; y < 256 && x != 0; y++) {
                if (mul(x, y) == 1) {
                    inv = y;
                    break;
                }
            }
            int s = inv;
            for (int k = 1; k <= 4; k++) s ^= ((inv << k) | (inv >>> (8 - k))) & 0xFF;
            s ^= 0x63;
            SBOX[x] = s;
            INV_SBOX[s] = x;
        }
    }

    /** Multiplication in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1. */
    private static int mul(int a, int b) {
        int r = 0;
        while (b != 0) {
            if ((b & 1) != 0) r ^= a;
            a = (a << 1) ^ ((a & 0x80) != 0 ? 0x11B : 0);
            b >>>= 1;
        }
        return r & 0xFF;
    }

    private static int[] bytes(long lo, long hi) {
        int[] s = new int[16];
        for (int i = 0; i < 8; i++) {
            s[i] = (int) (lo >>> (8 * i)) & 0xFF;
            s[i + 8] = (int) (hi >>> (8 * i)) & 0xFF;
        }
        return s;
    }

    private static long half(int[] s, int from) {
        long v = 0;
        for (int i = 7; i >= 0; i--) v = v << 8 | s[from + i];
        return v;
    }

    private static int[] shiftRows(int[] s, boolean inverse) {
        int[] o = new int[16];
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                int from = inverse ? (c - r + 4) % 4 : (c + r) % 4;
                o[r + 4 * c] = s[r + 4 * from];
            }
        }
        return o;
    }

    private static void subBytes(int[] s, boolean inverse) {
        for (int i = 0; i < 16; i++) s[i] = inverse ? INV_SBOX[s[i]] : SBOX[s[i]];
    }

    private static void mixColumns(int[] s, boolean inverse) {
        int[] m = inverse ? new int[] {14, 11, 13, 9} : new int[] {2, 3, 1, 1};
        for (int c = 0; c < 4; c++) {
            int[] col = {s[4 * c], s[4 * c + 1], s[4 * c + 2], s[4 * c + 3]};
            for (int r = 0; r < 4; r++) {
                int v = 0;
                for (int k = 0; k < 4; k++) v ^= mul(col[k], m[(k - r + 4) % 4]);
                s[4 * c + r] = v;
            }
        }
    }

    /** 66 0F 38 DB-DF: AESIMC, AESENC, AESENCLAST, AESDEC, AESDECLAST; reg = op(reg, rm). */
    static int exec(Cpu cpu, FpState f, int op, int reg, int rm, long ea) {
        int t = SseUnit.src128(cpu, f, rm, ea, true);
        if (t != 0) return t;
        long k0 = f.src0, k1 = f.src1;
        if (op == 0xDB) {
            int[] s = bytes(k0, k1);
            mixColumns(s, true);
            SseUnit.setXmm(f, reg, half(s, 0), half(s, 8));
            return 0;
        }
        boolean dec = op >= 0xDE;
        boolean last = op == 0xDD || op == 0xDF;
        int[] s = shiftRows(bytes(SseUnit.lo(f, reg), SseUnit.hi(f, reg)), dec);
        subBytes(s, dec);
        if (!last) mixColumns(s, dec);
        SseUnit.setXmm(f, reg, half(s, 0) ^ k0, half(s, 8) ^ k1);
        return 0;
    }

    /** 66 0F 3A DF: AESKEYGENASSIST. */
    static int keygenAssist(Cpu cpu, FpState f, int reg, int rm, long ea, int rcon) {
        int t = SseUnit.src128(cpu, f, rm, ea, true);
        if (t != 0) return t;
        int x1 = subWord((int) (f.src0 >>> 32)), x3 = subWord((int) (f.src1 >>> 32));
        long lo = (x1 & 0xFFFFFFFFL) | ((Integer.rotateRight(x1, 8) ^ rcon) & 0xFFFFFFFFL) << 32;
        long hi = (x3 & 0xFFFFFFFFL) | ((Integer.rotateRight(x3, 8) ^ rcon) & 0xFFFFFFFFL) << 32;
        SseUnit.setXmm(f, reg, lo, hi);
        return 0;
    }

    private static int subWord(int w) {
        int r = 0;
        for (int i = 0; i < 4; i++) r |= SBOX[(w >>> (8 * i)) & 0xFF] << (8 * i);
        return r;
    }
}
