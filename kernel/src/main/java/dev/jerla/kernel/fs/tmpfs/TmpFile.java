package dev.jerla.kernel.fs.tmpfs;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Fcntl;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.vfs.FileInode;
import dev.jerla.kernel.vfs.NewInode;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** A tmpfs regular file: sparse 4 KiB pages by index; a missing page reads as zeros (a hole). */
final class TmpFile extends TmpInode implements FileInode {
    /** MAX_LFS_FILESIZE on 64-bit. */
    private static final long MAX_SIZE = Long.MAX_VALUE;

    // mu (this) guards pages and size.
    private final Map<Long, byte[]> pages = new HashMap<>();
    private long size;
    /** Set when the last name is gone: pages no longer count against the size limit. */
    private boolean orphaned;

    TmpFile(TmpFs fs, NewInode n) {
        super(fs, n);
    }

    @Override public synchronized long size() { return size; }

    @Override synchronized long blocks() { return pages.size() * (long) (TmpFs.PAGE / 512); }

    @Override
    public int read(long pos, byte[] dst, int off, int len) {
        int n;
        synchronized (this) {
            if (pos >= size || len == 0) return 0;
            n = (int) Math.min(len, size - pos);
            int done = 0;
            while (done < n) {
                long p = pos + done;
                int inPage = (int) (p % TmpFs.PAGE);
                int chunk = Math.min(n - done, TmpFs.PAGE - inPage);
                byte[] page = pages.get(p / TmpFs.PAGE);
                if (page == null) Arrays.fill(dst, off + done, off + done + chunk, (byte) 0);
                else System.arraycopy(page, inPage, dst, off + done, chunk);
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
            int done = 0;
            while (done < len) {
                long p = pos + done;
                int inPage = (int) (p % TmpFs.PAGE);
                int chunk = Math.min(len - done, TmpFs.PAGE - inPage);
                byte[] page = pages.get(p / TmpFs.PAGE);
                if (page == null) {
                    try {
                        charge();
                    } catch (ErrnoException e) {
                        if (done == 0) throw e;
                        break;
                    }
                    page = new byte[TmpFs.PAGE];
                    pages.put(p / TmpFs.PAGE, page);
                }
                System.arraycopy(src, off + done, page, inPage, chunk);
                done += chunk;
            }
            size = Math.max(size, pos + done);
            touchModify();
            return done;
        }
    }

    /** Sets the size; pages past the end are freed and the tail of the last page is zeroed. */
    synchronized void truncate(long newSize) throws ErrnoException {
        if (newSize < 0) throw ErrnoException.of(Errno.EINVAL);
        if (newSize < size) {
            long firstDropped = (newSize + TmpFs.PAGE - 1) / TmpFs.PAGE;
            long freed = 0;
            for (var it = pages.entrySet().iterator(); it.hasNext(); ) {
                if (it.next().getKey() >= firstDropped) { it.remove(); freed++; }
            }
            uncharge(freed);
            byte[] last = pages.get(newSize / TmpFs.PAGE);
            if (last != null && newSize % TmpFs.PAGE != 0) Arrays.fill(last, (int) (newSize % TmpFs.PAGE), TmpFs.PAGE, (byte) 0);
        }
        if (newSize != size) {
            size = newSize;
            touchModify();
        }
    }

    @Override
    public void fallocate(int mode, long pos, long len) throws ErrnoException {
        if (pos < 0 || len <= 0) throw ErrnoException.of(Errno.EINVAL);
        synchronized (this) {
            if ((mode & Fcntl.FALLOC_FL_PUNCH_HOLE) != 0) {
                if ((mode & Fcntl.FALLOC_FL_KEEP_SIZE) == 0) throw ErrnoException.of(Errno.EOPNOTSUPP);
                long end = Math.min(pos + len, size);
                for (long p = pos; p < end; ) {
                    long idx = p / TmpFs.PAGE;
                    int in = (int) (p % TmpFs.PAGE);
                    int chunk = (int) Math.min(end - p, TmpFs.PAGE - in);
                    byte[] page = pages.get(idx);
                    if (page != null) {
                        if (chunk == TmpFs.PAGE) { pages.remove(idx); uncharge(1); }
                        else Arrays.fill(page, in, in + chunk, (byte) 0);
                    }
                    p += chunk;
                }
                touchModify();
                return;
            }
            if (mode != 0 && mode != Fcntl.FALLOC_FL_KEEP_SIZE) throw ErrnoException.of(Errno.EOPNOTSUPP);
            for (long idx = pos / TmpFs.PAGE; idx <= (pos + len - 1) / TmpFs.PAGE; idx++) {
                if (!pages.containsKey(idx)) {
                    charge();
                    pages.put(idx, new byte[TmpFs.PAGE]);
                }
            }
            if ((mode & Fcntl.FALLOC_FL_KEEP_SIZE) == 0 && pos + len > size) size = pos + len;
            touchChange();
        }
    }

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
    synchronized void orphan() {
        if (orphaned) return;
        fs.uncharge(pages.size());
        orphaned = true;
    }
}
