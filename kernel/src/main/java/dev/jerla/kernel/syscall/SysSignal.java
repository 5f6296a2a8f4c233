package dev.jerla.kernel.syscall;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Signal;
import dev.jerla.cpu.Cpu;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.signal.SigAction;
import dev.jerla.kernel.signal.SigInfo;
import dev.jerla.kernel.signal.SignalFrame;
import dev.jerla.kernel.signal.Signals;
import dev.jerla.kernel.task.Credentials;
import dev.jerla.kernel.task.ProcessTable;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.task.ThreadGroup;
import dev.jerla.kernel.time.Timespec;

import java.util.ArrayList;
import java.util.List;

/** Signal system calls (kernel/signal.c, arch/x86/kernel/signal.c). */
public final class SysSignal {
    private SysSignal() {}

    private static ErrnoException err(Errno e) { return ErrnoException.of(e); }

    /** sizeof(sigset_t) for the rt_* calls. */
    private static final long SIGSET_SIZE = 8;

    private static void checkSigsetSize(long size) throws ErrnoException {
        if (size != SIGSET_SIZE) throw err(Errno.EINVAL);
    }

    public static long rtSigaction(Task t, long sig, long act, long oact, long sigsetsize, long a4, long a5) throws ErrnoException {
        checkSigsetSize(sigsetsize);
        int s = (int) sig;
        if (!Signals.valid(s) || sig != s) throw err(Errno.EINVAL);
        SigAction na = act != 0 ? SigAction.fromBytes(t.mem().copyIn(act, SigAction.SIZE)) : null;
        if (na != null && Signals.kernelOnly(s)) throw err(Errno.EINVAL);
        ThreadGroup g = t.group();
        ProcessTable pt = t.kernel().processTable();
        SigAction old;
        synchronized (pt) {
            old = g.actions().get(s);
            if (na != null) {
                na = new SigAction(na.handler(), na.flags(), na.restorer(), na.mask() & ~Signals.UNBLOCKABLE);
                g.actions().set(s, na);
                // Setting a signal to be ignored discards it where pending (do_sigaction, POSIX 3.3.1.3).
                boolean ignoredNow = na.isIgnore() || (na.isDefault() && Signals.defaultIgnores(s));
                if (ignoredNow) {
                    long m = Signal.sigmask(s);
                    g.sharedPending().remove(m);
                    for (Task x : g.threadList()) x.pending().remove(m);
                }
            }
        }
        if (oact != 0) t.mem().copyOut(oact, old.toBytes());
        return 0;
    }

    public static long rtSigprocmask(Task t, long how, long set, long oset, long sigsetsize, long a4, long a5) throws ErrnoException {
        checkSigsetSize(sigsetsize);
        long old;
        synchronized (t.kernel().processTable()) { old = t.blocked(); }
        if (set != 0) {
            long s = t.mem().readLong(set);
            long next = switch ((int) how) {
                case Signal.SIG_BLOCK -> old | s;
                case Signal.SIG_UNBLOCK -> old & ~s;
                case Signal.SIG_SETMASK -> s;
                default -> throw err(Errno.EINVAL);
            };
            Signals.setBlocked(t, next);
        }
        if (oset != 0) t.mem().writeLong(oset, old);
        return 0;
    }

    public static long rtSigpending(Task t, long set, long sigsetsize, long a2, long a3, long a4, long a5) throws ErrnoException {
        if (sigsetsize > SIGSET_SIZE) throw err(Errno.EINVAL);
        long p = Signals.pendingSet(t);
        byte[] b = new byte[(int) sigsetsize];
        for (int i = 0; i < b.length; i++) b[i] = (byte) (p >>> (8 * i));
        t.mem().copyOut(set, b);
        return 0;
    }

    /** rt_sigsuspend: waits with the given mask until a handler runs; always EINTR (ERESTARTNOHAND). */
    public static long rtSigsuspend(Task t, long mask, long sigsetsize, long a2, long a3, long a4, long a5) throws ErrnoException {
        checkSigsetSize(sigsetsize);
        long m = t.mem().readLong(mask);
        Signals.setTemporaryMask(t, m);
        while (true) {
            try {
                t.waitInterruptibly(() -> false, Long.MAX_VALUE);
            } catch (ErrnoException e) {
                throw ErrnoException.of(ErrnoException.ERESTARTNOHAND);
            }
        }
    }

