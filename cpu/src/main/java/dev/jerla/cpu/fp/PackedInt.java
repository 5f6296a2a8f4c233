package dev.jerla.cpu.fp;

/**
 * Packed-integer operations of MMX, SSE2 and later on one 64-bit lane: an MMX register is one
 * lane, an XMM register two. Operations that move data across the lanes of an XMM register
 * (unpacks, packs, whole-register shuffles and byte shifts) are composed from these in
 * {@link SseUnit}.
 */
final class PackedInt {
    private PackedInt() {}

    private static final long H8 = 0x8080808080808080L, H16 = 0x8000800080008000L, H32 = 0x8000000080000000L;

    // ------------------------------------------------------------------ lane access

    static int b(long v, int i) { return (int) (v >>> (8 * i)) & 0xFF; }

    static int sb(long v, int i) { return (byte) (v >>> (8 * i)); }

    static int w(long v, int i) { return (int) (v >>> (16 * i)) & 0xFFFF; }

    static int sw(long v, int i) { return (short) (v >>> (16 * i)); }

    static long d(long v, int i) { return (v >>> (32 * i)) & 0xFFFFFFFFL; }

    static int sd(long v, int i) { return (int) (v >>> (32 * i)); }

    static long putB(long v, int i, int x) { int s = 8 * i; return (v & ~(0xFFL << s)) | ((x & 0xFFL) << s); }

    static long putW(long v, int i, int x) { int s = 16 * i; return (v & ~(0xFFFFL << s)) | ((x & 0xFFFFL) << s); }

    static long putD(long v, int i, long x) { int s = 32 * i; return (v & ~(0xFFFFFFFFL << s)) | ((x & 0xFFFFFFFFL) << s); }

    // ------------------------------------------------------------------ add, subtract

    static long addB(long a, long b) { return ((a & ~H8) + (b & ~H8)) ^ ((a ^ b) & H8); }

    static long addW(long a, long b) { return ((a & ~H16) + (b & ~H16)) ^ ((a ^ b) & H16); }

    static long addD(long a, long b) { return ((a & ~H32) + (b & ~H32)) ^ ((a ^ b) & H32); }

    static long subB(long a, long b) { return ((a | H8) - (b & ~H8)) ^ ((a ^ ~b) & H8); }

    static long subW(long a, long b) { return ((a | H16) - (b & ~H16)) ^ ((a ^ ~b) & H16); }

    static long subD(long a, long b) { return ((a | H32) - (b & ~H32)) ^ ((a ^ ~b) & H32); }

    private static int satSB(int x) { return Math.max(-128, Math.min(127, x)); }

    private static int satUB(int x) { return Math.max(0, Math.min(255, x)); }

    private static int satSW(int x) { return Math.max(-32768, Math.min(32767, x)); }

    private static int satUW(int x) { return Math.max(0, Math.min(65535, x)); }

    static long addsB(long a, long b) {
        long r = 0;
        for (int i = 0; i < 8; i++) r = putB(r, i, satSB(sb(a, i) + sb(b, i)));
        return r;
    }

    static long addusB(long a, long b) {
        long r = 0;
        for (int i = 0; i < 8; i++) r = putB(r, i, satUB(b(a, i) + b(b, i)));
        return r;
    }

    static long subsB(long a, long b) {
        long r = 0;
        for (int i = 0; i < 8; i++) r = putB(r, i, satSB(sb(a, i) - sb(b, i)));
        return r;
    }

    static long subusB(long a, long b) {
        long r = 0;
        for (int i = 0; i < 8; i++) r = putB(r, i, satUB(b(a, i) - b(b, i)));
        return r;
    }

    static long addsW(long a, long b) {
        long r = 0;
        for (int i = 0; i < 4; i++) r = putW(r, i, satSW(sw(a, i) + sw(b, i)));
        return r;
    }

    static long addusW(long a, long b) {
        long r = 0;
        for (int i = 0; i < 4; i++) r = putW(r, i, satUW(w(a, i) + w(b, i)));
        return r;
    }

    static long subsW(long a, long b) {
        long r = 0;
        for (int i = 0; i < 4; i++) r = putW(r, i, satSW(sw(a, i) - sw(b, i)));
        return r;
    }

