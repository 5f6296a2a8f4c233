package dev.jerla.kernel.syscall;

import dev.jerla.kernel.GuestStrings;
import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Fcntl;
import dev.jerla.abi.linux.Prctl;
import dev.jerla.abi.linux.Sched;
import dev.jerla.abi.linux.Signal;
import dev.jerla.abi.linux.Wait;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.loader.Exec;
import dev.jerla.kernel.mm.MemoryManager;
import dev.jerla.kernel.signal.Signals;
import dev.jerla.kernel.vfs.FileDescription;
import dev.jerla.kernel.task.Clone;
import dev.jerla.kernel.task.Credentials;
import dev.jerla.kernel.task.Exit;
import dev.jerla.kernel.task.PidFd;
import dev.jerla.kernel.task.Rusage;
import dev.jerla.kernel.task.RestartBlock;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.task.ThreadGroup;

import java.util.List;

/** Process life cycle system calls: fork, clone, execve, exit, wait, ids, prctl, arch_prctl (kernel/fork.c, exit.c, sys.c). */
public final class SysProcess {
    private SysProcess() {}

    private static ErrnoException err(Errno e) { return ErrnoException.of(e); }

    public static long fork(Task t, long a0, long a1, long a2, long a3, long a4, long a5) throws ErrnoException {
        return Clone.clone(t, new Clone.Args(0, Signal.SIGCHLD, 0, 0, 0, 0, 0, 0));
    }

    public static long vfork(Task t, long a0, long a1, long a2, long a3, long a4, long a5) throws ErrnoException {
        return Clone.clone(t, new Clone.Args(Sched.CLONE_VM | Sched.CLONE_VFORK, Signal.SIGCHLD, 0, 0, 0, 0, 0, 0));
    }

    /** clone(flags, newsp, parent_tid, child_tid, tls) in the x86-64 argument order. */
    public static long clone(Task t, long flags, long newsp, long ptid, long ctid, long tls, long a5) throws ErrnoException {
        // Legacy clone returns a CLONE_PIDFD pidfd through the parent_tid pointer, so the two exclude each other.
        if ((flags & Sched.CLONE_PIDFD) != 0 && (flags & Sched.CLONE_PARENT_SETTID) != 0) throw err(Errno.EINVAL);
        return Clone.clone(t, new Clone.Args(flags & ~Sched.CSIGNAL, (int) (flags & Sched.CSIGNAL), newsp, tls, ptid, ctid,
                (flags & Sched.CLONE_PIDFD) != 0 ? ptid : 0, 0));
    }

    /** CLONE_ARGS_SIZE_VER0 and VER2 (with cgroup) of struct clone_args in include/uapi/linux/sched.h. */
    private static final int CLONE_ARGS_SIZE_VER0 = 64, CLONE_ARGS_SIZE_VER2 = 88;
    /** MAX_PID_NS_LEVEL: the longest set_tid array. */
    private static final int MAX_PID_NS_LEVEL = 32;

