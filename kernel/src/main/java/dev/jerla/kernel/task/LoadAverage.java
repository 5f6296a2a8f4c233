package dev.jerla.kernel.task;

import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The load average (kernel/sched/loadavg.c): every LOAD_FREQ the number of runnable and
 * uninterruptible tasks is folded into three exponentially decayed averages over 1, 5 and 15
 * minutes, kept in FSHIFT fixed point as /proc/loadavg and sysinfo(2) report them.
 */
public final class LoadAverage {
    /** Bits of fraction (FSHIFT) and 1.0 (FIXED_1) in include/linux/sched/loadavg.h. */
    public static final int FSHIFT = 11;
    public static final long FIXED_1 = 1L << FSHIFT;
    /** 1/exp(5s/1min), 1/exp(5s/5min), 1/exp(5s/15min) in fixed point. */
    static final long EXP_1 = 1884, EXP_5 = 2014, EXP_15 = 2037;
    /** LOAD_FREQ: 5 s and one tick. */
    static final long LOAD_FREQ_MILLIS = 5001;

    // mu (this) guards avenrun.
    private final long[] avenrun = new long[3];

    /** calc_load: one decay step of {@code load} toward {@code active}, both fixed point; rounds up while rising. */
    static long calcLoad(long load, long exp, long active) {
        long newload = load * exp + active * (FIXED_1 - exp);
        if (active >= load) newload += FIXED_1 - 1;
        return newload / FIXED_1;
    }

    /** calc_global_load with {@code active} runnable and uninterruptible tasks. */
    public synchronized void sample(int active) {
        long a = active * FIXED_1;
        avenrun[0] = calcLoad(avenrun[0], EXP_1, a);
        avenrun[1] = calcLoad(avenrun[1], EXP_5, a);
        avenrun[2] = calcLoad(avenrun[2], EXP_15, a);
    }

    /** The three averages in FSHIFT fixed point (avenrun). */
    public synchronized long[] averages() { return avenrun.clone(); }

    /** /proc/loadavg's "%lu.%02lu" of one average: LOAD_INT and LOAD_FRAC after adding FIXED_1/200 to round. */
    public static String format(long avg) {
        long x = avg + FIXED_1 / 200;
        return String.format(Locale.ROOT, "%d.%02d", x >> FSHIFT, ((x & (FIXED_1 - 1)) * 100) >> FSHIFT);
    }

    /** Samples {@code pt}'s active tasks every LOAD_FREQ from now on. */
    void start(ScheduledExecutorService timers, ProcessTable pt) {
        timers.scheduleAtFixedRate(() -> sample(pt.activeTasks()), LOAD_FREQ_MILLIS, LOAD_FREQ_MILLIS, TimeUnit.MILLISECONDS);
    }
}
