package dev.jerla.kernel.ipc;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Fcntl;
import dev.jerla.abi.linux.Poll;
import dev.jerla.abi.linux.Signal;
import dev.jerla.abi.linux.Stat;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.task.WaitQueue;
import dev.jerla.kernel.vfs.FileDescription;
import dev.jerla.kernel.vfs.Inode;
import dev.jerla.kernel.vfs.Location;
import dev.jerla.kernel.vfs.PseudoFs;

/**
 * A pipe (struct pipe_inode_info of fs/pipe.c): a 64 KiB ring buffer shared by its read and write
 * ends. Writes of at most PIPE_BUF bytes are atomic; writing with no reader left raises SIGPIPE
 * and fails with EPIPE; reading with no writer left returns 0 (end of file). A FIFO inode owns
 * one pipe that all its openers share.
 */
public final class Pipe {
    /** The default capacity: 16 pages (PIPE_DEF_BUFFERS). */
    public static final int DEFAULT_CAPACITY = 16 * 4096;
    /** /proc/sys/fs/pipe-max-size. */
    public static final int MAX_CAPACITY = 1 << 20;

    private final Inode inode;
    private final WaitQueue wq = new WaitQueue();
    // mu (this) guards the fields below.
    private byte[] buf = new byte[DEFAULT_CAPACITY];
    private int head;
    private int count;
    private int readers;
    private int writers;
    /** How many times each end was ever opened (r_counter / w_counter), for FIFO open waits. */
    private int readOpens;
    private int writeOpens;
    /** Moves on every change of state (for edge-triggered epoll). */
    private long generation;

    public Pipe(Inode inode) {
        this.inode = inode;
    }

    public Inode inode() { return inode; }

    WaitQueue waitQueue() { return wq; }

    synchronized long generation() { return generation; }

    /** pipe2(2): a new anonymous pipe; returns its read end and its write end. */
    public static FileDescription[] create(Task t, int flags) {
        var ino = PseudoFs.PIPEFS.newInode(Stat.S_IFIFO | 0600, t.creds().fsuid(), t.creds().fsgid());
        Pipe p = new Pipe(ino);
        int status = flags & Fcntl.O_NONBLOCK;
        synchronized (p) {
            p.readers = p.writers = 1;
            p.readOpens = p.writeOpens = 1;
        }
        return new FileDescription[] {
            new PipeFile(p, null, Fcntl.O_RDONLY | status),
            new PipeFile(p, null, Fcntl.O_WRONLY | status)
        };
    }

    /**
     * Opens a FIFO (fifo_open): a reader waits for a writer and a writer for a reader unless
     * O_NONBLOCK (then a lone writer fails with ENXIO); O_RDWR never waits.
     */
    public static FileDescription openFifo(Task t, Pipe p, Location loc, int flags) throws ErrnoException {
        boolean nonblock = (flags & Fcntl.O_NONBLOCK) != 0;
        switch (flags & Fcntl.O_ACCMODE) {
            case Fcntl.O_RDONLY -> {
                int seen;
                boolean alone;
                synchronized (p) {
                    p.readers++;
                    p.readOpens++;
                    seen = p.writeOpens;
                    alone = p.writers == 0;
                }
                p.wq.wakeAll();
                if (alone && nonblock) {
                    // No POLLHUP until a writer has come (f_version = w_counter in fifo_open).
                    PipeFile f = new PipeFile(p, loc, flags);
                    f.hupVersion = seen;
                    return f;
                }
                if (alone) p.waitForPartner(t, true, seen);
            }
            case Fcntl.O_WRONLY -> {
                int seen;
                synchronized (p) {
                    if (nonblock && p.readers == 0) throw ErrnoException.of(Errno.ENXIO);
                    p.writers++;
                    p.writeOpens++;
                    seen = p.readOpens;
                }
                p.wq.wakeAll();
                p.waitForPartner(t, false, seen);
            }
            case Fcntl.O_RDWR -> {
                synchronized (p) {
                    p.readers++;
                    p.writers++;
                    p.readOpens++;
                    p.writeOpens++;
                }
                p.wq.wakeAll();
            }
            default -> throw ErrnoException.of(Errno.EINVAL);
        }
        return new PipeFile(p, loc, flags);
    }

    /** Sleeps until the other end is open (or has been opened since {@code seen}); undoes the open if interrupted. */
    private void waitForPartner(Task t, boolean reader, int seen) throws ErrnoException {
        try {
            t.waitInterruptibly(() -> {
                synchronized (this) {
                    return reader ? writers > 0 || writeOpens != seen : readers > 0 || readOpens != seen;
                }
            }, Long.MAX_VALUE, wq);
        } catch (ErrnoException e) {
            close(reader, !reader);
            throw e;
        }
    }

