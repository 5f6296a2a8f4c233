package dev.jerla.kernel.syscall;

import dev.jerla.abi.linux.Errno;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.task.Credentials;
import dev.jerla.kernel.task.Sessions;
import dev.jerla.kernel.task.Task;

/**
 * Identity system calls: user and group ids (kernel/sys.c, kernel/groups.c) with Linux's
 * rules for privileged (euid 0, holding every capability) and unprivileged callers, process
 * groups and sessions, and capabilities (root holds all, others none).
 */
public final class SysCred {
    private SysCred() {}

    private static ErrnoException err(Errno e) { return ErrnoException.of(e); }

    /** The "-1 means unchanged" argument of the set*id calls. */
    private static final int KEEP = -1;
    /** NGROUPS_MAX. */
    private static final int NGROUPS_MAX = 65536;

    private static boolean privileged(Credentials c) { return c.euid() == 0; }

    public static long getuid(Task t, long a0, long a1, long a2, long a3, long a4, long a5) { return t.creds().uid(); }

    public static long geteuid(Task t, long a0, long a1, long a2, long a3, long a4, long a5) { return t.creds().euid(); }

    public static long getgid(Task t, long a0, long a1, long a2, long a3, long a4, long a5) { return t.creds().gid(); }

    public static long getegid(Task t, long a0, long a1, long a2, long a3, long a4, long a5) { return t.creds().egid(); }

    /** setuid: privileged sets all four ids; otherwise only euid/fsuid, to the real or saved uid. */
    public static long setuid(Task t, long uid, long a1, long a2, long a3, long a4, long a5) throws ErrnoException {
        int u = (int) uid;
        if (u == KEEP) throw err(Errno.EINVAL);
        Credentials c = t.creds();
        if (privileged(c)) {
            t.setCreds(new Credentials(u, u, u, u, c.gid(), c.egid(), c.sgid(), c.fsgid(), c.groups()));
        } else if (u == c.uid() || u == c.suid()) {
            t.setCreds(new Credentials(c.uid(), u, c.suid(), u, c.gid(), c.egid(), c.sgid(), c.fsgid(), c.groups()));
        } else {
            throw err(Errno.EPERM);
        }
        return 0;
    }

    public static long setgid(Task t, long gid, long a1, long a2, long a3, long a4, long a5) throws ErrnoException {
        int g = (int) gid;
        if (g == KEEP) throw err(Errno.EINVAL);
        Credentials c = t.creds();
        if (privileged(c)) {
            t.setCreds(new Credentials(c.uid(), c.euid(), c.suid(), c.fsuid(), g, g, g, g, c.groups()));
        } else if (g == c.gid() || g == c.sgid()) {
            t.setCreds(new Credentials(c.uid(), c.euid(), c.suid(), c.fsuid(), c.gid(), g, c.sgid(), g, c.groups()));
        } else {
            throw err(Errno.EPERM);
        }
        return 0;
    }

    /** setreuid: the saved uid follows the new euid when the real uid is set or the euid differs from the old real uid. */
    public static long setreuid(Task t, long ruid, long euid, long a2, long a3, long a4, long a5) throws ErrnoException {
        int r = (int) ruid, e = (int) euid;
        Credentials c = t.creds();
        boolean priv = privileged(c);
        int nr = c.uid(), ne = c.euid(), ns = c.suid();
        if (r != KEEP) {
            if (!priv && r != c.uid() && r != c.euid()) throw err(Errno.EPERM);
            nr = r;
        }
        if (e != KEEP) {
            if (!priv && e != c.uid() && e != c.euid() && e != c.suid()) throw err(Errno.EPERM);
            ne = e;
        }
        if (r != KEEP || (e != KEEP && e != c.uid())) ns = ne;
        t.setCreds(new Credentials(nr, ne, ns, ne, c.gid(), c.egid(), c.sgid(), c.fsgid(), c.groups()));
        return 0;
    }

