package dev.jerla.kernel.mm;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Mman;
import dev.jerla.cpu.mem.AddressSpace;
import dev.jerla.cpu.mem.GuestFault;
import dev.jerla.kernel.ErrnoException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class MemoryManagerTest {
    private static final int RW = Mman.PROT_READ | Mman.PROT_WRITE;
    private static final int ANON = Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS;
    private static final long PAGE = 4096;

    private AddressSpace as;
    private MemoryManager mm;

    @BeforeEach
    void setUp() {
        as = new AddressSpace();
        mm = new MemoryManager(as);
        mm.setStackLimit(8L << 20);
    }

    @AfterEach
    void tearDown() {
        mm.release();
    }

    private String layout() {
        StringBuilder sb = new StringBuilder();
        for (Vma v : mm.areas()) sb.append(String.format("%x-%x:%d ", v.start(), v.end(), v.prot()));
        return sb.toString().trim();
    }

    @Test
    void mmapBaseIs128MiBBelowTheStackTopAsLinuxWithoutRandomization() {
        assertEquals(0x7ffff7fff000L, mm.mmapBase());
        assertEquals(0x555555554000L, MemoryManager.ELF_ET_DYN_BASE);
    }

    @Test
    void anonymousMappingsAreTakenTopDownAndMergeWhenAdjacentAndAlike() throws ErrnoException {
        long a = mm.mmap(0, 2 * PAGE, RW, ANON, null, 0);
        long b = mm.mmap(0, PAGE, RW, ANON, null, 0);
        assertEquals(mm.mmapBase() - 2 * PAGE, a);
        assertEquals(a - PAGE, b);
        assertEquals(List.of(b), mm.areas().stream().map(Vma::start).toList(), "adjacent private anonymous areas merge");
        assertEquals(3 * PAGE, mm.totalBytes());
    }

    @Test
    void aFreeHintIsHonouredAndAnOccupiedOneIsNot() throws ErrnoException {
        long at = mm.mmap(0x10000000L, PAGE, RW, ANON, null, 0);
        assertEquals(0x10000000L, at);
        long again = mm.mmap(0x10000000L, PAGE, Mman.PROT_READ, ANON, null, 0);
        assertNotEquals(0x10000000L, again);
    }

    @Test
    void mapFixedReplacesAndFixedNoreplaceRefusesWithEexist() throws ErrnoException {
        long base = 0x20000000L;
        mm.mmap(base, 4 * PAGE, RW, ANON, null, 0);
        as.writeInt(base + PAGE, 77);
        mm.mmap(base + PAGE, PAGE, Mman.PROT_READ, ANON | Mman.MAP_FIXED, null, 0);
        assertEquals(0, as.readInt(base + PAGE), "the replaced page is fresh");
        assertEquals("20000000-20001000:3 20001000-20002000:1 20002000-20004000:3", layout());
        ErrnoException e = assertThrows(ErrnoException.class,
                () -> mm.mmap(base, PAGE, RW, ANON | Mman.MAP_FIXED_NOREPLACE, null, 0));
        assertEquals(Errno.EEXIST, e.errno());
    }

    @Test
    void munmapInTheMiddleSplitsTheArea() throws ErrnoException {
        long base = 0x30000000L;
        mm.mmap(base, 3 * PAGE, RW, ANON | Mman.MAP_FIXED, null, 0);
        mm.munmap(base + PAGE, PAGE);
        assertEquals("30000000-30001000:3 30002000-30003000:3", layout());
        assertThrows(GuestFault.class, () -> as.readInt(base + PAGE));
    }

    @Test
    void mprotectSplitsThenMergesBack() throws ErrnoException {
        long base = 0x40000000L;
        mm.mmap(base, 4 * PAGE, RW, ANON | Mman.MAP_FIXED, null, 0);
        mm.mprotect(base + PAGE, 2 * PAGE, Mman.PROT_READ);
        assertEquals("40000000-40001000:3 40001000-40003000:1 40003000-40004000:3", layout());
        GuestFault f = assertThrows(GuestFault.class, () -> as.writeInt(base + PAGE, 1));
        assertTrue(f.protection);
        mm.mprotect(base + PAGE, 2 * PAGE, RW);
        assertEquals("40000000-40004000:3", layout());
    }

    @Test
    void mprotectOfAHoleIsEnomem() throws ErrnoException {
        long base = 0x50000000L;
        mm.mmap(base, PAGE, RW, ANON | Mman.MAP_FIXED, null, 0);
        ErrnoException e = assertThrows(ErrnoException.class, () -> mm.mprotect(base, 2 * PAGE, Mman.PROT_READ));
        assertEquals(Errno.ENOMEM, e.errno());
    }

    @Test
    void brkGrowsAndShrinksAndStopsAtTheNextArea() throws ErrnoException {
        long start = 0x600000;
        mm.setBrk(start);
        assertEquals(start + 0x2100, mm.brk(start + 0x2100));
        as.writeInt(start + 0x2000, 5);
        assertEquals("600000-603000:3", layout());
        assertEquals(start + 0x1000, mm.brk(start + 0x1000));
        assertEquals("600000-601000:3", layout());
        assertEquals(start + 0x1000, mm.brk(start - PAGE), "below the start the break does not move");
        mm.mmap(start + 0x10000, PAGE, RW, ANON | Mman.MAP_FIXED, null, 0);
        assertEquals(start + 0x1000, mm.brk(start + 0x20000), "cannot grow over a mapping");
    }

    @Test
    void mremapGrowsInPlaceOrMovesKeepingContents() throws ErrnoException {
        long a = mm.mmap(0x70000000L, PAGE, RW, ANON | Mman.MAP_FIXED, null, 0);
        as.writeInt(a, 1234);
        assertEquals(a, mm.mremap(a, PAGE, 2 * PAGE, 0, 0));
        mm.mmap(a + 2 * PAGE, PAGE, RW, ANON | Mman.MAP_FIXED, null, 0);
        assertThrows(ErrnoException.class, () -> mm.mremap(a, 2 * PAGE, 4 * PAGE, 0, 0));
        long moved = mm.mremap(a, 2 * PAGE, 4 * PAGE, Mman.MREMAP_MAYMOVE, 0);
        assertNotEquals(a, moved);
        assertEquals(1234, as.readInt(moved));
        as.writeInt(moved + 3 * PAGE, 9);
        assertNull(mm.find(a));
    }

    @Test
    void madviseDontneedZeroesPrivateAnonymousPages() throws ErrnoException {
        long a = mm.mmap(0, 2 * PAGE, RW, ANON, null, 0);
        as.writeInt(a, 42);
        as.writeInt(a + PAGE, 43);
        mm.madvise(a, PAGE, Mman.MADV_DONTNEED);
        assertEquals(0, as.readInt(a));
        assertEquals(43, as.readInt(a + PAGE));
    }

    @Test
    void sharedAnonymousPagesStaySharedAcrossFork() throws ErrnoException {
        long a = mm.mmap(0, PAGE, RW, Mman.MAP_SHARED | Mman.MAP_ANONYMOUS, null, 0);
        long p = mm.mmap(0, PAGE, RW, ANON, null, 0);
        as.writeInt(p, 1);
        MemoryManager child = mm.fork();
        try {
            child.addressSpace().writeInt(a, 99);
            child.addressSpace().writeInt(p, 2);
            assertEquals(99, as.readInt(a), "MAP_SHARED is shared");
            assertEquals(1, as.readInt(p), "MAP_PRIVATE is copy-on-write");
        } finally {
            child.release();
        }
    }

    @Test
    void mincoreReportsResidentPagesAndEnomemForHoles() throws ErrnoException {
        long a = mm.mmap(0, 3 * PAGE, RW, ANON, null, 0);
        as.writeInt(a + PAGE, 1);
        assertArrayEquals(new byte[] {0, 1, 0}, mm.mincore(a, 3 * PAGE));
        assertEquals(Errno.ENOMEM, assertThrows(ErrnoException.class, () -> mm.mincore(a, 8 * PAGE)).errno());
    }

    @Test
    void theStackGrowsDownOnFaultsWithinTheLimitButNotIntoTheGuardGap() throws ErrnoException {
        long start = MemoryManager.STACK_TOP - 33 * PAGE;
        mm.mapStack(start, RW, new byte[16]);
        long below = start - 100 * PAGE;
        as.writeInt(below, 7);
        assertEquals(7, as.readInt(below));
        assertEquals(below, mm.find(below).start());
        assertThrows(GuestFault.class, () -> as.readInt(MemoryManager.STACK_TOP - (9L << 20)), "beyond RLIMIT_STACK");
        long guard = below - 4 * PAGE;
        mm.mmap(guard - 16 * PAGE, 16 * PAGE, RW, ANON | Mman.MAP_FIXED, null, 0);
        assertThrows(GuestFault.class, () -> as.readInt(below - PAGE), "inside the guard gap above another area");
    }

    @Test
    void mapsShowsLinuxColumnsWithNamesAtColumn73() throws ErrnoException {
        mm.setBrk(0x601000);
        mm.brk(0x602000);
        mm.mapStack(MemoryManager.STACK_TOP - 33 * PAGE, RW, new byte[16]);
        mm.setArgs(0, 0, 0, 0, MemoryManager.STACK_TOP - 64);
        mm.mmap(0, PAGE, Mman.PROT_READ, ANON, null, 0);
        String[] lines = mm.maps().split("\n");
        assertTrue(lines[0].startsWith("00601000-00602000 rw-p 00000000 00:00 0 "), lines[0]);
        assertTrue(lines[0].endsWith(" [heap]"));
        assertEquals(73, lines[0].indexOf('['));
        assertEquals("7ffff7ffe000-7ffff7fff000 r--p 00000000 00:00 0 ", lines[1]);
        assertTrue(lines[2].startsWith("7ffffffde000-7ffffffff000 rw-p 00000000 00:00 0 "), lines[2]);
        assertTrue(lines[2].endsWith(" [stack]"));
        assertEquals(73, lines[2].indexOf('['));
    }
}
