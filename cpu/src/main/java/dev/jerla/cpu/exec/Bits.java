package dev.jerla.cpu.exec;

import dev.jerla.cpu.decode.Insn;
import dev.jerla.cpu.decode.Op;

import static dev.jerla.cpu.exec.Flags.*;

/**
 * BT BTS BTR BTC, BSF BSR, TZCNT LZCNT POPCNT.
 *
 * <p>Host-matched undefined flags: BT* change only CF. BSF/BSR clear CF OF SF AF, set ZF if the
 * source is zero and PF from the index found (as if the index were 0 for a zero source), and
 * leave the destination untouched, even its upper half, when the source is zero. TZCNT/LZCNT
 * leave OF, clear SF AF PF. POPCNT clears all but ZF.
 */
final class Bits {
    private Bits() {}

    static final int BT = 0, BTS = 1, BTR = 2, BTC = 3;

    private static long apply(int k, long v, long bit) {
        switch (k) {
            case BTS: return v | bit;
            case BTR: return v & ~bit;
            case BTC: return v ^ bit;
            default: return v;
        }
    }

    private static void carry(Core c, boolean set) {
        long f = Flags.status(c);
        c.setStatusFlags(set ? f | CF : f & ~CF);
    }

    static void btRR(Core c, Insn i) {
        bitReg(c, i, c.get(i.rm, i.size));
    }

    static void btRI(Core c, Insn i) {
        bitReg(c, i, i.imm);
    }

    private static void bitReg(Core c, Insn i, long offset) {
        int s = i.size;
        long bit = 1L << (offset & ((s << 3) - 1));
        long v = c.get(i.reg, s);
        if (i.sub != BT) c.set(i.reg, s, apply(i.sub, v, bit));
        carry(c, (v & bit) != 0);
    }

    /**
     * A register bit offset addresses memory beyond the operand: it is signed, and the word
     * holding the bit is at ea + (offset >> log2(bits)) * bytes.
     */
    static void btMR(Core c, Insn i) {
        int s = i.size;
        long off = Moves.signExtend(c.get(i.reg, s), s);
        int bits = s << 3;
        long ea = c.ea(i) + (off >> Integer.numberOfTrailingZeros(bits)) * s;
        bitMem(c, i, ea, 1L << (off & (bits - 1)), false);
    }

    static void btMI(Core c, Insn i) {
        bitMem(c, i, c.ea(i), 1L << (i.imm & ((i.size << 3) - 1)), false);
    }

    static void btMRLock(Core c, Insn i) {
        int s = i.size;
        long off = Moves.signExtend(c.get(i.reg, s), s);
        int bits = s << 3;
        long ea = c.ea(i) + (off >> Integer.numberOfTrailingZeros(bits)) * s;
        bitMem(c, i, ea, 1L << (off & (bits - 1)), true);
    }

    static void btMILock(Core c, Insn i) {
        bitMem(c, i, c.ea(i), 1L << (i.imm & ((i.size << 3) - 1)), true);
    }

    private static void bitMem(Core c, Insn i, long ea, long bit, boolean locked) {
        int s = i.size, k = i.sub;
        long v;
        if (k == BT) {
            v = c.load(ea, s);
        } else if (locked) {
            do {
                v = c.load(ea, s);
            } while (c.cas(ea, s, v, apply(k, v, bit)) != v);
        } else {
            v = c.load(ea, s);
            c.store(ea, s, apply(k, v, bit));
        }
        carry(c, (v & bit) != 0);
    }

    // ---------------------------------------------------------------- scans and counts

    static void scanRR(Core c, Insn i) {
        scan(c, i, c.get(i.rm, i.size));
    }

    static void scanRM(Core c, Insn i) {
        scan(c, i, c.load(c.ea(i), i.size));
    }

    private static void scan(Core c, Insn i, long v) {
        int s = i.size, w = s << 3;
        switch (i.sub) {
            case Op.SCAN_BSF, Op.SCAN_BSR -> {
                if (v == 0) {
                    c.setStatusFlags(ZF | PF);
                    return;
                }
                long r = i.sub == Op.SCAN_BSF ? Long.numberOfTrailingZeros(v) : 63 - Long.numberOfLeadingZeros(v);
                c.set(i.reg, s, r);
                c.setStatusFlags(Flags.parity(r));
            }
            case Op.SCAN_TZCNT, Op.SCAN_LZCNT -> {
                long r = i.sub == Op.SCAN_TZCNT
                        ? (v == 0 ? w : Long.numberOfTrailingZeros(v))
                        : Long.numberOfLeadingZeros(v) - (64 - w);
                long of = Flags.status(c) & OF;
                c.set(i.reg, s, r);
                c.setStatusFlags(of | (v == 0 ? CF : 0) | (r == 0 ? ZF : 0));
            }
            default -> {
                c.set(i.reg, s, Long.bitCount(v));
                c.setStatusFlags(v == 0 ? ZF : 0);
            }
        }
    }
}
