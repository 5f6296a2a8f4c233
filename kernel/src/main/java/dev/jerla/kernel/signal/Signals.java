package dev.jerla.kernel.signal;

import dev.jerla.abi.linux.Resource;
import dev.jerla.abi.linux.Signal;
import dev.jerla.abi.linux.Wait;
import dev.jerla.cpu.Cpu;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.task.ProcessGroups;
import dev.jerla.kernel.task.ProcessTable;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.task.ThreadGroup;
import dev.jerla.kernel.task.ThreadGroup.StopState;

import java.util.List;

/**
 * Signal generation and delivery, after kernel/signal.c and arch/x86/kernel/signal.c: sending
 * to a thread or a process (with the stop/continue side effects of prepare_signal and the
 * thread choice of complete_signal), and on each return to user space dequeuing, default
 * actions (terminate, core, stop, continue, ignore), handler frames and system call restarts.
 * Every method that touches signal state takes the {@link ProcessTable} monitor.
 */
public final class Signals {
    private Signals() {}

    private static final long KILL_STOP = Signal.sigmask(Signal.SIGKILL) | Signal.sigmask(Signal.SIGSTOP);
    private static final long STOP_MASK = Signal.sigmask(Signal.SIGSTOP) | Signal.sigmask(Signal.SIGTSTP)
            | Signal.sigmask(Signal.SIGTTIN) | Signal.sigmask(Signal.SIGTTOU);
    private static final long IGNORE_MASK = Signal.sigmask(Signal.SIGCONT) | Signal.sigmask(Signal.SIGCHLD)
            | Signal.sigmask(Signal.SIGWINCH) | Signal.sigmask(Signal.SIGURG);
    private static final long COREDUMP_MASK = Signal.sigmask(Signal.SIGQUIT) | Signal.sigmask(Signal.SIGILL)
            | Signal.sigmask(Signal.SIGTRAP) | Signal.sigmask(Signal.SIGABRT) | Signal.sigmask(Signal.SIGFPE)
            | Signal.sigmask(Signal.SIGSEGV) | Signal.sigmask(Signal.SIGBUS) | Signal.sigmask(Signal.SIGSYS)
            | Signal.sigmask(Signal.SIGXCPU) | Signal.sigmask(Signal.SIGXFSZ);

    /** The signals whose mask bits rt_sigprocmask and sigreturn can never set. */
    public static final long UNBLOCKABLE = KILL_STOP;

    public static boolean kernelOnly(int sig) { return sig == Signal.SIGKILL || sig == Signal.SIGSTOP; }

    /** Default action: stop the process (job control). */
    public static boolean defaultStops(int sig) { return sig < Signal.SIGRTMIN && (STOP_MASK & Signal.sigmask(sig)) != 0; }

    /** Default action: ignore. */
    public static boolean defaultIgnores(int sig) { return sig < Signal.SIGRTMIN && (IGNORE_MASK & Signal.sigmask(sig)) != 0; }

    /** Default action: terminate with a core dump. */
    public static boolean defaultDumpsCore(int sig) { return sig < Signal.SIGRTMIN && (COREDUMP_MASK & Signal.sigmask(sig)) != 0; }

    /** binfmt_elf's min_coredump: a core smaller than one page is never written. */
    private static final long MIN_COREDUMP = 4096;

    /**
     * Whether a core-dumping signal reports a dumped core (do_coredump's core_dumped), as with a
     * core_pattern naming a file: the process must be dumpable and RLIMIT_CORE must leave room
     * for at least {@link #MIN_COREDUMP} bytes.
     */
    private static boolean coreDumped(ThreadGroup g) {
        return g.dumpable() && Long.compareUnsigned(g.rlimitCur(Resource.RLIMIT_CORE), MIN_COREDUMP) >= 0;
    }

    public static boolean valid(int sig) { return sig >= 1 && sig <= Signal.NSIG; }

    private static ProcessTable table(ThreadGroup g) { return g.kernel().processTable(); }

    // ---------------------------------------------------------------- sending

    /** Sends {@code info} to process {@code g} (group_send_sig_info without the permission check). */
    public static void sendToGroup(ThreadGroup g, SigInfo info) {
        synchronized (table(g)) { send(g, null, info, false); }
    }

    /** Sends {@code info} to thread {@code t} (tkill, tgkill, SIGPIPE). */
    public static void sendToTask(Task t, SigInfo info) {
        ThreadGroup g = t.group();
        synchronized (table(g)) { send(g, t, info, false); }
    }

