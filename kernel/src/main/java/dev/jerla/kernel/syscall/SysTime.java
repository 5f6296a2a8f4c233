package dev.jerla.kernel.syscall;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Time;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.task.ThreadGroup;
import dev.jerla.abi.linux.Signal;
import dev.jerla.kernel.signal.Signals;
import dev.jerla.kernel.time.Clocks;
import dev.jerla.kernel.time.PosixTimer;
import dev.jerla.kernel.time.Timespec;

/** Time system calls (kernel/time/time.c, posix-timers.c, hrtimer.c, itimer.c, kernel/sys.c times). */
public final class SysTime {
    private SysTime() {}

    private static ErrnoException err(Errno e) { return ErrnoException.of(e); }

    /** Deadlines further than this are treated as "never" (about 73 years). */
    private static final long FOREVER = Long.MAX_VALUE / 4;

    public static long clockGettime(Task t, long clock, long tp, long a2, long a3, long a4, long a5) throws ErrnoException {
        long now = Clocks.now(t, (int) clock);
        Timespec.writeNanos(t.mem(), tp, now);
        return 0;
    }

    public static long clockGetres(Task t, long clock, long res, long a2, long a3, long a4, long a5) throws ErrnoException {
        long r = Clocks.resolution(t, (int) clock);
        if (res != 0) Timespec.writeNanos(t.mem(), res, r);
        return 0;
    }

    /** clock_settime: only CLOCK_REALTIME, only root; Jerla keeps the offset to the host's clock. */
    public static long clockSettime(Task t, long clock, long tp, long a2, long a3, long a4, long a5) throws ErrnoException {
        Timespec ts = Timespec.read(t.mem(), tp);
        if ((int) clock != Time.CLOCK_REALTIME) throw err(Errno.EINVAL);
        if (ts.sec() < 0) throw err(Errno.EINVAL);
        if (t.creds().euid() != 0) throw err(Errno.EPERM);
        t.kernel().setRealtimeOffsetNanos(ts.toNanos() - Clocks.realtimeNanos());
        return 0;
    }

    public static long gettimeofday(Task t, long tv, long tz, long a2, long a3, long a4, long a5) throws ErrnoException {
        if (tv != 0) Timespec.ofNanos(Clocks.now(t, Time.CLOCK_REALTIME)).writeTimeval(t.mem(), tv);
        if (tz != 0) t.mem().copyOut(tz, new byte[8]);
        return 0;
    }

    public static long settimeofday(Task t, long tv, long tz, long a2, long a3, long a4, long a5) throws ErrnoException {
        if (tv == 0) return 0;
        Timespec ts = Timespec.readTimeval(t.mem(), tv);
        if (ts.sec() < 0) throw err(Errno.EINVAL);
        if (t.creds().euid() != 0) throw err(Errno.EPERM);
        t.kernel().setRealtimeOffsetNanos(ts.toNanos() - Clocks.realtimeNanos());
        return 0;
    }

    public static long time(Task t, long tloc, long a1, long a2, long a3, long a4, long a5) throws ErrnoException {
        long sec = Math.floorDiv(Clocks.now(t, Time.CLOCK_REALTIME), Time.NSEC_PER_SEC);
        if (tloc != 0) t.mem().writeLong(tloc, sec);
        return sec;
    }

