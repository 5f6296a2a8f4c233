package dev.jerla.cpu;

import dev.jerla.cpu.exec.Core;
import dev.jerla.cpu.exec.CpuFeatures;
import dev.jerla.cpu.fp.FpState;
import dev.jerla.cpu.mem.Mmu;

/**
 * One x86-64 hardware thread in user mode: registers, flags, segment bases, the FP/vector state,
 * and its MMU. {@link #run()} executes guest code until something needs the kernel.
 * Knows nothing of processes or files. The integer state and the interpreter live in
 * {@link Core}; this class is the face the kernel and the FP unit see.
 */
public final class Cpu {
    public static final int RAX = 0, RCX = 1, RDX = 2, RBX = 3, RSP = 4, RBP = 5, RSI = 6, RDI = 7,
            R8 = 8, R9 = 9, R10 = 10, R11 = 11, R12 = 12, R13 = 13, R14 = 14, R15 = 15;

    /** RFLAGS bits. */
    public static final long CF = 1, PF = 1 << 2, AF = 1 << 4, ZF = 1 << 6, SF = 1 << 7, TF = 1 << 8,
            IF = 1 << 9, DF = 1 << 10, OF = 1 << 11, AC = 1 << 18, ID = 1 << 21;

    public final FpState fp = new FpState();
    private final Core core;
    private CpuFeatures features = CpuFeatures.HIGHEST;

    public Cpu(Mmu mmu) {
        this.core = new Core(this, mmu);
    }

    public Mmu mmu() { return core.mmu(); }

    /** The features this CPU announces through CPUID and executes (the highest level by default). */
    public CpuFeatures features() { return features; }

    /** Selects the feature level, e.g. {@code setFeatures(CpuFeatures.forLevel(config.cpuLevel()))}. */
    public void setFeatures(CpuFeatures f) { features = java.util.Objects.requireNonNull(f); }

    /** Switches to another MMU (execve); decoded code of the old address space is dropped. */
    public void setMmu(Mmu mmu) { core.setMmu(mmu); }

    public long reg(int r) { return core.reg(r); }

    public void setReg(int r, long v) { core.setReg(r, v); }

    public long rip() { return core.rip(); }

    public void setRip(long v) { core.setRip(v); }

    /** RFLAGS as PUSHF would see it. */
    public long rflags() { return core.rflags(); }

    /** Sets RFLAGS; only the bits a user-mode program can change are taken, the rest keep their fixed values. */
    public void setRflags(long v) { core.setRflags(v); }

    /** Sets OF SF ZF AF PF CF to the corresponding bits of {@code bits}; other flags are untouched. */
    public void setStatusFlags(long bits) { core.setStatusFlags(bits); }

    public long fsBase() { return core.fsBase(); }

    public void setFsBase(long v) { core.setFsBase(v); }

    public long gsBase() { return core.gsBase(); }

    public void setGsBase(long v) { core.setGsBase(v); }

    /** Executes guest code until a trap; returns a {@link Trap} code. RIP and registers are then as {@link Trap} describes. */
    public int run() { return core.run(); }

    /** For {@link Trap#PAGE_FAULT}: the guest address that could not be accessed. */
    public long faultAddress() { return core.faultAddress(); }

    /** For {@link Trap#PAGE_FAULT}: {@link dev.jerla.cpu.mem.AddressSpace#ACCESS_READ}, WRITE or EXEC. */
    public int faultAccess() { return core.faultAccess(); }

    /** For {@link Trap#PAGE_FAULT}: true if the page is mapped but the access not permitted (SEGV_ACCERR). */
    public boolean faultProtection() { return core.faultProtection(); }

    /** Asks {@link #run()} to return {@link Trap#INTERRUPT} at the next block boundary. Any thread. */
    public void requestInterrupt() { core.requestInterrupt(); }

    public void clearInterrupt() { core.clearInterrupt(); }

    public boolean interruptRequested() { return core.interruptRequested(); }

    /** Instructions completed by this CPU (for statistics and speed measurements). */
    public long instructionsRetired() { return core.instructionsRetired(); }

    /** "0x401000: 0f 0b ..." — the bytes of the instruction at {@code rip}, for "SIGILL at" diagnostics. */
    public String describeInstructionAt(long rip) { return core.describeInstructionAt(rip); }

    /** Copies every register, the flags, the segment bases, the FP state and the feature level of {@code other} (fork, clone). */
    public void copyStateFrom(Cpu other) {
        features = other.features;
        core.copyFrom(other.core);
        fp.copyFrom(other.fp);
    }
}
