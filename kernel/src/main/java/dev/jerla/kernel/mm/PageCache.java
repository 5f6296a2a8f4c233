package dev.jerla.kernel.mm;

import dev.jerla.cpu.mem.Frames;
import dev.jerla.kernel.ErrnoException;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cached pages of one file (struct address_space of include/linux/fs.h): page frames by page
 * index, shared by read(2)/write(2) and by every mapping of the file, so a write is seen through
 * an existing MAP_SHARED mapping and a store through the mapping is seen by read(2). A private
 * mapping maps the same frames copy-on-write: it sees file changes until it writes a page.
 *
 * <p>A tmpfs file keeps its data here for its whole life (the cache is the file). A host file's
 * cache lives while the file is mapped: it is filled from the host on first touch, written back
 * by msync(2), fsync(2) and the last unmap, and then dropped, so later host changes are seen.
 *
 * <p>The memory managers that map the file are remembered (the i_mmap reverse map, per process
 * rather than per area), so truncation and hole punching can unmap the pages that went away.
 *
 * <p>Concurrency: {@code pages} (its monitor) guards the frame table. Callers may hold a memory
 * manager's monitor or the file's monitor when they call in; the cache never calls out with its
 * own monitor held except to fill or write back one page.
 */
public final class PageCache {
    public static final int PAGE_SIZE = Frames.PAGE_SIZE;
    private static final Cleaner CLEANER = Cleaner.create();

    /** Where the data comes from and goes back to (the address_space_operations). */
    public interface Backing {
        /** The file size in bytes: pages wholly beyond it are not mapped (SIGBUS). */
        long size();

        /** Fills a newly cached page (zeroed already); tmpfs only charges its size limit. */
        void readPage(long index, MemorySegment page) throws ErrnoException;

        /** Writes the first {@code len} bytes of a page back (writepage); nothing for memory filesystems. */
        default void writePage(long index, MemorySegment page, int len) throws ErrnoException {}

        /** The last mapping of the file is gone. */
        default void lastUnmap(PageCache cache) {}
    }

    /** The frame table, apart from the cache so that a cleaner can free it without holding the cache. */
    private static final class Pages implements Runnable {
        final Map<Long, Long> frames = new HashMap<>();

        @Override
        public synchronized void run() {
            for (long f : frames.values()) Frames.GLOBAL.release(f);
            frames.clear();
        }
    }

    private final Backing backing;
    private final Pages pages = new Pages();
    private final Set<MemoryManager> mappers = ConcurrentHashMap.newKeySet();
    private final AtomicInteger maps = new AtomicInteger();
    private final AtomicInteger writers = new AtomicInteger();
    private volatile boolean writeSealed;
    /** A shared mapping that may write exists or existed: pages may differ from the backing. */
    private volatile boolean mayBeDirty;

    /**
     * @param owner when not null, the frames are freed once {@code owner} is unreachable (a tmpfs
     *              file whose names and users are all gone)
     */
    public PageCache(Backing backing, Object owner) {
        this.backing = backing;
        if (owner != null) CLEANER.register(owner, pages);
    }

    public long size() { return backing.size(); }

    // ---------------------------------------------------------------- the frame table

    /** The frame caching page {@code index}, or 0. */
    public long peek(long index) {
        synchronized (pages) {
            Long f = pages.frames.get(index);
            return f == null ? 0 : f;
        }
    }

    /** The frame of page {@code index}, read in from the backing on first use (find_or_create_page). */
    public long frame(long index) throws ErrnoException {
        synchronized (pages) {
            Long f = pages.frames.get(index);
            if (f != null) return f;
            long frame = Frames.GLOBAL.allocate();
            try {
                backing.readPage(index, Frames.segment(frame));
            } catch (ErrnoException e) {
                Frames.GLOBAL.release(frame);
                throw e;
            }
            pages.frames.put(index, frame);
            return frame;
        }
    }

    /** The number of cached pages. */
    public int count() {
        synchronized (pages) { return pages.frames.size(); }
    }

    /** The cached page indexes, sorted. */
    public long[] indexes() {
        synchronized (pages) {
            return pages.frames.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
        }
    }