    public static long setregid(Task t, long rgid, long egid, long a2, long a3, long a4, long a5) throws ErrnoException {
        int r = (int) rgid, e = (int) egid;
        Credentials c = t.creds();
        boolean priv = privileged(c);
        int nr = c.gid(), ne = c.egid(), ns = c.sgid();
        if (r != KEEP) {
            if (!priv && r != c.gid() && r != c.egid()) throw err(Errno.EPERM);
            nr = r;
        }
        if (e != KEEP) {
            if (!priv && e != c.gid() && e != c.egid() && e != c.sgid()) throw err(Errno.EPERM);
            ne = e;
        }
        if (r != KEEP || (e != KEEP && e != c.gid())) ns = ne;
        t.setCreds(new Credentials(c.uid(), c.euid(), c.suid(), c.fsuid(), nr, ne, ns, ne, c.groups()));
        return 0;
    }

    public static long setresuid(Task t, long ruid, long euid, long suid, long a3, long a4, long a5) throws ErrnoException {
        int r = (int) ruid, e = (int) euid, s = (int) suid;
        Credentials c = t.creds();
        if (!privileged(c)) {
            for (int v : new int[] {r, e, s}) {
                if (v != KEEP && v != c.uid() && v != c.euid() && v != c.suid()) throw err(Errno.EPERM);
            }
        }
        int ne = e != KEEP ? e : c.euid();
        t.setCreds(new Credentials(r != KEEP ? r : c.uid(), ne, s != KEEP ? s : c.suid(), ne,
                c.gid(), c.egid(), c.sgid(), c.fsgid(), c.groups()));
        return 0;
    }

    public static long setresgid(Task t, long rgid, long egid, long sgid, long a3, long a4, long a5) throws ErrnoException {
        int r = (int) rgid, e = (int) egid, s = (int) sgid;
        Credentials c = t.creds();
        if (!privileged(c)) {
            for (int v : new int[] {r, e, s}) {
                if (v != KEEP && v != c.gid() && v != c.egid() && v != c.sgid()) throw err(Errno.EPERM);
            }
        }
        int ne = e != KEEP ? e : c.egid();
        t.setCreds(new Credentials(c.uid(), c.euid(), c.suid(), c.fsuid(), r != KEEP ? r : c.gid(), ne,
                s != KEEP ? s : c.sgid(), ne, c.groups()));
        return 0;
    }

    public static long getresuid(Task t, long ruid, long euid, long suid, long a3, long a4, long a5) throws ErrnoException {
        Credentials c = t.creds();
        t.mem().writeInt(ruid, c.uid());
        t.mem().writeInt(euid, c.euid());
        t.mem().writeInt(suid, c.suid());
        return 0;
    }

    public static long getresgid(Task t, long rgid, long egid, long sgid, long a3, long a4, long a5) throws ErrnoException {
        Credentials c = t.creds();
        t.mem().writeInt(rgid, c.gid());
        t.mem().writeInt(egid, c.egid());
        t.mem().writeInt(sgid, c.sgid());
        return 0;
    }

    /** setfsuid: returns the old fsuid whether or not the change was allowed. */
    public static long setfsuid(Task t, long uid, long a1, long a2, long a3, long a4, long a5) {
        Credentials c = t.creds();
        int u = (int) uid, old = c.fsuid();
        if (u != KEEP && (privileged(c) || u == c.uid() || u == c.euid() || u == c.suid() || u == c.fsuid())) {
            t.setCreds(new Credentials(c.uid(), c.euid(), c.suid(), u, c.gid(), c.egid(), c.sgid(), c.fsgid(), c.groups()));
        }
        return old;
    }

    public static long setfsgid(Task t, long gid, long a1, long a2, long a3, long a4, long a5) {
        Credentials c = t.creds();
        int g = (int) gid, old = c.fsgid();
        if (g != KEEP && (privileged(c) || g == c.gid() || g == c.egid() || g == c.sgid() || g == c.fsgid())) {
            t.setCreds(new Credentials(c.uid(), c.euid(), c.suid(), c.fsuid(), c.gid(), c.egid(), c.sgid(), g, c.groups()));
        }
        return old;
    }

