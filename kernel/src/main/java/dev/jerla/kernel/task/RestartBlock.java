package dev.jerla.kernel.task;

import dev.jerla.kernel.ErrnoException;

/**
 * How restart_syscall(2) resumes a system call that returned ERESTART_RESTARTBLOCK (struct
 * restart_block in include/linux/restart_block.h): nanosleep with its absolute deadline, say.
 */
@FunctionalInterface
public interface RestartBlock {
    long restart(Task t) throws ErrnoException;
}
