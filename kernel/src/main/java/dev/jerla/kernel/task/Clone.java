package dev.jerla.kernel.task;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Sched;
import dev.jerla.abi.linux.Signal;
import dev.jerla.cpu.Cpu;
import dev.jerla.cpu.mem.Mmu;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.Kernel;
import dev.jerla.kernel.mm.MemoryManager;
import dev.jerla.kernel.mm.UserMemory;
import dev.jerla.kernel.signal.SignalActions;
import dev.jerla.kernel.vfs.FdTable;
import dev.jerla.kernel.vfs.FsContext;

/**
 * Creating tasks (kernel/fork.c): the first process, and copy_process for fork, vfork, clone
 * and clone3 with the flags glibc and musl use for processes, posix_spawn and threads.
 */
public final class Clone {
    private Clone() {}

    /** The clone flags Jerla implements; any other bit is refused with EINVAL. */
    private static final long SUPPORTED = Sched.CSIGNAL | Sched.CLONE_VM | Sched.CLONE_FS | Sched.CLONE_FILES
            | Sched.CLONE_SIGHAND | Sched.CLONE_VFORK | Sched.CLONE_PARENT | Sched.CLONE_THREAD
            | Sched.CLONE_SYSVSEM | Sched.CLONE_SETTLS | Sched.CLONE_PARENT_SETTID | Sched.CLONE_CHILD_CLEARTID
            | Sched.CLONE_DETACHED | Sched.CLONE_UNTRACED | Sched.CLONE_CHILD_SETTID | Sched.CLONE_IO
            | Sched.CLONE_CLEAR_SIGHAND | Sched.CLONE_PIDFD;

    /**
     * The arguments of clone3's struct clone_args that Jerla uses ({@code pidfd}: where CLONE_PIDFD
     * stores the fd; {@code setTid}: the pid chosen with set_tid, or 0).
     */
    public record Args(long flags, int exitSignal, long stack, long tls, long parentTid, long childTid, long pidfd,
                       int setTid) {}

    /**
     * Creates the first process (pid 1) with an empty address space; execve gives it a program.
     * Not started.
     */
    public static Task createInit(Kernel k, FdTable files, FsContext fs) throws ErrnoException {
        ProcessTable pt = k.processTable();
        int pid = pt.allocatePid();
        var as = new dev.jerla.cpu.mem.AddressSpace();
        MemoryManager mm = new MemoryManager(as);
        Cpu cpu = new Cpu(new Mmu(as));
        // The x86-64 level CPUID announces; every later task copies its parent's CPU.
        cpu.setFeatures(dev.jerla.cpu.exec.CpuFeatures.forLevel(k.config().cpuLevel()));
        ThreadGroup g = new ThreadGroup(k, pid, ThreadGroup.defaultRlimits());
        g.setActions(new SignalActions());
        Task t = new Task(k, pid, cpu, g, files, fs, Credentials.ROOT, new UserMemory(as));
        t.setMm(mm);
        t.setComm("init");
        g.setMm(mm);
        synchronized (pt) {
            g.setLeader(t);
            g.threadList().add(t);
            g.setPgid(pid);
            g.setSid(pid);
            pt.addGroup(g);
            pt.addTask(t);
        }
        pt.retainFiles(files);
        pt.loadAverage().start(k.timers(), pt);
        return t;
    }

