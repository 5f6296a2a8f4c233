package dev.jerla.cpu;

/**
 * Why {@link Cpu#run()} returned: something needs the kernel. For faults RIP and every register
 * are those of the faulting instruction, with no partial side effects; for SYSCALL and
 * BREAKPOINT RIP points after the instruction.
 */
public final class Trap {
    private Trap() {}

    /** SYSCALL executed; RCX and R11 already hold RIP and RFLAGS as the hardware sets them. */
    public static final int SYSCALL = 1;
    /** A memory access failed: {@link Cpu#faultAddress()}, {@link Cpu#faultAccess()}, {@link Cpu#faultProtection()}. */
    public static final int PAGE_FAULT = 2;
    /** #UD: undefined or unimplemented instruction (SIGILL, ILL_ILLOPN). */
    public static final int INVALID_OPCODE = 3;
    /** #DE: divide error (SIGFPE, FPE_INTDIV). */
    public static final int DIVIDE_ERROR = 4;
    /** INT3 (SIGTRAP); RIP is after the INT3. */
    public static final int BREAKPOINT = 5;
    /** #GP: privileged instruction, non-canonical address, misaligned SSE operand (SIGSEGV, SI_KERNEL). */
    public static final int GENERAL_PROTECTION = 6;
    /**
     * {@link Cpu#requestInterrupt()} was called; stopped at an instruction boundary, or inside a
     * long REP string instruction with RIP at it and RSI/RDI/RCX showing the iterations done
     * (running again continues it).
     */
    public static final int INTERRUPT = 7;
    /** Single step (TF) completed an instruction (SIGTRAP, TRAP_TRACE). */
    public static final int SINGLE_STEP = 8;
    /** Unmasked x87 or SIMD floating-point exception (SIGFPE). */
    public static final int FP_EXCEPTION = 9;
    /** Reserved for an instruction that needs the kernel's attention; HLT itself raises {@link #GENERAL_PROTECTION} in user mode. */
    public static final int HALT = 10;

    public static String name(int trap) {
        return switch (trap) {
            case SYSCALL -> "SYSCALL";
            case PAGE_FAULT -> "PAGE_FAULT";
            case INVALID_OPCODE -> "INVALID_OPCODE";
            case DIVIDE_ERROR -> "DIVIDE_ERROR";
            case BREAKPOINT -> "BREAKPOINT";
            case GENERAL_PROTECTION -> "GENERAL_PROTECTION";
            case INTERRUPT -> "INTERRUPT";
            case SINGLE_STEP -> "SINGLE_STEP";
            case FP_EXCEPTION -> "FP_EXCEPTION";
            case HALT -> "HALT";
            default -> "TRAP(" + trap + ")";
        };
    }
}
