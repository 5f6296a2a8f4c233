package dev.jerla.cpu.exec;

import dev.jerla.cpu.decode.Insn;

import static dev.jerla.cpu.exec.Flags.*;

/**
 * ROL ROR RCL RCR SHL SHR SAR (group 2) and SHLD SHRD. The count is masked to 5 bits (6 with a
 * 64-bit operand); a masked count of zero changes neither the destination's value nor the flags,
 * but a 32-bit register destination is still written (and so zero-extended).
 *
 * <p>Host-matched undefined flags (measured on this machine, an AMD Zen CPU):
 * <ul>
 * <li>SHL SHR SAR: AF is set; OF is MSB(result) XOR CF for SHL and MSB(result) XOR
 *     MSB-1(result) for SHR and SAR, for every count; a count beyond the operand width shifts
 *     as if the operand were wider (CF is the last bit shifted out, zero when none is).
 * <li>ROL ROR RCL RCR: OF follows the one-bit formula for every count; whenever the masked count
 *     is non-zero, CF and OF are written even if the rotation is a full turn.
 * <li>SHLD SHRD: AF is set, OF as for SHL/SHR; a 16-bit operand with a count above 16 shifts
 *     through the 48-bit value dest:src:src (SHLD) or src:src:dest (SHRD) and clears CF, and for
 *     SHLD also OF; SHLD by exactly 16 sets OF to CF.
 * </ul>
 */
final class Shifts {
    private Shifts() {}

    static final int ROL = 0, ROR = 1, RCL = 2, RCR = 3, SHL = 4, SHR = 5, SAL = 6, SAR = 7;

    private static int count(Core c, Insn i) {
        int n = i.imm < 0 ? (int) c.regs[1] : (int) i.imm;
        return n & (i.size == 8 ? 63 : 31);
    }

    static void shiftR(Core c, Insn i) {
        int s = i.size;
        int n = count(c, i);
        long a = c.get(i.reg, s);
        if (n == 0) {
            c.set(i.reg, s, a);
            return;
        }
        c.set(i.reg, s, shift(c, i.sub, s, a, n, true));
    }

    static void shlR(Core c, Insn i) {
        int s = i.size;
        int n = count(c, i);
        long a = c.get(i.reg, s);
        if (n == 0) {
            c.set(i.reg, s, a);
            return;
        }
        int w = s << 3;
        long r = a << n;
        boolean cf = n <= w && ((a >>> (w - n)) & 1) != 0;
        c.set(i.reg, s, r);
        c.lazyResult(s, r, (cf ? CF : 0) | (((r << (64 - w)) < 0) != cf ? OF : 0) | AF);
    }

    static void shrR(Core c, Insn i) {
        int s = i.size;
        int n = count(c, i);
        long a = c.get(i.reg, s);
        if (n == 0) {
            c.set(i.reg, s, a);
            return;
        }
        int w = s << 3;
        long r = a >>> n;
        boolean cf = n <= w && ((a >>> (n - 1)) & 1) != 0;
        c.set(i.reg, s, r);
        c.lazyResult(s, r, (cf ? CF : 0) | shrOf(r, 1L << (w - 1)) | AF);
    }

    static void sarR(Core c, Insn i) {
        int s = i.size;
        int n = count(c, i);
        long a = c.get(i.reg, s);
        if (n == 0) {
            c.set(i.reg, s, a);
            return;
        }
        long x = Moves.signExtend(a, s);
        long r = x >> n;
        c.set(i.reg, s, r);
        c.lazyResult(s, r, (((x >> (n - 1)) & 1) != 0 ? CF : 0) | AF);
    }

    static void shiftM(Core c, Insn i) {
        int s = i.size;
        int n = count(c, i);
        long ea = c.ea(i);
        long a = c.load(ea, s);
        if (n == 0) return;
        long r = shift(c, i.sub, s, a, n, false);
        c.store(ea, s, r);
        shift(c, i.sub, s, a, n, true);
    }

