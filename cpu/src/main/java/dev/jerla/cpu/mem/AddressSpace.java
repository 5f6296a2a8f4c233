package dev.jerla.cpu.mem;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * The page table of one guest address space: guest virtual pages to page frames, with the
 * guest's protection in software. Knows nothing of VMAs (the kernel's memory manager keeps
 * those); it only maps, unmaps, protects, forks copy-on-write and resolves accesses.
 *
 * <p>A page table entry is a long: the frame's host address in the high bits (0 while no frame is
 * allocated yet) and flags in the low 12 bits. A page that is {@link #PTE_MAPPED} without a
 * frame is demand-zero: the first access allocates a zeroed frame.
 *
 * <p>Concurrency: mu (this object's monitor) guards every change to the table. Readers on the
 * fast path read entries without the lock (a long read is atomic) and re-check under it.
 * {@link #generation()} increases whenever a translation that a TLB may hold becomes stale.
 */
public final class AddressSpace {
    public static final int ACCESS_READ = 1;
    public static final int ACCESS_WRITE = 2;
    public static final int ACCESS_EXEC = 4;

    public static final int PROT_READ = 1;
    public static final int PROT_WRITE = 2;
    public static final int PROT_EXEC = 4;

    /** The page belongs to a mapping (a frame may or may not be allocated yet). */
    public static final long PTE_MAPPED = 8;
    /** The frame is shared copy-on-write: a write must copy it first. */
    public static final long PTE_COW = 16;
    /** The frame is shared on purpose (MAP_SHARED): fork keeps sharing it, writes go to it. */
    public static final long PTE_SHARED = 32;
    private static final long PTE_FLAGS = 0xFFF;
    private static final long PROT_MASK = 7;

    /** Guest user addresses are below 2^47, as on x86-64 Linux with 4-level paging. */
    public static final long USER_END = 1L << 47;

    private static final int L1_BITS = 11, L2_BITS = 12, L3_BITS = 12;
    private static final int L3_SIZE = 1 << L3_BITS;

    private final Frames frames = Frames.GLOBAL;
    private final long[][][] table = new long[1 << L1_BITS][][];
    private volatile long generation;
    private volatile FaultHandler faultHandler;
    private long residentPages;

    public AddressSpace() {}

    /** Increases whenever a cached translation or decoded code may have become stale. */
    public long generation() { return generation; }

    public void setFaultHandler(FaultHandler handler) { this.faultHandler = handler; }

    /** Pages that have a frame (resident set size, in pages). */
    public synchronized long residentPages() { return residentPages; }

    // ---------------------------------------------------------------- table access

    private long pte(long vpn) {
        long[][] l2 = table[(int) (vpn >>> (L2_BITS + L3_BITS))];
        if (l2 == null) return 0;
        long[] l3 = l2[(int) (vpn >>> L3_BITS) & ((1 << L2_BITS) - 1)];
        if (l3 == null) return 0;
        return l3[(int) vpn & (L3_SIZE - 1)];
    }

    private long[] leaf(long vpn, boolean create) {
        int i1 = (int) (vpn >>> (L2_BITS + L3_BITS));
        long[][] l2 = table[i1];
        if (l2 == null) {
            if (!create) return null;
            l2 = table[i1] = new long[1 << L2_BITS][];
        }
        int i2 = (int) (vpn >>> L3_BITS) & ((1 << L2_BITS) - 1);
        long[] l3 = l2[i2];
        if (l3 == null) {
            if (!create) return null;
            l3 = l2[i2] = new long[L3_SIZE];
        }
        return l3;
    }

    private static void checkRange(long va, long len) {
        if ((va & (Frames.PAGE_SIZE - 1)) != 0 || len < 0 || va < 0 || va + len > USER_END || va + len < va) {
            throw new IllegalArgumentException("bad range 0x" + Long.toHexString(va) + "+" + len);
        }
    }

    // ---------------------------------------------------------------- mapping operations (kernel mm)

    /** Maps demand-zero private pages over [va, va+len), replacing whatever was there. */
    public synchronized void mapAnonymous(long va, long len, int prot) {
        checkRange(va, len);
        boolean stale = false;
        for (long vpn = va >>> 12, end = (va + len + 4095) >>> 12; vpn < end; vpn++) {
            long[] l3 = leaf(vpn, true);
            int i = (int) vpn & (L3_SIZE - 1);
            stale |= dropFrame(l3[i]);
            l3[i] = PTE_MAPPED | (prot & PROT_MASK);
        }
        if (stale) generation++;
    }

    /**
     * Maps one existing frame at page {@code va}. The address space takes its own reference.
     * {@code shared}: writes go to the frame and fork keeps sharing it (MAP_SHARED); otherwise the
     * frame is mapped copy-on-write (a private file page).
     */
    public synchronized void mapFrame(long va, long frame, int prot, boolean shared) {
        checkRange(va, Frames.PAGE_SIZE);
        long vpn = va >>> 12;
        long[] l3 = leaf(vpn, true);
        int i = (int) vpn & (L3_SIZE - 1);
        boolean stale = dropFrame(l3[i]);
        frames.retain(frame);
        residentPages++;
        l3[i] = frame | PTE_MAPPED | (shared ? PTE_SHARED : PTE_COW) | (prot & PROT_MASK);
        if (stale) generation++;
    }

    /** Removes every page in [va, va+len). Unmapped holes are ignored, as munmap does. */
    public synchronized void unmap(long va, long len) {
        checkRange(va, len);
        boolean stale = false;
        for (long vpn = va >>> 12, end = (va + len + 4095) >>> 12; vpn < end; vpn++) {
            long[] l3 = leaf(vpn, false);
            if (l3 == null) { vpn |= L3_SIZE - 1; continue; }
            int i = (int) vpn & (L3_SIZE - 1);
            if (l3[i] != 0) {
                dropFrame(l3[i]);
                stale = true;
                l3[i] = 0;
            }
        }
        if (stale) generation++;
    }

    /** Changes the protection of the mapped pages in [va, va+len). */
    public synchronized void protect(long va, long len, int prot) {
        checkRange(va, len);
        for (long vpn = va >>> 12, end = (va + len + 4095) >>> 12; vpn < end; vpn++) {
            long[] l3 = leaf(vpn, false);
            if (l3 == null) { vpn |= L3_SIZE - 1; continue; }
            int i = (int) vpn & (L3_SIZE - 1);
            if ((l3[i] & PTE_MAPPED) != 0) l3[i] = (l3[i] & ~PROT_MASK) | (prot & PROT_MASK);
        }
        generation++;
    }

    /** The protection of the page holding {@code va}, or -1 if it is not mapped. */
    public int protection(long va) {
        long e = pte(va >>> 12);
        return (e & PTE_MAPPED) == 0 ? -1 : (int) (e & PROT_MASK);
    }

    /** The raw entry for the page holding {@code va} (for /proc and the memory manager). */
    public long entry(long va) { return pte(va >>> 12); }

    /**
     * Moves the pages of [from, from+len) to [to, to+len) (mremap). Destination pages are
     * replaced; the source range becomes unmapped.
     */
    public synchronized void move(long from, long to, long len) {
        checkRange(from, len);
        checkRange(to, len);
        long n = (len + 4095) >>> 12;
        long[] saved = new long[(int) n];
        for (long k = 0; k < n; k++) {
            long vpn = (from >>> 12) + k;
            long[] l3 = leaf(vpn, false);
            if (l3 != null) {
                int i = (int) vpn & (L3_SIZE - 1);
                saved[(int) k] = l3[i];
                l3[i] = 0;
            }
        }
        for (long k = 0; k < n; k++) {
            long vpn = (to >>> 12) + k;
            long[] l3 = leaf(vpn, true);
            int i = (int) vpn & (L3_SIZE - 1);
            dropFrame(l3[i]);
            l3[i] = saved[(int) k];
        }
        generation++;
    }

    /**
     * A copy of this address space for fork: shared pages stay shared, private pages with a frame
     * become copy-on-write in both.
     */
    public synchronized AddressSpace fork() {
        AddressSpace child = new AddressSpace();
        boolean stale = false;
        for (int i1 = 0; i1 < table.length; i1++) {
            long[][] l2 = table[i1];
            if (l2 == null) continue;
            long[][] c2 = child.table[i1] = new long[l2.length][];
            for (int i2 = 0; i2 < l2.length; i2++) {
                long[] l3 = l2[i2];
                if (l3 == null) continue;
                for (int i = 0; i < l3.length; i++) {
                    long e = l3[i];
                    long frame = e & ~PTE_FLAGS;
                    if (frame != 0) {
                        frames.retain(frame);
                        child.residentPages++;
                        if ((e & PTE_SHARED) == 0 && (e & PTE_COW) == 0) {
                            e |= PTE_COW;
                            l3[i] = e;
                            stale = true;
                        }
                    }
                }
                c2[i2] = l3.clone();
            }
        }
        if (stale) generation++;
        return child;
    }

    /** Releases every frame. The address space is empty afterwards. */
    public synchronized void destroy() {
        for (int i1 = 0; i1 < table.length; i1++) {
            long[][] l2 = table[i1];
            if (l2 == null) continue;
            for (long[] l3 : l2) {
                if (l3 == null) continue;
                for (long e : l3) dropFrame(e);
            }
            table[i1] = null;
        }
        generation++;
    }

    private boolean dropFrame(long e) {
        long frame = e & ~PTE_FLAGS;
        if (frame == 0) return false;
        frames.release(frame);
        residentPages--;
        return true;
    }

    // ---------------------------------------------------------------- resolution

    /**
     * The host address of guest byte {@code va} for an access of kind {@code access}, allocating
     * demand-zero frames, breaking copy-on-write and consulting the fault handler as needed.
     *
     * @throws GuestFault if the access is not permitted
     */
    public long translate(long va, int access) {
        if (va >= 0 && va < USER_END) {
            long e = pte(va >>> 12);
            long frame = e & ~PTE_FLAGS;
            if (frame != 0 && (e & access) == access && (access != ACCESS_WRITE || (e & PTE_COW) == 0)) {
                return frame | (va & 0xFFF);
            }
        }
        return translateSlow(va, access);
    }

    private long translateSlow(long va, int access) {
        if (va < 0 || va >= USER_END) throw new GuestFault(va, access, false);
        for (int attempt = 0; attempt < 2; attempt++) {
            synchronized (this) {
                long vpn = va >>> 12;
                long e = pte(vpn);
                if ((e & PTE_MAPPED) != 0 && (e & access) == access) {
                    long[] l3 = leaf(vpn, false);
                    int i = (int) vpn & (L3_SIZE - 1);
                    long frame = e & ~PTE_FLAGS;
                    if (frame == 0) {
                        frame = frames.allocate();
                        residentPages++;
                        e |= frame;
                        l3[i] = e;
                    } else if (access == ACCESS_WRITE && (e & PTE_COW) != 0) {
                        if (frames.refCount(frame) != 1) {
                            long copy = frames.allocateCopy(frame);
                            frames.release(frame);
                            frame = copy;
                        }
                        e = (e & PTE_FLAGS & ~PTE_COW) | frame;
                        l3[i] = e;
                        generation++;
                    }
                    return frame | (va & 0xFFF);
                }
            }
            FaultHandler h = faultHandler;
            if (attempt > 0 || h == null || !h.handleFault(this, va, access)) break;
        }
        long e = pte(va >>> 12);
        throw new GuestFault(va, access, (e & PTE_MAPPED) != 0);
    }

    // ---------------------------------------------------------------- the kernel's user-memory gateway

    /** Copies guest memory into {@code dst}. @throws GuestFault at the first inaccessible byte. */
    public void copyIn(long va, byte[] dst, int off, int len) {
        while (len > 0) {
            int chunk = (int) Math.min(len, Frames.PAGE_SIZE - (va & 0xFFF));
            long host = translate(va, ACCESS_READ);
            MemorySegment.copy(Frames.RAW, ValueLayout.JAVA_BYTE, host, dst, off, chunk);
            va += chunk; off += chunk; len -= chunk;
        }
    }

    /** Copies {@code src} into guest memory. All pages are checked before any byte is written. */
    public void copyOut(long va, byte[] src, int off, int len) {
        if (len <= 0) return;
        for (long p = va & ~0xFFFL; p < va + len; p += Frames.PAGE_SIZE) {
            translate(Math.max(p, va), ACCESS_WRITE);
        }
        while (len > 0) {
            int chunk = (int) Math.min(len, Frames.PAGE_SIZE - (va & 0xFFF));
            long host = translate(va, ACCESS_WRITE);
            MemorySegment.copy(src, off, Frames.RAW, ValueLayout.JAVA_BYTE, host, chunk);
            va += chunk; off += chunk; len -= chunk;
        }
    }

    /** Fills guest memory with zeros. */
    public void zero(long va, long len) {
        while (len > 0) {
            int chunk = (int) Math.min(len, Frames.PAGE_SIZE - (va & 0xFFF));
            long host = translate(va, ACCESS_WRITE);
            Frames.RAW.asSlice(host, chunk).fill((byte) 0);
            va += chunk; len -= chunk;
        }
    }

    /**
     * Reads a NUL-terminated string of at most {@code max} bytes (not counting the NUL).
     * Returns null if no NUL was found within {@code max} bytes (the caller's ENAMETOOLONG / E2BIG).
     */
    public String readCString(long va, int max) {
        byte[] b = readCBytes(va, max);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** The bytes of the NUL-terminated string at {@code va}, without the NUL; null if it is longer than {@code max}. */
    public byte[] readCBytes(long va, int max) {
        byte[] buf = new byte[Math.min(max + 1, 256)];
        int n = 0;
        while (n <= max) {
            long host = translate(va + n, ACCESS_READ);
            int inPage = (int) (Frames.PAGE_SIZE - ((va + n) & 0xFFF));
            for (int k = 0; k < inPage && n <= max; k++, n++) {
                byte b = Frames.RAW.get(ValueLayout.JAVA_BYTE, host + k);
                if (b == 0) return java.util.Arrays.copyOf(buf, n);
                if (n == buf.length) buf = java.util.Arrays.copyOf(buf, Math.min(buf.length * 2, max + 1));
                buf[n] = b;
            }
        }
        return null;
    }

    public long readLong(long va) {
        byte[] b = new byte[8];
        copyIn(va, b, 0, 8);
        long v = 0;
        for (int i = 7; i >= 0; i--) v = (v << 8) | (b[i] & 0xFF);
        return v;
    }

    public void writeLong(long va, long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) b[i] = (byte) (v >>> (8 * i));
        copyOut(va, b, 0, 8);
    }

    public int readInt(long va) {
        byte[] b = new byte[4];
        copyIn(va, b, 0, 4);
        return (b[0] & 0xFF) | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16 | (b[3] & 0xFF) << 24;
    }

    public void writeInt(long va, int v) {
        copyOut(va, new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)}, 0, 4);
    }
}
