package dev.jerla.kernel.signal;

import dev.jerla.abi.linux.Signal;
import dev.jerla.cpu.Cpu;
import dev.jerla.cpu.fp.FpState;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.task.Task;

/**
 * The x86-64 rt_sigframe, byte for byte as arch/x86/kernel/signal.c (and signal_64.c) lays it out:
 *
 * <pre>
 * struct rt_sigframe {            offset
 *     char *pretcode;               0    sa_restorer: the handler returns into it
 *     struct ucontext uc;           8    uc_flags 8, uc_link 16, uc_stack 24 (sp, flags, size),
 *                                        uc_mcontext 48 (struct sigcontext, 256 bytes), uc_sigmask 304
 *     struct siginfo info;        312    128 bytes
 * };                              440
 * </pre>
 *
 * The FP image sits above the frame, 64-byte aligned, and sigcontext.fpstate points at it: the
 * XSAVE image with the AVX state and its software bytes (UC_FP_XSTATE set) when the CPU has
 * XSAVE, else the 512-byte FXSAVE image. The frame is placed below the 128-byte red zone (or on the alternate stack), so that at
 * the handler's first instruction RSP + 8 is 16-byte aligned.
 */
public final class SignalFrame {
    private SignalFrame() {}

    public static final int FRAME_SIZE = 440;
    public static final int UC = 8;
    public static final int UC_FLAGS = UC;
    public static final int UC_LINK = UC + 8;
    public static final int UC_STACK = UC + 16;
    public static final int UC_MCONTEXT = UC + 40;
    public static final int UC_SIGMASK = UC + 296;
    public static final int INFO = 312;

    /** Offsets inside struct sigcontext (arch/x86/include/uapi/asm/sigcontext.h), in glibc's REG_* order. */
    public static final int SC_R8 = 0, SC_R9 = 8, SC_R10 = 16, SC_R11 = 24, SC_R12 = 32, SC_R13 = 40,
            SC_R14 = 48, SC_R15 = 56, SC_RDI = 64, SC_RSI = 72, SC_RBP = 80, SC_RBX = 88, SC_RDX = 96,
            SC_RAX = 104, SC_RCX = 112, SC_RSP = 120, SC_RIP = 128, SC_EFLAGS = 136, SC_CSGSFS = 144,
            SC_ERR = 152, SC_TRAPNO = 160, SC_OLDMASK = 168, SC_CR2 = 176, SC_FPSTATE = 184;

    /** uc_flags: UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS, plus UC_FP_XSTATE when the FP image is an XSAVE one. */
    public static final long UC_FLAGS_VALUE = 0x2 | 0x4;
    public static final long UC_FP_XSTATE = 0x1;
    /** __USER_CS and __USER_DS for 64-bit user mode. */
    private static final long USER_CS = 0x33, USER_DS = 0x2b;
    /** The RFLAGS bits sigreturn may change (FIX_EFLAGS). */
    public static final long FIX_EFLAGS = Cpu.AC | Cpu.OF | Cpu.DF | Cpu.TF | Cpu.SF | Cpu.ZF | Cpu.AF | Cpu.PF
            | Cpu.CF | (1L << 16);
    private static final long RF = 1L << 16;

    /** The GPRs in sigcontext order, as Cpu register numbers. */
    private static final int[] SC_REGS = {Cpu.R8, Cpu.R9, Cpu.R10, Cpu.R11, Cpu.R12, Cpu.R13, Cpu.R14, Cpu.R15,
            Cpu.RDI, Cpu.RSI, Cpu.RBP, Cpu.RBX, Cpu.RDX, Cpu.RAX, Cpu.RCX, Cpu.RSP};

    /** Where the frame and the FP image go for a stack pointer (get_sigframe); -1 if the alternate stack would overflow. */
    public record Placement(long frame, long fpstate) {}

    /**
     * get_sigframe and fpu__alloc_mathframe: red zone, optional switch to the alternate stack,
     * FP image 64-byte aligned, frame aligned so that (frame + 8) % 16 == 0.
     */
    public static Placement place(long rsp, boolean onstack, long altSp, long altSize, int altFlags) {
        return place(rsp, onstack, altSp, altSize, altFlags, Fxsave.SIZE);
    }

