/**
 * Signals: siginfo and sigaction codecs, per-thread and per-process pending sets, sending with
 * Linux's stop/continue and thread-choice rules, delivery on return to user space (default
 * actions, job-control stops, handler frames laid out as x86-64 rt_sigframe, system call restart
 * rules) and rt_sigreturn.
 *
 * <p>All signal state is guarded by the {@link dev.jerla.kernel.task.ProcessTable} monitor;
 * frames are built and read with that lock released.
 */
package dev.jerla.kernel.signal;
