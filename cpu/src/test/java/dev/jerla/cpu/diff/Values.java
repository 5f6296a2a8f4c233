package dev.jerla.cpu.diff;

import java.util.Random;

/**
 * Random operands biased toward the values where implementations go wrong: zeros, infinities,
 * quiet and signaling NaNs with payloads, denormals, the limits of the normal range, values
 * whose results overflow or underflow, integer limits.
 */
public final class Values {
    private final Random r;

    public Values(long seed) {
        r = new Random(seed);
    }

    public Random random() { return r; }

    public int nextInt(int bound) { return r.nextInt(bound); }

    public boolean chance(int percent) { return r.nextInt(100) < percent; }

    /** A binary32 encoding. */
    public int f32() {
        int sign = r.nextBoolean() ? 0x80000000 : 0;
        return sign | switch (r.nextInt(16)) {
            case 0 -> 0;
            case 1 -> 0x7F800000;
            case 2 -> 0x7FC00000 | (r.nextBoolean() ? 0 : r.nextInt(0x400000));
            case 3 -> 0x7F800000 | (1 + r.nextInt(0x3FFFFF));
            case 4 -> r.nextBoolean() ? 1 + r.nextInt(0x7FFFFF) : (r.nextBoolean() ? 1 : 0x7FFFFF);
            case 5 -> r.nextBoolean() ? 0x00800000 : 0x7F7FFFFF;
            case 6 -> (1 + r.nextInt(24)) << 23 | r.nextInt(0x800000);
            case 7 -> (230 + r.nextInt(25)) << 23 | r.nextInt(0x800000);
            case 8 -> 0x3F800000 | (r.nextBoolean() ? 0 : r.nextInt(4) << 21);
            case 9 -> Float.floatToRawIntBits((float) (r.nextInt(2001) - 1000)) & 0x7FFFFFFF;
            case 10 -> (0x4E800000 + r.nextInt(0x01000000)) & 0x7FFFFFFF;
            default -> (100 + r.nextInt(55)) << 23 | r.nextInt(0x800000);
        };
    }

    /** A binary64 encoding. */
    public long f64() {
        long sign = r.nextBoolean() ? Long.MIN_VALUE : 0;
        long frac = r.nextLong() & 0xFFFFFFFFFFFFFL;
        return sign | switch (r.nextInt(16)) {
            case 0 -> 0L;
            case 1 -> 0x7FF0000000000000L;
            case 2 -> 0x7FF8000000000000L | (r.nextBoolean() ? 0 : frac >>> 1);
            case 3 -> 0x7FF0000000000000L | (1 + (frac >>> 2));
            case 4 -> r.nextBoolean() ? Math.max(1, frac) : (r.nextBoolean() ? 1 : 0xFFFFFFFFFFFFFL);
            case 5 -> r.nextBoolean() ? 0x0010000000000000L : 0x7FEFFFFFFFFFFFFFL;
            case 6 -> (long) (1 + r.nextInt(53)) << 52 | frac;
            case 7 -> (long) (1995 + r.nextInt(52)) << 52 | frac;
            case 8 -> 0x3FF0000000000000L | (r.nextBoolean() ? 0 : (long) r.nextInt(4) << 50);
            case 9 -> Double.doubleToRawLongBits(r.nextInt(2001) - 1000) & Long.MAX_VALUE;
            case 10 -> (long) (1023 + 20 + r.nextInt(50)) << 52 | frac;
            default -> (long) (900 + r.nextInt(250)) << 52 | frac;
        };
    }

