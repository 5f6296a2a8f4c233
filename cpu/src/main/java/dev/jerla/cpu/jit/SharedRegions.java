package dev.jerla.cpu.jit;

import dev.jerla.cpu.mem.AddressSpace;

import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The compiled regions of one address space, by entry address, valid for one generation of it.
 * Shared by its threads; a new generation empties it, as it empties the decoded-block caches.
 */
final class SharedRegions {
    /** Marks an entry address whose region cannot be compiled (this generation). */
    static final Object REJECTED = new Object();

    private static final Map<AddressSpace, SharedRegions> ALL = new WeakHashMap<>();

    static SharedRegions of(AddressSpace as) {
        synchronized (ALL) {
            return ALL.computeIfAbsent(as, k -> new SharedRegions());
        }
    }

    private final ConcurrentHashMap<Long, Object> regions = new ConcurrentHashMap<>();
    // mu = this: guards generation changes against installs.
    private volatile long generation = -1;

    /** Moves to generation {@code g} of the address space if it is newer, dropping everything compiled before. */
    synchronized void sync(long g) {
        if (g > generation) {
            regions.clear();
            generation = g;
        }
    }

    /** The region (or {@link #REJECTED}) for {@code rip} compiled from generation {@code g}, or null. */
    Object lookup(long rip, long g) {
        return generation == g ? regions.get(rip) : null;
    }

    synchronized void install(long rip, long g, Object code) {
        if (g == generation) regions.put(rip, code);
    }
}
