package dev.jerla.kernel.task;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tasks waiting for something (data in a pipe, a child's exit, a futex word). A task may sit on
 * several queues at once (poll, select, epoll). Whoever changes the state a waiter tests calls
 * {@link #wakeAll()} afterwards; waiters re-test their condition, so spurious wake-ups are fine.
 * Models the wait_queue_head of include/linux/wait.h.
 */
public final class WaitQueue {
    private final Set<Task> waiters = ConcurrentHashMap.newKeySet();

    void add(Task t) { waiters.add(t); }

    void remove(Task t) { waiters.remove(t); }

    /** Wakes every waiter so it re-tests its condition. */
    public void wakeAll() {
        for (Task t : waiters) t.wake();
    }

    public boolean hasWaiters() { return !waiters.isEmpty(); }
}
