package dev.jerla.kernel.mm;

import dev.jerla.abi.linux.Fcntl;
import dev.jerla.abi.linux.Mman;
import dev.jerla.cpu.mem.AddressSpace;
import dev.jerla.cpu.mem.GuestFault;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.vfs.FileDescription;
import dev.jerla.kernel.vfs.Inode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.*;

/** File mappings through the page cache: sharing, copy-on-write, truncation and write-back. */
class PageCacheTest {
    private static final int RW = Mman.PROT_READ | Mman.PROT_WRITE;
    private static final long PAGE = 4096;

    /** A file of {@code size} bytes whose pages read as their index and whose write-backs are counted. */
    private static final class Backing implements PageCache.Backing {
        long size = 3 * PAGE;
        int writes;

        @Override public long size() { return size; }

        @Override public void readPage(long index, MemorySegment page) { page.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 0, (byte) index); }

        @Override public void writePage(long index, MemorySegment page, int len) { writes++; }
    }

    /** An open file that hands out the cache. */
    private static final class MappedFile extends FileDescription {
        final PageCache cache;

        MappedFile(PageCache cache) {
            super(Fcntl.O_RDWR);
            this.cache = cache;
        }

        @Override public Inode inode() { return null; }
        @Override public PageCache pageCache() { return cache; }
    }

    private Backing backing;
    private PageCache cache;
    private MappedFile file;
    private MemoryManager a, b;

    @BeforeEach
    void setUp() {
        backing = new Backing();
        cache = new PageCache(backing, null);
        file = new MappedFile(cache);
        a = new MemoryManager(new AddressSpace());
        b = new MemoryManager(new AddressSpace());
    }

    @AfterEach
    void tearDown() {
        a.release();
        b.release();
    }

    private long map(MemoryManager mm, int flags) throws ErrnoException {
        return mm.mmap(0, 3 * PAGE, RW, flags, new MemoryManager.MappedFile(file, "/f", 0, 1), 0);
    }

    @Test
    void sharedMappingsOfTwoProcessesSeeOneAnother() throws ErrnoException {
        long x = map(a, Mman.MAP_SHARED), y = map(b, Mman.MAP_SHARED);
        assertEquals(1, a.addressSpace().readInt(x + PAGE) & 0xFF, "the page came from the backing");
        a.addressSpace().writeInt(x + 8, 42);
        assertEquals(42, b.addressSpace().readInt(y + 8));
        long frame = cache.peek(0);
        PageCache.copyToPage(new byte[] {7}, 0, frame, 100, 1);
        assertEquals(7, b.addressSpace().readInt(y + 100) & 0xFF, "a write to the cache is seen by the mapping");
    }

    @Test
    void privateMappingSeesTheFileUntilItWrites() throws ErrnoException {
        long p = map(a, Mman.MAP_PRIVATE);
        assertEquals(0, a.addressSpace().readInt(p + 4));
        long frame = cache.peek(0);
        PageCache.copyToPage(new byte[] {9}, 0, frame, 4, 1);
        assertEquals(9, a.addressSpace().readInt(p + 4) & 0xFF, "not yet copied: the file's change shows");
        a.addressSpace().writeInt(p + 8, 5);
        PageCache.copyToPage(new byte[] {3}, 0, frame, 4, 1);
        assertEquals(9, a.addressSpace().readInt(p + 4) & 0xFF, "copied on write: later file changes do not show");
        byte[] head = new byte[1];
        PageCache.copyFromPage(frame, 8, head, 0, 1);
        assertEquals(0, head[0], "the private store stays out of the file");
    }

    @Test
    void truncationUnmapsPagesBeyondTheEndAndFaultsAreBusErrors() throws ErrnoException {
        long x = map(a, Mman.MAP_SHARED);
        a.addressSpace().readInt(x + 2 * PAGE);
        backing.size = PAGE + 10;
        cache.truncate(backing.size);
        assertEquals(0, cache.peek(2));
        assertThrows(GuestFault.class, () -> a.addressSpace().readInt(x + 2 * PAGE));
        assertTrue(a.busError(x + 2 * PAGE));
        assertFalse(a.busError(x + PAGE + 20), "the partial last page stays mapped");
        assertEquals(0, a.addressSpace().readInt(x + PAGE + 20));
    }

    @Test
    void lastUnmapAndMsyncWriteBackSharedWritablePages() throws ErrnoException {
        long x = map(a, Mman.MAP_SHARED);
        a.addressSpace().writeInt(x, 1);
        a.msync(x, 3 * PAGE, false);
        assertEquals(1, backing.writes);
        long p = map(b, Mman.MAP_PRIVATE);
        b.addressSpace().readInt(p);
        a.munmap(x, 3 * PAGE);
        assertEquals(1, cache.mapCount(), "one private mapping is left");
        assertFalse(cache.writableSharedMappings());
    }
}