    /** An 80-bit value: sign and exponent in the high 16 bits of the returned pair's first element. */
    public long[] f80() {
        int sign = r.nextBoolean() ? 0x8000 : 0;
        long m = r.nextLong() | Long.MIN_VALUE;
        int e;
        switch (r.nextInt(18)) {
            case 0 -> { e = 0; m = 0; }
            case 1 -> { e = 0x7FFF; m = Long.MIN_VALUE; }
            case 2 -> { e = 0x7FFF; m = 0xC000000000000000L | (r.nextBoolean() ? 0 : r.nextLong() >>> 2); }
            case 3 -> { e = 0x7FFF; m = Long.MIN_VALUE | Math.max(1, r.nextLong() >>> 2); }
            case 4 -> { e = 0; m = r.nextBoolean() ? r.nextLong() >>> 1 : 1; }
            case 5 -> { e = r.nextBoolean() ? 1 : 0x7FFE; m = r.nextBoolean() ? Long.MIN_VALUE : -1L; }
            case 6 -> e = 1 + r.nextInt(64);
            case 7 -> e = 0x7FFE - r.nextInt(64);
            case 8 -> { e = 0x3FFF; m = Long.MIN_VALUE | (r.nextBoolean() ? 0 : (long) r.nextInt(8) << 60); }
            case 9 -> {
                long v = r.nextInt(2001) - 1000;
                if (v == 0) { e = 0; m = 0; } else {
                    int lz = Long.numberOfLeadingZeros(Math.abs(v));
                    e = 0x3FFF + 63 - lz;
                    m = Math.abs(v) << lz;
                    sign = v < 0 ? 0x8000 : 0;
                }
            }
            case 10 -> { e = 0x3FFF + r.nextInt(64); m = m & (-1L << r.nextInt(64)); }
            case 11 -> { e = r.nextBoolean() ? 0x3FFF - 1022 - r.nextInt(60) : 0x3FFF + 1023 - r.nextInt(4); }
            case 12 -> { e = r.nextBoolean() ? 0x3FFF - 126 - r.nextInt(30) : 0x3FFF + 127 - r.nextInt(4); }
            case 13 -> { e = 1 + r.nextInt(0x7FFE); m = r.nextLong() & Long.MAX_VALUE; }
            default -> e = 0x3FFF - 40 + r.nextInt(80);
        }
        return new long[] {sign | e, m};
    }

    /** An integer biased to the edges of 8, 16, 32 and 64-bit ranges. */
    public long integer() {
        return switch (r.nextInt(10)) {
            case 0 -> 0;
            case 1 -> -1;
            case 2 -> new long[] {0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x7FFFFFFF, 0x80000000L, 0xFFFFFFFFL,
                    Long.MAX_VALUE, Long.MIN_VALUE, 1, 2}[r.nextInt(13)];
            case 3 -> r.nextInt(512) - 256;
            case 4 -> r.nextInt();
            case 5 -> r.nextLong() >> r.nextInt(64);
            default -> r.nextLong();
        };
    }

    /** 64 bits made of lanes of {@code kind}. */
    public long lanes(Kind kind) {
        return switch (kind) {
            case F32 -> (f32() & 0xFFFFFFFFL) | (long) f32() << 32;
            case F64 -> f64();
            case I8 -> {
                long v = 0;
                for (int i = 0; i < 8; i++) v |= (long) (r.nextInt(4) == 0 ? new int[] {0, 0x7F, 0x80, 0xFF}[r.nextInt(4)] : r.nextInt(256)) << (8 * i);
                yield v;
            }
            case I16 -> {
                long v = 0;
                for (int i = 0; i < 4; i++) v |= (long) (r.nextInt(3) == 0 ? new int[] {0, 0x7FFF, 0x8000, 0xFFFF, 1, 0xFF}[r.nextInt(6)] : r.nextInt(65536)) << (16 * i);
                yield v;
            }
            case I32 -> (integer() & 0xFFFFFFFFL) | integer() << 32;
            case I64 -> integer();
        };
    }

    public enum Kind { F32, F64, I8, I16, I32, I64 }

    /** MXCSR: usually round-to-nearest with everything masked, otherwise any rounding, FTZ, DAZ, masks and initial flags. */
    public int mxcsr() {
        int m = 0x1F80;
        if (chance(50)) m = (m & ~0x6000) | r.nextInt(4) << 13;
        if (chance(20)) m |= 0x8000;
        if (chance(20)) m |= 0x40;
        if (chance(25)) m = (m & ~0x1F80) | r.nextInt(64) << 7;
        if (chance(30)) m |= r.nextInt(64);
        return m;
    }

    /** An x87 control word: any precision and rounding, usually every exception masked. */
    public int fcw() {
        int c = 0x037F;
        if (chance(50)) c = (c & ~0x0C00) | r.nextInt(4) << 10;
        if (chance(40)) c = (c & ~0x0300) | new int[] {0, 2, 3}[r.nextInt(3)] << 8;
        if (chance(20)) c = (c & ~0x3F) | r.nextInt(64);
        return c | 0x40;
    }
}