    /** pause: sleeps until a signal handler runs. */
    public static long pause(Task t, long a0, long a1, long a2, long a3, long a4, long a5) throws ErrnoException {
        while (true) {
            try {
                t.waitInterruptibly(() -> false, Long.MAX_VALUE);
            } catch (ErrnoException e) {
                throw ErrnoException.of(ErrnoException.ERESTARTNOHAND);
            }
        }
    }

    /** rt_sigtimedwait: takes a pending signal of the set, waiting for one (the set is unblocked meanwhile). */
    public static long rtSigtimedwait(Task t, long uthese, long uinfo, long uts, long sigsetsize, long a4, long a5) throws ErrnoException {
        checkSigsetSize(sigsetsize);
        long these = t.mem().readLong(uthese) & ~Signals.UNBLOCKABLE;
        long deadline = Long.MAX_VALUE;
        if (uts != 0) {
            long n = Timespec.read(t.mem(), uts).toNanos();
            if (n < 0) throw err(Errno.EINVAL);
            deadline = System.nanoTime() + Math.min(n, Long.MAX_VALUE / 4);
        }
        SigInfo info = Signals.dequeue(t, these);
        if (info == null) {
            ProcessTable pt = t.kernel().processTable();
            long saved;
            synchronized (pt) {
                saved = t.blocked();
                t.setRealBlocked(saved);
                t.setBlocked(saved & ~these);
                Signals.recalc(t);
            }
            SigInfo[] got = new SigInfo[1];
            boolean interrupted = false;
            try {
                t.waitInterruptibly(() -> (got[0] = Signals.dequeue(t, these)) != null, deadline);
            } catch (ErrnoException e) {
                interrupted = true;
            } finally {
                synchronized (pt) {
                    t.setBlocked(saved);
                    t.setRealBlocked(0);
                    Signals.recalc(t);
                }
            }
            if (interrupted) {
                // A signal of "these" that arrived with the interruption is still the answer.
                got[0] = Signals.dequeue(t, these);
                if (got[0] == null) throw err(Errno.EINTR);
            }
            info = got[0];
            if (info == null) throw err(Errno.EAGAIN);
        }
        if (uinfo != 0) t.mem().copyOut(uinfo, info.bytes());
        return info.signo();
    }

    /** rt_sigreturn: restores the context the handler's frame saved; a bad frame is SIGSEGV. */
    public static long rtSigreturn(Task t, long a0, long a1, long a2, long a3, long a4, long a5) {
        if (!SignalFrame.restore(t)) {
            t.setSyscallNr(-1);
            Signals.force(t, SigInfo.kernel(Signal.SIGSEGV));
        }
        return t.cpu().reg(Cpu.RAX);
    }

    /** sigaltstack: not while running on it (EPERM); MINSIGSTKSZ at least (ENOMEM). */
    public static long sigaltstack(Task t, long uss, long uoss, long a2, long a3, long a4, long a5) throws ErrnoException {
        long sp = t.cpu().reg(Cpu.RSP);
        long oldSp = t.altStackSp(), oldSize = t.altStackSize();
        int oldFlags = SignalFrame.sasSsFlags(sp, oldSp, oldSize, t.altStackFlags()) | (t.altStackFlags() & Signal.SS_AUTODISARM);
        if (uss != 0) {
            long ssSp = t.mem().readLong(uss);
            int ssFlags = t.mem().readInt(uss + 8);
            long ssSize = t.mem().readLong(uss + 16);
            if (SignalFrame.sasSsFlags(sp, oldSp, oldSize, t.altStackFlags()) == Signal.SS_ONSTACK) throw err(Errno.EPERM);
            int mode = ssFlags & ~Signal.SS_AUTODISARM;
            if (mode != Signal.SS_DISABLE && mode != Signal.SS_ONSTACK && mode != 0) throw err(Errno.EINVAL);
            if (mode == Signal.SS_DISABLE) {
                t.setAltStack(0, 0, Signal.SS_DISABLE);
            } else {
                if (ssSize < Signal.MINSIGSTKSZ) throw err(Errno.ENOMEM);
                t.setAltStack(ssSp, ssSize, ssFlags & Signal.SS_AUTODISARM);
            }
        }
        if (uoss != 0) {
            byte[] b = new byte[24];
            putLong(b, 0, oldSp);
            SysProcess.putInt(b, 8, oldFlags);
            putLong(b, 16, oldSize);
            t.mem().copyOut(uoss, b);
        }
        return 0;
    }

