package dev.jerla.cpu.exec;

import dev.jerla.cpu.Trap;
import dev.jerla.cpu.decode.Insn;

import static dev.jerla.cpu.exec.Flags.*;

/**
 * MUL, IMUL (one, two and three operands), DIV, IDIV. Division checks for #DE (divisor zero or
 * quotient too large) before any register changes.
 *
 * <p>Host-matched undefined flags: MUL and IMUL leave SF, ZF, AF and PF unchanged; DIV and IDIV
 * leave CF and OF unchanged, clear SF, ZF and PF and set AF.
 */
final class MulDiv {
    private MulDiv() {}

    private static final int MUL = 4, IMUL = 5, DIV = 6;

    static int mulDivR(Core c, Insn i) {
        return mulDiv(c, i, c.get(i.reg, i.size));
    }

    static int mulDivM(Core c, Insn i) {
        return mulDiv(c, i, c.load(c.ea(i), i.size));
    }

    private static int mulDiv(Core c, Insn i, long src) {
        switch (i.sub) {
            case MUL -> mul(c, i.size, src);
            case IMUL -> imul(c, i.size, src);
            case DIV -> { return div(c, i.size, src); }
            default -> { return idiv(c, i.size, src); }
        }
        return 0;
    }

    private static void mulFlags(Core c, boolean overflow) {
        c.setStatusFlags(Flags.mulBits(c.fk, c.fs, c.fa, c.fb, c.fr, c.fbits, overflow));
    }

    private static void mul(Core c, int s, long src) {
        long[] r = c.regs;
        switch (s) {
            case 1 -> {
                long p = (r[0] & 0xFF) * src;
                c.set(0, 2, p);
                mulFlags(c, (p & 0xFF00) != 0);
            }
            case 2 -> {
                long p = (r[0] & 0xFFFF) * src;
                c.set(0, 2, p);
                c.set(2, 2, p >>> 16);
                mulFlags(c, (p >>> 16) != 0);
            }
            case 4 -> {
                long p = (r[0] & 0xFFFFFFFFL) * src;
                c.set(0, 4, p);
                c.set(2, 4, p >>> 32);
                mulFlags(c, (p >>> 32) != 0);
            }
            default -> {
                long lo = r[0] * src;
                long hi = Math.unsignedMultiplyHigh(r[0], src);
                r[0] = lo;
                r[2] = hi;
                mulFlags(c, hi != 0);
            }
        }
    }

    private static void imul(Core c, int s, long src) {
        long[] r = c.regs;
        switch (s) {
            case 1 -> {
                long p = (byte) r[0] * (long) (byte) src;
                c.set(0, 2, p);
                mulFlags(c, p != (byte) p);
            }
            case 2 -> {
                long p = (short) r[0] * (long) (short) src;
                c.set(0, 2, p);
                c.set(2, 2, p >>> 16);
                mulFlags(c, p != (short) p);
            }
            case 4 -> {
                long p = (int) r[0] * (long) (int) src;
                c.set(0, 4, p);
                c.set(2, 4, p >>> 32);
                mulFlags(c, p != (int) p);
            }
            default -> {
                long lo = r[0] * src;
                long hi = Math.multiplyHigh(r[0], src);
                r[0] = lo;
                r[2] = hi;
                mulFlags(c, hi != (lo >> 63));
            }
        }
    }

    /** The truncated signed product of two- and three-operand IMUL, with CF = OF = truncation. */
    private static long imulTrunc(Core c, int s, long a, long b) {
        if (s == 8) {
            long lo = a * b;
            mulFlags(c, Math.multiplyHigh(a, b) != (lo >> 63));
            return lo;
        }
        long p = Moves.signExtend(a, s) * Moves.signExtend(b, s);
        mulFlags(c, p != Moves.signExtend(p, s));
        return p;
    }

    static void imulRR(Core c, Insn i) {
        int s = i.size;
        c.set(i.reg, s, imulTrunc(c, s, c.get(i.reg, s), c.get(i.rm, s)));
    }

    static void imulRM(Core c, Insn i) {
        int s = i.size;
        long b = c.load(c.ea(i), s);
        c.set(i.reg, s, imulTrunc(c, s, c.get(i.reg, s), b));
    }

    static void imulRRI(Core c, Insn i) {
        int s = i.size;
        c.set(i.reg, s, imulTrunc(c, s, c.get(i.rm, s), i.imm));
    }

    static void imulRMI(Core c, Insn i) {
        int s = i.size;
        c.set(i.reg, s, imulTrunc(c, s, c.load(c.ea(i), s), i.imm));
    }

    private static void divFlags(Core c) {
        c.setStatusFlags(Flags.divBits(c.fk, c.fs, c.fa, c.fb, c.fr, c.fbits));
    }

