package dev.jerla.kernel.mm;

import dev.jerla.abi.linux.Mman;
import dev.jerla.kernel.vfs.FileDescription;

/**
 * A virtual memory area (struct vm_area_struct): a page-aligned range with one protection and
 * one backing (anonymous, a file through its page cache, a private copy of a file without one,
 * or a shared anonymous object). Immutable; splitting makes new areas. Each area holds a
 * reference on its file, its shmem object and a mapping count on its page cache.
 *
 * @param fileOffset the file offset of {@code start} (vm_pgoff in bytes)
 * @param fileName the guest path shown in /proc/PID/maps
 * @param dev device and inode of the file, for /proc/PID/maps
 * @param cache the file's page cache, or null when pages are copied from the file
 */
public record Vma(long start, long end, int prot, int flags, FileDescription file, long fileOffset,
                  String fileName, long dev, long ino, Shmem shmem, long shmemIndex, PageCache cache) {
    /** MAP_SHARED semantics (shmem, or a read-only snapshot of a shared file mapping). */
    public static final int VM_SHARED = 1;
    /** Grows down on faults below it (the stack, MAP_GROWSDOWN). */
    public static final int VM_GROWSDOWN = 2;
    /**
     * A shared file mapping that may never become writable (no VM_MAYWRITE): the file is not
     * open for writing, or it has no page cache and is served as a snapshot.
     */
    public static final int VM_NOWRITE = 4;
    /** Locked by mlock(2): msync(MS_INVALIDATE) refuses it; not inherited by fork. */
    public static final int VM_LOCKED = 8;

    /** A special mapping (_install_special_mapping): anonymous pages that /proc/PID/maps names, like [vdso]. */
    public static Vma special(long start, long end, int prot, String name) {
        return new Vma(start, end, prot, 0, null, 0, name, 0, 0, null, 0, null);
    }

    public static Vma anonymous(long start, long end, int prot, int flags) {
        return new Vma(start, end, prot, flags, null, 0, null, 0, 0, null, 0, null);
    }

    public long length() { return end - start; }

    public boolean shared() { return (flags & VM_SHARED) != 0; }

    /** A shared mapping that may store to its pages. */
    public boolean writableShared() { return shared() && (prot & Mman.PROT_WRITE) != 0; }

    public boolean growsDown() { return (flags & VM_GROWSDOWN) != 0; }

    public boolean isAnonymous() { return file == null && shmem == null; }

    /** The file page index of the page at {@code va}. */
    public long pageIndex(long va) { return (fileOffset + (va - start)) >>> 12; }

    /** The part [from, to) of this area; the caller owns one new reference on the backing. */
    Vma slice(long from, long to) {
        if (file != null) file.retain();
        if (shmem != null) shmem.retain();
        if (cache != null) cache.mapped(writableShared());
        return new Vma(from, to, prot, flags, file, fileOffset + (from - start), fileName, dev, ino, shmem,
                shmemIndex + ((from - start) >>> 12), cache);
    }

    /** The same range and backing with another protection; takes a new reference. */
    Vma withProt(int p) {
        Vma v = slice(start, end);
        if (cache != null) {
            // The new reference counts as a mapping with the new protection.
            cache.mapped(shared() && (p & Mman.PROT_WRITE) != 0);
            cache.unmapped(writableShared());
        }
        return new Vma(v.start, v.end, p, flags, file, fileOffset, fileName, dev, ino, shmem, shmemIndex, cache);
    }

    /** The same range, backing and protection with other VM_* flags; takes a new reference. */
    Vma withFlags(int f) {
        Vma v = slice(start, end);
        return new Vma(v.start, v.end, prot, f, file, fileOffset, fileName, dev, ino, shmem, shmemIndex, cache);
    }

    /** Drops this area's references. */
    void drop() {
        if (cache != null) cache.unmapped(writableShared());
        if (file != null) file.release();
        if (shmem != null) shmem.release();
    }

    /** True if {@code next} continues this area so the two can be one (vma_merge's test, simplified). */
    boolean mergesWith(Vma next) {
        if (end != next.start || prot != next.prot || flags != next.flags) return false;
        if (isAnonymous() && next.isAnonymous()) return java.util.Objects.equals(fileName, next.fileName);
        if (shmem != null) return shmem == next.shmem && shmemIndex + (length() >>> 12) == next.shmemIndex;
        return file != null && file == next.file && cache == next.cache && fileOffset + length() == next.fileOffset;
    }
}
