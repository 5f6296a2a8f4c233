package dev.jerla.kernel.fs.tmpfs;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Fcntl;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.mm.PageCache;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.vfs.FileDescription;
import dev.jerla.kernel.vfs.FileInode;
import dev.jerla.kernel.vfs.Location;
import dev.jerla.kernel.vfs.NewInode;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * A tmpfs regular file: its data are the frames of its {@link PageCache}, sparse by page index;
 * a missing page reads as zeros (a hole). Mappings map the same frames, so read, write and
 * mmap always agree (shmem_file_operations over the page cache). The frames go when the file is
 * unreachable: no name, no open file and no mapping holds it.
 */
final class TmpFile extends TmpInode implements FileInode, PageCache.Backing {
    /** MAX_LFS_FILESIZE on 64-bit. */
    private static final long MAX_SIZE = Long.MAX_VALUE;
    private static final int PAGE = TmpFs.PAGE;

    private final PageCache cache = new PageCache(this, this);
    // mu (this) guards size, seals and unwritten; the cache guards its own frame table.
    private long size;
    /** Pages fallocate reserved that nothing has written yet: SEEK_DATA sees them as holes (!uptodate). */
    private final Set<Long> unwritten = new HashSet<>();
    /** F_SEAL_* bits of a memfd (memfd_create with MFD_ALLOW_SEALING); F_SEAL_SEAL otherwise. */
    private int seals = Fcntl.F_SEAL_SEAL;
    /** Set when the last name is gone: pages no longer count against the size limit. */
    private volatile boolean orphaned;
    /** Open descriptions of the file. */
    private int opens;
    /** An O_TMPFILE file without O_EXCL: linkat may give it a name (I_LINKABLE). */
    private volatile boolean linkable;

    TmpFile(TmpFs fs, NewInode n) {
        super(fs, n);
    }

    @Override public synchronized long size() { return size; }

    @Override synchronized long blocks() { return cache.count() * (long) (PAGE / 512); }

    @Override public PageCache pageCache() { return cache; }

    /** A frozen tree's files (sysfs attributes without a store method) cannot be opened for writing: EACCES. */
    @Override
    public FileDescription open(Location loc, int flags, Task t) throws ErrnoException {
        if (fs.frozen() && (flags & Fcntl.O_ACCMODE) != Fcntl.O_RDONLY) throw ErrnoException.of(Errno.EACCES);
        FileDescription f = FileInode.super.open(loc, flags, t);
        synchronized (this) { opens++; }
        return f;
    }

    @Override
    public void released() {
        synchronized (this) { opens--; }
        freeIfUnused();
    }

    @Override
    public void lastUnmap(PageCache c) {
        freeIfUnused();
    }

    /**
     * The data goes as soon as no name, open file or mapping is left (shmem_evict_inode), rather
     * than when the collector notices the file is unreachable.
     */
    private void freeIfUnused() {
        synchronized (this) {
            if (!orphaned || opens > 0 || linkable) return;
        }
        if (cache.mapCount() == 0) cache.releaseAll();
    }

    /** A page enters the cache (a write or a fault on a hole): charge it to the size limit. */
    @Override
    public void readPage(long index, MemorySegment page) throws ErrnoException {
        charge();
    }

    @Override
    public int read(long pos, byte[] dst, int off, int len) {
        int n;
        synchronized (this) {
            if (pos >= size || len == 0) return 0;
            n = (int) Math.min(len, size - pos);
            int done = 0;
            while (done < n) {
                long p = pos + done;
                int inPage = (int) (p % PAGE);
                int chunk = Math.min(n - done, PAGE - inPage);
                long frame = cache.peek(p / PAGE);
                if (frame == 0) Arrays.fill(dst, off + done, off + done + chunk, (byte) 0);
                else PageCache.copyFromPage(frame, inPage, dst, off + done, chunk);
                done += chunk;
            }
        }
        touchAccess();
        return n;
    }

    @Override
    public int write(long pos, byte[] src, int off, int len) throws ErrnoException {
        if (len == 0) return 0;
        if (pos < 0) throw ErrnoException.of(Errno.EINVAL);
        if (pos + len < 0 || pos + len > MAX_SIZE) throw ErrnoException.of(Errno.EFBIG);
        synchronized (this) {
            if ((seals & (Fcntl.F_SEAL_WRITE | Fcntl.F_SEAL_FUTURE_WRITE)) != 0) throw ErrnoException.of(Errno.EPERM);
            if ((seals & Fcntl.F_SEAL_GROW) != 0 && pos + len > size) throw ErrnoException.of(Errno.EPERM);
            int done = 0;
            while (done < len) {
                long p = pos + done;
                int inPage = (int) (p % PAGE);
                int chunk = Math.min(len - done, PAGE - inPage);
                long frame;
                try {
                    frame = cache.frame(p / PAGE);
                } catch (ErrnoException e) {
                    if (done == 0) throw e;
                    break;
                }
                PageCache.copyToPage(src, off + done, frame, inPage, chunk);
                if (!unwritten.isEmpty()) unwritten.remove(p / PAGE);
                done += chunk;
            }
            size = Math.max(size, pos + done);
            touchModify();
            return done;
        }
    }

    /** Sets the size; pages past the end are unmapped and freed, the tail of the last page is zeroed. */
    void truncate(long newSize) throws ErrnoException {
        if (newSize < 0) throw ErrnoException.of(Errno.EINVAL);
        long old;
        synchronized (this) {
            old = size;
            if (newSize < old && (seals & Fcntl.F_SEAL_SHRINK) != 0) throw ErrnoException.of(Errno.EPERM);
            if (newSize > old && (seals & Fcntl.F_SEAL_GROW) != 0) throw ErrnoException.of(Errno.EPERM);
            size = newSize;
            if (newSize != old) touchModify();
            unwritten.removeIf(i -> i >= (newSize + PAGE - 1) / PAGE);
        }
        // Outside the file's monitor: unmapping takes the memory managers' locks, which faults hold while asking the size.
        if (newSize < old) uncharge(cache.truncate(newSize));
    }