    /**
     * copy_process and kernel_clone: validates the flags, builds the child (sharing or copying
     * memory, files, fs, signal actions), starts it, and for CLONE_VFORK waits until it execs or
     * exits. Returns the child's tid.
     */
    public static int clone(Task parent, Args a) throws ErrnoException {
        long flags = a.flags();
        if ((flags & ~SUPPORTED) != 0) throw ErrnoException.of(Errno.EINVAL);
        if ((flags & Sched.CLONE_THREAD) != 0 && (flags & Sched.CLONE_SIGHAND) == 0) throw ErrnoException.of(Errno.EINVAL);
        if ((flags & Sched.CLONE_SIGHAND) != 0 && (flags & Sched.CLONE_VM) == 0) throw ErrnoException.of(Errno.EINVAL);
        if ((flags & (Sched.CLONE_SIGHAND | Sched.CLONE_CLEAR_SIGHAND)) == (Sched.CLONE_SIGHAND | Sched.CLONE_CLEAR_SIGHAND)) {
            throw ErrnoException.of(Errno.EINVAL);
        }
        ThreadGroup pg = parent.group();
        if ((flags & (Sched.CLONE_PARENT | Sched.CLONE_THREAD)) != 0 && pg.unkillable()) throw ErrnoException.of(Errno.EINVAL);
        if (a.exitSignal() < 0 || a.exitSignal() > Signal.NSIG) throw ErrnoException.of(Errno.EINVAL);
        if ((flags & Sched.CLONE_PIDFD) != 0 && (flags & (Sched.CLONE_THREAD | Sched.CLONE_DETACHED)) != 0) {
            throw ErrnoException.of(Errno.EINVAL);
        }
        Kernel k = parent.kernel();
        ProcessTable pt = k.processTable();
        boolean thread = (flags & Sched.CLONE_THREAD) != 0;
        checkNproc(parent);

        int tid = a.setTid() != 0 ? chosenPid(parent, a.setTid()) : pt.allocatePid();
        MemoryManager mm;
        if ((flags & Sched.CLONE_VM) != 0) {
            mm = parent.mm();
            mm.retain();
        } else {
            mm = parent.mm().fork();
        }
        Cpu cpu = new Cpu(new Mmu(mm.addressSpace()));
        cpu.copyStateFrom(parent.cpu());
        cpu.setReg(Cpu.RAX, 0);
        if (a.stack() != 0) cpu.setReg(Cpu.RSP, a.stack());
        if ((flags & Sched.CLONE_SETTLS) != 0) cpu.setFsBase(a.tls());

        FdTable files = (flags & Sched.CLONE_FILES) != 0 ? parent.files() : parent.files().fork();
        pt.retainFiles(files);
        FsContext fs = (flags & Sched.CLONE_FS) != 0 ? parent.fs() : parent.fs().copy();

        ThreadGroup g;
        if (thread) {
            g = pg;
        } else {
            g = new ThreadGroup(k, tid, pg.copyRlimits());
            g.setMm(mm);
            g.setExePath(pg.exePath());
            g.setNice(pg.nice());
            g.setDumpable(pg.dumpable());
            g.setExitSignal(a.exitSignal());
        }
        Task child = new Task(k, tid, cpu, g, files, fs, parent.creds(), new UserMemory(mm.addressSpace()));
        child.setMm(mm);
        child.setComm(parent.comm());
        child.setCpuAffinity(parent.cpuAffinity());
        child.setMempolicy(parent.mempolicy());
        if ((flags & Sched.CLONE_CHILD_CLEARTID) != 0) child.setClearChildTid(a.childTid());
        if ((flags & (Sched.CLONE_VM | Sched.CLONE_VFORK)) != Sched.CLONE_VM) {
            child.setAltStack(parent.altStackSp(), parent.altStackSize(), parent.altStackFlags());
        }
        if ((flags & Sched.CLONE_CHILD_SETTID) != 0) child.mem().writeInt(a.childTid(), tid);
        if ((flags & Sched.CLONE_PARENT_SETTID) != 0) parent.mem().writeInt(a.parentTid(), tid);

        if ((flags & Sched.CLONE_PIDFD) != 0) {
            // The pidfd exists before the child runs; failing to store it fails the clone.
            PidFd pidfd = new PidFd(g, 0);
            try {
                int limit = (int) Math.min(Integer.MAX_VALUE, pg.rlimitCur(dev.jerla.abi.linux.Resource.RLIMIT_NOFILE));
                int fd;
                try {
                    fd = parent.files().install(pidfd, true, 0, limit);
                } catch (ErrnoException e) {
                    pidfd.release();
                    throw e;
                }
                try {
                    parent.mem().writeInt(a.pidfd(), fd);
                } catch (ErrnoException e) {
                    parent.files().remove(fd).release();
                    throw e;
                }
            } catch (ErrnoException e) {
                mm.release();
                pt.releaseFiles(files);
                throw e;
            }
        }
        VforkDone vfork = null;
        if ((flags & Sched.CLONE_VFORK) != 0) {
            vfork = new VforkDone();
            child.setVforkDone(vfork);
        }
        synchronized (pt) {
            if (pg.groupExit()) {
                mm.release();
                pt.releaseFiles(files);
                throw ErrnoException.of(Errno.EINTR);
            }
            child.setBlocked(parent.blocked());
            if (thread) {
                g.threadList().add(child);
            } else {
                SignalActions actions = (flags & Sched.CLONE_SIGHAND) != 0 ? pg.actions() : pg.actions().copy();
                if ((flags & Sched.CLONE_CLEAR_SIGHAND) != 0) {
                    for (int sig = 1; sig <= Signal.NSIG; sig++) {
                        if (!actions.get(sig).isIgnore()) actions.set(sig, dev.jerla.kernel.signal.SigAction.DEFAULT);
                    }
                }
                g.setActions(actions);
                ThreadGroup realParent = (flags & Sched.CLONE_PARENT) != 0 && pg.parent() != null ? pg.parent() : pg;
                g.setParent(realParent);
                realParent.children().add(g);
                g.setPgid(pg.pgid());
                g.setSid(pg.sid());
                g.setLeader(child);
                g.threadList().add(child);
                pt.addGroup(g);
            }
            pt.addTask(child);
        }
        if (!thread) g.applyCpuLimit();
        TaskRunner.start(child);
        if (vfork != null) {
            VforkDone d = vfork;
            parent.waitUninterruptibly(() -> d.done() || pg.groupExit(), d.queue());
        }
        return tid;
    }

