package dev.jerla.kernel.signal;

import dev.jerla.cpu.Cpu;
import dev.jerla.cpu.fp.FpState;

/**
 * The CPU's floating-point state as the 512-byte FXSAVE image that signal frames carry
 * (struct fxregs_state, arch/x86/include/asm/fpu/types.h): FCW at 0, FSW at 2, abridged FTW at
 * 4, MXCSR at 24, MXCSR_MASK at 28, ST0-7 at 32, XMM0-15 at 160; bytes 464-511 (the software
 * area that describes XSAVE extensions) stay zero, as without XSAVE.
 */
public final class Fxsave {
    public static final int SIZE = FpState.FXSAVE_SIZE;
    /** MXCSR bits the CPU implements (mxcsr_feature_mask). */
    public static final int MXCSR_MASK = FpState.MXCSR_MASK;

    private Fxsave() {}

    /** Writes the FXSAVE image of {@code cpu}'s state into {@code out[off..off+512)}. */
    public static void save(Cpu cpu, byte[] out, int off) {
        java.util.Arrays.fill(out, off, off + SIZE, (byte) 0);
        cpu.fp.fxsave(out, off);
    }

    /**
     * Loads {@code cpu}'s state from an FXSAVE image; false (and nothing changed) if MXCSR has
     * reserved bits set, which makes fxrstor fault and rt_sigreturn fail.
     */
    public static boolean restore(Cpu cpu, byte[] in, int off) {
        return cpu.fp.fxrstor(in, off);
    }

    /** The initial state (fninit, MXCSR 0x1f80, vector registers zero), as execve and signal handlers start with. */
    public static void reset(Cpu cpu) {
        cpu.fp.reset();
    }
}
