package dev.jerla.kernel.vfs;

import dev.jerla.abi.linux.Errno;
import dev.jerla.kernel.ErrnoException;

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

    /** Allocates (or with FALLOC_FL_PUNCH_HOLE frees) a range; EOPNOTSUPP by default. */
    default void fallocate(int mode, long pos, long len) throws ErrnoException {
        throw ErrnoException.of(Errno.EOPNOTSUPP);
    }
}
