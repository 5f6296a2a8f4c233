package dev.jerla.kernel.time;

import dev.jerla.abi.linux.Signal;
import dev.jerla.kernel.Kernel;
import dev.jerla.kernel.signal.SigInfo;
import dev.jerla.kernel.signal.Signals;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.task.ThreadGroup;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A timer that signals a process or one of its threads when a clock reaches its expiry, then
 * reloads from its interval (kernel/time/posix-timers.c and posix-cpu-timers.c): the timers of
 * timer_create(2), and ITIMER_VIRTUAL / ITIMER_PROF of setitimer(2).
 *
 * <p>Wall and monotonic clocks are followed with the kernel's timer executor at the expiry;
 * CPU-time clocks are sampled at most {@link #CPU_SAMPLE_NANOS} apart, since CPU time only
 * advances while the process runs. A signal still queued when the timer fires again is not
 * queued twice: its si_overrun grows instead (as Linux's preallocated sigqueue does), and so
 * do the periods missed between two firings.
 *
 * <p>Lock order: a timer's monitor before the {@link dev.jerla.kernel.task.ProcessTable}.
 */
public final class PosixTimer {
    /** How often a CPU-time timer looks at its clock. */
    static final long CPU_SAMPLE_NANOS = 5_000_000;

    /** What a timer does at expiry (struct sigevent's sigev_notify). */
    public enum Notify { SIGNAL, NONE, THREAD_ID }

    private final Kernel kernel;
    private final ThreadGroup group;
    private final int id;
    private final LongSupplier clock;
    private final boolean cpuClock;
    private final Notify notify;
    private final int signo;
    private final long sigval;
    private final Task target;
    private final int code;

    // mu (this) guards the fields below.
    private long expires;
    private long interval;
    private ScheduledFuture<?> pending;
    private SigInfo queued;
    private int queuedOverrun;
    private int deliveredOverrun;
    private boolean deleted;

    /**
     * @param clock the timer's clock in nanoseconds (a wall or monotonic clock, or CPU time)
     * @param cpuClock true if {@code clock} only advances while the process runs
     * @param code SI_TIMER for timer_create's timers, SI_KERNEL for the interval timers
     */
    public PosixTimer(Kernel kernel, ThreadGroup group, int id, LongSupplier clock, boolean cpuClock, Notify notify,
                      int signo, long sigval, Task target, int code) {
        this.kernel = kernel;
        this.group = group;
        this.id = id;
        this.clock = clock;
        this.cpuClock = cpuClock;
        this.notify = notify;
        this.signo = signo;
        this.sigval = sigval;
        this.target = target;
        this.code = code;
    }

    public int id() { return id; }

    /** The current setting: {time left in nanoseconds (0 if disarmed), interval}. */
    public synchronized long[] get() {
        if (expires == 0) return new long[] {0, interval};
        long now = clock.getAsLong();
        if (notify == Notify.NONE && interval > 0 && now >= expires) {
            long missed = (now - expires) / interval + 1;
            expires += missed * interval;
        }
        return new long[] {Math.max(1, expires - now), interval};
    }

    /**
     * Arms the timer to expire at {@code absolute} on its clock (0 disarms), reloading from
     * {@code intervalNanos}; returns the previous {@link #get()}.
     */
    public synchronized long[] set(long absolute, long intervalNanos) {
        long[] old = get();
        if (pending != null) pending.cancel(false);
        pending = null;
        // Re-arming or disarming a timer_create timer drops its signal still queued from the
        // previous arming (the it_signal_seq check of posixtimer_deliver_signal).
        if (code == Signal.SI_TIMER && queued != null) {
            synchronized (kernel.processTable()) {
                if (Signals.isQueued(group, target, queued)) {
                    Signals.withdraw(group, target, queued);
                    queued = null;
                }
            }
        }
        interval = intervalNanos;
        expires = absolute;
        if (absolute != 0 && !deleted) schedule();
        return old;
    }

    /** The current value of the timer's clock. */
    public long now() { return clock.getAsLong(); }

    /** timer_getoverrun: the overrun count of the last signal delivered. */
    public synchronized int overrun() {
        synchronized (kernel.processTable()) {
            if (queued != null && !Signals.isQueued(group, target, queued)) return queuedOverrun;
        }
        return deliveredOverrun;
    }

    /** timer_delete, exit and exec: disarms for good and withdraws a signal still queued. */
    public synchronized void delete() {
        deleted = true;
        set(0, 0);
        if (queued != null) {
            synchronized (kernel.processTable()) { Signals.withdraw(group, target, queued); }
        }
    }

    private void schedule() {
        long delay = cpuClock ? CPU_SAMPLE_NANOS : Math.max(0, expires - clock.getAsLong());
        if (cpuClock) delay = Math.min(delay, Math.max(0, expires - clock.getAsLong()));
        pending = kernel.timers().schedule(this::fire, delay, TimeUnit.NANOSECONDS);
    }

    private void fire() {
        int missed;
        synchronized (this) {
            if (expires == 0 || deleted) return;
            long now = clock.getAsLong();
            if (now < expires) {
                schedule();
                return;
            }
            missed = 0;
            if (interval > 0) {
                long periods = (now - expires) / interval;
                missed = (int) Math.min(Integer.MAX_VALUE, periods);
                expires += (periods + 1) * interval;
                schedule();
            } else {
                expires = 0;
                pending = null;
            }
            if (notify == Notify.NONE) return;
            synchronized (kernel.processTable()) {
                if (target != null && target.exiting()) return;
                if (queued != null && Signals.isQueued(group, target, queued)) {
                    queuedOverrun = (int) Math.min(Integer.MAX_VALUE, (long) queuedOverrun + 1 + missed);
                    SigInfo updated = SigInfo.timer(signo, code, id, queuedOverrun, sigval);
                    Signals.replaceQueued(group, target, queued, updated);
                    queued = updated;
                    return;
                }
                if (queued != null) deliveredOverrun = queuedOverrun;
                queuedOverrun = missed;
                queued = SigInfo.timer(signo, code, id, missed, sigval);
                Signals.send(group, target, queued, false);
            }
        }
    }

    @Override
    public String toString() {
        return "timer " + id + " of " + group + " (" + (notify == Notify.NONE ? "none" : Signal.name(signo)) + ")";
    }
}
