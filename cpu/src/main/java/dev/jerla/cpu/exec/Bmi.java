package dev.jerla.cpu.exec;

import dev.jerla.cpu.Cpu;
import dev.jerla.cpu.decode.Insn;
import dev.jerla.cpu.decode.Op;

import static dev.jerla.cpu.exec.Flags.CF;

/**
 * BMI1 and BMI2 (SDM vol. 2: ANDN, BEXTR, BLSI, BLSMSK, BLSR, BZHI, MULX, PDEP, PEXT, RORX,
 * SARX, SHLX, SHRX): VEX-encoded, three-operand, 32- or 64-bit. The flags the SDM leaves
 * undefined are set as the processors Jerla is checked against set them (ZF, SF, PF from the
 * result, AF clear).
 */
final class Bmi {
    private Bmi() {}

    static void exec(Core c, Insn i) {
        int s = i.size;
        long src = i.rm >= 0 ? c.get(i.rm, s) : c.load(c.ea(i), s);
        long v = c.get(i.vvvv, s);
        int bits = s << 3;
        long mask = s == 8 ? -1L : 0xFFFFFFFFL;
        switch (i.sub) {
            case Op.BMI_ANDN -> {
                long r = ~v & src & mask;
                c.set(i.reg, s, r);
                c.lazyResult(s, r, 0);
            }
            case Op.BMI_BEXTR -> {
                int start = (int) v & 0xFF, len = (int) (v >>> 8) & 0xFF;
                long r = start >= bits ? 0 : src >>> start;
                if (len < 64) r &= (1L << len) - 1;
                r &= mask;
                c.set(i.reg, s, r);
                // ZF and PF from the result, AF set, SF clear (the SDM leaves AF, SF, PF undefined).
                c.setStatusFlags(Flags.AF | (r == 0 ? Flags.ZF : 0) | Flags.parity(r));
            }
            case Op.BMI_BLSR -> {
                long r = src & (src - 1) & mask;
                c.set(i.vvvv, s, r);
                c.lazyResult(s, r, src == 0 ? CF : 0);
            }
            case Op.BMI_BLSMSK -> {
                long r = (src ^ (src - 1)) & mask;
                c.set(i.vvvv, s, r);
                c.lazyResult(s, r, src == 0 ? CF : 0);
            }
            case Op.BMI_BLSI -> {
                long r = src & -src & mask;
                c.set(i.vvvv, s, r);
                c.lazyResult(s, r, src != 0 ? CF : 0);
            }
            case Op.BMI_BZHI -> {
                int n = (int) v & 0xFF;
                long r = n >= bits ? src : src & ((1L << n) - 1);
                c.set(i.reg, s, r);
                c.lazyResult(s, r, n > bits - 1 ? CF : 0);
            }
            case Op.BMI_MULX -> {
                long d = c.get(Cpu.RDX, s);
                long lo, hi;
                if (s == 8) {
                    lo = d * src;
                    hi = Math.unsignedMultiplyHigh(d, src);
                } else {
                    long p = d * src;
                    lo = p & 0xFFFFFFFFL;
                    hi = p >>> 32;
                }
                // The low half is written first: with the same register for both, the high half remains.
                c.set(i.vvvv, s, lo);
                c.set(i.reg, s, hi);
            }
            case Op.BMI_PDEP -> c.set(i.reg, s, Long.expand(v, src & mask));
            case Op.BMI_PEXT -> c.set(i.reg, s, Long.compress(v, src & mask));
            case Op.BMI_SARX -> {
                int n = (int) v & (bits - 1);
                c.set(i.reg, s, (s == 8 ? src : (long) (int) src) >> n);
            }
            case Op.BMI_SHLX -> c.set(i.reg, s, src << ((int) v & (bits - 1)));
            case Op.BMI_SHRX -> c.set(i.reg, s, src >>> ((int) v & (bits - 1)));
            default -> { // RORX
                int n = (int) i.imm & (bits - 1);
                long r = s == 8 ? Long.rotateRight(src, n) : Integer.rotateRight((int) src, n) & 0xFFFFFFFFL;
                c.set(i.reg, s, r);
            }
        }
    }
}