    /** Sleeps until the host-monotonic {@code deadline}; on a signal writes the time left to {@code rem} and arranges a restart. */
    private static long sleepUntil(Task t, long deadline, long rem) throws ErrnoException {
        try {
            t.waitInterruptibly(() -> false, deadline);
            return 0;
        } catch (ErrnoException e) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return 0;
            if (rem != 0) Timespec.writeNanos(t.mem(), rem, left);
            t.setRestartBlock(tt -> sleepUntil(tt, deadline, rem));
            throw ErrnoException.of(ErrnoException.ERESTART_RESTARTBLOCK);
        }
    }

    private static long deadlineAfter(long nanos) {
        return System.nanoTime() + Math.min(nanos, FOREVER);
    }

    public static long nanosleep(Task t, long req, long rem, long a2, long a3, long a4, long a5) throws ErrnoException {
        Timespec ts = Timespec.read(t.mem(), req);
        if (ts.sec() < 0) throw err(Errno.EINVAL);
        return sleepUntil(t, deadlineAfter(ts.toNanos()), rem);
    }

    /**
     * clock_nanosleep on the real-time, monotonic and boot-time clocks; an absolute sleep is not
     * restarted with remaining time (ERESTARTNOHAND) and does not follow later clock changes.
     */
    public static long clockNanosleep(Task t, long clock, long flags, long req, long rem, long a4, long a5) throws ErrnoException {
        int c = (int) clock;
        if (!Clocks.sleepable(c)) {
            Clocks.now(t, c);
            throw err(Errno.EOPNOTSUPP);
        }
        Timespec ts = Timespec.read(t.mem(), req);
        if (ts.sec() < 0 && (flags & Time.TIMER_ABSTIME) == 0) throw err(Errno.EINVAL);
        if ((flags & Time.TIMER_ABSTIME) != 0) {
            long delta = ts.toNanos() - Clocks.now(t, c);
            long deadline = deadlineAfter(Math.max(0, delta));
            try {
                t.waitInterruptibly(() -> false, deadline);
                return 0;
            } catch (ErrnoException e) {
                throw ErrnoException.of(ErrnoException.ERESTARTNOHAND);
            }
        }
        return sleepUntil(t, deadlineAfter(ts.toNanos()), rem);
    }

    public static long alarm(Task t, long seconds, long a1, long a2, long a3, long a4, long a5) {
        long sec = seconds & 0xFFFFFFFFL;
        long[] old = t.group().realTimer().set(sec * Time.NSEC_PER_SEC, 0);
        long oldSec = old[0] / Time.NSEC_PER_SEC, oldUsec = (old[0] % Time.NSEC_PER_SEC) / 1000;
        if ((oldSec == 0 && oldUsec != 0) || oldUsec >= 500_000) oldSec++;
        return oldSec;
    }

    private static void checkWhich(int which) throws ErrnoException {
        if (which != Time.ITIMER_REAL && which != Time.ITIMER_VIRTUAL && which != Time.ITIMER_PROF) throw err(Errno.EINVAL);
    }

    /** struct itimerval: it_interval then it_value, two timevals. */
    private static void writeItimerval(Task t, long addr, long[] v) throws ErrnoException {
        Timespec.ofNanos(v[1]).writeTimeval(t.mem(), addr);
        long value = v[0];
        // A running timer never reads as zero (itimer_get_remtime rounds up to 1 us).
        if (value > 0 && value < 1000) value = 1000;
        Timespec.ofNanos(value).writeTimeval(t.mem(), addr + 16);
    }

    private static long[] get(ThreadGroup g, int which) {
        return which == Time.ITIMER_REAL ? g.realTimer().get() : g.cpuItimer(which).get();
    }

    public static long getitimer(Task t, long which, long curr, long a2, long a3, long a4, long a5) throws ErrnoException {
        int w = (int) which;
        checkWhich(w);
        writeItimerval(t, curr, get(t.group(), w));
        return 0;
    }

    /** setitimer: ITIMER_REAL counts real time (SIGALRM), ITIMER_VIRTUAL user time (SIGVTALRM), ITIMER_PROF CPU time (SIGPROF). */
    public static long setitimer(Task t, long which, long value, long ovalue, long a3, long a4, long a5) throws ErrnoException {
        int w = (int) which;
        checkWhich(w);
        long interval = 0, val = 0;
        if (value != 0) {
            interval = Timespec.readTimeval(t.mem(), value).toNanos();
            val = Timespec.readTimeval(t.mem(), value + 16).toNanos();
            if (interval < 0 || val < 0) throw err(Errno.EINVAL);
        }
        ThreadGroup g = t.group();
        long[] old;
        if (w == Time.ITIMER_REAL) {
            old = g.realTimer().set(val, interval);
        } else {
            PosixTimer cpu = g.cpuItimer(w);
            old = cpu.set(val > 0 ? cpu.now() + val : 0, interval);
        }
        if (ovalue != 0) writeItimerval(t, ovalue, old);
        return 0;
    }

    // ---------------------------------------------------------------- POSIX timers (kernel/time/posix-timers.c)

    /** timer_create: a timer on {@code clock}, signalling as struct sigevent says (SIGALRM to the process if null). */
    public static long timerCreate(Task t, long clock, long sevp, long timerid, long a3, long a4, long a5) throws ErrnoException {
        int c = (int) clock;
        var source = Clocks.timerSource(t, c);
        ThreadGroup g = t.group();
        int notify = Signal.SIGEV_SIGNAL, signo = Signal.SIGALRM, tid = 0;
        long value = 0;
        boolean defaultValue = sevp == 0;
        if (sevp != 0) {
            byte[] b = t.mem().copyIn(sevp, 20);
            value = getLong(b, 0);
            signo = getInt(b, 8);
            notify = getInt(b, 12);
            tid = getInt(b, 16);
        }
        PosixTimer.Notify how;
        Task target = null;
        switch (notify) {
            case Signal.SIGEV_NONE -> how = PosixTimer.Notify.NONE;
            case Signal.SIGEV_SIGNAL, Signal.SIGEV_THREAD -> how = PosixTimer.Notify.SIGNAL;
            case Signal.SIGEV_THREAD_ID -> {
                how = PosixTimer.Notify.THREAD_ID;
                target = t.kernel().findTask(tid);
                if (target == null || target.group() != g) throw err(Errno.EINVAL);
            }
            default -> throw err(Errno.EINVAL);
        }
        if (how != PosixTimer.Notify.NONE && !Signals.valid(signo)) throw err(Errno.EINVAL);
        Task tgt = target;
        int sig = signo;
        long val = value;
        PosixTimer timer = g.addPosixTimer(id -> new PosixTimer(t.kernel(), g, id, source, Clocks.isCpuClock(c), how, sig,
                defaultValue ? id : val, tgt, Signal.SI_TIMER));
        if (timer == null) throw err(Errno.EAGAIN);
        try {
            t.mem().writeInt(timerid, timer.id());
        } catch (ErrnoException e) {
            g.removePosixTimer(timer.id());
            throw e;
        }
        return 0;
    }

    private static PosixTimer timer(Task t, long id) throws ErrnoException {
        PosixTimer timer = (int) id == id ? t.group().posixTimer((int) id) : null;
        if (timer == null) throw err(Errno.EINVAL);
        return timer;
    }

    /** struct itimerspec: it_interval then it_value. */
    private static void writeItimerspec(Task t, long addr, long[] v) throws ErrnoException {
        Timespec.writeNanos(t.mem(), addr, v[1]);
        Timespec.writeNanos(t.mem(), addr + 16, v[0]);
    }

    public static long timerSettime(Task t, long id, long flags, long newValue, long oldValue, long a4, long a5) throws ErrnoException {
        PosixTimer timer = timer(t, id);
        if (newValue == 0) throw err(Errno.EINVAL);
        Timespec interval = Timespec.read(t.mem(), newValue);
        Timespec value = Timespec.read(t.mem(), newValue + 16);
        if (interval.sec() < 0 || value.sec() < 0) throw err(Errno.EINVAL);
        long v = value.toNanos();
        long absolute = 0;
        if (v != 0) {
            absolute = ((int) flags & Time.TIMER_ABSTIME) != 0 ? Math.max(1, v) : timer.now() + v;
        }
        long[] old = timer.set(absolute, interval.toNanos());
        if (oldValue != 0) writeItimerspec(t, oldValue, old);
        return 0;
    }

    public static long timerGettime(Task t, long id, long cur, long a2, long a3, long a4, long a5) throws ErrnoException {
        writeItimerspec(t, cur, timer(t, id).get());
        return 0;
    }

    public static long timerGetoverrun(Task t, long id, long a1, long a2, long a3, long a4, long a5) throws ErrnoException {
        return timer(t, id).overrun();
    }

    public static long timerDelete(Task t, long id, long a1, long a2, long a3, long a4, long a5) throws ErrnoException {
        timer(t, id);
        PosixTimer timer = t.group().removePosixTimer((int) id);
        if (timer == null) throw err(Errno.EINVAL);
        timer.delete();
        return 0;
    }

    private static int getInt(byte[] b, int o) {
        return (b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8 | (b[o + 2] & 0xFF) << 16 | (b[o + 3] & 0xFF) << 24;
    }

    private static long getLong(byte[] b, int o) {
        return (getInt(b, o) & 0xFFFFFFFFL) | (long) getInt(b, o + 4) << 32;
    }

    /** times: CPU times in clock ticks (USER_HZ); returns ticks since boot. */
    public static long times(Task t, long buf, long a1, long a2, long a3, long a4, long a5) throws ErrnoException {
        ThreadGroup g = t.group();
        long tick = Time.NSEC_PER_SEC / Time.USER_HZ;
        if (buf != 0) {
            byte[] b = new byte[32];
            long[] v = {g.userTimeNanos() / tick, g.systemTimeNanos() / tick, g.childUserNanos() / tick, g.childSystemNanos() / tick};
            for (int i = 0; i < 4; i++) for (int k = 0; k < 8; k++) b[8 * i + k] = (byte) (v[i] >>> (8 * k));
            t.mem().copyOut(buf, b);
        }
        return (System.nanoTime() - t.kernel().bootTimeNanos()) / tick;
    }
}