    /** Drops cached pages with index in [from, to) and returns how many were cached. */
    public long dropRange(long from, long to) {
        long n = 0;
        synchronized (pages) {
            List<Long> gone = new ArrayList<>();
            for (long i : pages.frames.keySet()) if (i >= from && i < to) gone.add(i);
            for (long i : gone) {
                Frames.GLOBAL.release(pages.frames.remove(i));
                n++;
            }
        }
        return n;
    }

    /** Drops every page (the file's data is gone, or a host file's cache is retired). */
    public void releaseAll() { pages.run(); }

    /** Zeroes bytes [from, to) of a cached page, if it is cached. */
    public void zero(long index, int from, int to) {
        long f = peek(index);
        if (f != 0 && to > from) Frames.segment(f).asSlice(from, to - from).fill((byte) 0);
    }

    public static void copyFromPage(long frame, int inPage, byte[] dst, int off, int len) {
        MemorySegment.copy(Frames.segment(frame), ValueLayout.JAVA_BYTE, inPage, dst, off, len);
    }

    public static void copyToPage(byte[] src, int off, long frame, int inPage, int len) {
        MemorySegment.copy(src, off, Frames.segment(frame), ValueLayout.JAVA_BYTE, inPage, len);
    }

    // ---------------------------------------------------------------- mappings

    void addMapper(MemoryManager mm) { mappers.add(mm); }

    void removeMapper(MemoryManager mm) { mappers.remove(mm); }

    /** One more area maps the file; {@code writableShared} for a shared mapping with PROT_WRITE. */
    void mapped(boolean writableShared) {
        maps.incrementAndGet();
        if (writableShared) {
            writers.incrementAndGet();
            mayBeDirty = true;
        }
    }

    /** True while a shared mapping may write to the pages (F_SEAL_WRITE is then EBUSY). */
    public boolean writableSharedMappings() { return writers.get() > 0; }

    /** Sealed against writes (F_SEAL_WRITE, F_SEAL_FUTURE_WRITE): no new shared writable mapping (EPERM). */
    public boolean writeSealed() { return writeSealed; }

    public void sealWrites() { writeSealed = true; }



    /** One area less; the backing hears when the last is gone. */
    void unmapped(boolean writableShared) {
        if (writableShared) writers.decrementAndGet();
        if (maps.decrementAndGet() == 0) backing.lastUnmap(this);
    }

    /** The number of areas mapping the file. */
    public int mapCount() { return maps.get(); }

    /**
     * Unmaps pages [from, to) from every process that maps the file (unmap_mapping_range with
     * even_cows: private copies go too), so the next touch faults and sees the new state.
     */
    public void unmapRange(long from, long to) {
        for (MemoryManager mm : mappers) mm.zapFilePages(this, from, to);
    }

    /**
     * The file shrank to {@code newSize} (truncate_pagecache): pages past the end are unmapped
     * everywhere and dropped, and the tail of the last page is zeroed. Returns the pages dropped.
     */
    public long truncate(long newSize) {
        long first = (newSize + PAGE_SIZE - 1) / PAGE_SIZE;
        unmapRange(first, Long.MAX_VALUE);
        long n = dropRange(first, Long.MAX_VALUE);
        if (newSize % PAGE_SIZE != 0) zero(newSize / PAGE_SIZE, (int) (newSize % PAGE_SIZE), PAGE_SIZE);
        return n;
    }

    /**
     * Writes cached pages back if a shared writable mapping may have changed them (the part of each
     * page inside the file; filemap_write_and_wait). Memory filesystems have nothing to write.
     */
    public void writeBack() throws ErrnoException {
        if (!mayBeDirty) return;
        long size = backing.size();
        for (long i : indexes()) {
            long start = i * PAGE_SIZE;
            if (start >= size) continue;
            long f = peek(i);
            if (f == 0) continue;
            backing.writePage(i, Frames.segment(f), (int) Math.min(PAGE_SIZE, size - start));
        }
        if (maps.get() == 0) mayBeDirty = false;
    }
}
