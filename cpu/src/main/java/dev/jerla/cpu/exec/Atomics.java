package dev.jerla.cpu.exec;

import dev.jerla.cpu.Trap;
import dev.jerla.cpu.decode.Insn;

import static dev.jerla.cpu.exec.Flags.*;

/**
 * XADD, CMPXCHG, CMPXCHG8B, CMPXCHG16B. Memory forms of CMPXCHG are always one host
 * compare-and-swap: x86 writes the destination even when the comparison fails, so the page must
 * be writable either way, which the MMU's cmpxchg checks.
 */
final class Atomics {
    private Atomics() {}

    /** Serializes CMPXCHG16B: no host instruction reachable from Java swaps 16 bytes at once. */
    private static final Object WIDE_LOCK = new Object();

    static void xaddRR(Core c, Insn i) {
        int s = i.size;
        long a = c.get(i.reg, s), b = c.get(i.rm, s);
        long r = a + b;
        c.set(i.rm, s, a);
        c.set(i.reg, s, r);
        c.lazy(K_ADD, s, a, b, r);
    }

    static void xaddMR(Core c, Insn i) {
        int s = i.size;
        long ea = c.ea(i);
        long a = c.load(ea, s), b = c.get(i.reg, s);
        long r = a + b;
        c.store(ea, s, r);
        c.set(i.reg, s, a);
        c.lazy(K_ADD, s, a, b, r);
    }

    static void xaddMRLock(Core c, Insn i) {
        int s = i.size;
        long ea = c.ea(i);
        long b = c.get(i.reg, s);
        long a, r;
        do {
            a = c.load(ea, s);
            r = a + b;
        } while (c.cas(ea, s, a, r) != a);
        c.set(i.reg, s, a);
        c.lazy(K_ADD, s, a, b, r);
    }

    static void cmpxchgRR(Core c, Insn i) {
        int s = i.size;
        long acc = c.get(0, s), dest = c.get(i.reg, s);
        if (acc == dest) c.set(i.reg, s, c.get(i.rm, s));
        else c.set(0, s, dest);
        c.lazy(K_SUB, s, acc, dest, acc - dest);
    }

    static void cmpxchgMR(Core c, Insn i) {
        int s = i.size;
        long ea = c.ea(i);
        long acc = c.get(0, s);
        long old = c.cas(ea, s, acc, c.get(i.reg, s));
        if (old != acc) c.set(0, s, old);
        c.lazy(K_SUB, s, acc, old, acc - old);
    }

    /** CMPXCHG8B m64: compares EDX:EAX, stores ECX:EBX; only ZF changes. */
    static void cmpxchg8b(Core c, Insn i) {
        long[] r = c.regs;
        long ea = c.ea(i);
        long expected = (r[2] & 0xFFFFFFFFL) << 32 | (r[0] & 0xFFFFFFFFL);
        long update = (r[1] & 0xFFFFFFFFL) << 32 | (r[3] & 0xFFFFFFFFL);
        long old = c.cas(ea, 8, expected, update);
        boolean equal = old == expected;
        if (!equal) {
            r[0] = old & 0xFFFFFFFFL;
            r[2] = old >>> 32;
        }
        long f = Flags.status(c);
        c.setStatusFlags(equal ? f | ZF : f & ~ZF);
    }

    /** CMPXCHG16B m128: compares RDX:RAX, stores RCX:RBX; the operand must be 16-byte aligned (#GP). */
    static int cmpxchg16b(Core c, Insn i) {
        long ea = c.ea(i);
        if ((ea & 15) != 0) return Trap.GENERAL_PROTECTION;
        long[] r = c.regs;
        boolean equal;
        long lo, hi;
        synchronized (WIDE_LOCK) {
            c.mmu.probeWrite(ea, 16);
            lo = c.mmu.read64(ea);
            hi = c.mmu.read64(ea + 8);
            equal = lo == r[0] && hi == r[2];
            if (equal) {
                c.mmu.write64(ea, r[3]);
                c.mmu.write64(ea + 8, r[1]);
            }
        }
        if (!equal) {
            r[0] = lo;
            r[2] = hi;
        }
        long f = Flags.status(c);
        c.setStatusFlags(equal ? f | ZF : f & ~ZF);
        return 0;
    }
}
