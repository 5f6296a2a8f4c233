/**
 * Clocks and timers: the POSIX clocks over the host's clocks and the JVM's CPU accounting,
 * struct timespec/timeval codecs, the per-process ITIMER_REAL that sends SIGALRM, and
 * {@link dev.jerla.kernel.time.PosixTimer} for timer_create(2) and the CPU-time interval timers.
 *
 * <p>An IntervalTimer's monitor guards its state; it is released before a signal is sent (which
 * takes the ProcessTable lock). A PosixTimer's monitor is taken before the ProcessTable lock
 * (it queues, replaces and withdraws its signal atomically with its overrun count).
 */
package dev.jerla.kernel.time;
