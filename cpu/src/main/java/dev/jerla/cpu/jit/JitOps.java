package dev.jerla.cpu.jit;

import dev.jerla.cpu.exec.Flags;

/**
 * Pure helpers that compiled code calls for the instructions whose results are awkward to
 * spell in bytecode: the same formulas as the interpreter's {@code Shifts} and {@code MulDiv}
 * (and the same host-matched undefined flags), on values instead of a Core. HotSpot inlines them.
 */
final class JitOps {
    private JitOps() {}

    private static final long CF = Flags.CF, OF = Flags.OF, AF = Flags.AF;

    static long signExtend(long v, int size) {
        int sh = 64 - (size << 3);
        return v << sh >> sh;
    }

    /** SHL of the zero-extended {@code a} by the non-zero masked count {@code n}. */
    static long shlBits(long a, int n, int s) {
        int w = s << 3;
        long r = a << n;
        boolean cf = n <= w && ((a >>> (w - n)) & 1) != 0;
        return (cf ? CF : 0) | (((r << (64 - w)) < 0) != cf ? OF : 0) | AF;
    }

    static long shrBits(long a, int n, int s) {
        int w = s << 3;
        long r = a >>> n;
        boolean cf = n <= w && ((a >>> (n - 1)) & 1) != 0;
        long msb = 1L << (w - 1);
        return (cf ? CF : 0) | (((r & msb) != 0) != ((r & (msb >>> 1)) != 0) ? OF : 0) | AF;
    }

    static long sar(long a, int n, int s) {
        return signExtend(a, s) >> n;
    }

    static long sarBits(long a, int n, int s) {
        return (((signExtend(a, s) >> (n - 1)) & 1) != 0 ? CF : 0) | AF;
    }

    /** The truncated product of two- and three-operand IMUL. */
    static long imulTrunc(long a, long b, int s) {
        return s == 8 ? a * b : signExtend(a, s) * signExtend(b, s);
    }

    static boolean imulOverflow(long a, long b, int s) {
        if (s == 8) return Math.multiplyHigh(a, b) != ((a * b) >> 63);
        long p = signExtend(a, s) * signExtend(b, s);
        return p != signExtend(p, s);
    }

    /** One-operand MUL/IMUL of 2, 4 or 8 bytes: the low half of the product (for rAX). */
    static long mulLow(long a, long b, int s, boolean signed) {
        if (s == 8) return a * b;
        return signed ? signExtend(a, s) * signExtend(b, s) : a * b;
    }

    /** The high half (for rDX); operands zero-extended to {@code s} bytes. */
    static long mulHigh(long a, long b, int s, boolean signed) {
        if (s == 8) return signed ? Math.multiplyHigh(a, b) : Math.unsignedMultiplyHigh(a, b);
        long p = signed ? signExtend(a, s) * signExtend(b, s) : a * b;
        return p >>> (s << 3);
    }

    static boolean mulOverflow(long a, long b, int s, boolean signed) {
        if (s == 8) {
            return signed ? Math.multiplyHigh(a, b) != ((a * b) >> 63) : Math.unsignedMultiplyHigh(a, b) != 0;
        }
        if (signed) {
            long p = signExtend(a, s) * signExtend(b, s);
            return p != signExtend(p, s);
        }
        return ((a * b) >>> (s << 3)) != 0;
    }

    // DIV and IDIV of rDX:rAX by d, 4 or 8 bytes. Compiled code takes the common case (the
    // quotient fits, the dividend needs no 128-bit arithmetic) and leaves the rest, #DE included,
    // to the interpreter at the instruction.

    /** The dividend of a 4-byte division: EDX:EAX. */
    private static long edxEax(long a, long dx) {
        return (dx & 0xFFFFFFFFL) << 32 | (a & 0xFFFFFFFFL);
    }

    static boolean divFast(long a, long dx, long d, int s, boolean signed) {
        if (s == 8) {
            if (d == 0) return false;
            return signed ? dx == (a >> 63) && !(a == Long.MIN_VALUE && d == -1) : dx == 0;
        }
        long n = edxEax(a, dx);
        if (signed) {
            long sd = (int) d;
            if (sd == 0 || (n == Long.MIN_VALUE && sd == -1)) return false;
            long q = n / sd;
            return q == (int) q;
        }
        return d != 0 && (Long.divideUnsigned(n, d) >>> 32) == 0;
    }

    static long divQuotient(long a, long dx, long d, int s, boolean signed) {
        if (s == 8) return signed ? a / d : Long.divideUnsigned(a, d);
        long n = edxEax(a, dx);
        return signed ? n / (int) d : Long.divideUnsigned(n, d);
    }

    static long divRemainder(long a, long dx, long d, int s, boolean signed) {
        if (s == 8) return signed ? a % d : Long.remainderUnsigned(a, d);
        long n = edxEax(a, dx);
        return signed ? n % (int) d : Long.remainderUnsigned(n, d);
    }
}