    /**
     * Shifts or rotates the zero-extended {@code a} by the non-zero masked count {@code n}; records
     * the flags only if {@code record} (memory forms compute, store, then record).
     */
    static long shift(Core c, int kind, int s, long a, int n, boolean record) {
        int w = s << 3;
        long mask = s == 8 ? -1L : (1L << w) - 1;
        long msb = 1L << (w - 1);
        long r;
        boolean cf;
        switch (kind) {
            case ROL, ROR -> {
                int e = n & (w - 1);
                r = e == 0 ? a : kind == ROL ? ((a << e) | (a >>> (w - e))) & mask : ((a >>> e) | (a << (w - e))) & mask;
                if (!record) return r;
                cf = kind == ROL ? (r & 1) != 0 : (r & msb) != 0;
                boolean of = kind == ROL ? ((r & msb) != 0) != cf : ((r & msb) != 0) != ((r & (msb >>> 1)) != 0);
                rotateFlags(c, cf, of);
                return r;
            }
            case RCL, RCR -> {
                int e = w <= 16 ? n % (w + 1) : n;
                boolean cin = Flags.cf(c);
                long ci = cin ? 1 : 0;
                if (e == 0) {
                    r = a;
                    cf = cin;
                } else if (kind == RCL) {
                    r = ((a << e) | (ci << (e - 1)) | (e > 1 ? a >>> (w + 1 - e) : 0)) & mask;
                    cf = ((a >>> (w - e)) & 1) != 0;
                } else {
                    r = ((a >>> e) | (ci << (w - e)) | (e > 1 ? a << (w + 1 - e) : 0)) & mask;
                    cf = ((a >>> (e - 1)) & 1) != 0;
                }
                if (!record) return r;
                boolean of = kind == RCL ? ((r & msb) != 0) != cf : ((r & msb) != 0) != ((r & (msb >>> 1)) != 0);
                rotateFlags(c, cf, of);
                return r;
            }
            case SHL, SAL -> {
                r = n >= 64 ? 0 : (a << n) & mask;
                cf = n <= w && ((a >>> (w - n)) & 1) != 0;
                if (record) c.lazyResult(s, r, (cf ? CF : 0) | (((r & msb) != 0) != cf ? OF : 0) | AF);
                return r;
            }
            case SHR -> {
                r = a >>> n;
                cf = n <= w && ((a >>> (n - 1)) & 1) != 0;
                if (record) c.lazyResult(s, r, (cf ? CF : 0) | shrOf(r, msb) | AF);
                return r;
            }
            default -> { // SAR
                long x = Moves.signExtend(a, s);
                r = (x >> n) & mask;
                cf = ((x >> (n - 1)) & 1) != 0;
                if (record) c.lazyResult(s, r, (cf ? CF : 0) | shrOf(r, msb) | AF);
                return r;
            }
        }
    }

    private static long shrOf(long r, long msb) {
        return ((r & msb) != 0) != ((r & (msb >>> 1)) != 0) ? OF : 0;
    }

    private static void rotateFlags(Core c, boolean cf, boolean of) {
        c.setStatusFlags((Flags.status(c) & ~(CF | OF)) | (cf ? CF : 0) | (of ? OF : 0));
    }

    // ---------------------------------------------------------------- SHLD SHRD

    static void shdRR(Core c, Insn i) {
        int s = i.size;
        int n = count(c, i);
        long a = c.get(i.reg, s);
        if (n == 0) {
            c.set(i.reg, s, a);
            return;
        }
        c.set(i.reg, s, shd(c, i.sub, s, a, c.get(i.rm, s), n, true));
    }

    static void shdMR(Core c, Insn i) {
        int s = i.size;
        int n = count(c, i);
        long ea = c.ea(i);
        long a = c.load(ea, s);
        if (n == 0) return;
        long b = c.get(i.reg, s);
        c.store(ea, s, shd(c, i.sub, s, a, b, n, false));
        shd(c, i.sub, s, a, b, n, true);
    }

    /** SHLD (kind 0) or SHRD (1) of destination {@code a} with source {@code b} by the non-zero masked count {@code n}. */
    static long shd(Core c, int kind, int s, long a, long b, int n, boolean record) {
        long r;
        boolean cf;
        long msb;
        if (s == 2) {
            msb = 0x8000;
            if (kind == 0) {
                long v = a << 32 | b << 16 | b;
                r = (v >>> (32 - n)) & 0xFFFF;
                cf = ((v >>> (48 - n)) & 1) != 0;
            } else {
                long v = b << 32 | b << 16 | a;
                r = (v >>> n) & 0xFFFF;
                cf = ((v >>> (n - 1)) & 1) != 0;
            }
        } else {
            int w = s << 3;
            long mask = s == 8 ? -1L : (1L << w) - 1;
            msb = 1L << (w - 1);
            if (kind == 0) {
                r = ((a << n) | (b >>> (w - n))) & mask;
                cf = ((a >>> (w - n)) & 1) != 0;
            } else {
                r = ((a >>> n) | (b << (w - n))) & mask;
                cf = ((a >>> (n - 1)) & 1) != 0;
            }
        }
        if (record) {
            long of = kind == 0 ? (((r & msb) != 0) != cf ? OF : 0) : shrOf(r, msb);
            if (s == 2 && n >= 16) {
                // Measured: past 16 the 16-bit forms clear CF (and SHLD also OF); at 16 SHLD's OF equals CF.
                if (n > 16) {
                    cf = false;
                    if (kind == 0) of = 0;
                } else if (kind == 0) {
                    of = cf ? OF : 0;
                }
            }
            c.lazyResult(s, r, (cf ? CF : 0) | of | AF);
        }
        return r;
    }
}
