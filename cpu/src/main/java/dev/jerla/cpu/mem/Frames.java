package dev.jerla.cpu.mem;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Physical memory: 4 KiB page frames carved from off-heap chunks, reference counted so that
 * fork can share them copy-on-write. Frames are named by their host address. Released frames
 * return to a free list and are never given back to the host, so a stale host address always
 * points at memory the JVM owns (the JVM must never touch unmapped host memory).
 */
public final class Frames {
    public static final int PAGE_SIZE = 4096;
    public static final int PAGE_SHIFT = 12;
    private static final int CHUNK_SHIFT = 24;               // 16 MiB chunks
    private static final long CHUNK_SIZE = 1L << CHUNK_SHIFT;
    private static final int FRAMES_PER_CHUNK = (int) (CHUNK_SIZE >>> PAGE_SHIFT);

    /** All of host memory as one segment: the single place raw host addresses are dereferenced. */
    static final MemorySegment RAW = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    /** The process-wide frame pool. */
    public static final Frames GLOBAL = new Frames();

    private record Chunk(long base, AtomicIntegerArray refs) {}

    private final ConcurrentHashMap<Long, Chunk> chunks = new ConcurrentHashMap<>();

    // mu guards freeList, freeCount and bump allocation.
    private final Object mu = new Object();
    private long[] freeList = new long[1024];
    private int freeCount;
    private long bumpNext, bumpEnd;
    private long allocated;

    private Frames() {}

    /** Allocates a zero-filled frame with a reference count of one. */
    public long allocate() {
        long addr;
        synchronized (mu) {
            if (freeCount > 0) {
                addr = freeList[--freeCount];
            } else {
                if (bumpNext == bumpEnd) newChunk();
                addr = bumpNext;
                bumpNext += PAGE_SIZE;
            }
            allocated++;
        }
        RAW.asSlice(addr, PAGE_SIZE).fill((byte) 0);
        chunk(addr).refs.set(index(addr), 1);
        return addr;
    }

    /** Allocates a frame holding a copy of {@code src}'s contents, reference count one. */
    public long allocateCopy(long src) {
        long addr = allocate();
        MemorySegment.copy(RAW, src, RAW, addr, PAGE_SIZE);
        return addr;
    }

    public void retain(long frame) {
        chunk(frame).refs.incrementAndGet(index(frame));
    }

    /** Drops one reference; the frame is recycled when none remain. */
    public void release(long frame) {
        int left = chunk(frame).refs.decrementAndGet(index(frame));
        if (left == 0) {
            synchronized (mu) {
                if (freeCount == freeList.length) freeList = java.util.Arrays.copyOf(freeList, freeCount * 2);
                freeList[freeCount++] = frame;
                allocated--;
            }
        } else if (left < 0) {
            throw new IllegalStateException("frame released too often: 0x" + Long.toHexString(frame));
        }
    }

    public int refCount(long frame) {
        return chunk(frame).refs.get(index(frame));
    }

    /** Frames currently in use (for /proc/meminfo). */
    public long allocatedFrames() {
        synchronized (mu) { return allocated; }
    }

    /** A view of one frame, for bulk copies. */
    public static MemorySegment segment(long frame) {
        return RAW.asSlice(frame, PAGE_SIZE);
    }

    private void newChunk() {
        MemorySegment seg = Arena.global().allocate(CHUNK_SIZE, CHUNK_SIZE);
        long base = seg.address();
        chunks.put(base >>> CHUNK_SHIFT, new Chunk(base, new AtomicIntegerArray(FRAMES_PER_CHUNK)));
        bumpNext = base;
        bumpEnd = base + CHUNK_SIZE;
    }

    private Chunk chunk(long frame) {
        Chunk c = chunks.get(frame >>> CHUNK_SHIFT);
        if (c == null) throw new IllegalStateException("not a frame: 0x" + Long.toHexString(frame));
        return c;
    }

    private static int index(long frame) {
        return (int) ((frame & (CHUNK_SIZE - 1)) >>> PAGE_SHIFT);
    }

    static long getLong(long hostAddr) { return RAW.get(ValueLayout.JAVA_LONG_UNALIGNED, hostAddr); }
}
