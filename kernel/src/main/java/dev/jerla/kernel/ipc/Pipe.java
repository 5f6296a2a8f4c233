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

import java.util.ArrayDeque;

/**
 * A pipe (struct pipe_inode_info of fs/pipe.c): a ring of page-sized buffers (slots, 16 by
 * default) shared by its read and write ends. A write first tops up the last buffer with the part
 * of its length past a page multiple if that fits, then takes a free slot per page, so writes of
 * at most PIPE_BUF bytes are atomic and room is counted in slots, not bytes. Writing with no
 * reader left raises SIGPIPE and fails with EPIPE; reading with no writer left returns 0 (end of
 * file). A FIFO inode owns one pipe that all its openers share.
 */
public final class Pipe {
    /** The default capacity: 16 pages (PIPE_DEF_BUFFERS). */
    public static final int DEFAULT_CAPACITY = 16 * 4096;
    /** /proc/sys/fs/pipe-max-size. */
    public static final int MAX_CAPACITY = 1 << 20;

    private final Inode inode;
    private final WaitQueue wq = new WaitQueue();
    // mu (this) guards the fields below.
    /** The queued buffers, oldest first; none is empty. */
    private final ArrayDeque<Buffer> bufs = new ArrayDeque<>();
    /** pipe->max_usage: how many buffers may be queued. */
    private int maxUsage = DEFAULT_CAPACITY / PAGE;
    /** The bytes queued in all buffers. */
    private int count;
    private int readers;
    private int writers;
    /** How many times each end was ever opened (r_counter / w_counter), for FIFO open waits. */
    private int readOpens;
    private int writeOpens;
    /**
     * Move when the read side or the write side may have become ready, as wake-ups of rd_wait and
     * wr_wait do (for edge-triggered epoll): a write or splice into the pipe moves the first, a read
     * the second, a close both.
     */
    private long rdGeneration;
    private long wrGeneration;

    /**
     * struct pipe_buffer: {@code len} bytes from {@code offset} of a page. Only buffers that
     * pipe_write filled may take more bytes later (PIPE_BUF_FLAG_CAN_MERGE); spliced pages may not.
     */
    private static final class Buffer {
        final byte[] page = new byte[PAGE];
        int offset;
        int len;
        final boolean canMerge;

        Buffer(boolean canMerge) {
            this.canMerge = canMerge;
        }
    }

    public Pipe(Inode inode) {
        this.inode = inode;
    }

    public Inode inode() { return inode; }

    WaitQueue waitQueue() { return wq; }