    /**
     * A synchronous signal the thread cannot refuse (a fault): if it is blocked or ignored it is
     * unblocked and its action reset to the default first (force_sig_info_to_task).
     */
    public static void force(Task t, SigInfo info) {
        ThreadGroup g = t.group();
        int sig = info.signo();
        synchronized (table(g)) {
            SigAction a = g.actions().get(sig);
            boolean blocked = (t.blocked() & Signal.sigmask(sig)) != 0;
            if (a.isIgnore() || blocked) {
                g.actions().set(sig, new SigAction(Signal.SIG_DFL, a.flags(), a.restorer(), a.mask()));
                if (blocked) t.setBlocked(t.blocked() & ~Signal.sigmask(sig));
            }
            if (g.actions().get(sig).isDefault()) g.setUnkillable(false);
            send(g, t, info, true);
        }
    }

    /** Sends to every process of a process group; false if the group has no process (kill(-pgid)). Lock held. */
    public static boolean sendToProcessGroupLocked(ProcessTable pt, int pgid, SigInfo info) {
        List<ThreadGroup> members = pt.processGroup(pgid);
        for (ThreadGroup g : members) send(g, null, info, false);
        return !members.isEmpty();
    }

    /** The core of __send_signal_locked. Lock held; {@code t} null for a process-directed signal. */
    public static void send(ThreadGroup g, Task t, SigInfo info, boolean force) {
        int sig = info.signo();
        if (g.isZombie() || g.threadList().isEmpty()) return;
        if (!prepare(g, t, sig, force)) return;
        SigPending p = t == null ? g.sharedPending() : t.pending();
        if (sig < Signal.SIGRTMIN && p.has(sig)) return;
        p.add(info);
        // signalfd_notify: a blocked signal wakes no thread, but signalfd readers want it.
        g.actions().signalfdWait().wakeAll();
        complete(g, t, sig);
    }

    /**
     * prepare_signal: SIGCONT resumes a stopped process and discards pending stop signals; a stop
     * signal discards a pending SIGCONT. Returns false if the signal is to be dropped.
     */
    private static boolean prepare(ThreadGroup g, Task t, int sig, boolean force) {
        if (g.groupExit()) return false;
        if (defaultStops(sig)) {
            long cont = Signal.sigmask(Signal.SIGCONT);
            g.sharedPending().remove(cont);
            for (Task x : g.threadList()) x.pending().remove(cont);
        } else if (sig == Signal.SIGCONT) {
            g.sharedPending().remove(STOP_MASK);
            for (Task x : g.threadList()) x.pending().remove(STOP_MASK);
            if (g.stopState() != StopState.NONE) {
                boolean wasStopped = g.stopState() == StopState.STOPPED;
                g.setStopState(StopState.NONE, 0);
                g.setStopReportPending(false);
                if (wasStopped) {
                    g.setContinuedReportPending(true);
                    notifyParentCldStop(g, Signal.CLD_CONTINUED);
                }
                g.stopWait().wakeAll();
            }
        }
        return !ignored(g, t, sig, force);
    }

    /** sig_ignored: blocked signals are never ignored (the handler may change before they are unblocked). */
    private static boolean ignored(ThreadGroup g, Task t, int sig, boolean force) {
        Task target = t != null ? t : g.leader();
        if (target != null && ((target.blocked() | target.realBlocked()) & Signal.sigmask(sig)) != 0) return false;
        SigAction a = g.actions().get(sig);
        if (g.unkillable() && a.isDefault() && !(force && kernelOnly(sig))) return true;
        return a.isIgnore() || (a.isDefault() && defaultIgnores(sig));
    }

    private static boolean wants(Task t, int sig) {
        if ((t.blocked() & Signal.sigmask(sig)) != 0) return false;
        if (t.exiting()) return false;
        return sig == Signal.SIGKILL || !t.stopped();
    }

