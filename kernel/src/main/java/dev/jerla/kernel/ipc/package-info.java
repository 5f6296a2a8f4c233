/**
 * Inter-process communication through files: pipes and FIFOs (fs/pipe.c), eventfd
 * (fs/eventfd.c), signalfd (fs/signalfd.c), timerfd (fs/timerfd.c), splice, tee and vmsplice
 * (fs/splice.c), and the readiness machinery of poll, select and epoll (fs/select.c,
 * fs/eventpoll.c).
 *
 * <p>Lock order: an epoll instance's monitor, then a pipe's, eventfd's or timerfd's monitor, or
 * the process table (a signalfd's readiness); a pipe's splice lock before pipe monitors. No monitor
 * is held while a task sleeps (waiters use {@code Task.waitInterruptibly} on the object's WaitQueue
 * and re-test their condition), except a pipe's splice lock, held while the bytes taken from the
 * pipe are written to the target file, as Linux holds pipe->mutex.
 */
package dev.jerla.kernel.ipc;