    /** As {@link #place(long, boolean, long, long, int)} for an FP image of {@code fpSize} bytes. */
    public static Placement place(long rsp, boolean onstack, long altSp, long altSize, int altFlags, int fpSize) {
        long sp = rsp - 128;
        boolean nested = onSigStack(rsp, altSp, altSize, altFlags);
        boolean entering = false;
        if (onstack && sasSsFlags(sp, altSp, altSize, altFlags) == 0) {
            sp = altSp + altSize;
            entering = true;
        }
        long fp = (sp - fpSize) & ~63L;
        long frame = ((fp - FRAME_SIZE) & ~15L) - 8;
        if ((nested || entering) && !(frame > altSp && frame - altSp <= altSize)) return new Placement(-1, -1);
        return new Placement(frame, fp);
    }

    /** on_sig_stack: an SS_AUTODISARM stack never counts as "on". */
    static boolean onSigStack(long sp, long altSp, long altSize, int altFlags) {
        if ((altFlags & Signal.SS_AUTODISARM) != 0) return false;
        return sp > altSp && sp - altSp <= altSize;
    }

    /** sas_ss_flags: what sigaltstack and uc_stack.ss_flags report for a stack pointer. */
    public static int sasSsFlags(long sp, long altSp, long altSize, int altFlags) {
        if (altSize == 0) return Signal.SS_DISABLE;
        return onSigStack(sp, altSp, altSize, altFlags) ? Signal.SS_ONSTACK : 0;
    }

    /**
     * Builds the frame for {@code info} on the guest stack and points the CPU at the handler
     * (setup_rt_frame). Returns false if the frame cannot be written (the caller forces SIGSEGV).
     */
    public static boolean setup(Task t, SigInfo info, SigAction a, long oldMask) {
        Cpu cpu = t.cpu();
        if (!a.has(Signal.SA_RESTORER)) return false;
        long rsp = cpu.reg(Cpu.RSP);
        long xcr0 = cpu.features().xcr0();
        int fpSize = FpState.sigframeSize(xcr0);
        Placement p = place(rsp, a.has(Signal.SA_ONSTACK), t.altStackSp(), t.altStackSize(), t.altStackFlags(), fpSize);
        if (p.frame() < 0) return false;
        int len = (int) (p.fpstate() + fpSize - p.frame());
        byte[] b = new byte[len];
        put(b, 0, a.restorer());
        put(b, UC_FLAGS, UC_FLAGS_VALUE | (xcr0 != 0 ? UC_FP_XSTATE : 0));
        put(b, UC_LINK, 0);
        put(b, UC_STACK, t.altStackSp());
        SigInfo.putInt(b, UC_STACK + 8, sasSsFlags(rsp, t.altStackSp(), t.altStackSize(), t.altStackFlags()));
        put(b, UC_STACK + 16, t.altStackSize());
        writeSigcontext(t, b, UC_MCONTEXT, oldMask, p.fpstate());
        put(b, UC_SIGMASK, oldMask);
        if (a.has(Signal.SA_SIGINFO)) System.arraycopy(info.bytes(), 0, b, INFO, SigInfo.SIZE);
        cpu.fp.saveSigframe(b, (int) (p.fpstate() - p.frame()), xcr0);
        try {
            t.mem().copyOut(p.frame(), b);
        } catch (ErrnoException e) {
            return false;
        }
        cpu.setReg(Cpu.RDI, info.signo());
        cpu.setReg(Cpu.RSI, p.frame() + INFO);
        cpu.setReg(Cpu.RDX, p.frame() + UC);
        cpu.setReg(Cpu.RAX, 0);
        cpu.setReg(Cpu.RSP, p.frame());
        cpu.setRip(a.handler());
        cpu.setRflags(cpu.rflags() & ~(Cpu.DF | Cpu.TF | RF));
        Fxsave.reset(cpu);
        if ((t.altStackFlags() & Signal.SS_AUTODISARM) != 0) t.setAltStack(0, 0, Signal.SS_DISABLE);
        return true;
    }