    /** getgroups: size 0 asks for the count; a smaller non-zero size is EINVAL. */
    public static long getgroups(Task t, long size, long list, long a2, long a3, long a4, long a5) throws ErrnoException {
        int[] g = t.creds().groups();
        int n = (int) size;
        if (n < 0) throw err(Errno.EINVAL);
        if (n == 0) return g.length;
        if (n < g.length) throw err(Errno.EINVAL);
        byte[] b = new byte[g.length * 4];
        for (int i = 0; i < g.length; i++) SysProcess.putInt(b, i * 4, g[i]);
        t.mem().copyOut(list, b);
        return g.length;
    }

    /** setgroups: privileged only; the list is kept sorted as groups_sort does. */
    public static long setgroups(Task t, long size, long list, long a2, long a3, long a4, long a5) throws ErrnoException {
        int n = (int) size;
        if (n < 0 || n > NGROUPS_MAX) throw err(Errno.EINVAL);
        Credentials c = t.creds();
        if (!privileged(c)) throw err(Errno.EPERM);
        byte[] b = t.mem().copyIn(list, n * 4);
        int[] g = new int[n];
        for (int i = 0; i < n; i++) g[i] = (b[4 * i] & 0xFF) | (b[4 * i + 1] & 0xFF) << 8 | (b[4 * i + 2] & 0xFF) << 16 | (b[4 * i + 3] & 0xFF) << 24;
        java.util.Arrays.sort(g);
        t.setCreds(new Credentials(c.uid(), c.euid(), c.suid(), c.fsuid(), c.gid(), c.egid(), c.sgid(), c.fsgid(), g));
        return 0;
    }

    /** capget: version 3 (two 32-bit halves); root has every capability, others none. */
    public static long capget(Task t, long hdr, long data, long a2, long a3, long a4, long a5) throws ErrnoException {
        int version = checkCapVersion(t, hdr);
        if (data == 0) return 0;
        int words = version == 0x19980330 ? 1 : 2;
        boolean root = privileged(t.creds());
        byte[] out = new byte[12 * words];
        for (int i = 0; i < words; i++) {
            int v = root ? (i == 0 ? -1 : 0x1ff) : 0;
            SysProcess.putInt(out, 12 * i, v);
            SysProcess.putInt(out, 12 * i + 4, v);
        }
        t.mem().copyOut(data, out);
        return 0;
    }

    /** capset: accepted when it asks for no more than the caller has (nothing is tracked). */
    public static long capset(Task t, long hdr, long data, long a2, long a3, long a4, long a5) throws ErrnoException {
        checkCapVersion(t, hdr);
        int pid = t.mem().readInt(hdr + 4);
        if (pid != 0 && pid != t.tid()) throw err(Errno.EPERM);
        if (!privileged(t.creds())) {
            int words = 2;
            byte[] b = t.mem().copyIn(data, 12 * words);
            for (int i = 0; i < b.length; i++) if (b[i] != 0) throw err(Errno.EPERM);
        }
        return 0;
    }

    private static int checkCapVersion(Task t, long hdr) throws ErrnoException {
        int version = t.mem().readInt(hdr);
        if (version != 0x19980330 && version != 0x20071026 && version != 0x20080522) {
            t.mem().writeInt(hdr, 0x20080522);
            throw err(Errno.EINVAL);
        }
        int pid = t.mem().readInt(hdr + 4);
        if (pid < 0) throw err(Errno.EINVAL);
        if (pid != 0 && t.kernel().findTask(pid) == null) throw err(Errno.ESRCH);
        return version;
    }

    // ---------------------------------------------------------------- process groups and sessions

    public static long getpgid(Task t, long pid, long a1, long a2, long a3, long a4, long a5) throws ErrnoException {
        return Sessions.getpgid(t, (int) pid);
    }

    public static long getpgrp(Task t, long a0, long a1, long a2, long a3, long a4, long a5) {
        return t.group().pgid();
    }

    public static long setpgid(Task t, long pid, long pgid, long a2, long a3, long a4, long a5) throws ErrnoException {
        Sessions.setpgid(t, (int) pid, (int) pgid);
        return 0;
    }

    public static long setsid(Task t, long a0, long a1, long a2, long a3, long a4, long a5) throws ErrnoException {
        return Sessions.setsid(t);
    }

    public static long getsid(Task t, long pid, long a1, long a2, long a3, long a4, long a5) throws ErrnoException {
        return Sessions.getsid(t, (int) pid);
    }
}
