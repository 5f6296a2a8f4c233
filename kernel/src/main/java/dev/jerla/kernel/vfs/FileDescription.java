package dev.jerla.kernel.vfs;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Fcntl;
import dev.jerla.abi.linux.Poll;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.fs.notify.Fsnotify;
import dev.jerla.kernel.mm.PageCache;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.task.WaitQueue;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * An open file description (struct file): what an fd refers to, shared by dup and fork. Holds
 * the status flags, the file offset and the reference count; each kind of file overrides the
 * operations it supports, and the defaults answer as Linux does when the file_operations slot is
 * NULL. Access-mode checks (EBADF for reading a write-only fd, O_PATH) are the caller's.
 */
public abstract class FileDescription {
    private final AtomicInteger refs = new AtomicInteger(1);
    private volatile int flags;
    // posMu guards pos (f_pos_lock).
    protected final Object posMu = new Object();
    protected long pos;

    protected FileDescription(int flags) {
        this.flags = flags;
    }

    /** The O_* status and access-mode flags. */
    public int flags() { return flags; }

    public void setFlags(int flags) { this.flags = flags; }

    public boolean nonBlocking() { return (flags & Fcntl.O_NONBLOCK) != 0; }

    /** Opened for reading (O_RDONLY or O_RDWR, not O_PATH). */
    public boolean readable() {
        int acc = flags & Fcntl.O_ACCMODE;
        return (flags & Fcntl.O_PATH) == 0 && (acc == Fcntl.O_RDONLY || acc == Fcntl.O_RDWR);
    }

    /** Opened for writing (O_WRONLY or O_RDWR, not O_PATH). */
    public boolean writable() {
        int acc = flags & Fcntl.O_ACCMODE;
        return (flags & Fcntl.O_PATH) == 0 && (acc == Fcntl.O_WRONLY || acc == Fcntl.O_RDWR);
    }

    public boolean isPath() { return (flags & Fcntl.O_PATH) != 0; }

    public final void retain() { refs.incrementAndGet(); }

    /** Drops a reference; the last one closes the file. */
    public final void release() {
        if (refs.decrementAndGet() == 0) {
            if (!isPath()) Fsnotify.close(this);
            onLastClose();
            FileLocks.descriptionClosed();
        }
    }

    /** False once the last reference is gone. */
    public final boolean isOpen() { return refs.get() > 0; }

    /** Called once when the last reference is dropped. */
    protected void onLastClose() {}

    /** Where the file sits in the tree, or null for files without a name (pipes, eventfds). */
    public Location location() { return null; }

    /** The inode fstat(2) describes. */
    public abstract Inode inode();

    /** The link text of /proc/PID/fd/N for files without a location ("pipe:[1234]"). */
    public String anonName() { return "anon_inode:[" + getClass().getSimpleName() + "]"; }

    /**
     * A new description of the same object for an open of /proc/PID/fd/N when the file has no
     * name: a pipe gets a new end, a terminal a new open; ENXIO for objects that cannot be
     * reopened (eventfd, epoll), as for Linux's anonymous inodes.
     */
    public FileDescription reopen(Task t, int flags) throws ErrnoException {
        throw ErrnoException.of(Errno.ENXIO);
    }

    /** True for regular files and other files where a long read may be split into several. */
    public boolean isRegular() { return false; }

    /** Reads at the file offset; EINVAL without a read method. May block (interruptibly). */
    public int read(Task t, byte[] dst, int off, int len) throws ErrnoException {
        throw ErrnoException.of(Errno.EINVAL);
    }

    /** Writes at the file offset (at the end with O_APPEND); EINVAL without a write method. */
    public int write(Task t, byte[] src, int off, int len) throws ErrnoException {
        throw ErrnoException.of(Errno.EINVAL);
    }

    /** Reads at an absolute position without moving the offset (pread64); ESPIPE by default. */
    public int pread(byte[] dst, int off, int len, long pos) throws ErrnoException {
        throw ErrnoException.of(Errno.ESPIPE);
    }

    /** Writes at an absolute position without moving the offset (pwrite64); ESPIPE by default. */
    public int pwrite(byte[] src, int off, int len, long pos) throws ErrnoException {
        throw ErrnoException.of(Errno.ESPIPE);
    }

    /** lseek(2); ESPIPE by default (no_llseek). */
    public long llseek(long offset, int whence) throws ErrnoException {
        throw ErrnoException.of(Errno.ESPIPE);
    }

    /**
     * The page cache mappings of this file share (tmpfs and host files), or null: then mmap(2)
     * copies pages from the file and refuses writable shared mappings (ENODEV).
     */
    public PageCache pageCache() { return null; }

    /** The current readiness as POLL* bits; files without a poll method are always ready. */
    public int poll() { return Poll.DEFAULT_POLLMASK; }

    /** The queue woken when {@link #poll()} may have changed, or null if it never changes. */
    public WaitQueue pollQueue() { return null; }

    /**
     * Whether RWF_NOWAIT I/O is supported (FMODE_NOWAIT): pollable files wait only for readiness,
     * which the caller checks first; others opt in.
     */
    public boolean nowaitCapable() { return pollable(); }

    /** True if the file has a poll method (epoll refuses files without one with EPERM). */
    public boolean pollable() { return pollQueue() != null; }

    /**
     * A counter that moves whenever the file's readiness may have changed (new data, a reader
     * or writer gone); epoll's edge-triggered mode reports a ready file once per change.
     */
    public long pollGeneration() { return 0; }

    /** ioctl(2) beyond the generic FIOCLEX/FIONBIO family; ENOTTY by default. */
    public long ioctl(Task t, int cmd, long arg) throws ErrnoException {
        throw ErrnoException.of(Errno.ENOTTY);
    }

    /** fallocate(2) on a regular file: the inode's, or EOPNOTSUPP. */
    public void fallocate(int mode, long pos, long len) throws ErrnoException {
        if (!(inode() instanceof FileInode fi)) throw ErrnoException.of(Errno.EOPNOTSUPP);
        fi.fallocate(mode, pos, len);
    }

    /** fsync(2); EINVAL for files that cannot be synced (pipes, sockets). */
    public void fsync() throws ErrnoException {
        throw ErrnoException.of(Errno.EINVAL);
    }

    /** The offset (for /proc/PID/fdinfo and directory iteration). */
    public long pos() {
        synchronized (posMu) { return pos; }
    }

    /** The new offset for lseek on a file of {@code size} bytes (generic_file_llseek_size). */
    protected long seekTarget(long offset, int whence, long size) throws ErrnoException {
        long base = switch (whence) {
            case Fcntl.SEEK_SET -> 0;
            case Fcntl.SEEK_CUR -> pos;
            case Fcntl.SEEK_END -> size;
            case Fcntl.SEEK_DATA -> {
                if (offset < 0 || offset >= size) throw ErrnoException.of(Errno.ENXIO);
                yield 0;
            }
            case Fcntl.SEEK_HOLE -> {
                if (offset < 0 || offset >= size) throw ErrnoException.of(Errno.ENXIO);
                offset = size;
                yield 0;
            }
            default -> throw ErrnoException.of(Errno.EINVAL);
        };
        long target = base + offset;
        if ((offset > 0 && target < base) || target < 0) throw ErrnoException.of(Errno.EINVAL);
        return target;
    }
}