    /**
     * clone3(struct clone_args *, size): copy_clone_args_from_user and clone3_args_valid. set_tid
     * names the pid in the one pid namespace; CLONE_INTO_CGROUP fails with EBADF as there is no
     * cgroup2 directory to name.
     */
    public static long clone3(Task t, long uargs, long size, long a2, long a3, long a4, long a5) throws ErrnoException {
        if (Long.compareUnsigned(size, MemoryManager.PAGE_SIZE) > 0) throw err(Errno.E2BIG);
        if (size < CLONE_ARGS_SIZE_VER0) throw err(Errno.EINVAL);
        byte[] b = t.mem().copyIn(uargs, (int) size);
        for (int i = CLONE_ARGS_SIZE_VER2; i < b.length; i++) if (b[i] != 0) throw err(Errno.E2BIG);
        byte[] a = java.util.Arrays.copyOf(b, CLONE_ARGS_SIZE_VER2);
        long flags = le64(a, 0), pidfd = le64(a, 8), childTid = le64(a, 16), parentTid = le64(a, 24);
        long exitSignal = le64(a, 32), stack = le64(a, 40), stackSize = le64(a, 48), tls = le64(a, 56);
        long setTid = le64(a, 64), setTidSize = le64(a, 72), cgroup = le64(a, 80);
        if (Long.compareUnsigned(setTidSize, MAX_PID_NS_LEVEL) > 0) throw err(Errno.EINVAL);
        if ((setTid == 0) != (setTidSize == 0)) throw err(Errno.EINVAL);
        if ((exitSignal & ~Sched.CSIGNAL) != 0 || !(exitSignal == 0 || Signals.valid((int) exitSignal))) throw err(Errno.EINVAL);
        if ((flags & Sched.CLONE_INTO_CGROUP) != 0 && (Long.compareUnsigned(cgroup, Integer.MAX_VALUE) > 0
                || size < CLONE_ARGS_SIZE_VER2)) {
            throw err(Errno.EINVAL);
        }
        int[] tids = new int[(int) setTidSize];
        for (int i = 0; i < tids.length; i++) tids[i] = t.mem().readInt(setTid + 4L * i);
        // clone3_args_valid: the CSIGNAL bits and CLONE_DETACHED are not flags here.
        if ((flags & ~(0xFFFF_FFFFL | Sched.CLONE_CLEAR_SIGHAND | Sched.CLONE_INTO_CGROUP)) != 0
                || (flags & (Sched.CLONE_DETACHED | (Sched.CSIGNAL & ~Sched.CLONE_NEWTIME))) != 0
                || ((flags & (Sched.CLONE_THREAD | Sched.CLONE_PARENT)) != 0 && exitSignal != 0)
                || (stack == 0) != (stackSize == 0)) {
            throw err(Errno.EINVAL);
        }
        if ((flags & Sched.CLONE_INTO_CGROUP) != 0) throw err(Errno.EBADF);
        // alloc_pid: one level of pid namespace, so one chosen pid at most.
        if (tids.length > 1 || (tids.length == 1 && tids[0] < 1)) throw err(Errno.EINVAL);
        long sp = stack == 0 ? 0 : stack + stackSize;
        return Clone.clone(t, new Clone.Args(flags, (int) exitSignal, sp, tls, parentTid, childTid,
                (flags & Sched.CLONE_PIDFD) != 0 ? pidfd : 0, tids.length == 1 ? tids[0] : 0));
    }

    public static long execve(Task t, long path, long argv, long envp, long a3, long a4, long a5) throws ErrnoException {
        String p = t.mem().readPath(path);
        if (p.isEmpty()) throw err(Errno.ENOENT);
        List<byte[]> args = Exec.readStrings(t, argv);
        List<byte[]> env = Exec.readStrings(t, envp);
        Exec.execve(t, p, args, env);
        return 0;
    }

    /** execveat: a path relative to a directory fd, or the fd itself with AT_EMPTY_PATH, by way of its path. */
    public static long execveat(Task t, long dirfd, long path, long argv, long envp, long flags, long a5) throws ErrnoException {
        if ((flags & ~(Fcntl.AT_EMPTY_PATH | Fcntl.AT_SYMLINK_NOFOLLOW)) != 0) throw err(Errno.EINVAL);
        String p = t.mem().readPath(path);
        int fd = (int) dirfd;
        if (p.isEmpty()) {
            if ((flags & Fcntl.AT_EMPTY_PATH) == 0) throw err(Errno.ENOENT);
            p = t.kernel().vfs().pathOf(t.files().get(fd));
        } else if (!p.startsWith("/") && fd != Fcntl.AT_FDCWD) {
            p = t.kernel().vfs().pathOf(t.files().get(fd)) + "/" + p;
        }
        List<byte[]> args = Exec.readStrings(t, argv);
        List<byte[]> env = Exec.readStrings(t, envp);
        Exec.execve(t, p, args, env);
        return 0;
    }