    static long subusW(long a, long b) {
        long r = 0;
        for (int i = 0; i < 4; i++) r = putW(r, i, satUW(w(a, i) - w(b, i)));
        return r;
    }

    // ------------------------------------------------------------------ multiply

    static long mullW(long a, long b) {
        long r = 0;
        for (int i = 0; i < 4; i++) r = putW(r, i, sw(a, i) * sw(b, i));
        return r;
    }

    static long mulhW(long a, long b) {
        long r = 0;
        for (int i = 0; i < 4; i++) r = putW(r, i, (sw(a, i) * sw(b, i)) >> 16);
        return r;
    }

    static long mulhuW(long a, long b) {
        long r = 0;
        for (int i = 0; i < 4; i++) r = putW(r, i, (w(a, i) * w(b, i)) >>> 16);
        return r;
    }

    /** PMULUDQ: the low dwords as unsigned, a 64-bit product. */
    static long mulUDQ(long a, long b) { return (a & 0xFFFFFFFFL) * (b & 0xFFFFFFFFL); }

    /** PMULDQ (SSE4.1): the low dwords as signed. */
    static long mulDQ(long a, long b) { return (long) (int) a * (int) b; }

    static long mullD(long a, long b) {
        return putD(putD(0, 0, sd(a, 0) * sd(b, 0)), 1, sd(a, 1) * sd(b, 1));
    }

    static long maddWD(long a, long b) {
        long r = 0;
        for (int i = 0; i < 2; i++) {
            r = putD(r, i, sw(a, 2 * i) * sw(b, 2 * i) + sw(a, 2 * i + 1) * sw(b, 2 * i + 1));
        }
        return r;
    }

    /** PMULHRSW (SSSE3). */
    static long mulhrsW(long a, long b) {
        long r = 0;
        for (int i = 0; i < 4; i++) r = putW(r, i, (((sw(a, i) * sw(b, i)) >> 14) + 1) >> 1);
        return r;
    }

    /** PMADDUBSW (SSSE3): unsigned bytes of a times signed bytes of b, pairs added with signed saturation. */
    static long maddUBSW(long a, long b) {
        long r = 0;
        for (int i = 0; i < 4; i++) {
            r = putW(r, i, satSW(b(a, 2 * i) * sb(b, 2 * i) + b(a, 2 * i + 1) * sb(b, 2 * i + 1)));
        }
        return r;
    }

    static long sadBW(long a, long b) {
        long s = 0;
        for (int i = 0; i < 8; i++) s += Math.abs(b(a, i) - b(b, i));
        return s;
    }

    static long avgB(long a, long b) {
        long r = 0;
        for (int i = 0; i < 8; i++) r = putB(r, i, (b(a, i) + b(b, i) + 1) >>> 1);
        return r;
    }

    static long avgW(long a, long b) {
        long r = 0;
        for (int i = 0; i < 4; i++) r = putW(r, i, (w(a, i) + w(b, i) + 1) >>> 1);
        return r;
    }

    // ------------------------------------------------------------------ min, max, compare

    static long minUB(long a, long b) {
        long r = 0;
        for (int i = 0; i < 8; i++) r = putB(r, i, Math.min(b(a, i), b(b, i)));
        return r;
    }

    static long maxUB(long a, long b) {
        long r = 0;
        for (int i = 0; i < 8; i++) r = putB(r, i, Math.max(b(a, i), b(b, i)));
        return r;
    }

    static long minSB(long a, long b) {
        long r = 0;
        for (int i = 0; i < 8; i++) r = putB(r, i, Math.min(sb(a, i), sb(b, i)));
        return r;
    }

    static long maxSB(long a, long b) {
        long r = 0;
        for (int i = 0; i < 8; i++) r = putB(r, i, Math.max(sb(a, i), sb(b, i)));
        return r;
    }

    static long minSW(long a, long b) {
        long r = 0;
        for (int i = 0; i < 4; i++) r = putW(r, i, Math.min(sw(a, i), sw(b, i)));
        return r;
    }

