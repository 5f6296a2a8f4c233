package dev.jerla.kernel.syscall;

import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.task.Task;

/** A system call's implementation: the six raw argument registers in, a non-negative result out, failures thrown. */
@FunctionalInterface
public interface SyscallHandler {
    long call(Task t, long a0, long a1, long a2, long a3, long a4, long a5) throws ErrnoException;
}
