package dev.jerla.kernel.task;

import dev.jerla.abi.linux.Resource;

/**
 * The parts of struct rusage (include/uapi/linux/resource.h) that Jerla accounts: user and
 * system CPU time and the peak resident set in KiB; the other counters read as zero.
 */
public record Rusage(long userNanos, long systemNanos, long maxRssKib) {
    public static final Rusage ZERO = new Rusage(0, 0, 0);

    /** The 144-byte struct: ru_utime and ru_stime as timevals, then ru_maxrss. */
    public byte[] bytes() {
        byte[] b = new byte[Resource.RUSAGE_SIZE];
        put(b, 0, userNanos / 1_000_000_000L);
        put(b, 8, (userNanos % 1_000_000_000L) / 1000);
        put(b, 16, systemNanos / 1_000_000_000L);
        put(b, 24, (systemNanos % 1_000_000_000L) / 1000);
        put(b, 32, maxRssKib);
        return b;
    }

    private static void put(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) b[off + i] = (byte) (v >>> (8 * i));
    }
}
