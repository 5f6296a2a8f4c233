package dev.jerla.kernel.signal;

import dev.jerla.abi.linux.Signal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A set of pending signals with their queued siginfo (struct sigpending): one per thread and one
 * shared by the thread group. Standard signals are not queued twice; real-time signals are.
 * Guarded by the process table's lock.
 */
public final class SigPending {
    /** Synchronous signals are dequeued first (SYNCHRONOUS_MASK in kernel/signal.c). */
    static final long SYNCHRONOUS_MASK = Signal.sigmask(Signal.SIGSEGV) | Signal.sigmask(Signal.SIGBUS)
            | Signal.sigmask(Signal.SIGILL) | Signal.sigmask(Signal.SIGTRAP) | Signal.sigmask(Signal.SIGFPE)
            | Signal.sigmask(Signal.SIGSYS);

    private long set;
    private final List<SigInfo> queue = new ArrayList<>();

    /** The bitmask of pending signals (bit sig-1). */
    public long set() { return set; }

    public boolean has(int sig) { return (set & Signal.sigmask(sig)) != 0; }

    /** Queues {@code info}; a standard signal that is already pending is dropped (legacy_queue). */
    public void add(SigInfo info) {
        int sig = info.signo();
        if (sig < Signal.SIGRTMIN && has(sig)) return;
        set |= Signal.sigmask(sig);
        queue.add(info);
    }

    /** The signal next_signal() would pick among those not in {@code blocked}, or 0. */
    public int next(long blocked) {
        long avail = set & ~blocked;
        if (avail == 0) return 0;
        long sync = avail & SYNCHRONOUS_MASK;
        if (sync != 0) avail = sync;
        return Long.numberOfTrailingZeros(avail) + 1;
    }

    /** Removes and returns the first queued instance of {@code sig} (collect_signal). */
    public SigInfo take(int sig) {
        SigInfo found = null;
        boolean more = false;
        for (Iterator<SigInfo> it = queue.iterator(); it.hasNext(); ) {
            SigInfo i = it.next();
            if (i.signo() != sig) continue;
            if (found == null) {
                found = i;
                it.remove();
            } else {
                more = true;
                break;
            }
        }
        if (!more) set &= ~Signal.sigmask(sig);
        return found != null ? found : SigInfo.kernel(sig);
    }

    /** True if this very siginfo is still queued (a timer's signal not yet delivered). */
    public boolean contains(SigInfo info) {
        for (SigInfo i : queue) if (i == info) return true;
        return false;
    }

    /** Puts {@code updated} in the place of the queued {@code old} (a timer overrun). */
    public void replace(SigInfo old, SigInfo updated) {
        int k = queue.indexOf(old);
        if (k >= 0) queue.set(k, updated);
    }

    /** Withdraws the queued {@code info} (a deleted timer's signal), keeping other instances of its signal. */
    public void withdraw(SigInfo info) {
        if (!queue.removeIf(i -> i == info)) return;
        int sig = info.signo();
        for (SigInfo i : queue) if (i.signo() == sig) return;
        set &= ~Signal.sigmask(sig);
    }

    /** Discards every pending signal in {@code mask} (flush_sigqueue_mask). */
    public void remove(long mask) {
        if ((set & mask) == 0) return;
        set &= ~mask;
        queue.removeIf(i -> (Signal.sigmask(i.signo()) & mask) != 0);
    }
}
