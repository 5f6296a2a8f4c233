package dev.jerla.kernel.task;

import dev.jerla.kernel.GuestStrings;
import dev.jerla.abi.linux.Signal;
import dev.jerla.cpu.Cpu;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.Kernel;
import dev.jerla.kernel.mm.MemoryManager;
import dev.jerla.kernel.mm.UserMemory;
import dev.jerla.kernel.signal.SigPending;
import dev.jerla.kernel.vfs.FdTable;
import dev.jerla.kernel.vfs.FsContext;

import java.util.function.BooleanSupplier;

/**
 * A guest thread: one host platform thread running one {@link Cpu}. Its state lives in
 * components (files, fs, creds, memory, signals) shared or copied as clone(2) flags say.
 *
 * <p>Concurrency: the signal state (blocked mask, pending queue, saved mask, stop participation)
 * is guarded by the {@link ProcessTable} monitor; the syscall state (syscall number, restart
 * block, fault details, alternate stack) is touched only by the task's own thread.
 */
public final class Task {
    private final Kernel kernel;
    private volatile int tid;
    private final Cpu cpu;
    private volatile ThreadGroup group;
    private volatile FdTable files;
    private volatile FsContext fs;
    private volatile Credentials creds;
    private volatile UserMemory mem;
    private volatile MemoryManager mm;
    private volatile String comm = "";
    /** The CPUs this thread may run on (sched_setaffinity), a bit per CPU; inherited by clone and kept by execve. */
    private volatile long cpuAffinity = -1L;
    private volatile Thread thread;

    // sleepMu guards woken.
    private final Object sleepMu = new Object();
    private boolean woken;
    /** Set when a signal that may interrupt a wait is pending; maintained by the signal code. */
    private volatile boolean signalPending;
    /** 'R' running, 'S' sleeping or 'D' in an uninterruptible wait, as /proc shows it. */
    private volatile char runState = 'R';

    // Guarded by the ProcessTable monitor.
    private long blocked;
    private volatile long realBlocked;
    private long savedMask;
    private boolean restoreSigmask;
    private final SigPending pending = new SigPending();
    private boolean stopped;
    private volatile boolean zapped;
    private volatile boolean exiting;
    private int exitStatus;
    private volatile int pdeathSignal;
    private volatile MemPolicy mempolicy = MemPolicy.DEFAULT;

    // Own thread only.
    private long syscallNr = -1;
    private RestartBlock restartBlock;
    private int trapNo;
    private long errorCode;
    private long cr2;
    private long altStackSp;
    private long altStackSize;
    private int altStackFlags = Signal.SS_DISABLE;
    private long clearChildTid;
    private long robustList;
    private long robustListLen;
    private volatile VforkDone vforkDone;

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
    /** The memory manager (VMAs, brk, mmap) of the address space behind {@link #mem()}. */
    public MemoryManager mm() { return mm; }
    /** The executable name (TASK_COMM_LEN - 1 bytes at most), as prctl(PR_GET_NAME) and /proc show it. */
    public String comm() { return comm; }

    public long cpuAffinity() { return cpuAffinity; }

    public void setCpuAffinity(long mask) { cpuAffinity = mask; }
    public Thread thread() { return thread; }

    public void setGroup(ThreadGroup g) { group = g; }
    public void setFiles(FdTable f) { files = f; }
    public void setFs(FsContext f) { fs = f; }
    public void setCreds(Credentials c) { creds = c; }
    public void setMm(MemoryManager m) { mm = m; }

    /** Sets the name, truncated to 15 bytes as __set_task_comm does. */
    public void setComm(String name) {
        byte[] b = GuestStrings.encode(name);
        comm = b.length <= 15 ? name : GuestStrings.decode(b, 0, 15);
    }

    void setTid(int tid) { this.tid = tid; }

    void setThread(Thread t) { thread = t; }

    /** True if a signal is pending that should interrupt a blocking system call. */
    public boolean signalPending() { return signalPending; }

    /**
     * Marks (or clears) an interrupting signal as pending. Marking interrupts the running CPU and
     * wakes the task if it sleeps; clearing (done by the task itself, under the process table
     * lock) also withdraws the CPU interrupt request.
     */
    public void setSignalPending(boolean pending) {
        signalPending = pending;
        if (pending) {
            cpu.requestInterrupt();
            wake();
        } else {
            cpu.clearInterrupt();
        }
    }

