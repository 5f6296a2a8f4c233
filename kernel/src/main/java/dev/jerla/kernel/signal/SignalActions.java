package dev.jerla.kernel.signal;

import dev.jerla.abi.linux.Signal;
import dev.jerla.kernel.task.WaitQueue;

/**
 * The dispositions of all 64 signals (struct sighand_struct), shared by the threads of a process
 * and by processes created with CLONE_SIGHAND. Guarded by the process table's lock.
 */
public final class SignalActions {
    private final SigAction[] actions = new SigAction[Signal.NSIG + 1];
    /** Woken whenever a signal is queued for a thread sharing these actions (signalfd_wqh). */
    private final WaitQueue signalfdWait = new WaitQueue();

    public SignalActions() {
        java.util.Arrays.fill(actions, SigAction.DEFAULT);
    }

    public SigAction get(int sig) { return actions[sig]; }

    public void set(int sig, SigAction a) { actions[sig] = a; }

    /** The queue signalfd readers and pollers sleep on (sighand->signalfd_wqh). */
    public WaitQueue signalfdWait() { return signalfdWait; }

    public SignalActions copy() {
        SignalActions c = new SignalActions();
        System.arraycopy(actions, 0, c.actions, 0, actions.length);
        return c;
    }

    /**
     * execve: caught signals return to their default action and every action loses its flags,
     * restorer and mask; ignored signals stay ignored (flush_signal_handlers in kernel/signal.c).
     */
    public void resetForExec() {
        for (int sig = 1; sig <= Signal.NSIG; sig++) {
            SigAction a = actions[sig];
            actions[sig] = new SigAction(a.isIgnore() ? Signal.SIG_IGN : Signal.SIG_DFL, 0, 0, 0);
        }
    }
}
