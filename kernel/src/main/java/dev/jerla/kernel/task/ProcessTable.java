package dev.jerla.kernel.task;

import dev.jerla.abi.linux.Errno;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.vfs.FdTable;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every task and process of a Jerla system, and pid allocation (kernel/pid.c). Its monitor is
 * the big lock of the task subsystem, Linux's tasklist_lock and siglock in one: it guards the
 * process tree, thread lists, signal masks, pending queues and actions, and exit and stop state.
 * Lookups by id need no lock.
 *
 * <p>Lock order: ProcessTable before a MemoryManager, an AddressSpace, a WaitQueue's waiters
 * and a Task's sleep lock. Code holding it never blocks and never calls into a filesystem.
 */
public final class ProcessTable {
    /** /proc/sys/kernel/pid_max on a small machine; pids wrap to RESERVED_PIDS (300). */
    public static final int PID_MAX = 32768;
    private static final int RESERVED_PIDS = 300;

    private final Map<Integer, Task> tasks = new ConcurrentHashMap<>();
    private final Map<Integer, ThreadGroup> groups = new ConcurrentHashMap<>();
    // Guarded by this.
    private int lastPid;
    private final Map<FdTable, int[]> fileTableUsers = new IdentityHashMap<>();
    private final LoadAverage loadAverage = new LoadAverage();

    public Task task(int tid) { return tasks.get(tid); }

    public ThreadGroup group(int pid) { return groups.get(pid); }

    /** Every process, live and zombie, in pid order. */
    public List<ThreadGroup> groups() {
        List<ThreadGroup> l = new ArrayList<>(groups.values());
        l.sort((a, b) -> Integer.compare(a.pid(), b.pid()));
        return l;
    }

    public Collection<Task> tasks() { return tasks.values(); }

    /** The load average over this table's tasks (sampled once the first process exists). */
    public LoadAverage loadAverage() { return loadAverage; }

    /** calc_load_fold_active's count: tasks running or in an uninterruptible wait, stopped processes aside. */
    synchronized int activeTasks() {
        int n = 0;
        for (ThreadGroup g : groups.values()) {
            if (g.isZombie() || g.stopState() == ThreadGroup.StopState.STOPPED) continue;
            for (Task t : g.threadList()) if (t.runState() == 'R' || t.runState() == 'D') n++;
        }
        return n;
    }

    /** Allocates a pid not used as a tid, process group or session id (alloc_pid). @throws ErrnoException EAGAIN */
    public synchronized int allocatePid() throws ErrnoException {
        for (int tries = 0; tries < PID_MAX; tries++) {
            int pid = lastPid + 1;
            if (pid >= PID_MAX) pid = lastPid == 0 ? 1 : RESERVED_PIDS;
            lastPid = pid;
            if (!inUse(pid)) return pid;
        }
        throw ErrnoException.of(Errno.EAGAIN);
    }

    /** The pid handed out last by {@link #allocatePid()} (/proc/loadavg's last field). */
    public synchronized int lastPid() { return lastPid; }

    /** Takes exactly {@code pid} (clone3's set_tid). @throws ErrnoException EEXIST if it is in use */
    public synchronized int allocatePid(int pid) throws ErrnoException {
        if (inUse(pid)) throw ErrnoException.of(Errno.EEXIST);
        return pid;
    }

    private boolean inUse(int id) {
        if (tasks.containsKey(id) || groups.containsKey(id)) return true;
        for (ThreadGroup g : groups.values()) if (g.pgid() == id || g.sid() == id) return true;
        return false;
    }

    void addTask(Task t) { tasks.put(t.tid(), t); }

    void removeTask(Task t) { tasks.remove(t.tid(), t); }

    void addGroup(ThreadGroup g) { groups.put(g.pid(), g); }

    void removeGroup(ThreadGroup g) { groups.remove(g.pid(), g); }

    /** The processes of process group {@code pgid} (lock held). */
    public List<ThreadGroup> processGroup(int pgid) {
        List<ThreadGroup> l = new ArrayList<>();
        for (ThreadGroup g : groups.values()) if (g.pgid() == pgid && !g.isZombie()) l.add(g);
        return l;
    }

    /** Whether any process (zombies included) is in process group {@code pgid}. */
    boolean processGroupExists(int pgid) {
        for (ThreadGroup g : groups.values()) if (g.pgid() == pgid) return true;
        return false;
    }

    // ---------------------------------------------------------------- fd tables shared by CLONE_FILES

    /** Counts one more task using {@code f}. */
    public synchronized void retainFiles(FdTable f) {
        fileTableUsers.computeIfAbsent(f, k -> new int[1])[0]++;
    }

    /** Counts one task fewer using {@code f}; true if it was the last (the caller closes it). */
    public synchronized boolean releaseFiles(FdTable f) {
        int[] n = fileTableUsers.get(f);
        if (n == null || --n[0] == 0) {
            fileTableUsers.remove(f);
            return true;
        }
        return false;
    }

    public synchronized boolean filesShared(FdTable f) {
        int[] n = fileTableUsers.get(f);
        return n != null && n[0] > 1;
    }
}