    /** exit(2) ends only the calling thread; the process ends with its last thread. */
    public static long exit(Task t, long code, long a1, long a2, long a3, long a4, long a5) {
        t.setExiting(Wait.exited((int) code));
        return 0;
    }

    public static long exitGroup(Task t, long code, long a1, long a2, long a3, long a4, long a5) {
        Signals.groupExit(t, Wait.exited((int) code));
        return 0;
    }

    private static final int WAIT4_OPTIONS = Wait.WNOHANG | Wait.WUNTRACED | Wait.WCONTINUED | Wait.__WNOTHREAD
            | Wait.__WCLONE | Wait.__WALL;
    private static final int WAITID_OPTIONS = Wait.WNOHANG | Wait.WNOWAIT | Wait.WEXITED | Wait.WSTOPPED
            | Wait.WCONTINUED | Wait.__WNOTHREAD | Wait.__WCLONE | Wait.__WALL;

    public static long wait4(Task t, long upid, long wstatus, long options, long rusage, long a4, long a5) throws ErrnoException {
        int opts = (int) options;
        if ((opts & ~WAIT4_OPTIONS) != 0) throw err(Errno.EINVAL);
        int pid = (int) upid;
        if (pid == Integer.MIN_VALUE) throw err(Errno.ESRCH);
        Exit.Selector sel;
        if (pid < -1) sel = new Exit.Selector(Wait.P_PGID, -pid);
        else if (pid == -1) sel = new Exit.Selector(Wait.P_ALL, 0);
        else if (pid == 0) sel = new Exit.Selector(Wait.P_PGID, t.group().pgid());
        else sel = new Exit.Selector(Wait.P_PID, pid);
        Exit.WaitResult r = Exit.waitChild(t, sel, opts | Wait.WEXITED);
        if (r.pid() > 0) {
            if (wstatus != 0) t.mem().writeInt(wstatus, r.status());
            if (rusage != 0) t.mem().copyOut(rusage, r.usage().bytes());
        }
        return r.pid();
    }

    public static long waitid(Task t, long idtype, long id, long infop, long options, long rusage, long a5) throws ErrnoException {
        int opts = (int) options;
        if ((opts & ~WAITID_OPTIONS) != 0) throw err(Errno.EINVAL);
        if ((opts & (Wait.WEXITED | Wait.WSTOPPED | Wait.WCONTINUED)) == 0) throw err(Errno.EINVAL);
        int which = (int) idtype, ident = (int) id;
        Exit.Selector sel = switch (which) {
            case Wait.P_ALL -> new Exit.Selector(Wait.P_ALL, 0);
            case Wait.P_PID -> {
                if (ident <= 0) throw err(Errno.EINVAL);
                yield new Exit.Selector(Wait.P_PID, ident);
            }
            case Wait.P_PGID -> {
                if (ident < 0) throw err(Errno.EINVAL);
                yield new Exit.Selector(Wait.P_PGID, ident == 0 ? t.group().pgid() : ident);
            }
            case Wait.P_PIDFD -> {
                if (ident < 0) throw err(Errno.EINVAL);
                yield new Exit.Selector(Wait.P_PID, pidfd(t, ident).process().pid());
            }
            default -> throw err(Errno.EINVAL);
        };
        Exit.WaitResult r = Exit.waitChild(t, sel, opts);
        if (infop != 0) {
            byte[] si = new byte[128];
            if (r.pid() > 0) {
                putInt(si, 0, Signal.SIGCHLD);
                putInt(si, 8, r.code());
                putInt(si, 16, r.pid());
                putInt(si, 20, r.uid());
                putInt(si, 24, r.value());
            }
            t.mem().copyOut(infop, si, 0, 32);
        }
        if (rusage != 0) t.mem().copyOut(rusage, (r.pid() > 0 ? r.usage() : Rusage.ZERO).bytes());
        return 0;
    }

    // ---------------------------------------------------------------- pidfds (kernel/pid.c)

