package dev.jerla.kernel.syscall;

/**
 * One row of the system call table: number, name, handler, how complete it is, and a note for
 * the compatibility document.
 */
public record Syscall(int number, String name, SyscallHandler handler, Support support, String note) {
    /** How much of Linux's behaviour a handler provides. */
    public enum Support {
        /** Linux semantics, all flags. */
        FULL,
        /** Common uses work; the note says what is missing. */
        PARTIAL,
        /** Accepted and answered the way a system without the feature answers (the note says how). */
        NOOP
    }
}
