package dev.jerla.kernel.task;

/**
 * A process: the thread group sharing a pid, an address space, signal actions, and membership in
 * a process group and a session. Named after Linux's thread group (signal_struct + leader).
 */
public final class ThreadGroup {
    private final int pid;

    public ThreadGroup(int pid) {
        this.pid = pid;
    }

    public int pid() { return pid; }
}