    static long maxSW(long a, long b) {
        long r = 0;
        for (int i = 0; i < 4; i++) r = putW(r, i, Math.max(sw(a, i), sw(b, i)));
        return r;
    }

    static long minUW(long a, long b) {
        long r = 0;
        for (int i = 0; i < 4; i++) r = putW(r, i, Math.min(w(a, i), w(b, i)));
        return r;
    }

    static long maxUW(long a, long b) {
        long r = 0;
        for (int i = 0; i < 4; i++) r = putW(r, i, Math.max(w(a, i), w(b, i)));
        return r;
    }

    static long minSD(long a, long b) {
        return putD(putD(0, 0, Math.min(sd(a, 0), sd(b, 0))), 1, Math.min(sd(a, 1), sd(b, 1)));
    }

    static long maxSD(long a, long b) {
        return putD(putD(0, 0, Math.max(sd(a, 0), sd(b, 0))), 1, Math.max(sd(a, 1), sd(b, 1)));
    }

    static long minUD(long a, long b) {
        return putD(putD(0, 0, Math.min(d(a, 0), d(b, 0))), 1, Math.min(d(a, 1), d(b, 1)));
    }

    static long maxUD(long a, long b) {
        return putD(putD(0, 0, Math.max(d(a, 0), d(b, 0))), 1, Math.max(d(a, 1), d(b, 1)));
    }

    static long cmpeqB(long a, long b) {
        long r = 0;
        for (int i = 0; i < 8; i++) if (b(a, i) == b(b, i)) r |= 0xFFL << (8 * i);
        return r;
    }

    static long cmpeqW(long a, long b) {
        long r = 0;
        for (int i = 0; i < 4; i++) if (w(a, i) == w(b, i)) r |= 0xFFFFL << (16 * i);
        return r;
    }

    static long cmpeqD(long a, long b) {
        long r = 0;
        for (int i = 0; i < 2; i++) if (d(a, i) == d(b, i)) r |= 0xFFFFFFFFL << (32 * i);
        return r;
    }

    static long cmpgtB(long a, long b) {
        long r = 0;
        for (int i = 0; i < 8; i++) if (sb(a, i) > sb(b, i)) r |= 0xFFL << (8 * i);
        return r;
    }

    static long cmpgtW(long a, long b) {
        long r = 0;
        for (int i = 0; i < 4; i++) if (sw(a, i) > sw(b, i)) r |= 0xFFFFL << (16 * i);
        return r;
    }

    static long cmpgtD(long a, long b) {
        long r = 0;
        for (int i = 0; i < 2; i++) if (sd(a, i) > sd(b, i)) r |= 0xFFFFFFFFL << (32 * i);
        return r;
    }

    // ------------------------------------------------------------------ shifts (count: 64-bit unsigned)

    static long sllW(long a, long n) {
        if (Long.compareUnsigned(n, 15) > 0) return 0;
        long r = 0;
        for (int i = 0; i < 4; i++) r = putW(r, i, w(a, i) << n);
        return r;
    }

    static long srlW(long a, long n) {
        if (Long.compareUnsigned(n, 15) > 0) return 0;
        long r = 0;
        for (int i = 0; i < 4; i++) r = putW(r, i, w(a, i) >>> n);
        return r;
    }

    static long sraW(long a, long n) {
        int k = Long.compareUnsigned(n, 15) > 0 ? 15 : (int) n;
        long r = 0;
        for (int i = 0; i < 4; i++) r = putW(r, i, sw(a, i) >> k);
        return r;
    }

    static long sllD(long a, long n) {
        if (Long.compareUnsigned(n, 31) > 0) return 0;
        return putD(putD(0, 0, d(a, 0) << n), 1, d(a, 1) << n);
    }

    static long srlD(long a, long n) {
        if (Long.compareUnsigned(n, 31) > 0) return 0;
        return putD(putD(0, 0, d(a, 0) >>> n), 1, d(a, 1) >>> n);
    }

    static long sraD(long a, long n) {
        int k = Long.compareUnsigned(n, 31) > 0 ? 31 : (int) n;
        return putD(putD(0, 0, sd(a, 0) >> k), 1, sd(a, 1) >> k);
    }

    static long sllQ(long a, long n) { return Long.compareUnsigned(n, 63) > 0 ? 0 : a << n; }

