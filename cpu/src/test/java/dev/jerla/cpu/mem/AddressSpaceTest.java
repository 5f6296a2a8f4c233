package dev.jerla.cpu.mem;

import org.junit.jupiter.api.Test;

import static dev.jerla.cpu.mem.AddressSpace.*;
import static org.junit.jupiter.api.Assertions.*;

class AddressSpaceTest {
    private static final long BASE = 0x400000;

    @Test
    void demandZeroPagesReadAsZeroAndAllocateOnTouch() {
        AddressSpace as = new AddressSpace();
        as.mapAnonymous(BASE, 1 << 20, PROT_READ | PROT_WRITE);
        assertEquals(0, as.residentPages());
        Mmu mmu = new Mmu(as);
        assertEquals(0, mmu.read64(BASE + 0x1230));
        mmu.write64(BASE + 0x2000, 0x1122334455667788L);
        assertEquals(0x1122334455667788L, mmu.read64(BASE + 0x2000));
        assertEquals(0x55667788, mmu.read32(BASE + 0x2000));
        assertEquals(0x88, mmu.read8(BASE + 0x2000));
        assertEquals(2, as.residentPages());
        as.destroy();
    }

    @Test
    void accessesThatCrossAPageBoundaryAreLittleEndianAndWhole() {
        AddressSpace as = new AddressSpace();
        as.mapAnonymous(BASE, 2 * 4096, PROT_READ | PROT_WRITE);
        Mmu mmu = new Mmu(as);
        mmu.write64(BASE + 4093, 0x0807060504030201L);
        for (int i = 0; i < 8; i++) assertEquals(i + 1, mmu.read8(BASE + 4093 + i));
        assertEquals(0x0807060504030201L, mmu.read64(BASE + 4093));
        assertEquals(0x05040302, mmu.read32(BASE + 4094));
        as.destroy();
    }

    @Test
    void writeThatCrossesIntoAReadOnlyPageFaultsWithoutWritingAnything() {
        // Precise faults: a store split across pages must not modify the first page if the second faults.
        AddressSpace as = new AddressSpace();
        as.mapAnonymous(BASE, 4096, PROT_READ | PROT_WRITE);
        as.mapAnonymous(BASE + 4096, 4096, PROT_READ);
        Mmu mmu = new Mmu(as);
        GuestFault f = assertThrows(GuestFault.class, () -> mmu.write64(BASE + 4092, -1L));
        assertEquals(BASE + 4096, f.address);
        assertTrue(f.protection);
        assertEquals(0, mmu.read32(BASE + 4092));
        as.destroy();
    }

    @Test
    void unmappedAndNonCanonicalAddressesFault() {
        AddressSpace as = new AddressSpace();
        Mmu mmu = new Mmu(as);
        GuestFault f = assertThrows(GuestFault.class, () -> mmu.read8(0x1000));
        assertFalse(f.protection);
        assertThrows(GuestFault.class, () -> mmu.read64(0x0000_8000_0000_0000L));
        assertThrows(GuestFault.class, () -> mmu.read64(-8));
    }

    @Test
    void forkSharesPagesCopyOnWrite() {
        AddressSpace parent = new AddressSpace();
        parent.mapAnonymous(BASE, 4096, PROT_READ | PROT_WRITE);
        Mmu pm = new Mmu(parent);
        pm.write64(BASE, 42);
        AddressSpace child = parent.fork();
        pm.sync();
        Mmu cm = new Mmu(child);
        assertEquals(42, cm.read64(BASE));
        long sharedFrame = child.entry(BASE) & ~0xFFFL;
        assertEquals(sharedFrame, parent.entry(BASE) & ~0xFFFL);
        cm.write64(BASE, 7);
        assertEquals(7, cm.read64(BASE));
        assertEquals(42, pm.read64(BASE));
        assertNotEquals(sharedFrame, child.entry(BASE) & ~0xFFFL);
        // The parent is now the only owner: its write keeps the frame.
        pm.write64(BASE, 43);
        assertEquals(sharedFrame, parent.entry(BASE) & ~0xFFFL);
        assertEquals(7, cm.read64(BASE));
        parent.destroy();
        child.destroy();
    }

