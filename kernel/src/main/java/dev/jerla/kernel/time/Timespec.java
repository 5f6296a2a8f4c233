package dev.jerla.kernel.time;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Time;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.mm.UserMemory;

/**
 * struct timespec and struct timeval (include/uapi/linux/time_types.h): two 64-bit fields,
 * seconds and nanoseconds (or microseconds). Durations are carried as nanoseconds, saturated.
 */
public record Timespec(long sec, long nsec) {
    public static final int SIZE = 16;

    /** A timespec with a valid tv_nsec (0..999999999); EINVAL otherwise (timespec64_valid). */
    public static Timespec read(UserMemory m, long addr) throws ErrnoException {
        Timespec ts = new Timespec(m.readLong(addr), m.readLong(addr + 8));
        if (ts.nsec < 0 || ts.nsec >= Time.NSEC_PER_SEC) throw ErrnoException.of(Errno.EINVAL);
        return ts;
    }

    /** A timeval as nanoseconds; EINVAL for tv_usec outside 0..999999. */
    public static Timespec readTimeval(UserMemory m, long addr) throws ErrnoException {
        long sec = m.readLong(addr), usec = m.readLong(addr + 8);
        if (usec < 0 || usec >= 1_000_000) throw ErrnoException.of(Errno.EINVAL);
        return new Timespec(sec, usec * 1000);
    }

    public static Timespec ofNanos(long nanos) {
        return new Timespec(Math.floorDiv(nanos, Time.NSEC_PER_SEC), Math.floorMod(nanos, Time.NSEC_PER_SEC));
    }

    /** The value in nanoseconds, saturated at Long.MAX_VALUE. */
    public long toNanos() {
        if (sec >= Long.MAX_VALUE / Time.NSEC_PER_SEC) return Long.MAX_VALUE;
        if (sec <= Long.MIN_VALUE / Time.NSEC_PER_SEC) return Long.MIN_VALUE;
        return sec * Time.NSEC_PER_SEC + nsec;
    }

    public void write(UserMemory m, long addr) throws ErrnoException {
        m.copyOut(addr, bytes(sec, nsec));
    }

    /** Writes this value as a struct timeval (microseconds, truncated). */
    public void writeTimeval(UserMemory m, long addr) throws ErrnoException {
        m.copyOut(addr, bytes(sec, nsec / 1000));
    }

    public static void writeNanos(UserMemory m, long addr, long nanos) throws ErrnoException {
        ofNanos(nanos).write(m, addr);
    }

    private static byte[] bytes(long a, long b) {
        byte[] out = new byte[16];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (a >>> (8 * i));
            out[8 + i] = (byte) (b >>> (8 * i));
        }
        return out;
    }
}