    /** complete_signal: picks a thread to wake; a fatal signal nobody handles kills the whole process at once. */
    private static void complete(ThreadGroup g, Task t, int sig) {
        Task target = null;
        List<Task> threads = g.threadList();
        if (t != null) {
            if (wants(t, sig)) target = t;
        } else {
            Task leader = g.leader();
            if (leader != null && threads.contains(leader) && wants(leader, sig)) {
                target = leader;
            } else {
                int n = threads.size(), start = Math.floorMod(g.nextRotor(), Math.max(1, n));
                for (int i = 0; i < n && target == null; i++) {
                    Task x = threads.get((start + i) % n);
                    if (wants(x, sig)) target = x;
                }
            }
        }
        if (target == null) return;
        SigAction a = g.actions().get(sig);
        boolean fatal = a.isDefault() && !defaultIgnores(sig) && !defaultStops(sig) && !g.unkillable();
        if (fatal && !defaultDumpsCore(sig)) {
            groupExitLocked(g, Wait.signaled(sig, false), null);
            return;
        }
        target.setSignalPending(true);
    }

    /**
     * Starts tearing down process {@code g} with wait status {@code status} (do_group_exit /
     * zap_other_threads): every thread but {@code self} gets SIGKILL. Lock held.
     */
    public static void groupExitLocked(ThreadGroup g, int status, Task self) {
        if (!g.groupExit()) {
            g.setGroupExit(status);
            g.setStopState(StopState.NONE, 0);
            for (Task x : g.threadList()) {
                if (x == self) continue;
                x.pending().add(SigInfo.kernel(Signal.SIGKILL));
                x.setSignalPending(true);
            }
            g.stopWait().wakeAll();
        }
        if (self != null) self.setExiting(g.groupExitStatus());
    }

    /** exit_group(2) and fatal signals: the calling thread exits and takes the others with it. */
    public static void groupExit(Task t, int status) {
        ThreadGroup g = t.group();
        synchronized (table(g)) { groupExitLocked(g, status, t); }
    }

    /** do_notify_parent_cldstop: SIGCHLD (unless SA_NOCLDSTOP) and a wake-up for the parent's wait. Lock held. */
    public static void notifyParentCldStop(ThreadGroup g, int why) {
        ThreadGroup parent = g.parent();
        if (parent == null) return;
        int status = why == Signal.CLD_CONTINUED ? Signal.SIGCONT : g.stopSignal();
        SigAction a = parent.actions().get(Signal.SIGCHLD);
        if (!a.isIgnore() && !a.has(Signal.SA_NOCLDSTOP)) {
            send(parent, null, SigInfo.chld(why, g.pid(), g.creds().uid(), status, 0, 0), false);
        }
        parent.childWait().wakeAll();
    }

    /** recalc_sigpending for the calling thread. Lock held. */
    public static void recalc(Task t) {
        ThreadGroup g = t.group();
        boolean p = ((t.pending().set() | g.sharedPending().set()) & ~t.blocked()) != 0
                || g.groupExit() || t.zapped()
                || (g.stopState() != StopState.NONE && !t.stopped());
        t.setSignalPending(p);
    }

    /** set_current_blocked: changes the calling thread's mask (SIGKILL and SIGSTOP stay unblocked). */
    public static void setBlocked(Task t, long mask) {
        synchronized (table(t.group())) {
            t.setBlocked(mask & ~UNBLOCKABLE);
            recalc(t);
        }
    }

    /**
     * Installs {@code mask} until the current system call returns to user space, where the old
     * mask comes back (after a handler frame saved it). For sigsuspend, ppoll, pselect6 and
     * epoll_pwait.
     */
    public static void setTemporaryMask(Task t, long mask) {
        synchronized (table(t.group())) {
            t.setSavedMask(t.blocked(), true);
            t.setBlocked(mask & ~UNBLOCKABLE);
            recalc(t);
        }
    }

    /** The pending signals of the calling thread and its process, as rt_sigpending reports them. */
    public static long pendingSet(Task t) {
        synchronized (table(t.group())) {
            return (t.pending().set() | t.group().sharedPending().set()) & t.blocked();
        }
    }

    private static SigPending queueOf(ThreadGroup g, Task t) { return t == null ? g.sharedPending() : t.pending(); }

    /** True if {@code info}, sent to {@code g} or thread {@code t}, is still pending. Lock held. */
    public static boolean isQueued(ThreadGroup g, Task t, SigInfo info) { return queueOf(g, t).contains(info); }

    /** Replaces the still pending {@code old} by {@code updated} (timer overruns). Lock held. */
    public static void replaceQueued(ThreadGroup g, Task t, SigInfo old, SigInfo updated) { queueOf(g, t).replace(old, updated); }