    // ---------------------------------------------------------------- sending

    /** check_kill_permission: root, a matching real or effective uid, or SIGCONT within the session. */
    private static boolean mayKill(Task sender, ThreadGroup target, int sig) {
        Credentials c = sender.creds(), tc = target.creds();
        if (c.euid() == 0) return true;
        if (c.euid() == tc.suid() || c.euid() == tc.uid() || c.uid() == tc.suid() || c.uid() == tc.uid()) return true;
        return sig == Signal.SIGCONT && sender.group().sid() == target.sid();
    }

    private static SigInfo userInfo(Task t, int sig, int code) {
        return SigInfo.kill(sig, code, t.group().pid(), t.creds().uid());
    }

    /** kill: one process, the caller's group (0), a group (-pgid), or everyone but pid 1 and the caller (-1). */
    public static long kill(Task t, long upid, long usig, long a2, long a3, long a4, long a5) throws ErrnoException {
        int pid = (int) upid, sig = (int) usig;
        if (sig < 0 || sig > Signal.NSIG || usig != sig) throw err(Errno.EINVAL);
        ProcessTable pt = t.kernel().processTable();
        SigInfo info = sig == 0 ? null : userInfo(t, sig, Signal.SI_USER);
        synchronized (pt) {
            if (pid > 0) {
                ThreadGroup g = pt.group(pid);
                if (g == null) throw err(Errno.ESRCH);
                if (!mayKill(t, g, sig)) throw err(Errno.EPERM);
                if (info != null) Signals.send(g, null, info, false);
                return 0;
            }
            List<ThreadGroup> targets = new ArrayList<>();
            if (pid == -1) {
                for (ThreadGroup g : pt.groups()) {
                    if (g.pid() > 1 && g != t.group() && !g.isZombie()) targets.add(g);
                }
            } else {
                if (pid == Integer.MIN_VALUE) throw err(Errno.ESRCH);
                int pgid = pid == 0 ? t.group().pgid() : -pid;
                targets.addAll(pt.processGroup(pgid));
            }
            if (targets.isEmpty()) throw err(Errno.ESRCH);
            boolean any = false;
            for (ThreadGroup g : targets) {
                if (!mayKill(t, g, sig)) continue;
                any = true;
                if (info != null) Signals.send(g, null, info, false);
            }
            if (!any) throw err(Errno.EPERM);
            return 0;
        }
    }

    private static long sendToThread(Task t, int tgid, int tid, int sig, SigInfo info) throws ErrnoException {
        if (tid <= 0 || sig < 0 || sig > Signal.NSIG) throw err(Errno.EINVAL);
        ProcessTable pt = t.kernel().processTable();
        synchronized (pt) {
            Task target = pt.task(tid);
            if (target == null || target.exiting() && target.group().isZombie()) throw err(Errno.ESRCH);
            ThreadGroup g = target.group();
            if (tgid > 0 && g.pid() != tgid) throw err(Errno.ESRCH);
            if (!mayKill(t, g, sig)) throw err(Errno.EPERM);
            if (sig != 0) Signals.send(g, target, info != null ? info : userInfo(t, sig, Signal.SI_TKILL), false);
            return 0;
        }
    }

    public static long tkill(Task t, long tid, long sig, long a2, long a3, long a4, long a5) throws ErrnoException {
        return sendToThread(t, 0, (int) tid, (int) sig, null);
    }