    /**
     * RLIMIT_NPROC (copy_process): a user may not own more tasks (threads and unreaped zombies
     * included) than the limit; root (who has CAP_SYS_RESOURCE) is exempt. @throws ErrnoException EAGAIN
     */
    private static void checkNproc(Task parent) throws ErrnoException {
        Credentials c = parent.creds();
        if (c.uid() == 0 || c.euid() == 0) return;
        long limit = parent.group().rlimitCur(dev.jerla.abi.linux.Resource.RLIMIT_NPROC);
        if (limit < 0) return;
        ProcessTable pt = parent.kernel().processTable();
        long n = 0;
        for (Task x : pt.tasks()) if (x.creds().uid() == c.uid()) n++;
        // A zombie still counts until it is reaped (release_task drops it from the user's count).
        for (ThreadGroup g : pt.groups()) if (g.isZombie() && g.creds().uid() == c.uid()) n++;
        if (n >= limit) throw ErrnoException.of(Errno.EAGAIN);
    }

    /**
     * alloc_pid with clone3's set_tid: a pid in range (EINVAL), chosen only with
     * CAP_CHECKPOINT_RESTORE (root; EPERM), and free (EEXIST).
     */
    private static int chosenPid(Task parent, int pid) throws ErrnoException {
        if (pid < 1 || pid >= ProcessTable.PID_MAX) throw ErrnoException.of(Errno.EINVAL);
        if (parent.creds().euid() != 0) throw ErrnoException.of(Errno.EPERM);
        return parent.kernel().processTable().allocatePid(pid);
    }

    /** Makes {@code t} the leader's tid after a non-leader thread execs (de_thread's pid exchange). Lock held. */
    static void takeLeaderTid(ProcessTable pt, Task t) {
        ThreadGroup g = t.group();
        pt.removeTask(t);
        t.setTid(g.pid());
        g.setLeader(t);
        pt.addTask(t);
        Thread th = t.thread();
        if (th != null) th.setName("jerla-" + g.pid() + "-" + g.pid());
    }
}