    /** Drops one reader and/or writer and wakes whoever waits for the change. */
    void close(boolean reader, boolean writer) {
        synchronized (this) {
            if (reader) readers--;
            if (writer) writers--;
            if (readers == 0 && writers == 0) {
                head = count = 0;
            }
            generation++;
        }
        wq.wakeAll();
    }

    /** pipe_read: blocks until data or end of file; EAGAIN when empty with O_NONBLOCK. */
    int read(Task t, byte[] dst, int off, int len, FileDescription f) throws ErrnoException {
        if (len == 0) return 0;
        while (true) {
            synchronized (this) {
                if (count > 0) {
                    int n = Math.min(len, count);
                    int first = Math.min(n, buf.length - head);
                    System.arraycopy(buf, head, dst, off, first);
                    System.arraycopy(buf, 0, dst, off + first, n - first);
                    head = (head + n) % buf.length;
                    count -= n;
                    if (count == 0) head = 0;
                    generation++;
                    wq.wakeAll();
                    return n;
                }
                if (writers == 0) return 0;
                if (f.nonBlocking()) throw ErrnoException.of(Errno.EAGAIN);
            }
            t.waitInterruptibly(() -> {
                synchronized (this) { return count > 0 || writers == 0; }
            }, Long.MAX_VALUE, wq);
        }
    }

    /**
     * pipe_write: writes of at most PIPE_BUF bytes go in whole; larger ones as room appears. A
     * signal or O_NONBLOCK after part was written returns the part.
     */
    int write(Task t, byte[] src, int off, int len, FileDescription f) throws ErrnoException {
        if (len == 0) return 0;
        int done = 0;
        boolean atomic = len <= Fcntl.PIPE_BUF;
        while (true) {
            synchronized (this) {
                if (readers == 0) {
                    if (t != null) t.kernel().signalTask(t, Signal.SIGPIPE);
                    if (done > 0) return done;
                    throw ErrnoException.of(Errno.EPIPE);
                }
                int free = buf.length - count;
                if (free >= (atomic ? len : 1)) {
                    int n = Math.min(len - done, free);
                    int tail = (head + count) % buf.length;
                    int first = Math.min(n, buf.length - tail);
                    System.arraycopy(src, off + done, buf, tail, first);
                    System.arraycopy(src, off + done + first, buf, 0, n - first);
                    count += n;
                    done += n;
                    generation++;
                    wq.wakeAll();
                    if (done == len) break;
                    continue;
                }
                if (f.nonBlocking()) {
                    if (done > 0) break;
                    throw ErrnoException.of(Errno.EAGAIN);
                }
            }
            int need = atomic ? len : 1;
            try {
                t.waitInterruptibly(() -> {
                    synchronized (this) { return readers == 0 || buf.length - count >= need; }
                }, Long.MAX_VALUE, wq);
            } catch (ErrnoException e) {
                if (done > 0) break;
                throw e;
            }
        }
        if (inode instanceof PseudoFs.PseudoInode pi) pi.touchModify();
        return done;
    }

    /** Readiness for an end open for reading and/or writing (pipe_poll). */
    synchronized int poll(boolean reader, boolean writer, int hupVersion) {
        int mask = 0;
        if (reader) {
            if (count > 0) mask |= Poll.POLLIN | Poll.POLLRDNORM;
            if (writers == 0 && writeOpens != hupVersion) mask |= Poll.POLLHUP;
        }
        if (writer) {
            if (buf.length - count >= Fcntl.PIPE_BUF) mask |= Poll.POLLOUT | Poll.POLLWRNORM;
            if (readers == 0) mask |= Poll.POLLERR;
        }
        return mask;
    }

    /** Bytes waiting to be read (FIONREAD). */
    synchronized int available() { return count; }

    synchronized int capacity() { return buf.length; }

    /** F_SETPIPE_SZ: rounds up to a power-of-two number of pages; EBUSY if the data would not fit. */
    int setCapacity(Task t, long size) throws ErrnoException {
        if (size <= 0 || size > Integer.MAX_VALUE) throw ErrnoException.of(Errno.EINVAL);
        int pages = Integer.highestOneBit((int) Math.max(1, (size + 4095) / 4096));
        if ((long) pages * 4096 < size) pages <<= 1;
        int bytes = pages * 4096;
        if (bytes > MAX_CAPACITY && t.creds().euid() != 0) throw ErrnoException.of(Errno.EPERM);
        synchronized (this) {
            if (count > bytes) throw ErrnoException.of(Errno.EBUSY);
            byte[] nb = new byte[bytes];
            int first = Math.min(count, buf.length - head);
            System.arraycopy(buf, head, nb, 0, first);
            System.arraycopy(buf, 0, nb, first, count - first);
            buf = nb;
            head = 0;
        }
        wq.wakeAll();
        return bytes;
    }
}
