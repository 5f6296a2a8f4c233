package dev.jerla.kernel.task;

import dev.jerla.cpu.Cpu;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.Kernel;
import dev.jerla.kernel.mm.UserMemory;
import dev.jerla.kernel.vfs.FdTable;
import dev.jerla.kernel.vfs.FsContext;

import java.util.function.BooleanSupplier;

/**
 * A guest thread: one host platform thread running one {@link Cpu}. Its state lives in
 * components (files, fs, creds, memory, signals) shared or copied as clone(2) flags say.
 */
public final class Task {
    private final Kernel kernel;
    private final int tid;
    private final Cpu cpu;
    private volatile ThreadGroup group;
    private volatile FdTable files;
    private volatile FsContext fs;
    private volatile Credentials creds;
    private volatile UserMemory mem;

    // sleepMu guards woken.
    private final Object sleepMu = new Object();
    private boolean woken;
    /** Set when a signal that may interrupt a wait is pending; maintained by the signal code. */
    private volatile boolean signalPending;

    public Task(Kernel kernel, int tid, Cpu cpu, ThreadGroup group, FdTable files, FsContext fs,
                Credentials creds, UserMemory mem) {
        this.kernel = kernel;
        this.tid = tid;
        this.cpu = cpu;
        this.group = group;
        this.files = files;
        this.fs = fs;
        this.creds = creds;
        this.mem = mem;
    }

    public Kernel kernel() { return kernel; }
    public int tid() { return tid; }
    public Cpu cpu() { return cpu; }
    public ThreadGroup group() { return group; }
    public FdTable files() { return files; }
    public FsContext fs() { return fs; }
    public Credentials creds() { return creds; }
    public UserMemory mem() { return mem; }

    public void setGroup(ThreadGroup g) { group = g; }
    public void setFiles(FdTable f) { files = f; }
    public void setFs(FsContext f) { fs = f; }
    public void setCreds(Credentials c) { creds = c; }

    /** True if a signal is pending that should interrupt a blocking system call. */
    public boolean signalPending() { return signalPending; }

    /** Marks (or clears) an interrupting signal as pending and wakes the task if it sleeps. */
    public void setSignalPending(boolean pending) {
        signalPending = pending;
        if (pending) {
            cpu.requestInterrupt();
            wake();
        }
    }

    /** Wakes the task if it is waiting; it re-tests its condition. */
    public void wake() {
        synchronized (sleepMu) {
            woken = true;
            sleepMu.notifyAll();
        }
    }

    /**
     * Sleeps until {@code ready} is true, a signal is pending, or the deadline passes.
     * {@code ready} is tested first, so a ready condition never blocks. The task waits on every
     * queue in {@code queues}: whoever changes the condition wakes one of them.
     *
     * @param deadlineNanos a {@link System#nanoTime()} deadline, or Long.MAX_VALUE for none
     * @return true if ready, false on timeout
     * @throws ErrnoException ERESTARTSYS if interrupted by a signal (the signal code turns it
     *         into EINTR or a restart)
     */
    public boolean waitInterruptibly(BooleanSupplier ready, long deadlineNanos, WaitQueue... queues)
            throws ErrnoException {
        for (WaitQueue q : queues) q.add(this);
        try {
            while (true) {
                synchronized (sleepMu) { woken = false; }
                if (ready.getAsBoolean()) return true;
                if (signalPending) throw ErrnoException.of(ErrnoException.ERESTARTSYS);
                synchronized (sleepMu) {
                    while (!woken) {
                        long left = deadlineNanos == Long.MAX_VALUE ? 0 : deadlineNanos - System.nanoTime();
                        if (deadlineNanos != Long.MAX_VALUE && left <= 0) return ready.getAsBoolean();
                        try {
                            if (deadlineNanos == Long.MAX_VALUE) sleepMu.wait();
                            else sleepMu.wait(left / 1_000_000, (int) (left % 1_000_000));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw ErrnoException.of(ErrnoException.ERESTARTSYS);
                        }
                    }
                }
            }
        } finally {
            for (WaitQueue q : queues) q.remove(this);
        }
    }

    /** Sleeps as {@link #waitInterruptibly} but ignores signals (TASK_UNINTERRUPTIBLE / TASK_KILLABLE for short waits). */
    public void waitUninterruptibly(BooleanSupplier ready, WaitQueue... queues) {
        for (WaitQueue q : queues) q.add(this);
        try {
            while (true) {
                synchronized (sleepMu) { woken = false; }
                if (ready.getAsBoolean()) return;
                synchronized (sleepMu) {
                    while (!woken) {
                        try { sleepMu.wait(); } catch (InterruptedException e) { Thread.currentThread().interrupt(); return; }
                    }
                }
            }
        } finally {
            for (WaitQueue q : queues) q.remove(this);
        }
    }
}
