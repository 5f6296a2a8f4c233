package dev.jerla.kernel.ipc;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Fcntl;
import dev.jerla.abi.linux.Poll;
import dev.jerla.abi.linux.Time;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.Kernel;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.task.WaitQueue;
import dev.jerla.kernel.time.Clocks;
import dev.jerla.kernel.vfs.FileDescription;
import dev.jerla.kernel.vfs.Inode;
import dev.jerla.kernel.vfs.PseudoFs;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A timerfd (fs/timerfd.c): a timer on one clock whose expirations are counted, not signalled.
 * read returns the count as 8 bytes and resets it, waiting while it is 0; the file is readable
 * while the count is not 0. As in Linux, expiry only counts once and stops the timer; a periodic
 * timer is pushed forward past "now" (adding the periods missed to the count) when it is read or
 * queried, so a very short period cannot keep the timer thread busy.
 *
 * <p>TFD_TIMER_CANCEL_ON_SET: a change of the realtime clock (settimeofday, clock_settime) is
 * noticed at the next read or poll, which then reports ECANCELED; a reader already asleep is
 * not woken by the change itself.
 */
public final class TimerFd extends FileDescription {
    /** timerfd_create flags (include/uapi/linux/timerfd.h). */
    public static final int TFD_CLOEXEC = Fcntl.O_CLOEXEC, TFD_NONBLOCK = Fcntl.O_NONBLOCK;
    /** timerfd_settime flags. */
    public static final int TFD_TIMER_ABSTIME = 1, TFD_TIMER_CANCEL_ON_SET = 2;

    private final Kernel kernel;
    private final int clockId;
    private final LongSupplier clock;
    private final Inode inode = PseudoFs.ANON_INODEFS.newInode(0600, 0, 0);
    private final WaitQueue wq = new WaitQueue();

    // mu (this) guards the fields below.
    /**
     * The clock of the current arming: a relative CLOCK_REALTIME timer runs on the monotonic
     * clock, unmoved by changes of the time of day (as __hrtimer_init does).
     */
    private LongSupplier base;
    /** The expiry on the clock; 0 when never armed or disarmed. */
    private long expires;
    private long interval;
    /** The timer runs toward {@link #expires} (hrtimer_active): armed and not yet fired. */
    private boolean armed;
    /** The timer has fired and not been pushed forward since (ctx->expired). */
    private boolean expired;
    /** Expirations not yet read (ctx->ticks). */
    private long ticks;
    private ScheduledFuture<?> pending;
    /** CANCEL_ON_SET is armed, and the realtime offset it started from. */
    private boolean mightCancel;
    private long realtimeOffset;
    private long generation;

    /** @param clock the clock {@code clockId} reads, in nanoseconds */
    public TimerFd(Kernel kernel, int clockId, LongSupplier clock, int flags) {
        super(Fcntl.O_RDWR | (flags & TFD_NONBLOCK));
        this.kernel = kernel;
        this.clockId = clockId;
        this.clock = clock;
        this.base = clock;
    }

    @Override public Inode inode() { return inode; }
    @Override public String anonName() { return "anon_inode:[timerfd]"; }

    /** noop_llseek: lseek succeeds and leaves the offset (always 0) alone. */
    @Override public long llseek(long offset, int whence) { return pos(); }

    /** The current setting {time left (0 if disarmed or expired), interval} (do_timerfd_gettime). */
    public synchronized long[] get() {
        expireIfDue();
        if (expired && interval > 0) {
            expired = false;
            ticks += Math.max(0, forward() - 1);
            schedule();
        }
        return new long[] {remaining(), interval};
    }

    /**
     * do_timerfd_settime: arms the timer at {@code value} (absolute on the clock with
     * TFD_TIMER_ABSTIME, else from now; 0 disarms) reloading from {@code intervalNanos}, and
     * returns the previous setting. The count of unread expirations starts again from 0.
     */
    public synchronized long[] set(int flags, long value, long intervalNanos) {
        expireIfDue();
        if (pending != null) pending.cancel(false);
        pending = null;
        armed = false;
        if (expired && interval > 0) forward();
        long[] old = {remaining(), interval};
        boolean realtime = clockId == Time.CLOCK_REALTIME || clockId == Time.CLOCK_REALTIME_ALARM;
        mightCancel = realtime && (flags & TFD_TIMER_ABSTIME) != 0 && (flags & TFD_TIMER_CANCEL_ON_SET) != 0;
        realtimeOffset = kernel.realtimeOffsetNanos();
        expired = false;
        ticks = 0;
        interval = intervalNanos;
        boolean relativeRealtime = realtime && (flags & TFD_TIMER_ABSTIME) == 0;
        base = relativeRealtime ? Clocks::monotonicNanos : clock;
        if (value != 0) {
            long now = base.getAsLong();
            expires = (flags & TFD_TIMER_ABSTIME) != 0 ? value : saturatedAdd(now, value);
            // An absolute expiry of 0 would read as "disarmed": it is long past anyway.
            if (expires == 0) expires = 1;
            // Already due, it counts before settime returns, as the hrtimer fires at once.
            schedule();
            if (now >= expires) expireIfDue();
        } else {
            expires = 0;
        }
        generation++;
        return old;
    }

