package dev.jerla.kernel.vfs;

import dev.jerla.abi.linux.Errno;
import dev.jerla.kernel.ErrnoException;

import java.util.List;

/**
 * A directory. The VFS has already checked permissions, existence and the mount's read-only flag
 * before calling the mutating methods, and holds the namespace lock; names are single components
 * (never ".", ".." or containing '/'). Defaults answer EPERM as Linux does for a missing
 * inode_operations slot (and a read-only filesystem should answer EROFS).
 */
public interface DirectoryInode extends Inode {
    /** The inode named {@code name}, or null if there is none. */
    Inode lookup(String name) throws ErrnoException;

    /** The entries, without "." and ".." (the VFS adds them). */
    List<DirEntry> readdir() throws ErrnoException;

    /** Creates a regular file. */
    default Inode create(String name, NewInode n) throws ErrnoException {
        throw ErrnoException.of(Errno.EPERM);
    }

    default DirectoryInode mkdir(String name, NewInode n) throws ErrnoException {
        throw ErrnoException.of(Errno.EPERM);
    }

    /** Creates a FIFO, socket or device node ({@code n.mode()} says which). */
    default Inode mknod(String name, NewInode n) throws ErrnoException {
        throw ErrnoException.of(Errno.EPERM);
    }

    default Inode symlink(String name, String target, NewInode n) throws ErrnoException {
        throw ErrnoException.of(Errno.EPERM);
    }

    /** Adds a hard link to {@code target} (same filesystem, not a directory). */
    default void link(String name, Inode target) throws ErrnoException {
        throw ErrnoException.of(Errno.EPERM);
    }

    /**
     * A regular file without a name in this directory (O_TMPFILE); {@code linkable} unless
     * O_EXCL: linkat may name it later. EOPNOTSUPP where unsupported.
     */
    default Inode tmpfile(NewInode n, boolean linkable) throws ErrnoException {
        throw ErrnoException.of(Errno.EOPNOTSUPP);
    }

    /** Removes a non-directory entry. */
    default void unlink(String name, Inode victim) throws ErrnoException {
        throw ErrnoException.of(Errno.EPERM);
    }

    /** Removes an empty directory; ENOTEMPTY otherwise. */
    default void rmdir(String name, DirectoryInode victim) throws ErrnoException {
        throw ErrnoException.of(Errno.EPERM);
    }

    /**
     * Moves {@code oldName} to {@code newName} in {@code newDir} (same filesystem), replacing a
     * compatible target (checked by the VFS), or swapping the two with RENAME_EXCHANGE.
     */
    default void rename(String oldName, DirectoryInode newDir, String newName, int flags) throws ErrnoException {
        throw ErrnoException.of(Errno.EPERM);
    }
}