    /** Withdraws the pending {@code info} (a deleted timer's signal). Lock held. */
    public static void withdraw(ThreadGroup g, Task t, SigInfo info) { queueOf(g, t).withdraw(info); }

    /** Dequeues a pending signal in {@code set} (for rt_sigtimedwait), or null. */
    public static SigInfo dequeue(Task t, long set) {
        synchronized (table(t.group())) {
            SigInfo i = dequeueLocked(t, ~set);
            recalc(t);
            return i;
        }
    }

    private static SigInfo dequeueLocked(Task t, long blocked) {
        int sig = t.pending().next(blocked);
        if (sig != 0) return t.pending().take(sig);
        sig = t.group().sharedPending().next(blocked);
        if (sig != 0) return t.group().sharedPending().take(sig);
        return null;
    }

    // ---------------------------------------------------------------- delivery

    /** A signal to run a handler for. */
    private record Delivery(SigInfo info, SigAction action) {}

    /**
     * Everything that happens before a thread returns to guest code (exit_to_user_mode_loop /
     * arch_do_signal_or_restart): handler frames for caught signals, default actions, group
     * stops, system call restarts and the saved mask. On return either {@link Task#exiting()}
     * is set or the CPU is ready to run.
     */
    public static void exitToUser(Task t) {
        Cpu cpu = t.cpu();
        boolean inSyscall = t.syscallNr() >= 0;
        if (!t.signalPending() && !cpu.interruptRequested() && !t.restoreSigmask()
                && !(inSyscall && isRestart(cpu.reg(Cpu.RAX)))) {
            t.setSyscallNr(-1);
            return;
        }
        while (true) {
            Delivery d = getSignal(t);
            if (t.exiting()) return;
            if (d == null) break;
            handleSignal(t, d);
            if (t.exiting()) return;
        }
        if (t.syscallNr() >= 0) restartWithoutHandler(t);
        synchronized (table(t.group())) {
            if (t.restoreSigmask()) {
                t.setBlocked(t.savedMask());
                t.setSavedMask(0, false);
            }
            recalc(t);
        }
        t.setSyscallNr(-1);
    }

    private static boolean isRestart(long rax) {
        return rax <= -ErrnoException.ERESTARTSYS && rax >= -ErrnoException.ERESTART_RESTARTBLOCK;
    }

    /** The restart rules when no handler runs: every restart code re-executes the system call. */
    private static void restartWithoutHandler(Task t) {
        Cpu cpu = t.cpu();
        long rax = cpu.reg(Cpu.RAX);
        if (!isRestart(rax)) return;
        int code = (int) -rax;
        if (code == ErrnoException.ERESTART_RESTARTBLOCK) {
            cpu.setReg(Cpu.RAX, dev.jerla.kernel.syscall.SyscallNumbers.of("restart_syscall"));
        } else if (code == ErrnoException.ERESTARTSYS || code == ErrnoException.ERESTARTNOINTR
                || code == ErrnoException.ERESTARTNOHAND) {
            cpu.setReg(Cpu.RAX, t.syscallNr());
        } else {
            return;
        }
        cpu.setRip(cpu.rip() - 2);
        t.setSyscallNr(-1);
    }

    /** The restart rules when a handler runs (handle_signal in arch/x86/kernel/signal.c). */
    private static void restartForHandler(Task t, SigAction a) {
        Cpu cpu = t.cpu();
        long rax = cpu.reg(Cpu.RAX);
        if (!isRestart(rax)) return;
        int code = (int) -rax;
        switch (code) {
            case ErrnoException.ERESTART_RESTARTBLOCK, ErrnoException.ERESTARTNOHAND ->
                    cpu.setReg(Cpu.RAX, -dev.jerla.abi.linux.Errno.EINTR.number());
            case ErrnoException.ERESTARTSYS -> {
                if (a.has(Signal.SA_RESTART)) {
                    cpu.setReg(Cpu.RAX, t.syscallNr());
                    cpu.setRip(cpu.rip() - 2);
                } else {
                    cpu.setReg(Cpu.RAX, -dev.jerla.abi.linux.Errno.EINTR.number());
                }
            }
            case ErrnoException.ERESTARTNOINTR -> {
                cpu.setReg(Cpu.RAX, t.syscallNr());
                cpu.setRip(cpu.rip() - 2);
            }
            default -> cpu.setReg(Cpu.RAX, -dev.jerla.abi.linux.Errno.EINTR.number());
        }
        t.setSyscallNr(-1);
    }

