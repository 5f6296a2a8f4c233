package dev.jerla.cpu.diff;

/**
 * How a case ended and the state at that point: the signal Linux would deliver (SIGTRAP for the
 * INT3 after the code; SIGSEGV, SIGILL, SIGFPE, SIGBUS for a fault), its si_code and address,
 * RIP, and the machine state.
 */
public record DiffResult(int signo, int sicode, long addr, long rip, MachineState out) {
    public static final int SIGILL = 4, SIGTRAP = 5, SIGBUS = 7, SIGFPE = 8, SIGSEGV = 11;
    public static final int SI_KERNEL = 0x80, SEGV_MAPERR = 1, SEGV_ACCERR = 2;

    public String how() {
        return switch (signo) {
            case SIGTRAP -> "INT3";
            case SIGILL -> "SIGILL";
            case SIGFPE -> "SIGFPE";
            case SIGBUS -> "SIGBUS";
            case SIGSEGV -> sicode == SI_KERNEL ? "SIGSEGV(#GP)" : String.format("SIGSEGV(code %d, addr %x)", sicode, addr);
            default -> "signal " + signo;
        };
    }
}
