package dev.jerla.kernel.mm;

import dev.jerla.cpu.mem.Frames;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pages behind a MAP_SHARED|MAP_ANONYMOUS mapping (an unlinked shmem file in mm/shmem.c):
 * frames by page index, allocated on first touch and shared by every VMA that maps the object,
 * in this process and its forks. Reference counted by those VMAs.
 */
public final class Shmem {
    private final ConcurrentHashMap<Long, Long> pages = new ConcurrentHashMap<>();
    private final AtomicInteger refs = new AtomicInteger(1);

    /** The frame of page {@code index}, allocated zeroed on first use. The object keeps its own reference. */
    public long frame(long index) {
        return pages.computeIfAbsent(index, i -> Frames.GLOBAL.allocate());
    }

    public boolean resident(long index) { return pages.containsKey(index); }

    /** Drops the pages of [from, to) (MADV_REMOVE). */
    public void punch(long from, long to) {
        for (long i = from; i < to; i++) {
            Long f = pages.remove(i);
            if (f != null) Frames.GLOBAL.release(f);
        }
    }

    void retain() { refs.incrementAndGet(); }

    void release() {
        if (refs.decrementAndGet() == 0) {
            for (Long f : pages.values()) Frames.GLOBAL.release(f);
            pages.clear();
        }
    }
}
