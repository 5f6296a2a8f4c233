package dev.jerla.kernel.task;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Signal;
import dev.jerla.abi.linux.Wait;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.mm.MemoryManager;
import dev.jerla.kernel.signal.SigAction;
import dev.jerla.kernel.signal.SigInfo;
import dev.jerla.kernel.signal.Signals;
import dev.jerla.kernel.vfs.FdTable;

import java.util.ArrayList;
import java.util.List;

/**
 * Thread and process exit, zombies, reparenting and wait (kernel/exit.c): do_exit, exit_notify,
 * forget_original_parent, do_notify_parent, release_task, do_wait with wait4/waitid semantics.
 */
public final class Exit {
    private Exit() {}

    /**
     * The end of a thread, run on its own host thread once its loop has stopped (do_exit): the
     * clear_child_tid futex, vfork completion, the thread's share of memory and files, and, for
     * the last thread, the process becoming a zombie and its parent being told.
     */
    static void exitTask(Task t) {
        ThreadGroup g = t.group();
        ProcessTable pt = g.kernel().processTable();
        MemoryManager mm = t.mm();
        if (mm != null) Futex.exitRobustList(t);
        long ctid = t.clearChildTid();
        if (ctid != 0 && mm != null && mm.users() > 1) {
            try {
                t.mem().writeInt(ctid, 0);
                Futex.wake(t, ctid, 1, Futex.BITSET_ANY, true);
            } catch (ErrnoException ignored) {
                // An unwritable clear_child_tid is ignored, as put_user failures are in mm_release.
            }
        }
        completeVfork(t);
        boolean last;
        synchronized (pt) {
            g.addDeadThreadTimes(t);
            g.peakRssKib();
            g.threadList().remove(t);
            pt.removeTask(t);
            last = g.threadList().isEmpty();
            if (!last) Signals.checkGroupStopped(g);
        }
        g.threadExitWait().wakeAll();
        if (mm != null) mm.release();
        FdTable files = t.files();
        if (files != null && pt.releaseFiles(files)) files.closeAll();
        if (!last) return;

        g.cancelItimers();
        g.deletePosixTimers();
        boolean reaped;
        int status;
        synchronized (pt) {
            Task leader = g.leader();
            status = g.groupExit() ? g.groupExitStatus() : (leader != null && leader.exiting() ? leader.exitStatus() : t.exitStatus());
            g.setZombie(status);
            forgetOriginalParent(pt, g);
            ThreadGroup parent = g.parent();
            ProcessGroups.killIfOrphaned(pt, g, parent, true);
            reaped = parent != null && notifyParent(g, g.exitSignal());
            if (reaped) release(pt, g);
        }
        g.exitWait().wakeAll();
        g.kernel().processExited(g, status);
    }

    private static void completeVfork(Task t) {
        VforkDone d = t.vforkDone();
        if (d != null) {
            t.setVforkDone(null);
            d.complete();
        }
    }

    /** Called by execve: the vfork parent may run again (mm_release from exec_mm_release). */
    public static void execReleasesVfork(Task t) {
        completeVfork(t);
    }

    /**
     * forget_original_parent: children go to the nearest subreaper ancestor or to pid 1;
     * PR_SET_PDEATHSIG signals are sent; zombies are reported to the new parent. Lock held.
     */
    private static void forgetOriginalParent(ProcessTable pt, ThreadGroup g) {
        if (g.children().isEmpty()) return;
        ThreadGroup reaper = null;
        for (ThreadGroup a = g.parent(); a != null; a = a.parent()) {
            if (a.subreaper() && !a.isZombie()) { reaper = a; break; }
        }
        if (reaper == null) {
            ThreadGroup init = pt.group(1);
            if (init != null && init != g && !init.isZombie()) reaper = init;
        }
        List<ThreadGroup> kids = new ArrayList<>(g.children());
        g.children().clear();
        for (ThreadGroup c : kids) {
            c.setParent(reaper);
            if (reaper != null) reaper.children().add(c);
            for (Task x : c.threadList()) {
                int sig = x.pdeathSignal();
                if (sig != 0) Signals.send(c, null, SigInfo.kill(sig, Signal.SI_USER, 0, 0), false);
            }
            if (c.isZombie()) {
                if (reaper != null && notifyParent(c, c.exitSignal())) release(pt, c);
            }
            ProcessGroups.killIfOrphaned(pt, c, g, false);
        }
    }

    /**
     * do_notify_parent: the exit signal with a CLD_* siginfo, a wake-up for waiters; returns true
     * if the child is to be reaped at once (the parent ignores SIGCHLD or set SA_NOCLDWAIT). Lock held.
     */
    static boolean notifyParent(ThreadGroup g, int sig) {
        ThreadGroup parent = g.parent();
        int status = g.exitStatus();
        int code, value;
        if ((status & 0x7f) == 0) {
            code = Signal.CLD_EXITED;
            value = (status >> 8) & 0xff;
        } else {
            code = (status & 0x80) != 0 ? Signal.CLD_DUMPED : Signal.CLD_KILLED;
            value = status & 0x7f;
        }
        boolean autoreap = false;
        if (sig == Signal.SIGCHLD) {
            SigAction a = parent.actions().get(Signal.SIGCHLD);
            if (a.isIgnore() || a.has(Signal.SA_NOCLDWAIT)) {
                autoreap = true;
                if (a.isIgnore()) sig = 0;
            }
        }
        if (Signals.valid(sig)) {
            long tick = dev.jerla.abi.linux.Time.NSEC_PER_SEC / dev.jerla.abi.linux.Time.USER_HZ;
            SigInfo info = SigInfo.chld(code, g.pid(), g.creds().uid(), value,
                    g.totalUserNanos() / tick, (g.totalCpuNanos() - g.totalUserNanos()) / tick);
            Signals.send(parent, null, SigInfo.fromGuest(sig, info.bytes()), false);
        }
        parent.childWait().wakeAll();
        return autoreap;
    }