    static long srlQ(long a, long n) { return Long.compareUnsigned(n, 63) > 0 ? 0 : a >>> n; }

    // ------------------------------------------------------------------ interleave and pack (64-bit halves)

    /** Interleaves the low halves: bytes a0 b0 a1 b1 a2 b2 a3 b3. */
    static long unpackLowB(long a, long b) {
        long r = 0;
        for (int i = 0; i < 4; i++) r |= ((long) b(a, i) << (16 * i)) | ((long) b(b, i) << (16 * i + 8));
        return r;
    }

    static long unpackHighB(long a, long b) { return unpackLowB(a >>> 32, b >>> 32); }

    static long unpackLowW(long a, long b) {
        return (a & 0xFFFF) | (b & 0xFFFF) << 16 | (a & 0xFFFF0000L) << 16 | (b & 0xFFFF0000L) << 32;
    }

    static long unpackHighW(long a, long b) { return unpackLowW(a >>> 32, b >>> 32); }

    static long unpackLowD(long a, long b) { return (a & 0xFFFFFFFFL) | b << 32; }

    static long unpackHighD(long a, long b) { return (a >>> 32) | (b & 0xFFFFFFFF00000000L); }

    /** Packs the four signed words of a, then of b, into signed-saturated bytes. */
    static long packSSWB(long a, long b) {
        long r = 0;
        for (int i = 0; i < 4; i++) {
            r = putB(r, i, satSB(sw(a, i)));
            r = putB(r, i + 4, satSB(sw(b, i)));
        }
        return r;
    }

    static long packUSWB(long a, long b) {
        long r = 0;
        for (int i = 0; i < 4; i++) {
            r = putB(r, i, satUB(sw(a, i)));
            r = putB(r, i + 4, satUB(sw(b, i)));
        }
        return r;
    }

    static long packSSDW(long a, long b) {
        long r = 0;
        for (int i = 0; i < 2; i++) {
            r = putW(r, i, satSW(sd(a, i)));
            r = putW(r, i + 2, satSW(sd(b, i)));
        }
        return r;
    }

    static long packUSDW(long a, long b) {
        long r = 0;
        for (int i = 0; i < 2; i++) {
            r = putW(r, i, (int) Math.max(0, Math.min(65535, sd(a, i))));
            r = putW(r, i + 2, (int) Math.max(0, Math.min(65535, sd(b, i))));
        }
        return r;
    }

    /** PSHUFW / PSHUFLW / PSHUFHW: words of a selected by the four 2-bit fields of imm. */
    static long shufW(long a, int imm) {
        long r = 0;
        for (int i = 0; i < 4; i++) r = putW(r, i, w(a, (imm >>> (2 * i)) & 3));
        return r;
    }

    static int movmskB(long a) {
        int m = 0;
        for (int i = 0; i < 8; i++) m |= (int) ((a >>> (8 * i + 7)) & 1) << i;
        return m;
    }

    // ------------------------------------------------------------------ SSSE3 lane operations

    static long absB(long a) {
        long r = 0;
        for (int i = 0; i < 8; i++) r = putB(r, i, Math.abs(sb(a, i)));
        return r;
    }

    static long absW(long a) {
        long r = 0;
        for (int i = 0; i < 4; i++) r = putW(r, i, Math.abs(sw(a, i)));
        return r;
    }

    static long absD(long a) {
        return putD(putD(0, 0, Math.abs(sd(a, 0))), 1, Math.abs(sd(a, 1)));
    }

    static long signB(long a, long b) {
        long r = 0;
        for (int i = 0; i < 8; i++) r = putB(r, i, Integer.signum(sb(b, i)) * sb(a, i));
        return r;
    }

    static long signW(long a, long b) {
        long r = 0;
        for (int i = 0; i < 4; i++) r = putW(r, i, Integer.signum(sw(b, i)) * sw(a, i));
        return r;
    }

    static long signD(long a, long b) {
        return putD(putD(0, 0, (long) Integer.signum(sd(b, 0)) * sd(a, 0)), 1, (long) Integer.signum(sd(b, 1)) * sd(a, 1));
    }
}