    public static long tgkill(Task t, long tgid, long tid, long sig, long a3, long a4, long a5) throws ErrnoException {
        if ((int) tgid <= 0) throw err(Errno.EINVAL);
        return sendToThread(t, (int) tgid, (int) tid, (int) sig, null);
    }

    /** The siginfo of rt_sigqueueinfo: a process may not pose as the kernel or kill(2) except towards itself. */
    private static SigInfo queuedInfo(Task t, int pid, int sig, long uinfo) throws ErrnoException {
        byte[] raw = t.mem().copyIn(uinfo, SigInfo.SIZE);
        SigInfo info = SigInfo.fromGuest(sig, raw);
        if ((info.code() >= 0 || info.code() == Signal.SI_TKILL) && pid != t.group().pid()) throw err(Errno.EPERM);
        return info;
    }

    /**
     * pidfd_send_signal: kill(2) aimed through a pidfd, with an optional siginfo as
     * rt_sigqueueinfo takes it (only towards the caller's own process may it pose as the kernel).
     */
    public static long pidfdSendSignal(Task t, long pidfd, long usig, long uinfo, long flags, long a4, long a5) throws ErrnoException {
        // PIDFD_SIGNAL_THREAD (1), PIDFD_SIGNAL_THREAD_GROUP (2), PIDFD_SIGNAL_PROCESS_GROUP (4): at most one.
        if ((flags & ~7L) != 0 || Long.bitCount(flags) > 1) throw err(Errno.EINVAL);
        int sig = (int) usig;
        if (sig < 0 || sig > Signal.NSIG || usig != sig) throw err(Errno.EINVAL);
        ThreadGroup g = SysProcess.pidfd(t, (int) pidfd).process();
        SigInfo info = null;
        if (sig != 0) {
            if (uinfo == 0) {
                info = userInfo(t, sig, Signal.SI_USER);
            } else {
                info = queuedInfo(t, g.pid(), sig, uinfo);
                if (g != t.group() && (info.code() >= 0 || info.code() == Signal.SI_TKILL)) throw err(Errno.EPERM);
            }
        }
        ProcessTable pt = t.kernel().processTable();
        synchronized (pt) {
            if (pt.group(g.pid()) != g) throw err(Errno.ESRCH);
            if (!mayKill(t, g, sig)) throw err(Errno.EPERM);
            if (info == null) return 0;
            if (flags == 4) {
                Signals.sendToProcessGroupLocked(pt, g.pgid(), info);
            } else if (flags == 1) {
                Task leader = g.leader();
                if (leader != null && g.threadList().contains(leader)) Signals.send(g, leader, info, false);
            } else {
                Signals.send(g, null, info, false);
            }
        }
        return 0;
    }

    public static long rtSigqueueinfo(Task t, long tgid, long sig, long uinfo, long a3, long a4, long a5) throws ErrnoException {
        int pid = (int) tgid, s = (int) sig;
        if (s < 0 || s > Signal.NSIG) throw err(Errno.EINVAL);
        SigInfo info = queuedInfo(t, pid, s, uinfo);
        ProcessTable pt = t.kernel().processTable();
        synchronized (pt) {
            ThreadGroup g = pt.group(pid);
            if (g == null) throw err(Errno.ESRCH);
            if (!mayKill(t, g, s)) throw err(Errno.EPERM);
            if (s != 0) Signals.send(g, null, info, false);
        }
        return 0;
    }

    public static long rtTgsigqueueinfo(Task t, long tgid, long tid, long sig, long uinfo, long a4, long a5) throws ErrnoException {
        int s = (int) sig;
        if ((int) tgid <= 0) throw err(Errno.EINVAL);
        if (s < 0 || s > Signal.NSIG) throw err(Errno.EINVAL);
        SigInfo info = queuedInfo(t, (int) tgid, s, uinfo);
        return sendToThread(t, (int) tgid, (int) tid, s, info);
    }

    private static void putLong(byte[] b, int o, long v) {
        for (int i = 0; i < 8; i++) b[o + i] = (byte) (v >>> (8 * i));
    }
}