    /** 'R', 'S' or 'D' for /proc and the load average. */
    public char runState() { return runState; }

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
                        runState = 'S';
                        try {
                            if (deadlineNanos == Long.MAX_VALUE) sleepMu.wait();
                            else sleepMu.wait(left / 1_000_000, (int) (left % 1_000_000));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw ErrnoException.of(ErrnoException.ERESTARTSYS);
                        } finally {
                            runState = 'R';
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
                        runState = 'D';
                        try { sleepMu.wait(); } catch (InterruptedException e) { Thread.currentThread().interrupt(); return; }
                        finally { runState = 'R'; }
                    }
                }
            }
        } finally {
            for (WaitQueue q : queues) q.remove(this);
        }
    }

    // ---------------------------------------------------------------- signal state (ProcessTable lock)

    /** The blocked-signal mask (bit sig-1). */
    public long blocked() { return blocked; }

    public void setBlocked(long mask) { blocked = mask; }

    /**
     * The mask in force before rt_sigtimedwait unblocked the signals it waits for (real_blocked):
     * such a signal is not discarded as ignored while the wait has it unblocked; 0 otherwise.
     */
    public long realBlocked() { return realBlocked; }

    public void setRealBlocked(long mask) { realBlocked = mask; }

    /** This thread's private pending signals (the thread group has a shared set). */
    public SigPending pending() { return pending; }

    /** The mask to restore on return to user space (sigsuspend, ppoll, pselect), if {@link #restoreSigmask()}. */
    public long savedMask() { return savedMask; }

    public boolean restoreSigmask() { return restoreSigmask; }

    /** Remembers {@code mask} to be restored when the system call returns (set_restore_sigmask). */
    public void setSavedMask(long mask, boolean restore) {
        savedMask = mask;
        restoreSigmask = restore;
    }

    /** True while this thread takes part in a group stop (job control). */
    public boolean stopped() { return stopped; }

    public void setStopped(boolean s) { stopped = s; }

    /** True if this thread must exit because another thread execs (de_thread). */
    public boolean zapped() { return zapped; }

    public void setZapped() { zapped = true; }

    /** True once the thread has decided to exit; its loop ends before returning to guest code. */
    public boolean exiting() { return exiting; }

    /** This thread's wait status as exit(2) or a fatal signal left it. */
    public int exitStatus() { return exitStatus; }

    public void setExiting(int status) {
        exitStatus = status;
        exiting = true;
    }

    public int pdeathSignal() { return pdeathSignal; }

    /** The thread's memory policy (set_mempolicy); inherited by every child and thread. */
    public MemPolicy mempolicy() { return mempolicy; }

    public void setMempolicy(MemPolicy p) { mempolicy = p; }

    public void setPdeathSignal(int sig) { pdeathSignal = sig; }

    // ---------------------------------------------------------------- syscall state (own thread)

    /** The number of the system call in progress (orig_ax), or -1 outside one. */
    public long syscallNr() { return syscallNr; }

    public void setSyscallNr(long nr) { syscallNr = nr; }

    public RestartBlock restartBlock() { return restartBlock; }

    public void setRestartBlock(RestartBlock r) { restartBlock = r; }

    /** The last fault's trap number, error code and address, for the signal frame's sigcontext. */
    public int trapNo() { return trapNo; }
    public long errorCode() { return errorCode; }
    public long cr2() { return cr2; }

    public void setFault(int trapNo, long errorCode, long cr2) {
        this.trapNo = trapNo;
        this.errorCode = errorCode;
        this.cr2 = cr2;
    }

    public long altStackSp() { return altStackSp; }
    public long altStackSize() { return altStackSize; }
    public int altStackFlags() { return altStackFlags; }

    public void setAltStack(long sp, long size, int flags) {
        altStackSp = sp;
        altStackSize = size;
        altStackFlags = flags;
    }

    /** CLONE_CHILD_CLEARTID / set_tid_address: zeroed and futex-woken when the thread exits. */
    public long clearChildTid() { return clearChildTid; }

    public void setClearChildTid(long addr) { clearChildTid = addr; }

    public long robustList() { return robustList; }
    public long robustListLen() { return robustListLen; }

    public void setRobustList(long head, long len) {
        robustList = head;
        robustListLen = len;
    }

    VforkDone vforkDone() { return vforkDone; }

    void setVforkDone(VforkDone d) { vforkDone = d; }

    @Override
    public String toString() {
        return "task " + tid + " (" + comm + ")";
    }
}
