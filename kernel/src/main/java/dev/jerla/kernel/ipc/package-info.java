/**
 * Inter-process communication through files: pipes and FIFOs (fs/pipe.c), eventfd
 * (fs/eventfd.c), and the readiness machinery of poll, select and epoll (fs/select.c,
 * fs/eventpoll.c).
 *
 * <p>Lock order: an epoll instance's monitor, then a pipe's or eventfd's monitor. No monitor is
 * held while a task sleeps: waiters use {@code Task.waitInterruptibly} on the object's WaitQueue
 * and re-test their condition.
 */
package dev.jerla.kernel.ipc;