    private static void writeSigcontext(Task t, byte[] b, int sc, long oldMask, long fpstate) {
        Cpu cpu = t.cpu();
        for (int i = 0; i < SC_REGS.length; i++) put(b, sc + 8 * i, cpu.reg(SC_REGS[i]));
        put(b, sc + SC_RIP, cpu.rip());
        put(b, sc + SC_EFLAGS, cpu.rflags());
        // cs, gs, fs, ss as four 16-bit fields.
        put(b, sc + SC_CSGSFS, USER_CS | (USER_DS << 48));
        put(b, sc + SC_ERR, t.errorCode());
        put(b, sc + SC_TRAPNO, t.trapNo());
        put(b, sc + SC_OLDMASK, oldMask);
        put(b, sc + SC_CR2, t.cr2());
        put(b, sc + SC_FPSTATE, fpstate);
    }

    /**
     * rt_sigreturn: restores registers, flags, FP state, the signal mask and the alternate stack
     * from the frame below RSP. Returns false for a bad frame (the caller forces SIGSEGV).
     */
    public static boolean restore(Task t) {
        Cpu cpu = t.cpu();
        long frame = cpu.reg(Cpu.RSP) - 8;
        long xcr0 = cpu.features().xcr0();
        byte[] b;
        byte[] fx = null;
        try {
            b = t.mem().copyIn(frame, FRAME_SIZE);
            long fp = SigInfo.getLong(b, UC_MCONTEXT + SC_FPSTATE);
            if (fp != 0) {
                fx = t.mem().copyIn(fp, Fxsave.SIZE);
                // An XSAVE image announces itself in the software bytes (check_xstate_in_sigframe).
                if (xcr0 != 0 && SigInfo.getInt(fx, FpState.SW_RESERVED) == FpState.FP_XSTATE_MAGIC1) {
                    fx = t.mem().copyIn(fp, FpState.sigframeSize(xcr0));
                }
            }
        } catch (ErrnoException e) {
            return false;
        }
        if (fx != null && (SigInfo.getInt(fx, 24) & ~Fxsave.MXCSR_MASK) != 0) return false;
        if (fx != null) {
            if (!cpu.fp.restoreSigframe(fx, 0, xcr0)) return false;
        } else {
            Fxsave.reset(cpu);
        }
        Signals.setBlocked(t, SigInfo.getLong(b, UC_SIGMASK));
        int sc = UC_MCONTEXT;
        for (int i = 0; i < SC_REGS.length; i++) cpu.setReg(SC_REGS[i], SigInfo.getLong(b, sc + 8 * i));
        cpu.setRip(SigInfo.getLong(b, sc + SC_RIP));
        long flags = SigInfo.getLong(b, sc + SC_EFLAGS);
        cpu.setRflags((cpu.rflags() & ~FIX_EFLAGS) | (flags & FIX_EFLAGS));
        restoreAltStack(t, SigInfo.getLong(b, UC_STACK), SigInfo.getInt(b, UC_STACK + 8), SigInfo.getLong(b, UC_STACK + 16));
        t.setSyscallNr(-1);
        return true;
    }

    /** restore_altstack: like sigaltstack(2) from the frame; every error but EFAULT is ignored. */
    private static void restoreAltStack(Task t, long sp, int flags, long size) {
        long rsp = t.cpu().reg(Cpu.RSP);
        if (onSigStack(rsp, t.altStackSp(), t.altStackSize(), t.altStackFlags())) return;
        int mode = flags & ~Signal.SS_AUTODISARM;
        if (mode == Signal.SS_DISABLE) {
            t.setAltStack(0, 0, Signal.SS_DISABLE);
        } else if (mode == 0 || mode == Signal.SS_ONSTACK) {
            if (size < Signal.MINSIGSTKSZ) return;
            t.setAltStack(sp, size, flags & Signal.SS_AUTODISARM);
        }
    }

    private static void put(byte[] b, int o, long v) {
        SigInfo.putLong(b, o, v);
    }
}
