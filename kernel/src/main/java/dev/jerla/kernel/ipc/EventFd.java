package dev.jerla.kernel.ipc;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Fcntl;
import dev.jerla.abi.linux.Poll;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.task.WaitQueue;
import dev.jerla.kernel.vfs.FileDescription;
import dev.jerla.kernel.vfs.Inode;
import dev.jerla.kernel.vfs.PseudoFs;

/**
 * An eventfd (fs/eventfd.c): a 64-bit counter. read takes the whole count (or 1 with
 * EFD_SEMAPHORE) and waits while it is 0; write adds and waits while the sum would pass
 * 0xfffffffffffffffe.
 */
public final class EventFd extends FileDescription {
    private static final long MAX = 0xFFFFFFFFFFFFFFFEL;

    private final boolean semaphore;
    private final Inode inode = PseudoFs.ANON_INODEFS.newInode(0600, 0, 0);
    private final WaitQueue wq = new WaitQueue();
    // mu (this) guards count (unsigned) and generation.
    private long count;
    private long generation;

    public EventFd(long initial, boolean semaphore, int flags) {
        super(Fcntl.O_RDWR | flags);
        this.count = initial;
        this.semaphore = semaphore;
    }

    @Override public Inode inode() { return inode; }
    @Override public String anonName() { return "anon_inode:[eventfd]"; }

    @Override
    public int read(Task t, byte[] dst, int off, int len) throws ErrnoException {
        if (len < 8) throw ErrnoException.of(Errno.EINVAL);
        while (true) {
            synchronized (this) {
                if (count != 0) {
                    long v = semaphore ? 1 : count;
                    count -= v;
                    generation++;
                    for (int i = 0; i < 8; i++) dst[off + i] = (byte) (v >>> (8 * i));
                    wq.wakeAll();
                    return 8;
                }
                if (nonBlocking()) throw ErrnoException.of(Errno.EAGAIN);
            }
            t.waitInterruptibly(() -> { synchronized (this) { return count != 0; } }, Long.MAX_VALUE, wq);
        }
    }

    @Override
    public int write(Task t, byte[] src, int off, int len) throws ErrnoException {
        // eventfd_write takes exactly one 8-byte value; a read only needs room for one.
        if (len != 8) throw ErrnoException.of(Errno.EINVAL);
        long v = 0;
        for (int i = 7; i >= 0; i--) v = (v << 8) | (src[off + i] & 0xFF);
        if (v == -1L) throw ErrnoException.of(Errno.EINVAL);
        long add = v;
        while (true) {
            synchronized (this) {
                if (Long.compareUnsigned(add, MAX - count) <= 0) {
                    count += add;
                    generation++;
                    wq.wakeAll();
                    return 8;
                }
                if (nonBlocking()) throw ErrnoException.of(Errno.EAGAIN);
            }
            t.waitInterruptibly(() -> { synchronized (this) { return Long.compareUnsigned(add, MAX - count) <= 0; } },
                    Long.MAX_VALUE, wq);
        }
    }

    /** noop_llseek: the offset stays 0 whatever is asked; ksys_lseek refuses an unknown whence. */
    @Override
    public long llseek(long offset, int whence) throws ErrnoException {
        if (whence < 0 || whence > Fcntl.SEEK_HOLE) throw ErrnoException.of(Errno.EINVAL);
        return 0;
    }

    @Override
    public synchronized int poll() {
        int m = 0;
        if (count != 0) m |= Poll.POLLIN | Poll.POLLRDNORM;
        if (Long.compareUnsigned(count, MAX) < 0) m |= Poll.POLLOUT | Poll.POLLWRNORM;
        return m;
    }

    @Override public WaitQueue pollQueue() { return wq; }

    @Override public synchronized long pollGeneration() { return generation; }
}
