package dev.jerla.kernel.vfs;

import dev.jerla.abi.linux.Errno;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.ipc.Pipe;
import dev.jerla.kernel.task.Task;

/**
 * A file of some filesystem (struct inode). Directories, regular files and symbolic links have
 * their own sub-interfaces ({@link DirectoryInode}, {@link FileInode}, {@link SymlinkInode});
 * FIFOs, device nodes and sockets are plain inodes whose {@link #mode()} says what they are. Each
 * default method answers what Linux answers when the inode_operations slot is NULL.
 */
public interface Inode {
    FileSystem fs();

    long ino();

    /** File type and permission bits (st_mode). */
    int mode();

    int uid();

    int gid();

    /** Everything stat(2) reports. */
    Attr getattr() throws ErrnoException;

    /** Applies chmod/chown/utimes/truncate; EPERM when the filesystem does not support it. */
    default void setattr(SetAttr change) throws ErrnoException {
        throw ErrnoException.of(Errno.EPERM);
    }

    /**
     * Opens this inode. The default handles every file type generically (directories, FIFOs,
     * device nodes, regular files through {@link FileInode}); filesystems override it for files
     * with their own file operations (host files, generated /proc files).
     */
    default FileDescription open(Location loc, int flags, Task t) throws ErrnoException {
        return Vfs.openDefault(this, loc, flags, t);
    }

    /** The pipe behind a FIFO inode; ENXIO for filesystems that cannot hold FIFOs. */
    default Pipe fifo() throws ErrnoException {
        throw ErrnoException.of(Errno.ENXIO);
    }

    /**
     * The value of extended attribute {@code name} (a full name such as "user.x"), or null if the
     * inode has none of that name (ENODATA). EOPNOTSUPP for filesystems without xattrs.
     */
    default byte[] getxattr(String name) throws ErrnoException {
        throw ErrnoException.of(Errno.EOPNOTSUPP);
    }

    /**
     * Sets, creates (XATTR_CREATE: EEXIST if present) or replaces (XATTR_REPLACE: ENODATA if
     * absent) an extended attribute. The VFS has checked the name, namespace and permissions.
     */
    default void setxattr(String name, byte[] value, int flags) throws ErrnoException {
        throw ErrnoException.of(Errno.EOPNOTSUPP);
    }

    /** The names of the extended attributes, in creation order. */
    default java.util.List<String> listxattr() throws ErrnoException {
        throw ErrnoException.of(Errno.EOPNOTSUPP);
    }

    /** Removes an extended attribute; ENODATA if absent. */
    default void removexattr(String name) throws ErrnoException {
        throw ErrnoException.of(Errno.EOPNOTSUPP);
    }

    /** The filesystem's own way of telling whether two inodes are the same file (hard links). */
    default boolean sameFile(Inode other) {
        return this == other;
    }
}
