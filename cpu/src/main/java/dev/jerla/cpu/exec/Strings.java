package dev.jerla.cpu.exec;

import dev.jerla.cpu.Cpu;
import dev.jerla.cpu.Trap;
import dev.jerla.cpu.decode.Insn;

import static dev.jerla.cpu.exec.Flags.K_SUB;

/**
 * MOVS, CMPS, STOS, LODS, SCAS with REP, REPE and REPNE. RSI, RDI and RCX are written back
 * after every completed iteration (in a finally block), so a fault in iteration k leaves them as
 * the hardware does, with k iterations done and RIP at the instruction. A long repetition stops
 * early with {@link Trap#INTERRUPT} when an interrupt is requested, to be resumed by RIP.
 * The source segment can be overridden (FS/GS); the destination is always ES (base 0).
 * A 67 prefix selects ESI, EDI and ECX.
 */
final class Strings {
    private Strings() {}

    private static final int RCX = Cpu.RCX, RSI = Cpu.RSI, RDI = Cpu.RDI;
    /** Iterations between interrupt checks. */
    private static final int CHECK = 4096;

    private static long reg(Core c, Insn i, int r) {
        return i.addr32 ? c.regs[r] & 0xFFFFFFFFL : c.regs[r];
    }

    private static void put(Core c, Insn i, int r, long v) {
        c.regs[r] = i.addr32 ? v & 0xFFFFFFFFL : v;
    }

    /** Eight bytes at {@code va} stay within one page. */
    private static boolean inPage8(long va) {
        return (va & 0xFFF) <= 0xFF8;
    }

    static int movs(Core c, Insn i) {
        int s = i.size;
        long step = c.df() ? -s : s;
        long seg = c.segBase(i);
        long si = reg(c, i, RSI), di = reg(c, i, RDI);
        if (i.rep == 0) {
            c.store(di, s, c.load(seg + si, s));
            put(c, i, RSI, si + step);
            put(c, i, RDI, di + step);
            return 0;
        }
        long n = reg(c, i, RCX);
        int iter = 0;
        try {
            while (n != 0) {
                long src = seg + si;
                long dist = di - src;
                if (s < 8 && step > 0 && !i.addr32 && n * s >= 8 && (dist <= 0 || dist >= 8)
                        && inPage8(src) && inPage8(di)) {
                    // Eight bytes at a time: same result as element by element when the
                    // destination does not trail the source by less than eight bytes.
                    c.store(di, 8, c.load(src, 8));
                    si += 8;
                    di += 8;
                    n -= 8 / s;
                } else {
                    c.store(di, s, c.load(src, s));
                    si += step;
                    di += step;
                    n--;
                    if (i.addr32) {
                        si &= 0xFFFFFFFFL;
                        di &= 0xFFFFFFFFL;
                    }
                }
                if (++iter == CHECK) {
                    iter = 0;
                    if (n != 0 && c.interruptRequested()) return Trap.INTERRUPT;
                }
            }
        } finally {
            put(c, i, RSI, si);
            put(c, i, RDI, di);
            put(c, i, RCX, n);
        }
        return 0;
    }

    static int stos(Core c, Insn i) {
        int s = i.size;
        long step = c.df() ? -s : s;
        long v = c.get(0, s);
        long di = reg(c, i, RDI);
        if (i.rep == 0) {
            c.store(di, s, v);
            put(c, i, RDI, di + step);
            return 0;
        }
        long wide = s == 1 ? v * 0x0101010101010101L : s == 2 ? v * 0x0001000100010001L : v | v << 32;
        long n = reg(c, i, RCX);
        int iter = 0;
        try {
            while (n != 0) {
                if (s < 8 && step > 0 && !i.addr32 && n * s >= 8 && inPage8(di)) {
                    c.store(di, 8, wide);
                    di += 8;
                    n -= 8 / s;
                } else {
                    c.store(di, s, v);
                    di += step;
                    if (i.addr32) di &= 0xFFFFFFFFL;
                    n--;
                }
                if (++iter == CHECK) {
                    iter = 0;
                    if (n != 0 && c.interruptRequested()) return Trap.INTERRUPT;
                }
            }
        } finally {
            put(c, i, RDI, di);
            put(c, i, RCX, n);
        }
        return 0;
    }

    static int lods(Core c, Insn i) {
        int s = i.size;
        long step = c.df() ? -s : s;
        long seg = c.segBase(i);
        long si = reg(c, i, RSI);
        if (i.rep == 0) {
            c.set(0, s, c.load(seg + si, s));
            put(c, i, RSI, si + step);
            return 0;
        }
        long n = reg(c, i, RCX);
        int iter = 0;
        try {
            while (n != 0) {
                c.set(0, s, c.load(seg + si, s));
                si += step;
                if (i.addr32) si &= 0xFFFFFFFFL;
                n--;
                if (++iter == CHECK) {
                    iter = 0;
                    if (n != 0 && c.interruptRequested()) return Trap.INTERRUPT;
                }
            }
        } finally {
            put(c, i, RSI, si);
            put(c, i, RCX, n);
        }
        return 0;
    }

    /** CMPS compares [rSI] with [rDI]: flags of [rSI] - [rDI]. REPE stops on a difference, REPNE on equality. */
    static int cmps(Core c, Insn i) {
        int s = i.size;
        long step = c.df() ? -s : s;
        long seg = c.segBase(i);
        long si = reg(c, i, RSI), di = reg(c, i, RDI);
        if (i.rep == 0) {
            long a = c.load(seg + si, s), b = c.load(di, s);
            put(c, i, RSI, si + step);
            put(c, i, RDI, di + step);
            c.lazy(K_SUB, s, a, b, a - b);
            return 0;
        }
        long n = reg(c, i, RCX);
        boolean untilEqual = i.rep == 0xF2;
        int iter = 0;
        try {
            while (n != 0) {
                long a = c.load(seg + si, s), b = c.load(di, s);
                si += step;
                di += step;
                if (i.addr32) {
                    si &= 0xFFFFFFFFL;
                    di &= 0xFFFFFFFFL;
                }
                n--;
                c.lazy(K_SUB, s, a, b, a - b);
                if ((a == b) == untilEqual) break;
                if (++iter == CHECK) {
                    iter = 0;
                    if (n != 0 && c.interruptRequested()) return Trap.INTERRUPT;
                }
            }
        } finally {
            put(c, i, RSI, si);
            put(c, i, RDI, di);
            put(c, i, RCX, n);
        }
        return 0;
    }

    /** SCAS compares the accumulator with [rDI]: flags of acc - [rDI]. */
    static int scas(Core c, Insn i) {
        int s = i.size;
        long step = c.df() ? -s : s;
        long acc = c.get(0, s);
        long di = reg(c, i, RDI);
        if (i.rep == 0) {
            long b = c.load(di, s);
            put(c, i, RDI, di + step);
            c.lazy(K_SUB, s, acc, b, acc - b);
            return 0;
        }
        long n = reg(c, i, RCX);
        boolean untilEqual = i.rep == 0xF2;
        int iter = 0;
        try {
            while (n != 0) {
                long b = c.load(di, s);
                di += step;
                if (i.addr32) di &= 0xFFFFFFFFL;
                n--;
                c.lazy(K_SUB, s, acc, b, acc - b);
                if ((acc == b) == untilEqual) break;
                if (++iter == CHECK) {
                    iter = 0;
                    if (n != 0 && c.interruptRequested()) return Trap.INTERRUPT;
                }
            }
        } finally {
            put(c, i, RDI, di);
            put(c, i, RCX, n);
        }
        return 0;
    }
}
