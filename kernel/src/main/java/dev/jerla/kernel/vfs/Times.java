package dev.jerla.kernel.vfs;

import java.time.Instant;

/** The wall clock for file timestamps, in nanoseconds since the Unix epoch (current_time()). */
public final class Times {
    private Times() {}

    public static long now() {
        Instant i = Instant.now();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
