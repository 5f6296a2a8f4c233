/**
 * The system call layer: the declarative table ({@link dev.jerla.kernel.syscall.SyscallTable}
 * with the file rows of {@link dev.jerla.kernel.syscall.VfsSyscallTable}), the dispatcher that
 * writes results and errnos back to RAX in one place, strace-like tracing, the generator of
 * docs/syscalls.md, and one class per family with one static method per system call.
 *
 * <p>Handlers take no lock of this package; they run on the calling task's own thread and may
 * sleep only through {@link dev.jerla.kernel.task.Task#waitInterruptibly}.
 */
package dev.jerla.kernel.syscall;