    /** The pidfd behind {@code fd}; EBADF if it is not one. */
    static PidFd pidfd(Task t, int fd) throws ErrnoException {
        if (t.files().get(fd) instanceof PidFd p) return p;
        throw err(Errno.EBADF);
    }

    /** pidfd_open: a close-on-exec pidfd for process {@code pid} (PIDFD_NONBLOCK is O_NONBLOCK). */
    public static long pidfdOpen(Task t, long upid, long flags, long a2, long a3, long a4, long a5) throws ErrnoException {
        int pid = (int) upid;
        if ((flags & ~(long) Fcntl.O_NONBLOCK) != 0 || pid <= 0 || pid != upid) throw err(Errno.EINVAL);
        ThreadGroup g = t.kernel().findProcess(pid);
        if (g == null) throw err(t.kernel().findTask(pid) != null ? Errno.EINVAL : Errno.ESRCH);
        return SysFd.install(t, new PidFd(g, (int) flags), true);
    }

    /** pidfd_getfd: a duplicate (close-on-exec) of file descriptor {@code targetfd} of the pidfd's process. */
    public static long pidfdGetfd(Task t, long pidfd, long targetfd, long flags, long a3, long a4, long a5) throws ErrnoException {
        if (flags != 0) throw err(Errno.EINVAL);
        ThreadGroup g = pidfd(t, (int) pidfd).process();
        if (g.isZombie()) throw err(Errno.ESRCH);
        Credentials c = t.creds(), tc = g.creds();
        if (c.euid() != 0 && !(c.uid() == tc.uid() && c.uid() == tc.euid() && c.uid() == tc.suid())) throw err(Errno.EPERM);
        Task leader = null;
        for (Task x : g.threads()) { leader = x; break; }
        if (leader == null) throw err(Errno.ESRCH);
        FileDescription f = leader.files().get((int) targetfd);
        f.retain();
        return SysFd.install(t, f, true);
    }

    public static long getpid(Task t, long a0, long a1, long a2, long a3, long a4, long a5) {
        return t.group().pid();
    }

    public static long getppid(Task t, long a0, long a1, long a2, long a3, long a4, long a5) {
        return t.group().ppid();
    }

    public static long gettid(Task t, long a0, long a1, long a2, long a3, long a4, long a5) {
        return t.tid();
    }

    public static long setTidAddress(Task t, long tidptr, long a1, long a2, long a3, long a4, long a5) {
        t.setClearChildTid(tidptr);
        return t.tid();
    }

    /** restart_syscall: resumes the interrupted call recorded in the restart block; EINTR without one. */
    public static long restartSyscall(Task t, long a0, long a1, long a2, long a3, long a4, long a5) throws ErrnoException {
        RestartBlock r = t.restartBlock();
        t.setRestartBlock(null);
        if (r == null) throw err(Errno.EINTR);
        return r.restart(t);
    }

    /** personality: only the Linux personality (0) and its flags are kept; 0xffffffff queries. */
    public static long personality(Task t, long persona, long a1, long a2, long a3, long a4, long a5) throws ErrnoException {
        ThreadGroup g = t.group();
        int old = g.personality();
        int p = (int) persona;
        if (p != -1) {
            if ((p & 0xff) != 0) throw err(Errno.EINVAL);
            g.setPersonality(p);
        }
        return old & 0xffffffffL;
    }

