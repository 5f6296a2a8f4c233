package dev.jerla.abi.linux;

/** Clock ids and timer constants, mirroring include/uapi/linux/time.h. */
public final class Time {
    private Time() {}

    public static final int CLOCK_REALTIME = 0;
    public static final int CLOCK_MONOTONIC = 1;
    public static final int CLOCK_PROCESS_CPUTIME_ID = 2;
    public static final int CLOCK_THREAD_CPUTIME_ID = 3;
    public static final int CLOCK_MONOTONIC_RAW = 4;
    public static final int CLOCK_REALTIME_COARSE = 5;
    public static final int CLOCK_MONOTONIC_COARSE = 6;
    public static final int CLOCK_BOOTTIME = 7;
    public static final int CLOCK_REALTIME_ALARM = 8;
    public static final int CLOCK_BOOTTIME_ALARM = 9;
    public static final int CLOCK_TAI = 11;

    public static final int TIMER_ABSTIME = 1;

    public static final int ITIMER_REAL = 0;
    public static final int ITIMER_VIRTUAL = 1;
    public static final int ITIMER_PROF = 2;

    /** USER_HZ: the unit of times(2) and /proc tick counts. */
    public static final int USER_HZ = 100;
    public static final long NSEC_PER_SEC = 1_000_000_000L;
}
