package dev.jerla.kernel.time;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Time;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.task.ThreadGroup;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * The POSIX clocks (kernel/time/posix-timers.c, posix-cpu-timers.c). Real time comes from the
 * host's clock, the monotonic clocks from System.nanoTime (the host's CLOCK_MONOTONIC), and the
 * CPU-time clocks from the JVM's per-thread CPU accounting of the guest threads' host threads,
 * which also counts the kernel work done on them (an approximation of user+system time).
 */
public final class Clocks {
    private Clocks() {}

    public static long realtimeNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * Time.NSEC_PER_SEC + now.getNano();
    }

    public static long monotonicNanos() {
        return System.nanoTime();
    }

    /** True for the clocks clock_nanosleep and timers may use as their base. */
    public static boolean sleepable(int clock) {
        return switch (clock) {
            case Time.CLOCK_REALTIME, Time.CLOCK_MONOTONIC, Time.CLOCK_BOOTTIME, Time.CLOCK_TAI -> true;
            default -> false;
        };
    }

    /** The current value of {@code clock} for {@code t}, in nanoseconds. @throws ErrnoException EINVAL */
    public static long now(Task t, int clock) throws ErrnoException {
        return switch (clock) {
            case Time.CLOCK_REALTIME, Time.CLOCK_REALTIME_COARSE, Time.CLOCK_REALTIME_ALARM, Time.CLOCK_TAI ->
                    realtimeNanos() + t.kernel().realtimeOffsetNanos();
            case Time.CLOCK_MONOTONIC, Time.CLOCK_MONOTONIC_RAW, Time.CLOCK_MONOTONIC_COARSE,
                 Time.CLOCK_BOOTTIME, Time.CLOCK_BOOTTIME_ALARM -> monotonicNanos();
            case Time.CLOCK_PROCESS_CPUTIME_ID -> processCpu(t.group());
            case Time.CLOCK_THREAD_CPUTIME_ID -> threadCpu();
            default -> cpuClock(t, clock);
        };
    }

    /** The resolution of {@code clock}: 1 ns, or a tick (4 ms) for the coarse clocks. */
    public static long resolution(Task t, int clock) throws ErrnoException {
        now(t, clock);
        return clock == Time.CLOCK_REALTIME_COARSE || clock == Time.CLOCK_MONOTONIC_COARSE ? 4_000_000 : 1;
    }

    public static long processCpu(ThreadGroup g) {
        return g.userTimeNanos() + g.systemTimeNanos();
    }

    public static long threadCpu() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /**
     * The clocks clock_getcpuclockid and pthread_getcpuclockid make: ~pid << 3 | which, with bit 2
     * for a thread. A thread clock names a thread of the calling process.
     */
    private static long cpuClock(Task t, int clock) throws ErrnoException {
        return cpuClockSource(t, clock).getAsLong();
    }

    private static LongSupplier cpuClockSource(Task t, int clock) throws ErrnoException {
        if (clock >= 0 || (clock & 3) == 3) throw ErrnoException.of(Errno.EINVAL);
        int pid = ~(clock >> 3);
        boolean thread = (clock & 4) != 0;
        if (thread) {
            Task x = pid == 0 ? t : t.kernel().findTask(pid);
            if (x == null || x.group() != t.group()) throw ErrnoException.of(Errno.EINVAL);
            return () -> ThreadGroup.taskCpuNanos(x);
        }
        ThreadGroup g = pid == 0 ? t.group() : t.kernel().findProcess(pid);
        if (g == null || g.isZombie()) throw ErrnoException.of(Errno.EINVAL);
        return () -> processCpu(g);
    }

    /** True for a clock that advances only while its process or thread runs. */
    public static boolean isCpuClock(int clock) {
        return clock == Time.CLOCK_PROCESS_CPUTIME_ID || clock == Time.CLOCK_THREAD_CPUTIME_ID || clock < 0;
    }

    /**
     * The clock a timer follows (posix_timer_create's clock lookup): every clock clock_gettime
     * reads except the coarse ones, which Linux refuses for timers. @throws ErrnoException EINVAL
     */
    public static LongSupplier timerSource(Task t, int clock) throws ErrnoException {
        return switch (clock) {
            case Time.CLOCK_REALTIME, Time.CLOCK_REALTIME_ALARM, Time.CLOCK_TAI -> {
                var k = t.kernel();
                yield () -> realtimeNanos() + k.realtimeOffsetNanos();
            }
            case Time.CLOCK_MONOTONIC, Time.CLOCK_BOOTTIME, Time.CLOCK_BOOTTIME_ALARM -> Clocks::monotonicNanos;
            case Time.CLOCK_PROCESS_CPUTIME_ID -> {
                ThreadGroup g = t.group();
                yield () -> processCpu(g);
            }
            case Time.CLOCK_THREAD_CPUTIME_ID -> () -> ThreadGroup.taskCpuNanos(t);
            default -> {
                if (clock >= 0) throw ErrnoException.of(Errno.EINVAL);
                yield cpuClockSource(t, clock);
            }
        };
    }
}
