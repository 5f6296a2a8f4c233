package dev.jerla.kernel.mm;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Mman;
import dev.jerla.abi.linux.Stat;
import dev.jerla.cpu.mem.AddressSpace;
import dev.jerla.cpu.mem.FaultHandler;
import dev.jerla.cpu.mem.GuestFault;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.vfs.FileDescription;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The memory of one process (struct mm_struct and mm/mmap.c, mm/mprotect.c, mm/mremap.c,
 * mm/madvise.c): the sorted VMAs over an {@link AddressSpace}, the brk heap, the top-down mmap
 * layout below the stack, stack growth and the lazy pages of file and shared mappings (it is
 * the address space's {@link FaultHandler}).
 *
 * <p>Layout without randomization, as x86-64 Linux with ASLR off: the stack ends at
 * {@link #STACK_TOP}, mmap areas are taken top-down from {@link #mmapBase()} (128 MiB below the
 * stack top), PIE executables load at {@link #ELF_ET_DYN_BASE}, brk starts after the bss.
 *
 * <p>Files with a {@link PageCache} (tmpfs, hostfs) are mapped from it: shared mappings map its
 * frames, private ones map them copy-on-write; a page wholly beyond the end of the file is a bus
 * error. Other files (generated /proc files) are copied into anonymous pages on first touch, and
 * their shared mappings are read-only snapshots.
 *
 * <p>Concurrency: mu (this object's monitor) guards the VMAs and the layout fields. Lock
 * order: MemoryManager before its AddressSpace.
 */
public final class MemoryManager implements FaultHandler {
    public static final long PAGE_SIZE = 4096;
    /** TASK_SIZE_MAX for 4-level paging: the highest user address plus one, minus the guard page. */
    public static final long TASK_SIZE = (1L << 47) - PAGE_SIZE;
    public static final long STACK_TOP = TASK_SIZE;
    /** /proc/sys/vm/mmap_min_addr. */
    public static final long MMAP_MIN_ADDR = 0x10000;
    /** stack_guard_gap: 256 pages kept free below a stack. */
    public static final long STACK_GUARD_GAP = 256 * PAGE_SIZE;
    /** ELF_ET_DYN_BASE: where a PIE executable is loaded (2/3 of the address space). */
    public static final long ELF_ET_DYN_BASE = (TASK_SIZE / 3 * 2) & ~(PAGE_SIZE - 1);
    /** mmap_base's minimum gap below the stack top (128 MiB). */
    private static final long MIN_GAP = 128L << 20;

    private final AddressSpace as;
    private final AtomicInteger users = new AtomicInteger(1);
    // mu (this) guards everything below.
    private final TreeMap<Long, Vma> vmas = new TreeMap<>();
    private long mmapBase = STACK_TOP - MIN_GAP;
    private long startBrk, brk;
    private long startStack;
    private long argStart, argEnd, envStart, envEnd;
    private long stackLimit = 8L << 20;
    /** RLIMIT_AS in bytes (RLIM_INFINITY is -1, unsigned the largest). */
    private long addressLimit = -1;

    public MemoryManager(AddressSpace as) {
        this.as = as;
        as.setFaultHandler(this);
    }

    public AddressSpace addressSpace() { return as; }

    public static long pageUp(long x) { return (x + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1); }

    public static long pageDown(long x) { return x & ~(PAGE_SIZE - 1); }

    // ---------------------------------------------------------------- users (threads and vfork children)

    public void retain() { users.incrementAndGet(); }

    public int users() { return users.get(); }

    /** Drops a user; the last one frees every page (mmput). */
    public void release() {
        if (users.decrementAndGet() == 0) {
            synchronized (this) {
                for (Vma v : vmas.values()) {
                    if (v.cache() != null) v.cache().removeMapper(this);
                    v.drop();
                }
                vmas.clear();
            }
            as.destroy();
        }
    }

    /** The last page a file mapping's fault could not get from its page cache (guarded by this): SIGBUS there. */
    private long unbackedPage = -1;

    /** A copy-on-write copy for fork (dup_mm): the same areas over {@link AddressSpace#fork()}. */
    public synchronized MemoryManager fork() {
        MemoryManager c = new MemoryManager(as.fork());
        for (Vma v : vmas.values()) {
            // Memory locks are not inherited (mlock(2)): dup_mmap clears VM_LOCKED.
            Vma copy = (v.flags() & Vma.VM_LOCKED) != 0 ? v.withFlags(v.flags() & ~Vma.VM_LOCKED) : v.slice(v.start(), v.end());
            c.vmas.put(v.start(), copy);
            if (v.cache() != null) v.cache().addMapper(c);
        }
        c.mmapBase = mmapBase;
        c.startBrk = startBrk;
        c.brk = brk;
        c.startStack = startStack;
        c.argStart = argStart;
        c.argEnd = argEnd;
        c.envStart = envStart;
        c.envEnd = envEnd;
        c.stackLimit = stackLimit;
        c.addressLimit = addressLimit;
        return c;
    }

    // ---------------------------------------------------------------- layout (set by the ELF loader)

    /** Sets the stack rlimit used for stack growth and the mmap base below the stack (mmap_base()). */
    public synchronized void setStackLimit(long rlimit) {
        stackLimit = rlimit;
        long gap = rlimit < 0 ? Long.MAX_VALUE : rlimit + STACK_GUARD_GAP;
        long maxGap = TASK_SIZE / 6 * 5;
        gap = Math.max(MIN_GAP, Math.min(gap, maxGap));
        mmapBase = pageDown(STACK_TOP - gap);
    }

    /** setrlimit(RLIMIT_STACK): stack growth follows the new limit; the layout stays until the next exec. */
    public synchronized void setStackGrowthLimit(long rlimit) { stackLimit = rlimit; }

    /** setrlimit(RLIMIT_AS) and exec: the size the areas together may reach. */
    public synchronized void setAddressSpaceLimit(long rlimit) { addressLimit = rlimit; }

    /** may_expand_vm in mm/mmap.c: total_vm plus {@code bytes} stays within RLIMIT_AS (counted in pages). */
    private boolean mayExpand(long bytes) {
        if (addressLimit == -1) return true;
        return Long.compareUnsigned((totalBytes() + bytes) >>> 12, addressLimit >>> 12) <= 0;
    }

    private long mappedBytes(long start, long end) {
        long sum = 0;
        for (Vma v : overlapping(start, end)) sum += Math.min(end, v.end()) - Math.max(start, v.start());
        return sum;
    }

    public synchronized long mmapBase() { return mmapBase; }

    public synchronized void setBrk(long start) {
        startBrk = start;
        brk = start;
    }

    public synchronized long startBrk() { return startBrk; }

    public synchronized long brk() { return brk; }

    public synchronized void setArgs(long argStart, long argEnd, long envStart, long envEnd, long startStack) {
        this.argStart = argStart;
        this.argEnd = argEnd;
        this.envStart = envStart;
        this.envEnd = envEnd;
        this.startStack = startStack;
    }

    public synchronized long startStack() { return startStack; }

    // ---------------------------------------------------------------- VMA bookkeeping

    /** The area containing {@code addr}, or null (find_vma_intersection for one byte). */
    public synchronized Vma find(long addr) {
        Map.Entry<Long, Vma> e = vmas.floorEntry(addr);
        return e != null && e.getValue().end() > addr ? e.getValue() : null;
    }

    /** A snapshot of every area in address order. */
    public synchronized List<Vma> areas() { return new ArrayList<>(vmas.values()); }

    private List<Vma> overlapping(long start, long end) {
        List<Vma> l = new ArrayList<>();
        Map.Entry<Long, Vma> first = vmas.floorEntry(start);
        Long from = first != null && first.getValue().end() > start ? first.getKey() : Long.valueOf(start);
        for (Vma v : vmas.tailMap(from, true).values()) {
            if (v.start() >= end) break;
            if (v.end() > start) l.add(v);
        }
        return l;
    }

    /** True if [start, end) is entirely covered by areas. */
    private boolean covered(long start, long end) {
        long at = start;
        for (Vma v : overlapping(start, end)) {
            if (v.start() > at) return false;
            at = v.end();
        }
        return at >= end;
    }

    /** Removes the areas in [start, end), splitting those that stick out (the VMA half of munmap). */
    private void removeRange(long start, long end) {
        for (Vma v : overlapping(start, end)) {
            vmas.remove(v.start());
            if (v.start() < start) vmas.put(v.start(), v.slice(v.start(), start));
            if (v.end() > end) vmas.put(end, v.slice(end, v.end()));
            v.drop();
        }
    }

    /** Splits areas so that none crosses {@code addr}. */
    private void splitAt(long addr) {
        Vma v = find(addr);
        if (v == null || v.start() == addr) return;
        vmas.remove(v.start());
        vmas.put(v.start(), v.slice(v.start(), addr));
        vmas.put(addr, v.slice(addr, v.end()));
        v.drop();
    }

    /** Inserts an area (taking over its reference) and merges it with compatible neighbours. */
    private void insert(Vma v) {
        vmas.put(v.start(), v);
        mergeAround(v.start());
    }

    private void mergeAround(long addr) {
        Vma v = vmas.get(addr);
        if (v == null) return;
        Map.Entry<Long, Vma> prev = vmas.lowerEntry(addr);
        if (prev != null && prev.getValue().mergesWith(v)) {
            Vma p = prev.getValue();
            vmas.remove(p.start());
            vmas.remove(v.start());
            Vma m = p.slice(p.start(), v.end());
            p.drop();
            v.drop();
            vmas.put(m.start(), m);
            v = m;
        }
        Vma next = vmas.get(v.end());
        if (next != null && v.mergesWith(next)) {
            vmas.remove(v.start());
            vmas.remove(next.start());
            Vma m = v.slice(v.start(), next.end());
            v.drop();
            next.drop();
            vmas.put(m.start(), m);
        }
    }

    /** vm_start_gap: a stack's start minus its guard gap. */
    private static long startGap(Vma v) {
        return v.growsDown() ? Math.max(0, v.start() - STACK_GUARD_GAP) : v.start();
    }

    private boolean free(long start, long end) {
        if (start < MMAP_MIN_ADDR || end > TASK_SIZE || end < start) return false;
        for (Vma v : vmas.values()) {
            if (v.end() <= start) continue;
            if (startGap(v) < end) return false;
        }
        return true;
    }

    /**
     * get_unmapped_area: the hint if that range is free, else the highest free range below the
     * mmap base (unmapped_area_topdown), or for MAP_32BIT the lowest in [1 GiB, 2 GiB).
     */
    private long unmappedArea(long hint, long len, boolean low32) throws ErrnoException {
        if (len > TASK_SIZE - MMAP_MIN_ADDR) throw ErrnoException.of(Errno.ENOMEM);
        if (hint != 0 && !low32) {
            long h = pageUp(hint);
            if (h >= hint && free(h, h + len)) return h;
        }
        if (low32) {
            long at = 0x40000000L;
            for (Vma v : vmas.values()) {
                if (v.end() <= at) continue;
                if (startGap(v) >= at + len) break;
                at = Math.max(at, v.end());
            }
            if (at + len <= 0x80000000L) return at;
            throw ErrnoException.of(Errno.ENOMEM);
        }
        long high = mmapBase;
        for (Vma v : vmas.descendingMap().values()) {
            long below = startGap(v);
            if (below >= high) continue;
            if (v.end() <= high && high - v.end() >= len) return high - len;
            high = below;
        }
        if (high - MMAP_MIN_ADDR >= len) return high - len;
        throw ErrnoException.of(Errno.ENOMEM);
    }

    // ---------------------------------------------------------------- mmap and friends

    /** The file behind a file mapping, with what /proc/PID/maps shows for it. */
    public record MappedFile(FileDescription file, String path, long dev, long ino) {}

    /**
     * do_mmap for validated arguments: places the area (MAP_FIXED replaces, MAP_FIXED_NOREPLACE
     * refuses an overlap with EEXIST) and maps it anonymous, shared anonymous, or as a private
     * (or read-only shared) view of {@code file} starting at {@code offset}.
     */
    public synchronized long mmap(long addr, long len, int prot, int flags, MappedFile file, long offset)
            throws ErrnoException {
        len = pageUp(len);
        long start;
        if ((flags & Mman.MAP_FIXED) != 0) {
            start = addr;
        } else if ((flags & Mman.MAP_FIXED_NOREPLACE) != 0) {
            start = addr;
            if (!overlapping(start, start + len).isEmpty()) throw ErrnoException.of(Errno.EEXIST);
        } else {
            start = unmappedArea(addr, len, (flags & Mman.MAP_32BIT) != 0);
        }
        if (start + len > TASK_SIZE || start + len < start) throw ErrnoException.of(Errno.ENOMEM);
        // mmap_region: what a MAP_FIXED mapping replaces does not count twice against RLIMIT_AS.
        if (!mayExpand(len) && !mayExpand(len - mappedBytes(start, start + len))) throw ErrnoException.of(Errno.ENOMEM);
        removeRange(start, start + len);
        int vmFlags = (flags & Mman.MAP_GROWSDOWN) != 0 ? Vma.VM_GROWSDOWN : 0;
        boolean shared = (flags & Mman.MAP_TYPE) != Mman.MAP_PRIVATE;
        Vma v;
        if (file != null) {
            PageCache cache = file.file().pageCache();
            file.file().retain();
            if (shared) {
                vmFlags |= Vma.VM_SHARED;
                if (cache == null || !file.file().writable()) vmFlags |= Vma.VM_NOWRITE;
            }
            if (cache != null) {
                cache.mapped(shared && (prot & Mman.PROT_WRITE) != 0);
                cache.addMapper(this);
            }
            v = new Vma(start, start + len, prot, vmFlags, file.file(), offset, file.path(), file.dev(), file.ino(), null, 0, cache);
            as.unmap(start, len);
        } else if (shared) {
            v = new Vma(start, start + len, prot, vmFlags | Vma.VM_SHARED, null, 0, null, 0, 0, new Shmem(), 0, null);
            as.unmap(start, len);
        } else {
            v = Vma.anonymous(start, start + len, prot, vmFlags);
            as.mapAnonymous(start, len, prot);
        }
        insert(v);
        return start;
    }

    /**
     * Maps [start, start+len) fixed and fills it with {@code data} (the ELF loader's segments,
     * read before the point of no return): the rest of the range is zero.
     */
    public synchronized void mapWithData(long start, long len, int prot, byte[] data, MappedFile file, long offset)
            throws ErrnoException {
        len = pageUp(len);
        removeRange(start, start + len);
        as.mapAnonymous(start, len, Mman.PROT_READ | Mman.PROT_WRITE);
        try {
            as.copyOut(start, data, 0, (int) Math.min(data.length, len));
        } catch (GuestFault f) {
            throw ErrnoException.of(Errno.EFAULT);
        }
        as.protect(start, len, prot);
        Vma v;
        if (file != null) {
            file.file().retain();
            v = new Vma(start, start + len, prot, 0, file.file(), offset, file.path(), file.dev(), file.ino(), null, 0, null);
        } else {
            v = Vma.anonymous(start, start + len, prot, 0);
        }
        insert(v);
    }

    /**
     * _install_special_mapping: maps [start, start+len) fixed, fills it with {@code data} and names
     * it {@code name} in /proc/PID/maps ([vdso], [vvar]); it never merges with plain anonymous memory.
     */
    public synchronized void mapSpecial(long start, long len, int prot, byte[] data, String name) throws ErrnoException {
        len = pageUp(len);
        removeRange(start, start + len);
        as.mapAnonymous(start, len, Mman.PROT_READ | Mman.PROT_WRITE);
        try {
            as.copyOut(start, data, 0, (int) Math.min(data.length, len));
        } catch (GuestFault f) {
            throw ErrnoException.of(Errno.EFAULT);
        }
        as.protect(start, len, prot);
        insert(Vma.special(start, start + len, prot, name));
    }

    /** Maps the initial stack [start, STACK_TOP) as a growing-down area and copies {@code image} to its top. */
    public synchronized void mapStack(long start, int prot, byte[] image) throws ErrnoException {
        long len = STACK_TOP - start;
        removeRange(start, STACK_TOP);
        as.mapAnonymous(start, len, Mman.PROT_READ | Mman.PROT_WRITE);
        try {
            as.copyOut(STACK_TOP - image.length, image, 0, image.length);
        } catch (GuestFault f) {
            throw ErrnoException.of(Errno.EFAULT);
        }
        if (prot != (Mman.PROT_READ | Mman.PROT_WRITE)) as.protect(start, len, prot);
        insert(Vma.anonymous(start, STACK_TOP, prot, Vma.VM_GROWSDOWN));
    }

    /**
     * Unmaps the pages of file page indexes [from, to) of {@code cache} from every area that maps
     * them (zap_page_range for unmap_mapping_range).
     */
    synchronized void zapFilePages(PageCache cache, long from, long to) {
        for (Vma v : vmas.values()) {
            if (v.cache() != cache) continue;
            long first = v.pageIndex(v.start()), n = v.length() >>> 12;
            long a = Math.max(from, first), b = Math.min(to, first + n);
            if (a >= b) continue;
            as.unmap(v.start() + ((a - first) << 12), (b - a) << 12);
        }
    }

    /**
     * True if a fault at {@code addr} is a bus error rather than a segmentation fault: the page
     * of a file mapping lies wholly beyond the end of the file (filemap_fault's SIGBUS).
     */
    public synchronized boolean busError(long addr) {
        Vma v = find(addr);
        if (v == null || v.cache() == null || (as.protection(pageDown(addr)) >= 0)) return false;
        if (pageDown(addr) == unbackedPage) return true;
        return v.pageIndex(pageDown(addr)) >= pageUp(v.cache().size()) >>> 12;
    }

    /** munmap: removes every page of the range; holes are fine. */
    public synchronized void munmap(long start, long len) {
        len = pageUp(len);
        removeRange(start, start + len);
        as.unmap(start, len);
    }

    /** mprotect: the range must be mapped throughout (ENOMEM); shared file snapshots never become writable (EACCES). */
    public synchronized void mprotect(long start, long len, int prot) throws ErrnoException {
        long end = start + pageUp(len);
        if ((prot & Mman.PROT_GROWSDOWN) != 0) {
            Vma v = find(start);
            if (v == null || !v.growsDown()) throw ErrnoException.of(Errno.EINVAL);
            start = v.start();
            prot &= ~Mman.PROT_GROWSDOWN;
        }
        if (end == start) return;
        if (!covered(start, end)) throw ErrnoException.of(Errno.ENOMEM);
        for (Vma v : overlapping(start, end)) {
            if ((v.flags() & Vma.VM_NOWRITE) != 0 && (prot & Mman.PROT_WRITE) != 0) throw ErrnoException.of(Errno.EACCES);
        }
        splitAt(start);
        splitAt(end);
        for (Vma v : overlapping(start, end)) {
            vmas.put(v.start(), v.withProt(prot));
            v.drop();
        }
        as.protect(start, end - start, prot);
        for (Vma v : overlapping(start, end)) mergeAround(v.start());
        Map.Entry<Long, Vma> after = vmas.floorEntry(end);
        if (after != null) mergeAround(after.getKey());
    }

    /** brk: moves the program break; returns the new break, or the old one if it cannot move. */
    public synchronized long brk(long newBrk) {
        if (newBrk < startBrk) return brk;
        long oldEnd = pageUp(brk), newEnd = pageUp(newBrk);
        if (newEnd == oldEnd) {
            brk = newBrk;
            return brk;
        }
        if (newEnd < oldEnd) {
            removeRange(newEnd, oldEnd);
            as.unmap(newEnd, oldEnd - newEnd);
            brk = newBrk;
            return brk;
        }
        // check_brk_limits and the next area's guard gap (do_brk_flags in mm/mmap.c).
        if (newEnd > TASK_SIZE || !mayExpand(newEnd - oldEnd)) return brk;
        for (Vma v : overlapping(oldEnd, newEnd + PAGE_SIZE)) {
            if (v.end() > oldEnd) return brk;
        }
        Map.Entry<Long, Vma> next = vmas.ceilingEntry(oldEnd);
        if (next != null && newEnd + PAGE_SIZE > startGap(next.getValue())) return brk;
        as.mapAnonymous(oldEnd, newEnd - oldEnd, Mman.PROT_READ | Mman.PROT_WRITE);
        // The heap grows only its own area: it never merges with the bss below start_brk (sys_brk's brkvma).
        Map.Entry<Long, Vma> heap = vmas.lowerEntry(oldEnd);
        if (heap != null && heap.getValue().end() == oldEnd && heap.getValue().start() >= startBrk
                && heap.getValue().mergesWith(Vma.anonymous(oldEnd, newEnd, Mman.PROT_READ | Mman.PROT_WRITE, 0))) {
            Vma h = heap.getValue();
            vmas.put(h.start(), h.slice(h.start(), newEnd));
            h.drop();
        } else {
            vmas.put(oldEnd, Vma.anonymous(oldEnd, newEnd, Mman.PROT_READ | Mman.PROT_WRITE, 0));
        }
        brk = newBrk;
        return brk;
    }

    /** mremap for validated, page-rounded arguments. */
    public synchronized long mremap(long old, long oldLen, long newLen, int flags, long newAddr) throws ErrnoException {
        boolean mayMove = (flags & Mman.MREMAP_MAYMOVE) != 0;
        boolean fixed = (flags & Mman.MREMAP_FIXED) != 0;
        Vma v = find(old);
        if (v == null) throw ErrnoException.of(Errno.EFAULT);
        if (oldLen == 0) {
            if (v.shmem() == null) throw ErrnoException.of(Errno.EINVAL);
            if (!mayMove || !mayExpand(newLen)) throw ErrnoException.of(Errno.ENOMEM);
            long start = fixed ? newAddr : unmappedArea(0, newLen, false);
            if (fixed) {
                removeRange(start, start + newLen);
                as.unmap(start, newLen);
            }
            Vma dup = v.slice(old, old + newLen);
            insert(new Vma(start, start + newLen, v.prot(), v.flags(), null, 0, null, 0, 0, dup.shmem(), dup.shmemIndex(), null));
            return start;
        }
        if (old + oldLen > v.end()) throw ErrnoException.of(Errno.EFAULT);
        // vma_to_resize: the growth must fit RLIMIT_AS.
        if (newLen > oldLen && !mayExpand(newLen - oldLen)) throw ErrnoException.of(Errno.ENOMEM);
        if (fixed) {
            if (newAddr < old + oldLen && old < newAddr + newLen) throw ErrnoException.of(Errno.EINVAL);
            removeRange(newAddr, newAddr + newLen);
            as.unmap(newAddr, newLen);
            if (newLen < oldLen) {
                removeRange(old + newLen, old + oldLen);
                as.unmap(old + newLen, oldLen - newLen);
                oldLen = newLen;
            }
            return move(v, old, oldLen, newAddr, newLen);
        }
        if (newLen <= oldLen) {
            removeRange(old + newLen, old + oldLen);
            as.unmap(old + newLen, oldLen - newLen);
            return old;
        }
        if (old + oldLen == v.end() && free(v.end(), old + newLen)) {
            extend(v, old + newLen);
            return old;
        }
        if (!mayMove) throw ErrnoException.of(Errno.ENOMEM);
        long start = unmappedArea(0, newLen, false);
        return move(v, old, oldLen, start, newLen);
    }

    private long move(Vma v, long old, long oldLen, long start, long newLen) {
        Vma part = v.slice(old, old + oldLen);
        removeRange(old, old + oldLen);
        as.move(old, start, oldLen);
        Vma moved = new Vma(start, start + oldLen, part.prot(), part.flags(), part.file(), part.fileOffset(),
                part.fileName(), part.dev(), part.ino(), part.shmem(), part.shmemIndex(), part.cache());
        insert(moved);
        if (newLen > oldLen) extend(vmas.floorEntry(start).getValue(), start + newLen);
        return start;
    }

    /** Grows area {@code v} in place up to {@code newEnd}. */
    private void extend(Vma v, long newEnd) {
        long from = v.end();
        vmas.remove(v.start());
        Vma grown = v.slice(v.start(), newEnd);
        v.drop();
        vmas.put(grown.start(), grown);
        if (grown.isAnonymous()) as.mapAnonymous(from, newEnd - from, grown.prot());
        mergeAround(grown.start());
    }

    /** madvise for a validated, page-aligned range. */
    public synchronized void madvise(long start, long len, int advice) throws ErrnoException {
        long end = start + pageUp(len);
        boolean holes = !covered(start, end);
        switch (advice) {
            case Mman.MADV_DONTNEED, Mman.MADV_FREE, Mman.MADV_DONTNEED_LOCKED -> {
                for (Vma v : overlapping(start, end)) {
                    long s = Math.max(start, v.start()), e = Math.min(end, v.end());
                    if (v.isAnonymous()) as.mapAnonymous(s, e - s, v.prot());
                    else as.unmap(s, e - s);
                }
            }
            case Mman.MADV_REMOVE -> {
                for (Vma v : overlapping(start, end)) {
                    if (v.shmem() == null) throw ErrnoException.of(Errno.EINVAL);
                }
                for (Vma v : overlapping(start, end)) {
                    long s = Math.max(start, v.start()), e = Math.min(end, v.end());
                    as.unmap(s, e - s);
                    long base = v.shmemIndex() - (v.start() >>> 12);
                    v.shmem().punch(base + (s >>> 12), base + (e >>> 12));
                }
            }
            default -> { }
        }
        if (holes) throw ErrnoException.of(Errno.ENOMEM);
    }

    /** mincore: one byte per page, 1 if the page is resident. ENOMEM for unmapped pages. */
    public synchronized byte[] mincore(long start, long len) throws ErrnoException {
        long end = start + pageUp(len);
        if (!covered(start, end)) throw ErrnoException.of(Errno.ENOMEM);
        byte[] vec = new byte[(int) ((end - start) >>> 12)];
        for (int i = 0; i < vec.length; i++) {
            long va = start + ((long) i << 12);
            boolean resident = (as.entry(va) & ~0xFFFL) != 0;
            if (!resident) {
                Vma v = find(va);
                if (v != null && v.shmem() != null) resident = v.shmem().resident(v.shmemIndex() + ((va - v.start()) >>> 12));
                if (v != null && v.cache() != null) resident = v.cache().peek(v.pageIndex(va)) != 0;
            }
            vec[i] = (byte) (resident ? 1 : 0);
        }
        return vec;
    }

    /**
     * msync: ENOMEM unless the range is mapped, EBUSY for MS_INVALIDATE over locked pages; the
     * page caches of shared file mappings in it are written back (MS_SYNC and MS_ASYNC alike).
     */
    public void msync(long start, long len, boolean invalidate) throws ErrnoException {
        List<PageCache> caches = new ArrayList<>();
        synchronized (this) {
            if (!covered(start, start + pageUp(len))) throw ErrnoException.of(Errno.ENOMEM);
            for (Vma v : overlapping(start, start + pageUp(len))) {
                if (invalidate && (v.flags() & Vma.VM_LOCKED) != 0) throw ErrnoException.of(Errno.EBUSY);
                if (v.shared() && v.cache() != null && !caches.contains(v.cache())) caches.add(v.cache());
            }
        }
        for (PageCache c : caches) c.writeBack();
    }

    /**
     * mlock and munlock (mlock_fixup): marks the areas of the range VM_LOCKED or not; ENOMEM
     * unless the range is mapped. Every page is resident anyway, so nothing else changes.
     */
    public synchronized void mlock(long start, long len, boolean lock) throws ErrnoException {
        long end = start + pageUp(len);
        if (!covered(start, end)) throw ErrnoException.of(Errno.ENOMEM);
        setLocked(start, end, lock);
    }

    /** mlockall(MCL_CURRENT) and munlockall: every area at once. */
    public synchronized void mlockAll(boolean lock) {
        if (vmas.isEmpty()) return;
        setLocked(vmas.firstKey(), vmas.lastEntry().getValue().end(), lock);
    }

    private void setLocked(long start, long end, boolean lock) {
        splitAt(start);
        splitAt(end);
        for (Vma v : overlapping(start, end)) {
            int f = lock ? v.flags() | Vma.VM_LOCKED : v.flags() & ~Vma.VM_LOCKED;
            if (f == v.flags()) continue;
            vmas.put(v.start(), v.withFlags(f));
            v.drop();
        }
        for (Vma v : overlapping(start, end)) mergeAround(v.start());
        Map.Entry<Long, Vma> after = vmas.floorEntry(end);
        if (after != null) mergeAround(after.getKey());
    }

    // ---------------------------------------------------------------- faults

    /**
     * Lazy pages and stack growth: a file page is copied in, a shared page is mapped from its
     * object, an access just below a growing-down area extends it (expand_downwards), within
     * RLIMIT_STACK and the guard gap above the previous area.
     */
    @Override
    public boolean handleFault(AddressSpace space, long va, int access) {
        synchronized (this) {
            long page = pageDown(va);
            Vma v = find(va);
            if (v != null) {
                if ((v.prot() & access) != access) return false;
                if (space.protection(page) >= 0) return (space.protection(page) & access) == access;
                if (v.shmem() != null) {
                    long frame = v.shmem().frame(v.shmemIndex() + ((page - v.start()) >>> 12));
                    space.mapFrame(page, frame, v.prot(), true);
                    return true;
                }
                if (v.cache() != null) return mapCachedPage(space, v, page);
                if (v.file() != null) return fillFilePage(v, page);
                return false;
            }
            Map.Entry<Long, Vma> above = vmas.ceilingEntry(va);
            if (above == null || !above.getValue().growsDown()) return false;
            Vma s = above.getValue();
            if (page < MMAP_MIN_ADDR) return false;
            if (stackLimit >= 0 && s.end() - page > stackLimit) return false;
            if (!mayExpand(s.start() - page)) return false;
            Map.Entry<Long, Vma> prev = vmas.lowerEntry(s.start());
            if (prev != null && !prev.getValue().growsDown() && prev.getValue().prot() != 0
                    && page - prev.getValue().end() < STACK_GUARD_GAP) {
                return false;
            }
            if (prev != null && prev.getValue().end() > page) return false;
            space.mapAnonymous(page, s.start() - page, s.prot());
            vmas.remove(s.start());
            Vma grown = Vma.anonymous(page, s.end(), s.prot(), s.flags());
            s.drop();
            vmas.put(page, grown);
            return (s.prot() & access) == access;
        }
    }

    /** filemap_fault: maps the cached frame, shared or copy-on-write; nothing beyond the end of the file. */
    private boolean mapCachedPage(AddressSpace space, Vma v, long page) {
        long index = v.pageIndex(page);
        if (index >= pageUp(v.cache().size()) >>> 12) return false;
        long frame;
        try {
            frame = v.cache().frame(index);
        } catch (ErrnoException e) {
            // The filesystem has no page to give (a full tmpfs): shmem_fault's VM_FAULT_SIGBUS.
            unbackedPage = page;
            return false;
        }
        space.mapFrame(page, frame, v.prot(), v.shared());
        return true;
    }

    private boolean fillFilePage(Vma v, long page) {
        byte[] data = new byte[(int) PAGE_SIZE];
        try {
            readFully(v.file(), data, v.fileOffset() + (page - v.start()));
        } catch (ErrnoException e) {
            return false;
        }
        as.mapAnonymous(page, PAGE_SIZE, Mman.PROT_READ | Mman.PROT_WRITE);
        as.copyOut(page, data, 0, data.length);
        as.protect(page, PAGE_SIZE, v.prot());
        return true;
    }

    /** Reads up to {@code b.length} bytes at {@code pos}; the rest stays zero (end of file). Returns bytes read. */
    public static int readFully(FileDescription f, byte[] b, long pos) throws ErrnoException {
        int n = 0;
        while (n < b.length) {
            int r = f.pread(b, n, b.length - n, pos + n);
            if (r <= 0) break;
            n += r;
        }
        return n;
    }

    // ---------------------------------------------------------------- what /proc shows

    public synchronized long totalBytes() {
        long sum = 0;
        for (Vma v : vmas.values()) sum += v.length();
        return sum;
    }

    public long residentBytes() { return as.residentPages() * PAGE_SIZE; }

    /** The argv strings (arg_start..arg_end), read from the process's memory. */
    public byte[] argArea() { return readArea(argStart, argEnd); }

    public byte[] envArea() { return readArea(envStart, envEnd); }

    private byte[] readArea(long from, long to) {
        if (to <= from || to - from > (1 << 24)) return new byte[0];
        byte[] b = new byte[(int) (to - from)];
        try {
            as.copyIn(from, b, 0, b.length);
            return b;
        } catch (GuestFault f) {
            return new byte[0];
        }
    }

    /** The text of /proc/PID/maps (show_map_vma): names at column 73, [heap] and [stack] by address. */
    public synchronized String maps() {
        StringBuilder sb = new StringBuilder();
        for (Vma v : vmas.values()) mapLine(sb, v);
        return sb.toString();
    }

    /**
     * The text of /proc/PID/smaps (show_smap): each area's maps line and its memory figures;
     * resident pages are those with a frame, shared ones those mapped MAP_SHARED.
     */
    public synchronized String smaps() {
        StringBuilder sb = new StringBuilder();
        for (Vma v : vmas.values()) {
            mapLine(sb, v);
            long rss = 0;
            for (long va = v.start(); va < v.end(); va += PAGE_SIZE) if ((as.entry(va) & ~0xFFFL) != 0) rss += 4;
            long size = v.length() >> 10;
            String shared = v.shared() ? Long.toString(rss) : "0", priv = v.shared() ? "0" : Long.toString(rss);
            String[][] rows = {
                {"Size", Long.toString(size)}, {"KernelPageSize", "4"}, {"MMUPageSize", "4"}, {"Rss", Long.toString(rss)},
                {"Pss", Long.toString(rss)}, {"Pss_Dirty", "0"}, {"Shared_Clean", "0"}, {"Shared_Dirty", shared},
                {"Private_Clean", "0"}, {"Private_Dirty", priv}, {"Referenced", Long.toString(rss)},
                {"Anonymous", v.isAnonymous() && v.fileName() == null ? Long.toString(rss) : "0"}, {"KSM", "0"}, {"LazyFree", "0"},
                {"AnonHugePages", "0"}, {"ShmemPmdMapped", "0"}, {"FilePmdMapped", "0"}, {"Shared_Hugetlb", "0"},
                {"Private_Hugetlb", "0"}, {"Swap", "0"}, {"SwapPss", "0"}, {"Locked", "0"},
            };
            for (String[] r : rows) sb.append(String.format("%-16s%8s kB%n", r[0] + ":", r[1]));
            sb.append(String.format("%-16s%8d%n", "THPeligible:", 0)).append("VmFlags: ");
            if ((v.prot() & Mman.PROT_READ) != 0) sb.append("rd ");
            if ((v.prot() & Mman.PROT_WRITE) != 0) sb.append("wr ");
            if ((v.prot() & Mman.PROT_EXEC) != 0) sb.append("ex ");
            if (v.shared()) sb.append("sh ");
            sb.append("mr ");
            if ((v.flags() & Vma.VM_NOWRITE) == 0) sb.append("mw ");
            sb.append("me ");
            if (v.shared()) sb.append("ms ");
            if (v.growsDown()) sb.append("gd ");
            sb.append('\n');
        }
        return sb.toString();
    }

    /** One line of /proc/PID/maps (show_map_vma). */
    private void mapLine(StringBuilder sb, Vma v) {
        int start = sb.length();
        sb.append(String.format("%08x-%08x %c%c%c%c %08x %02x:%02x %d ", v.start(), v.end(),
                (v.prot() & Mman.PROT_READ) != 0 ? 'r' : '-',
                (v.prot() & Mman.PROT_WRITE) != 0 ? 'w' : '-',
                (v.prot() & Mman.PROT_EXEC) != 0 ? 'x' : '-',
                v.shared() ? 's' : 'p',
                v.file() != null ? v.fileOffset() : 0,
                Stat.major(v.dev()), Stat.minor(v.dev()), v.ino()));
        String name = v.fileName();
        if (name == null && v.shmem() != null) name = "/dev/zero (deleted)";
        if (name == null && v.start() < brk && v.end() > startBrk) name = "[heap]";
        if (name == null && v.start() <= startStack && v.end() >= startStack) name = "[stack]";
        if (name != null) {
            while (sb.length() - start < 72) sb.append(' ');
            sb.append(' ').append(name);
        }
        sb.append('\n');
    }

}
