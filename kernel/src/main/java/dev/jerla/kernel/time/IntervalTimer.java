package dev.jerla.kernel.time;

import dev.jerla.abi.linux.Signal;
import dev.jerla.kernel.Kernel;
import dev.jerla.kernel.signal.SigInfo;
import dev.jerla.kernel.signal.Signals;
import dev.jerla.kernel.task.ThreadGroup;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A process's ITIMER_REAL (kernel/time/itimer.c): counts down in real time and sends SIGALRM
 * to the process at expiry, then reloads from its interval. alarm(2) uses it too.
 */
public final class IntervalTimer {
    private final Kernel kernel;
    private final ThreadGroup group;
    // mu (this) guards the fields below.
    private long expiresNanos;
    private long intervalNanos;
    private ScheduledFuture<?> pending;

    public IntervalTimer(Kernel kernel, ThreadGroup group) {
        this.kernel = kernel;
        this.group = group;
    }

    /** The current value: {remaining nanoseconds (0 if disarmed), interval nanoseconds}. */
    public synchronized long[] get() {
        long left = expiresNanos == 0 ? 0 : Math.max(1, expiresNanos - System.nanoTime());
        return new long[] {left, intervalNanos};
    }

    /** Arms (value > 0) or disarms (value 0) the timer; returns the previous {@link #get()}. */
    public synchronized long[] set(long valueNanos, long intervalNanos) {
        long[] old = get();
        if (pending != null) pending.cancel(false);
        pending = null;
        this.intervalNanos = intervalNanos;
        if (valueNanos > 0) {
            expiresNanos = System.nanoTime() + valueNanos;
            schedule();
        } else {
            expiresNanos = 0;
        }
        return old;
    }

    public synchronized void cancel() {
        set(0, 0);
    }

    private void schedule() {
        long delay = Math.max(0, expiresNanos - System.nanoTime());
        pending = kernel.timers().schedule(this::fire, delay, TimeUnit.NANOSECONDS);
    }

    private void fire() {
        synchronized (this) {
            if (expiresNanos == 0 || System.nanoTime() < expiresNanos) {
                if (expiresNanos != 0) schedule();
                return;
            }
            if (intervalNanos > 0) {
                expiresNanos += intervalNanos;
                schedule();
            } else {
                expiresNanos = 0;
                pending = null;
            }
        }
        Signals.sendToGroup(group, SigInfo.kernel(Signal.SIGALRM));
    }
}
