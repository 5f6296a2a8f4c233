package dev.jerla.kernel.time;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Time;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.task.ThreadGroup;

import java.lang.management.ManagementFactory;
import java.time.Instant;

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
     * for a thread. Only the calling process and its own threads are supported.
     */
    private static long cpuClock(Task t, int clock) throws ErrnoException {
        if (clock >= 0 || (clock & 3) == 3) throw ErrnoException.of(Errno.EINVAL);
        int pid = ~(clock >> 3);
        boolean thread = (clock & 4) != 0;
        if (thread) {
            if (pid != 0 && pid != t.tid()) throw ErrnoException.of(Errno.EINVAL);
            return threadCpu();
        }
        ThreadGroup g = pid == 0 ? t.group() : t.kernel().findProcess(pid);
        if (g == null) throw ErrnoException.of(Errno.EINVAL);
        return processCpu(g);
    }
}