    /** read: the count of expirations as a little-endian u64; EINVAL below 8 bytes. */
    @Override
    public int read(Task t, byte[] dst, int off, int len) throws ErrnoException {
        if (len < 8) throw ErrnoException.of(Errno.EINVAL);
        while (true) {
            long n;
            synchronized (this) {
                expireIfDue();
                noteClockSet();
                if (ticks == 0 && nonBlocking()) throw ErrnoException.of(Errno.EAGAIN);
                if (ticks != 0) {
                    if (canceled()) {
                        ticks = 0;
                        expired = false;
                        throw ErrnoException.of(Errno.ECANCELED);
                    }
                    n = ticks;
                    if (expired && interval > 0) {
                        n += Math.max(0, forward() - 1);
                        schedule();
                    }
                    expired = false;
                    ticks = 0;
                    generation++;
                    for (int i = 0; i < 8; i++) dst[off + i] = (byte) (n >>> (8 * i));
                    return 8;
                }
            }
            t.waitInterruptibly(() -> { synchronized (this) { return ticks != 0; } }, Long.MAX_VALUE, wq);
        }
    }

    @Override
    public synchronized int poll() {
        expireIfDue();
        noteClockSet();
        return ticks != 0 ? Poll.POLLIN : 0;
    }

    @Override public WaitQueue pollQueue() { return wq; }

    @Override public synchronized long pollGeneration() { return generation; }

    @Override
    protected void onLastClose() {
        synchronized (this) {
            if (pending != null) pending.cancel(false);
            pending = null;
            armed = false;
        }
    }

    /** The time left to the expiry, 0 once it has passed (timerfd_get_remaining). */
    private long remaining() {
        if (expires == 0) return 0;
        return Math.max(0, expires - base.getAsLong());
    }

    /** hrtimer_forward_now: moves the expiry past now by whole intervals; returns how many. Lock held. */
    private long forward() {
        long now = base.getAsLong();
        if (now < expires) return 0;
        long periods = (now - expires) / interval + 1;
        expires = saturatedAdd(expires, saturatedMul(periods, interval));
        return periods;
    }

    /** Starts the timer toward {@link #expires}. Lock held. */
    private void schedule() {
        armed = true;
        if (pending != null) pending.cancel(false);
        long delay = Math.max(0, expires - base.getAsLong());
        pending = kernel.timers().schedule(this::fire, delay, TimeUnit.NANOSECONDS);
    }

    /** The timer thread at (or after) the expiry. */
    private void fire() {
        synchronized (this) {
            if (!armed || !isOpen()) return;
            if (base.getAsLong() < expires) {
                schedule();
                return;
            }
            expireIfDue();
        }
    }

    /**
     * timerfd_tmrproc: one more expiration, and the timer stops until read or re-armed. Also
     * run by whoever looks at the timer after its expiry, so a late timer thread changes nothing.
     * Lock held.
     */
    private void expireIfDue() {
        if (!armed || base.getAsLong() < expires) return;
        armed = false;
        if (pending != null) pending.cancel(false);
        pending = null;
        expired = true;
        ticks++;
        generation++;
        wq.wakeAll();
    }

    /** timerfd_clock_was_set, checked lazily: a changed realtime clock counts as an event. Lock held. */
    private void noteClockSet() {
        if (mightCancel && realtimeOffset != Long.MIN_VALUE && kernel.realtimeOffsetNanos() != realtimeOffset) {
            realtimeOffset = Long.MIN_VALUE;
            ticks++;
            generation++;
        }
    }

    /** timerfd_canceled: true once after the clock was set; the timer then follows the new offset. Lock held. */
    private boolean canceled() {
        if (!mightCancel || realtimeOffset != Long.MIN_VALUE) return false;
        realtimeOffset = kernel.realtimeOffsetNanos();
        return true;
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    private static long saturatedMul(long a, long b) {
        long hi = Math.multiplyHigh(a, b), lo = a * b;
        return (hi == 0 && lo >= 0) ? lo : Long.MAX_VALUE;
    }
}
