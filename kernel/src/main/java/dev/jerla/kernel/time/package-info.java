/**
 * Clocks and timers: the POSIX clocks over the host's clocks and the JVM's CPU accounting,
 * struct timespec/timeval codecs, and the per-process ITIMER_REAL that sends SIGALRM.
 *
 * <p>An IntervalTimer's monitor guards its state; it is released before a signal is sent (which
 * takes the ProcessTable lock).
 */
package dev.jerla.kernel.time;