    /** release_task: a reaped zombie disappears. Lock held. */
    private static void release(ProcessTable pt, ThreadGroup g) {
        ThreadGroup parent = g.parent();
        if (parent != null) {
            parent.children().remove(g);
            parent.addChildTimes(g.totalUserNanos() + g.childUserNanos(), g.totalCpuNanos() + g.childUserNanos() + g.childSystemNanos(),
                    Math.max(g.peakRssKib(), g.childMaxRssKib()));
        }
        pt.removeGroup(g);
    }

    // ---------------------------------------------------------------- wait

    /**
     * What a wait reported: the child's pid (0: none yet, WNOHANG), its wait status, the CLD_*
     * code for waitid, and the child's resource usage (with its own reaped children's, as
     * wait4 reports it).
     */
    public record WaitResult(int pid, int status, int code, int value, int uid, Rusage usage) {
        static final WaitResult NONE = new WaitResult(0, 0, 0, 0, 0, Rusage.ZERO);
    }

    /** Which children a wait selects (the P_* id types of waitid). */
    public record Selector(int idtype, int id) {}

    /**
     * do_wait: waits for a child matching {@code sel} to change state as {@code options} ask
     * (WEXITED, WSTOPPED, WCONTINUED, WNOHANG, WNOWAIT, __WCLONE, __WALL).
     *
     * @throws ErrnoException ECHILD if no child matches, ERESTARTSYS if a signal interrupts
     */
    public static WaitResult waitChild(Task t, Selector sel, int options) throws ErrnoException {
        ThreadGroup g = t.group();
        ProcessTable pt = g.kernel().processTable();
        WaitResult[] out = new WaitResult[1];
        boolean[] none = new boolean[1];
        t.waitInterruptibly(() -> {
            synchronized (pt) {
                boolean any = false;
                for (ThreadGroup c : new ArrayList<>(g.children())) {
                    if (!selects(sel, c, g)) continue;
                    boolean clone = c.exitSignal() != Signal.SIGCHLD;
                    if ((options & Wait.__WALL) == 0 && clone != ((options & Wait.__WCLONE) != 0)) continue;
                    any = true;
                    WaitResult r = poll(pt, c, options);
                    if (r != null) {
                        out[0] = r;
                        return true;
                    }
                }
                if (!any) {
                    none[0] = true;
                    return true;
                }
                if ((options & Wait.WNOHANG) != 0) {
                    out[0] = WaitResult.NONE;
                    return true;
                }
                return false;
            }
        }, Long.MAX_VALUE, g.childWait());
        if (none[0]) throw ErrnoException.of(Errno.ECHILD);
        return out[0];
    }

    private static boolean selects(Selector sel, ThreadGroup c, ThreadGroup self) {
        return switch (sel.idtype()) {
            case Wait.P_PID -> c.pid() == sel.id();
            case Wait.P_PGID -> c.pgid() == (sel.id() == 0 ? self.pgid() : sel.id());
            default -> true;
        };
    }

    /** wait_consider_task for one child. Lock held. */
    private static WaitResult poll(ProcessTable pt, ThreadGroup c, int options) {
        boolean keep = (options & Wait.WNOWAIT) != 0;
        int uid = c.creds().uid();
        if (c.isZombie()) {
            if ((options & Wait.WEXITED) == 0) return null;
            int status = c.exitStatus();
            int code, value;
            if ((status & 0x7f) == 0) {
                code = Signal.CLD_EXITED;
                value = (status >> 8) & 0xff;
            } else {
                code = (status & 0x80) != 0 ? Signal.CLD_DUMPED : Signal.CLD_KILLED;
                value = status & 0x7f;
            }
            Rusage usage = new Rusage(c.totalUserNanos() + c.childUserNanos(),
                    c.totalCpuNanos() - c.totalUserNanos() + c.childSystemNanos(), Math.max(c.peakRssKib(), c.childMaxRssKib()));
            if (!keep) release(pt, c);
            return new WaitResult(c.pid(), status, code, value, uid, usage);
        }
        if ((options & Wait.WSTOPPED) != 0 && c.stopReportPending() && c.stopState() == ThreadGroup.StopState.STOPPED) {
            if (!keep) c.setStopReportPending(false);
            return new WaitResult(c.pid(), Wait.stopped(c.stopSignal()), Signal.CLD_STOPPED, c.stopSignal(), uid, liveUsage(c));
        }
        if ((options & Wait.WCONTINUED) != 0 && c.continuedReportPending()) {
            if (!keep) c.setContinuedReportPending(false);
            return new WaitResult(c.pid(), Wait.CONTINUED, Signal.CLD_CONTINUED, Signal.SIGCONT, uid, liveUsage(c));
        }
        return null;
    }

    /** The usage of a live child and its reaped children (getrusage(RUSAGE_BOTH) in wait_task_stopped). */
    private static Rusage liveUsage(ThreadGroup c) {
        return new Rusage(c.userTimeNanos() + c.childUserNanos(), c.systemTimeNanos() + c.childSystemNanos(),
                Math.max(c.peakRssKib(), c.childMaxRssKib()));
    }
}
