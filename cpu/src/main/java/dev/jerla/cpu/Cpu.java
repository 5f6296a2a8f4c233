package dev.jerla.cpu;

import dev.jerla.cpu.fp.FpState;
import dev.jerla.cpu.mem.Mmu;

/**
 * One x86-64 hardware thread in user mode: registers, flags, segment bases, the FP/vector state,
 * and its MMU. {@link #run()} executes guest code until something needs the kernel.
 * Knows nothing of processes or files.
 */
public final class Cpu {
    public static final int RAX = 0, RCX = 1, RDX = 2, RBX = 3, RSP = 4, RBP = 5, RSI = 6, RDI = 7,
            R8 = 8, R9 = 9, R10 = 10, R11 = 11, R12 = 12, R13 = 13, R14 = 14, R15 = 15;

    /** RFLAGS bits. */
    public static final long CF = 1, PF = 1 << 2, AF = 1 << 4, ZF = 1 << 6, SF = 1 << 7, TF = 1 << 8,
            IF = 1 << 9, DF = 1 << 10, OF = 1 << 11, AC = 1 << 18, ID = 1 << 21;

    final long[] regs = new long[16];
    long rip;
    long fsBase, gsBase;
    public final FpState fp = new FpState();
    Mmu mmu;
    private volatile boolean interruptRequested;

    public Cpu(Mmu mmu) {
        this.mmu = mmu;
    }

    public Mmu mmu() { return mmu; }

    public long reg(int r) { return regs[r]; }

    public void setReg(int r, long v) { regs[r] = v; }

    public long rip() { return rip; }

    public void setRip(long v) { rip = v; }

    public long fsBase() { return fsBase; }

    public void setFsBase(long v) { fsBase = v; }

    public long gsBase() { return gsBase; }

    public void setGsBase(long v) { gsBase = v; }

    /** Asks {@link #run()} to return {@link Trap#INTERRUPT} at the next instruction boundary it checks. Any thread. */
    public void requestInterrupt() { interruptRequested = true; }

    public void clearInterrupt() { interruptRequested = false; }

    public boolean interruptRequested() { return interruptRequested; }
}
