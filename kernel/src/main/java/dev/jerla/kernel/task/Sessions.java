package dev.jerla.kernel.task;

import dev.jerla.abi.linux.Errno;
import dev.jerla.kernel.ErrnoException;

/** Process groups and sessions (setpgid, getpgid, setsid, getsid in kernel/sys.c). */
public final class Sessions {
    private Sessions() {}

    private static ErrnoException err(Errno e) { return ErrnoException.of(e); }

    private static ThreadGroup target(Task t, int pid) throws ErrnoException {
        if (pid == 0) return t.group();
        ThreadGroup g = t.kernel().processTable().group(pid);
        if (g == null) throw err(Errno.ESRCH);
        return g;
    }

    public static int getpgid(Task t, int pid) throws ErrnoException {
        synchronized (t.kernel().processTable()) { return target(t, pid).pgid(); }
    }

    public static int getsid(Task t, int pid) throws ErrnoException {
        synchronized (t.kernel().processTable()) { return target(t, pid).sid(); }
    }

    /**
     * setpgid: the caller or one of its children that has not exec'd, in the caller's session,
     * not a session leader, into a group of that session (or a new one named by its pid).
     */
    public static void setpgid(Task t, int pid, int pgid) throws ErrnoException {
        ProcessTable pt = t.kernel().processTable();
        ThreadGroup self = t.group();
        if (pgid < 0) throw err(Errno.EINVAL);
        synchronized (pt) {
            ThreadGroup p = pid == 0 ? self : pt.group(pid);
            if (p == null || p.isZombie()) throw err(Errno.ESRCH);
            if (pgid == 0) pgid = p.pid();
            if (p.parent() == self) {
                if (p.sid() != self.sid()) throw err(Errno.EPERM);
                if (p.execed()) throw err(Errno.EACCES);
            } else if (p != self) {
                throw err(Errno.ESRCH);
            }
            if (p.sid() == p.pid()) throw err(Errno.EPERM);
            if (pgid != p.pid()) {
                boolean found = false;
                for (ThreadGroup g : pt.groups()) {
                    if (g.pgid() == pgid && g.sid() == self.sid()) { found = true; break; }
                }
                if (!found) throw err(Errno.EPERM);
            }
            p.setPgid(pgid);
        }
    }

    /** setsid: EPERM if a process group with the caller's pid exists (it would lead a group). */
    public static int setsid(Task t) throws ErrnoException {
        ProcessTable pt = t.kernel().processTable();
        ThreadGroup g = t.group();
        synchronized (pt) {
            if (pt.processGroupExists(g.pid())) throw err(Errno.EPERM);
            g.setSid(g.pid());
            g.setPgid(g.pid());
            return g.pid();
        }
    }
}