    @Override
    public void fallocate(int mode, long pos, long len) throws ErrnoException {
        if (pos < 0 || len <= 0) throw ErrnoException.of(Errno.EINVAL);
        if ((mode & Fcntl.FALLOC_FL_PUNCH_HOLE) != 0) {
            if ((mode & Fcntl.FALLOC_FL_KEEP_SIZE) == 0) throw ErrnoException.of(Errno.EOPNOTSUPP);
            long end;
            synchronized (this) {
                if ((seals & Fcntl.F_SEAL_WRITE) != 0) throw ErrnoException.of(Errno.EPERM);
                end = Math.min(pos + len, size);
            }
            long firstWhole = (pos + PAGE - 1) / PAGE, endWhole = end / PAGE;
            // shmem_fallocate: whole pages are unmapped and freed, partial ones zeroed in place.
            if (endWhole > firstWhole) {
                cache.unmapRange(firstWhole, endWhole);
                uncharge(cache.dropRange(firstWhole, endWhole));
                synchronized (this) { unwritten.removeIf(i -> i >= firstWhole && i < endWhole); }
            }
            synchronized (this) {
                for (long p = pos; p < end; ) {
                    int in = (int) (p % PAGE);
                    int chunk = (int) Math.min(end - p, PAGE - in);
                    if (chunk < PAGE) cache.zero(p / PAGE, in, in + chunk);
                    p += chunk;
                }
                touchModify();
            }
            return;
        }
        if (mode != 0 && mode != Fcntl.FALLOC_FL_KEEP_SIZE) throw ErrnoException.of(Errno.EOPNOTSUPP);
        if (pos + len < 0) throw ErrnoException.of(Errno.EFBIG);
        synchronized (this) {
            if ((mode & Fcntl.FALLOC_FL_KEEP_SIZE) == 0 && pos + len > size && (seals & Fcntl.F_SEAL_GROW) != 0) {
                throw ErrnoException.of(Errno.EPERM);
            }
            for (long idx = pos / PAGE; idx <= (pos + len - 1) / PAGE; idx++) {
                if (cache.peek(idx) == 0) {
                    cache.frame(idx);
                    unwritten.add(idx);
                }
            }
            if ((mode & Fcntl.FALLOC_FL_KEEP_SIZE) == 0 && pos + len > size) size = pos + len;
            touchChange();
        }
    }

    /**
     * SEEK_DATA and SEEK_HOLE over the sparse pages (shmem_file_llseek): data is a cached page,
     * a hole is a missing one or the end of the file; ENXIO at or past the end.
     */
    @Override
    public long seekData(long offset, boolean hole) throws ErrnoException {
        long sz = size();
        if (offset < 0 || offset >= sz) throw ErrnoException.of(Errno.ENXIO);
        long[] present = cache.indexes();
        Set<Long> reserved;
        synchronized (this) { reserved = new HashSet<>(unwritten); }
        long idx = offset / PAGE;
        while (idx * PAGE < sz) {
            boolean isData = Arrays.binarySearch(present, idx) >= 0 && !reserved.contains(idx);
            if (isData != hole) return Math.max(offset, idx * PAGE);
            idx++;
        }
        if (hole) return sz;
        throw ErrnoException.of(Errno.ENXIO);
    }

    /** The F_SEAL_* bits (F_GET_SEALS). */
    @Override
    public synchronized int seals() { return seals; }

    /**
     * F_ADD_SEALS (memfd_add_seals): EPERM once F_SEAL_SEAL is set; F_SEAL_WRITE is refused with
     * EBUSY while a shared mapping may still write.
     */
    @Override
    public void addSeals(int add) throws ErrnoException {
        synchronized (this) {
            if ((seals & Fcntl.F_SEAL_SEAL) != 0) throw ErrnoException.of(Errno.EPERM);
        }
        if ((add & Fcntl.F_SEAL_WRITE) != 0 && cache.writableSharedMappings()) throw ErrnoException.of(Errno.EBUSY);
        synchronized (this) {
            if ((seals & Fcntl.F_SEAL_SEAL) != 0) throw ErrnoException.of(Errno.EPERM);
            seals |= add;
        }
        if ((add & (Fcntl.F_SEAL_WRITE | Fcntl.F_SEAL_FUTURE_WRITE)) != 0) cache.sealWrites();
    }

    synchronized void makeLinkable() { linkable = true; }

    /**
     * True once for a linkable file without names: the link about to be made is allowed, and
     * its pages count against the size limit again (ENOSPC if they do not fit).
     */
    synchronized boolean takeLinkable() throws ErrnoException {
        if (!linkable || nlink() != 0) return false;
        if (orphaned) {
            fs.charge(cache.count());
            orphaned = false;
        }
        linkable = false;
        return true;
    }

    /** Makes the file sealable (MFD_ALLOW_SEALING). */
    synchronized void allowSealing() { seals &= ~Fcntl.F_SEAL_SEAL; }

    private void charge() throws ErrnoException {
        if (!orphaned) fs.charge(1);
    }

    private void uncharge(long n) {
        if (!orphaned) fs.uncharge(n);
    }

    /**
     * The last name is gone: the pages stop counting against the limit now (open files may still
     * use them; the memory goes when the last of those closes).
     */
    void orphan() {
        synchronized (this) {
            if (orphaned) return;
            fs.uncharge(cache.count());
            orphaned = true;
        }
        freeIfUnused();
    }
}