    /**
     * get_signal: takes pending signals one by one, performs default actions and group stops,
     * and returns the first one that has a handler (or null when nothing is left).
     */
    private static Delivery getSignal(Task t) {
        ThreadGroup g = t.group();
        ProcessTable pt = table(g);
        while (true) {
            boolean stop;
            synchronized (pt) {
                if (g.groupExit()) {
                    t.setExiting(g.groupExitStatus());
                    return null;
                }
                if (t.zapped()) {
                    t.setExiting(Wait.signaled(Signal.SIGKILL, false));
                    return null;
                }
                stop = g.stopState() != StopState.NONE && !t.stopped();
                if (stop) {
                    enterStop(t);
                } else {
                    SigInfo info = dequeueLocked(t, t.blocked());
                    if (info == null) {
                        recalc(t);
                        return null;
                    }
                    int sig = info.signo();
                    SigAction a = g.actions().get(sig);
                    if (a.isIgnore()) continue;
                    if (!a.isDefault()) {
                        if (a.has(Signal.SA_RESETHAND)) g.actions().set(sig, SigAction.DEFAULT);
                        return new Delivery(info, a);
                    }
                    if (defaultIgnores(sig)) continue;
                    if (g.unkillable() && !kernelOnly(sig)) continue;
                    if (defaultStops(sig)) {
                        if (sig != Signal.SIGSTOP && ProcessGroups.orphaned(pt, g.pgid(), null)) continue;
                        beginGroupStop(g, sig);
                        continue;
                    }
                    groupExitLocked(g, Wait.signaled(sig, defaultDumpsCore(sig) && coreDumped(g)), t);
                    return null;
                }
            }
            // Stopped by job control: sleep until SIGCONT or SIGKILL.
            t.waitUninterruptibly(() -> g.stopState() == StopState.NONE || g.groupExit() || t.zapped(), g.stopWait());
            synchronized (pt) { t.setStopped(false); }
        }
    }

    /** do_signal_stop, first part: the process starts stopping; every thread will park itself. Lock held. */
    private static void beginGroupStop(ThreadGroup g, int sig) {
        if (g.stopState() != StopState.NONE) return;
        g.setStopState(StopState.STOPPING, sig);
        for (Task x : g.threadList()) {
            if (!x.stopped() && !x.exiting()) x.setSignalPending(true);
        }
    }

    /** This thread parks for a group stop; the last one to park reports the stop to the parent. Lock held. */
    private static void enterStop(Task t) {
        t.setStopped(true);
        checkGroupStopped(t.group());
    }

    /** Completes a group stop once every live thread has parked (also called when a thread exits). Lock held. */
    public static void checkGroupStopped(ThreadGroup g) {
        if (g.stopState() != StopState.STOPPING) return;
        for (Task x : g.threadList()) if (!x.stopped() && !x.exiting()) return;
        g.setStopState(StopState.STOPPED, 0);
        g.setStopReportPending(true);
        g.setContinuedReportPending(false);
        notifyParentCldStop(g, Signal.CLD_STOPPED);
    }

    /** handle_signal: restart rules, the frame, the new blocked mask. */
    private static void handleSignal(Task t, Delivery d) {
        if (t.syscallNr() >= 0) restartForHandler(t, d.action());
        ThreadGroup g = t.group();
        long oldMask;
        synchronized (table(g)) { oldMask = t.restoreSigmask() ? t.savedMask() : t.blocked(); }
        int sig = d.info().signo();
        if (!SignalFrame.setup(t, d.info(), d.action(), oldMask)) {
            forceSigsegv(t, sig);
            return;
        }
        synchronized (table(g)) {
            t.setSavedMask(0, false);
            long blocked = t.blocked() | d.action().mask();
            if (!d.action().has(Signal.SA_NODEFER)) blocked |= Signal.sigmask(sig);
            t.setBlocked(blocked & ~UNBLOCKABLE);
            recalc(t);
        }
    }

    /** force_sigsegv: a frame could not be written; SIGSEGV with its default action if it was SIGSEGV's handler that failed. */
    public static void forceSigsegv(Task t, int sig) {
        if (sig == Signal.SIGSEGV) {
            synchronized (table(t.group())) { t.group().actions().set(Signal.SIGSEGV, SigAction.DEFAULT); }
        }
        force(t, SigInfo.kernel(Signal.SIGSEGV));
    }
}