    public static long prctl(Task t, long option, long a2, long a3, long a4, long a5, long a6) throws ErrnoException {
        ThreadGroup g = t.group();
        switch ((int) option) {
            case Prctl.PR_SET_NAME -> {
                t.setComm(GuestStrings.decode(readComm(t, a2)));
                return 0;
            }
            case Prctl.PR_GET_NAME -> {
                byte[] out = new byte[Prctl.TASK_COMM_LEN];
                byte[] c = GuestStrings.encode(t.comm());
                System.arraycopy(c, 0, out, 0, Math.min(c.length, 15));
                t.mem().copyOut(a2, out);
                return 0;
            }
            case Prctl.PR_SET_PDEATHSIG -> {
                if (a2 < 0 || a2 > Signal.NSIG) throw err(Errno.EINVAL);
                t.setPdeathSignal((int) a2);
                return 0;
            }
            case Prctl.PR_GET_PDEATHSIG -> {
                t.mem().writeInt(a2, t.pdeathSignal());
                return 0;
            }
            case Prctl.PR_GET_DUMPABLE -> {
                return g.dumpable() ? 1 : 0;
            }
            case Prctl.PR_SET_DUMPABLE -> {
                if (a2 != 0 && a2 != 1) throw err(Errno.EINVAL);
                g.setDumpable(a2 == 1);
                return 0;
            }
            case Prctl.PR_SET_CHILD_SUBREAPER -> {
                g.setSubreaper(a2 != 0);
                return 0;
            }
            case Prctl.PR_GET_CHILD_SUBREAPER -> {
                t.mem().writeInt(a2, g.subreaper() ? 1 : 0);
                return 0;
            }
            case Prctl.PR_SET_NO_NEW_PRIVS -> {
                if (a2 != 1 || a3 != 0 || a4 != 0 || a5 != 0) throw err(Errno.EINVAL);
                g.setNoNewPrivs();
                return 0;
            }
            case Prctl.PR_GET_NO_NEW_PRIVS -> {
                if (a2 != 0 || a3 != 0 || a4 != 0 || a5 != 0) throw err(Errno.EINVAL);
                return g.noNewPrivs() ? 1 : 0;
            }
            case Prctl.PR_GET_KEEPCAPS, Prctl.PR_GET_SECCOMP, Prctl.PR_GET_THP_DISABLE, Prctl.PR_GET_SECUREBITS -> {
                return 0;
            }
            case Prctl.PR_CAPBSET_READ -> {
                if (a2 < 0 || a2 > 40) throw err(Errno.EINVAL);
                return 1;
            }
            case Prctl.PR_GET_TIMERSLACK -> {
                return 50_000;
            }
            case Prctl.PR_GET_TID_ADDRESS -> {
                t.mem().writeLong(a2, t.clearChildTid());
                return 0;
            }
            default -> throw err(Errno.EINVAL);
        }
    }

    /** strncpy_from_user of at most TASK_COMM_LEN - 1 bytes. */
    private static byte[] readComm(Task t, long addr) throws ErrnoException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < Prctl.TASK_COMM_LEN - 1; i++) {
            byte b = t.mem().copyIn(addr + i, 1)[0];
            if (b == 0) break;
            out.write(b);
        }
        return out.toByteArray();
    }

    public static long archPrctl(Task t, long code, long addr, long a2, long a3, long a4, long a5) throws ErrnoException {
        switch ((int) code) {
            case Prctl.ARCH_SET_FS -> {
                if (Long.compareUnsigned(addr, MemoryManager.TASK_SIZE) >= 0) throw err(Errno.EPERM);
                t.cpu().setFsBase(addr);
                return 0;
            }
            case Prctl.ARCH_SET_GS -> {
                if (Long.compareUnsigned(addr, MemoryManager.TASK_SIZE) >= 0) throw err(Errno.EPERM);
                t.cpu().setGsBase(addr);
                return 0;
            }
            case Prctl.ARCH_GET_FS -> {
                t.mem().writeLong(addr, t.cpu().fsBase());
                return 0;
            }
            case Prctl.ARCH_GET_GS -> {
                t.mem().writeLong(addr, t.cpu().gsBase());
                return 0;
            }
            default -> throw err(Errno.EINVAL);
        }
    }

    static long le64(byte[] b, int o) {
        long v = 0;
        for (int i = 7; i >= 0; i--) v = (v << 8) | (b[o + i] & 0xFF);
        return v;
    }

    static void putInt(byte[] b, int o, int v) {
        for (int i = 0; i < 4; i++) b[o + i] = (byte) (v >>> (8 * i));
    }
}