    @Test
    void sharedMappingsStaySharedAcrossFork() {
        AddressSpace parent = new AddressSpace();
        long frame = Frames.GLOBAL.allocate();
        parent.mapFrame(BASE, frame, PROT_READ | PROT_WRITE, true);
        Frames.GLOBAL.release(frame);
        AddressSpace child = parent.fork();
        new Mmu(child).write32(BASE, 5);
        assertEquals(5, new Mmu(parent).read32(BASE));
        parent.destroy();
        child.destroy();
    }

    @Test
    void mprotectIsSeenAfterSync() {
        AddressSpace as = new AddressSpace();
        as.mapAnonymous(BASE, 4096, PROT_READ | PROT_WRITE);
        Mmu mmu = new Mmu(as);
        mmu.write8(BASE, 1);
        as.protect(BASE, 4096, PROT_READ);
        mmu.sync();
        assertThrows(GuestFault.class, () -> mmu.write8(BASE, 2));
        assertEquals(1, mmu.read8(BASE));
        as.destroy();
    }

    @Test
    void faultHandlerCanMapThePageAndTheAccessRetries() {
        AddressSpace as = new AddressSpace();
        as.setFaultHandler((space, va, access) -> {
            space.mapAnonymous(va & ~0xFFFL, 4096, PROT_READ | PROT_WRITE);
            return true;
        });
        Mmu mmu = new Mmu(as);
        mmu.write64(0x7000_0000L, 9);
        assertEquals(9, mmu.read64(0x7000_0000L));
        as.destroy();
    }

    @Test
    void cmpxchgWorksForEverySizeAndAlignmentIncludingSplitLocks() {
        AddressSpace as = new AddressSpace();
        as.mapAnonymous(BASE, 2 * 4096, PROT_READ | PROT_WRITE);
        Mmu mmu = new Mmu(as);
        long[] addrs = {BASE, BASE + 1, BASE + 3, BASE + 6, BASE + 4095, BASE + 4093};
        for (long a : addrs) {
            for (int size : new int[] {1, 2, 4, 8}) {
                long mask = size == 8 ? -1L : (1L << (8 * size)) - 1;
                mmu.writeSized(a, size, 0x1111111111111111L);
                assertEquals(0x1111111111111111L & mask, mmu.cmpxchg(a, size, 0x22, 0x33), "mismatch returns old");
                assertEquals(0x1111111111111111L & mask, mmu.readSized(a, size));
                assertEquals(0x1111111111111111L & mask, mmu.cmpxchg(a, size, 0x1111111111111111L, 0x5A5A5A5A5A5A5A5AL));
                assertEquals(0x5A5A5A5A5A5A5A5AL & mask, mmu.readSized(a, size), "size " + size + " at " + (a - BASE));
            }
        }
        as.destroy();
    }

    @Test
    void copyOutIsAllOrNothing() {
        AddressSpace as = new AddressSpace();
        as.mapAnonymous(BASE, 4096, PROT_READ | PROT_WRITE);
        byte[] data = new byte[100];
        java.util.Arrays.fill(data, (byte) 7);
        assertThrows(GuestFault.class, () -> as.copyOut(BASE + 4050, data, 0, 100));
        byte[] back = new byte[46];
        as.copyIn(BASE + 4050, back, 0, 46);
        for (byte b : back) assertEquals(0, b);
        assertEquals("", as.readCString(BASE, 10));
        as.copyOut(BASE, "hello\0".getBytes(), 0, 6);
        assertEquals("hello", as.readCString(BASE, 10));
        assertNull(as.readCString(BASE, 3));
        as.destroy();
    }
}
