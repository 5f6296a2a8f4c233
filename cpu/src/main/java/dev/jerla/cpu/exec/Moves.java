package dev.jerla.cpu.exec;

import dev.jerla.cpu.Trap;
import dev.jerla.cpu.decode.Insn;

/**
 * MOV and its relatives: MOVZX, MOVSX(D), LEA, XCHG, BSWAP, MOVBE, CMOVcc, SETcc, XLAT,
 * CBW/CWDE/CDQE, CWD/CDQ/CQO, MOV to a segment register.
 */
final class Moves {
    private Moves() {}

    static long signExtend(long v, int size) {
        int sh = Flags.shiftOf(size);
        return v << sh >> sh;
    }

    static void movRR(Core c, Insn i) {
        c.set(i.reg, i.size, c.get(i.rm, i.size));
    }

    static void movRM(Core c, Insn i) {
        c.set(i.reg, i.size, c.load(c.ea(i), i.size));
    }

    static void movMR(Core c, Insn i) {
        c.store(c.ea(i), i.size, c.get(i.reg, i.size));
    }

    static void movRI(Core c, Insn i) {
        c.set(i.reg, i.size, i.imm);
    }

    static void movMI(Core c, Insn i) {
        c.store(c.ea(i), i.size, i.imm);
    }

    static void movzxRR(Core c, Insn i) {
        c.set(i.reg, i.size, c.get(i.rm, i.size2));
    }

    static void movzxRM(Core c, Insn i) {
        c.set(i.reg, i.size, c.load(c.ea(i), i.size2));
    }

    static void movsxRR(Core c, Insn i) {
        c.set(i.reg, i.size, signExtend(c.get(i.rm, i.size2), i.size2));
    }

    static void movsxRM(Core c, Insn i) {
        c.set(i.reg, i.size, signExtend(c.load(c.ea(i), i.size2), i.size2));
    }

    static void lea(Core c, Insn i) {
        c.set(i.reg, i.size, c.ea(i));
    }

    static void xchgRR(Core c, Insn i) {
        int s = i.size;
        long a = c.get(i.reg, s), b = c.get(i.rm, s);
        c.set(i.reg, s, b);
        c.set(i.rm, s, a);
    }

    /** XCHG with memory is atomic whether or not LOCK is present. */
    static void xchgMR(Core c, Insn i) {
        int s = i.size;
        long ea = c.ea(i);
        long v = c.get(i.reg, s);
        long old;
        do {
            old = c.load(ea, s);
        } while (c.cas(ea, s, old, v) != old);
        c.set(i.reg, s, old);
    }

    /** BSWAP r16 is undefined; this host (and Intel's) clears the low word. */
    static void bswap(Core c, Insn i) {
        switch (i.size) {
            case 8 -> c.regs[i.reg] = Long.reverseBytes(c.regs[i.reg]);
            case 4 -> c.set(i.reg, 4, Integer.reverseBytes((int) c.regs[i.reg]));
            default -> c.set(i.reg, 2, 0);
        }
    }

    static long swap(long v, int size) {
        switch (size) {
            case 8: return Long.reverseBytes(v);
            case 4: return Integer.reverseBytes((int) v) & 0xFFFFFFFFL;
            default: return Short.reverseBytes((short) v) & 0xFFFF;
        }
    }

    static void movbeRM(Core c, Insn i) {
        c.set(i.reg, i.size, swap(c.load(c.ea(i), i.size), i.size));
    }

    static void movbeMR(Core c, Insn i) {
        c.store(c.ea(i), i.size, swap(c.get(i.reg, i.size), i.size));
    }

    /** CMOVcc always reads its source and, with a 32-bit operand, always zero-extends the destination. */
    static void cmovRR(Core c, Insn i) {
        int s = i.size;
        long v = c.get(i.rm, s);
        c.set(i.reg, s, Flags.cond(c, i.sub) ? v : c.get(i.reg, s));
    }

    static void cmovRM(Core c, Insn i) {
        int s = i.size;
        long v = c.load(c.ea(i), s);
        c.set(i.reg, s, Flags.cond(c, i.sub) ? v : c.get(i.reg, s));
    }

    static void setccR(Core c, Insn i) {
        c.set(i.reg, 1, Flags.cond(c, i.sub) ? 1 : 0);
    }

    static void setccM(Core c, Insn i) {
        c.store(c.ea(i), 1, Flags.cond(c, i.sub) ? 1 : 0);
    }

    /** AL = [seg: rBX + AL]. */
    static void xlat(Core c, Insn i) {
        long a = c.regs[3] + (c.regs[0] & 0xFF);
        if (i.addr32) a &= 0xFFFFFFFFL;
        c.set(0, 1, c.load(a + c.segBase(i), 1));
    }

    static void cbw(Core c, Insn i) {
        int s = i.size;
        c.set(0, s, signExtend(c.regs[0], s / 2));
    }

    static void cwd(Core c, Insn i) {
        int s = i.size;
        c.set(2, s, signExtend(c.regs[0], s) < 0 ? -1 : 0);
    }

    /**
     * MOV to DS, ES, SS, FS or GS. 64-bit Linux processes only ever hold the null selector or
     * __USER_DS (0x2b) there; loading either changes nothing a user program can observe (the
     * FS and GS bases stay, as on AMD). Any other selector would need a descriptor table: #GP.
     */
    static int movToSreg(Core c, Insn i) {
        long v = i.rm >= 0 ? c.get(i.rm, 2) : c.load(c.ea(i), 2);
        boolean nullSelector = (v & ~3L) == 0;
        if (nullSelector ? i.sub == 2 : v != 0x2B) return Trap.GENERAL_PROTECTION;
        return 0;
    }
}
