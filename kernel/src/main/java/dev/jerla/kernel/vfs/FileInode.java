package dev.jerla.kernel.vfs;

import dev.jerla.abi.linux.Errno;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.mm.PageCache;

/**
 * A regular file whose data the VFS reads and writes by position (the page-cache-backed files of
 * Linux: tmpfs, initramfs). Files with their own file operations override {@link Inode#open}
 * instead.
 */
public interface FileInode extends Inode {
    long size();

    /** Reads up to {@code len} bytes at {@code pos}; 0 at or beyond the end. */
    int read(long pos, byte[] dst, int off, int len) throws ErrnoException;

    /** Writes {@code len} bytes at {@code pos}, growing the file; EFBIG/ENOSPC at limits. */
    default int write(long pos, byte[] src, int off, int len) throws ErrnoException {
        throw ErrnoException.of(Errno.EINVAL);
    }

    /** The last reference to a description opened on this file is gone (the inode's open count drops). */
    default void released() {}

    /** The page cache holding this file's data, or null (see {@link FileDescription#pageCache()}). */
    default PageCache pageCache() { return null; }

    /**
     * SEEK_DATA ({@code hole} false) or SEEK_HOLE from {@code offset}; the default sees the whole
     * file as data (generic_file_llseek): ENXIO at or past the end.
     */
    default long seekData(long offset, boolean hole) throws ErrnoException {
        long sz = size();
        if (offset < 0 || offset >= sz) throw ErrnoException.of(Errno.ENXIO);
        return hole ? sz : offset;
    }

    /** F_GET_SEALS: EINVAL for files that cannot be sealed (everything but memfds and tmpfs files). */
    default int seals() throws ErrnoException {
        throw ErrnoException.of(Errno.EINVAL);
    }

    /** F_ADD_SEALS; EINVAL for files that cannot be sealed. */
    default void addSeals(int seals) throws ErrnoException {
        throw ErrnoException.of(Errno.EINVAL);
    }

    /** Allocates (or with FALLOC_FL_PUNCH_HOLE frees) a range; EOPNOTSUPP by default. */
    default void fallocate(int mode, long pos, long len) throws ErrnoException {
        throw ErrnoException.of(Errno.EOPNOTSUPP);
    }
}
