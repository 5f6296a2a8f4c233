package dev.jerla.kernel.task;

import dev.jerla.abi.linux.Errno;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.signal.SignalActions;
import dev.jerla.kernel.signal.Signals;
import dev.jerla.kernel.vfs.FdTable;

/**
 * The parts of execve that concern the task rather than the image (fs/exec.c): de_thread,
 * unsharing and closing files, and resetting signal handlers.
 */
public final class Threads {
    private Threads() {}

    /**
     * de_thread: every other thread of the process exits; a non-leader thread that execs takes
     * over the process's pid. EAGAIN if the process is already exiting.
     */
    public static void deThread(Task t) throws ErrnoException {
        ThreadGroup g = t.group();
        ProcessTable pt = g.kernel().processTable();
        synchronized (pt) {
            if (g.groupExit()) throw ErrnoException.of(Errno.EAGAIN);
            for (Task x : g.threadList()) {
                if (x == t) continue;
                x.setZapped();
                x.setSignalPending(true);
            }
        }
        t.waitUninterruptibly(() -> {
            synchronized (pt) { return g.threadList().size() == 1 || g.groupExit(); }
        }, g.threadExitWait());
        synchronized (pt) {
            if (g.groupExit()) throw ErrnoException.of(Errno.EAGAIN);
            if (t.tid() != g.pid()) Clone.takeLeaderTid(pt, t);
            g.setExeced();
        }
        g.deletePosixTimers();
    }

    /** unshare_files and do_close_on_exec. */
    public static void execFiles(Task t) {
        ProcessTable pt = t.kernel().processTable();
        FdTable files = t.files();
        if (pt.filesShared(files)) {
            FdTable copy = files.fork();
            pt.retainFiles(copy);
            t.setFiles(copy);
            pt.releaseFiles(files);
            files = copy;
        }
        files.closeOnExec();
    }

    /** unshare_sighand and flush_signal_handlers: caught signals go back to their default action. */
    public static void execSignals(Task t) {
        ThreadGroup g = t.group();
        ProcessTable pt = g.kernel().processTable();
        synchronized (pt) {
            SignalActions a = g.actions();
            boolean shared = false;
            for (ThreadGroup other : pt.groups()) {
                if (other != g && other.actions() == a && !other.isZombie()) { shared = true; break; }
            }
            if (shared) {
                a = a.copy();
                g.setActions(a);
            }
            a.resetForExec();
            Signals.recalc(t);
        }
    }
}