    private static int div(Core c, int s, long d) {
        if (d == 0) return Trap.DIVIDE_ERROR;
        long[] r = c.regs;
        switch (s) {
            case 1 -> {
                long n = r[0] & 0xFFFF;
                long q = n / d;
                if (q > 0xFF) return Trap.DIVIDE_ERROR;
                c.set(0, 2, (n % d) << 8 | q);
            }
            case 2 -> {
                long n = (r[2] & 0xFFFF) << 16 | (r[0] & 0xFFFF);
                long q = n / d;
                if (q > 0xFFFF) return Trap.DIVIDE_ERROR;
                c.set(0, 2, q);
                c.set(2, 2, n % d);
            }
            case 4 -> {
                long n = (r[2] & 0xFFFFFFFFL) << 32 | (r[0] & 0xFFFFFFFFL);
                long q = Long.divideUnsigned(n, d);
                if ((q >>> 32) != 0) return Trap.DIVIDE_ERROR;
                c.set(0, 4, q);
                c.set(2, 4, Long.remainderUnsigned(n, d));
            }
            default -> {
                long hi = r[2], lo = r[0];
                if (Long.compareUnsigned(hi, d) >= 0) return Trap.DIVIDE_ERROR;
                long[] qr = divu128(hi, lo, d);
                r[0] = qr[0];
                r[2] = qr[1];
            }
        }
        divFlags(c);
        return 0;
    }

    private static int idiv(Core c, int s, long d) {
        long[] r = c.regs;
        d = Moves.signExtend(d, s);
        if (d == 0) return Trap.DIVIDE_ERROR;
        switch (s) {
            case 1 -> {
                long n = (short) r[0];
                long q = n / d;
                if (q != (byte) q) return Trap.DIVIDE_ERROR;
                c.set(0, 2, (n % d) << 8 | (q & 0xFF));
            }
            case 2 -> {
                long n = (int) ((r[2] & 0xFFFF) << 16 | (r[0] & 0xFFFF));
                long q = n / d;
                if (q != (short) q) return Trap.DIVIDE_ERROR;
                c.set(0, 2, q);
                c.set(2, 2, n % d);
            }
            case 4 -> {
                long n = (r[2] & 0xFFFFFFFFL) << 32 | (r[0] & 0xFFFFFFFFL);
                if (n == Long.MIN_VALUE && d == -1) return Trap.DIVIDE_ERROR;
                long q = n / d;
                if (q != (int) q) return Trap.DIVIDE_ERROR;
                c.set(0, 4, q);
                c.set(2, 4, n % d);
            }
            default -> {
                long hi = r[2], lo = r[0];
                boolean negN = hi < 0, negD = d < 0;
                if (negN) {
                    lo = -lo;
                    hi = ~hi + (lo == 0 ? 1 : 0);
                }
                long ud = negD ? -d : d;
                if (Long.compareUnsigned(hi, ud) >= 0) return Trap.DIVIDE_ERROR;
                long[] qr = divu128(hi, lo, ud);
                long q = qr[0], rem = qr[1];
                if (negN != negD) {
                    if (Long.compareUnsigned(q, Long.MIN_VALUE) > 0) return Trap.DIVIDE_ERROR;
                    q = -q;
                } else if (q < 0) {
                    return Trap.DIVIDE_ERROR;
                }
                r[0] = q;
                r[2] = negN ? -rem : rem;
            }
        }
        divFlags(c);
        return 0;
    }

    /**
     * Unsigned 128-by-64 division, {@code hi < d} required: returns {quotient, remainder}.
     * Hacker's Delight, divlu (Knuth's algorithm D with 32-bit digits).
     */
    static long[] divu128(long hi, long lo, long d) {
        if (hi == 0) return new long[] {Long.divideUnsigned(lo, d), Long.remainderUnsigned(lo, d)};
        final long b = 1L << 32;
        int s = Long.numberOfLeadingZeros(d);
        d <<= s;
        long vn1 = d >>> 32, vn0 = d & 0xFFFFFFFFL;
        long un32 = s == 0 ? hi : (hi << s) | (lo >>> (64 - s));
        long un10 = lo << s;
        long un1 = un10 >>> 32, un0 = un10 & 0xFFFFFFFFL;
        long q1 = Long.divideUnsigned(un32, vn1);
        long rhat = un32 - q1 * vn1;
        while (Long.compareUnsigned(q1, b) >= 0 || Long.compareUnsigned(q1 * vn0, b * rhat + un1) > 0) {
            q1--;
            rhat += vn1;
            if (Long.compareUnsigned(rhat, b) >= 0) break;
        }
        long un21 = un32 * b + un1 - q1 * d;
        long q0 = Long.divideUnsigned(un21, vn1);
        rhat = un21 - q0 * vn1;
        while (Long.compareUnsigned(q0, b) >= 0 || Long.compareUnsigned(q0 * vn0, b * rhat + un0) > 0) {
            q0--;
            rhat += vn1;
            if (Long.compareUnsigned(rhat, b) >= 0) break;
        }
        return new long[] {q1 * b + q0, (un21 * b + un0 - q0 * d) >>> s};
    }
}