    /** The poll generation of an end open for reading and/or writing. */
    synchronized long generation(boolean reader, boolean writer) {
        return (reader ? rdGeneration : 0) + (writer ? wrGeneration : 0);
    }

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
                bufs.clear();
                count = 0;
            }
            rdGeneration++;
            wrGeneration++;
        }
        wq.wakeAll();
    }

    /** pipe_read: blocks until data or end of file; EAGAIN when empty with O_NONBLOCK. */
    int read(Task t, byte[] dst, int off, int len, FileDescription f) throws ErrnoException {
        if (len == 0) return 0;
        while (true) {
            synchronized (this) {
                if (count > 0) {
                    int n = copyOut(dst, off, len);
                    drop(n);
                    wrGeneration++;
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
     * pipe_write: the length past a page multiple goes into the last buffer if it fits there,
     * the rest a page per free slot, waiting for slots unless O_NONBLOCK (EAGAIN if nothing was
     * written). A signal or O_NONBLOCK after part was written returns the part.
     */
    int write(Task t, byte[] src, int off, int len, FileDescription f) throws ErrnoException {
        if (len == 0) return 0;
        int done = 0;
        synchronized (this) {
            if (readers == 0) {
                if (t != null) t.kernel().signalTask(t, Signal.SIGPIPE);
                throw ErrnoException.of(Errno.EPIPE);
            }
            int chars = len & (PAGE - 1);
            Buffer last = bufs.peekLast();
            if (chars != 0 && last != null && last.canMerge && last.offset + last.len + chars <= PAGE) {
                System.arraycopy(src, off, last.page, last.offset + last.len, chars);
                last.len += chars;
                count += chars;
                done = chars;
                rdGeneration++;
                wq.wakeAll();
            }
        }
        while (done < len) {
            synchronized (this) {
                if (readers == 0) {
                    if (t != null) t.kernel().signalTask(t, Signal.SIGPIPE);
                    if (done > 0) break;
                    throw ErrnoException.of(Errno.EPIPE);
                }
                if (bufs.size() < maxUsage) {
                    done += append(src, off + done, len - done, true);
                    rdGeneration++;
                    wq.wakeAll();
                    continue;
                }
                if (f.nonBlocking()) {
                    if (done > 0) break;
                    throw ErrnoException.of(Errno.EAGAIN);
                }
            }
            try {
                t.waitInterruptibly(() -> {
                    synchronized (this) { return readers == 0 || bufs.size() < maxUsage; }
                }, Long.MAX_VALUE, wq);
            } catch (ErrnoException e) {
                if (done > 0) break;
                throw e;
            }
        }
        if (inode instanceof PseudoFs.PseudoInode pi) pi.touchModify();
        return done;
    }

    /** Queues up to a page of {@code src} in a new buffer (the caller checked for a free slot); returns the bytes taken. */
    private int append(byte[] src, int off, int len, boolean canMerge) {
        Buffer b = new Buffer(canMerge);
        b.len = Math.min(len, PAGE);
        System.arraycopy(src, off, b.page, 0, b.len);
        bufs.addLast(b);
        count += b.len;
        return b.len;
    }

    /** Copies up to {@code len} queued bytes from the front, without consuming them. */
    private int copyOut(byte[] dst, int off, int len) {
        int n = 0;
        for (Buffer b : bufs) {
            if (n == len) break;
            int k = Math.min(len - n, b.len);
            System.arraycopy(b.page, b.offset, dst, off + n, k);
            n += k;
        }
        return n;
    }

    /** Consumes {@code n} queued bytes from the front, freeing the slots emptied. */
    private void drop(int n) {
        count -= n;
        while (n > 0) {
            Buffer b = bufs.peekFirst();
            int k = Math.min(n, b.len);
            b.offset += k;
            b.len -= k;
            n -= k;
            if (b.len == 0) bufs.removeFirst();
        }
    }

    /** Readiness for an end open for reading and/or writing (pipe_poll). */
    synchronized int poll(boolean reader, boolean writer, int hupVersion) {
        int mask = 0;
        if (reader) {
            if (count > 0) mask |= Poll.POLLIN | Poll.POLLRDNORM;
            if (writers == 0 && writeOpens != hupVersion) mask |= Poll.POLLHUP;
        }
        if (writer) {
            // pipe_poll: writable while a slot is free.
            if (bufs.size() < maxUsage) mask |= Poll.POLLOUT | Poll.POLLWRNORM;
            if (readers == 0) mask |= Poll.POLLERR;
        }
        return mask;
    }

    /** Bytes waiting to be read (FIONREAD). */
    synchronized int available() { return count; }

    synchronized int capacity() { return maxUsage * PAGE; }

    /** F_SETPIPE_SZ: rounds up to a power-of-two number of pages; EBUSY if fewer than the buffers queued (pipe_resize_ring). */
    int setCapacity(Task t, long size) throws ErrnoException {
        if (size <= 0 || size > Integer.MAX_VALUE) throw ErrnoException.of(Errno.EINVAL);
        int pages = Integer.highestOneBit((int) Math.max(1, (size + 4095) / 4096));
        if ((long) pages * 4096 < size) pages <<= 1;
        int bytes = pages * 4096;
        if (bytes > MAX_CAPACITY && t.creds().euid() != 0) throw ErrnoException.of(Errno.EPERM);
        synchronized (this) {
            if (bufs.size() > pages) throw ErrnoException.of(Errno.EBUSY);
            maxUsage = pages;
            wrGeneration++;
        }
        wq.wakeAll();
        return bytes;
    }

    // ---------------------------------------------------------------- splice, tee, vmsplice (Splice)

    /** Held by a splice that copies queued data elsewhere before consuming it (pipe->mutex). */
    final Object spliceMu = new Object();

    synchronized boolean hasReaders() { return readers > 0; }

    synchronized boolean hasWriters() { return writers > 0; }

    /** The bytes the free slots take when each gets a whole page. */
    synchronized int room() { return freeSlots() * PAGE; }

    /** The page-sized buffers (pipe slots) still free: each page splice and vmsplice bring in takes one. */
    synchronized int freeSlots() { return Math.max(0, maxUsage - bufs.size()); }

    static final int PAGE = 4096;

    /** Copies up to {@code len} queued bytes from the front without consuming them. */
    synchronized int peek(byte[] dst, int off, int len) {
        return copyOut(dst, off, len);
    }

    /** Drops {@code n} bytes (at most what is queued) from the front and wakes writers. */
    void consume(int n) {
        synchronized (this) {
            drop(Math.min(n, count));
            wrGeneration++;
        }
        wq.wakeAll();
    }

    /**
     * Queues {@code len} (at most a page) bytes of {@code src} in a buffer of their own if a slot is
     * free, as iter_to_pipe does for each piece of user memory; false when the pipe is full.
     */
    boolean fillPiece(byte[] src, int off, int len) {
        synchronized (this) {
            if (bufs.size() >= maxUsage) return false;
            append(src, off, len, false);
            rdGeneration++;
        }
        wq.wakeAll();
        if (inode instanceof PseudoFs.PseudoInode pi) pi.touchModify();
        return true;
    }

    /**
     * Appends as much of {@code src} as the free slots hold, a page per slot, in buffers a later
     * write does not merge into (splice_to_pipe).
     */
    int fill(byte[] src, int off, int len) {
        int n = 0;
        synchronized (this) {
            while (n < len && bufs.size() < maxUsage) n += append(src, off + n, len - n, false);
            rdGeneration++;
        }
        if (n > 0) {
            wq.wakeAll();
            if (inode instanceof PseudoFs.PseudoInode pi) pi.touchModify();
        }
        return n;
    }
}
