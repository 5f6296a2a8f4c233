package dev.jerla.kernel.task;

/** The completion a vfork parent sleeps on until its child execs or exits (vfork_done in kernel/fork.c). */
final class VforkDone {
    private volatile boolean done;
    private final WaitQueue queue = new WaitQueue();

    boolean done() { return done; }

    WaitQueue queue() { return queue; }

    void complete() {
        done = true;
        queue.wakeAll();
    }
}
