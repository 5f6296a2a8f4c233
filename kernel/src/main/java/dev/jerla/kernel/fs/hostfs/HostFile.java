package dev.jerla.kernel.fs.hostfs;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Fcntl;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.mm.PageCache;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.vfs.FileDescription;
import dev.jerla.kernel.vfs.Inode;
import dev.jerla.kernel.vfs.Location;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** An open host file: positional reads and writes on a host file channel, the offset kept here. */
final class HostFile extends FileDescription {
    private final Location loc;
    private final HostInode.File inode;
    private final FileChannel ch;

    HostFile(Location loc, HostInode.File inode, FileChannel ch, int flags) {
        super(flags);
        this.loc = loc;
        this.inode = inode;
        this.ch = ch;
    }

    @Override public Location location() { return loc; }
    @Override public Inode inode() { return inode; }
    @Override public boolean isRegular() { return true; }

    @Override
    public PageCache pageCache() {
        return inode.fs.pages(inode, this).cache;
    }

    private HostPages cached() {
        return inode.fs.pages(inode, null);
    }

    /** The host channel (lent to the page cache of an unlinked file). */
    FileChannel channel() { return ch; }

    @Override
    public int read(Task t, byte[] dst, int off, int len) throws ErrnoException {
        synchronized (posMu) {
            int n = pread(dst, off, len, pos);
            pos += n;
            return n;
        }
    }

    @Override
    public int pread(byte[] dst, int off, int len, long p) throws ErrnoException {
        if (p < 0) throw ErrnoException.of(Errno.EINVAL);
        HostPages hp = cached();
        if (hp != null) return readCached(hp.cache, dst, off, len, p);
        try {
            ByteBuffer b = ByteBuffer.wrap(dst, off, len);
            int total = 0;
            while (b.hasRemaining()) {
                int n = ch.read(b, p + total);
                if (n <= 0) break;
                total += n;
            }
            return total;
        } catch (IOException e) {
            throw HostErrno.of(e);
        }
    }

    /** Host filesystems (ext4, xfs, btrfs) support RWF_NOWAIT; reads and writes here never wait for readers. */
    @Override
    public boolean nowaitCapable() { return true; }

    @Override
    public int write(Task t, byte[] src, int off, int len) throws ErrnoException {
        synchronized (posMu) {
            try {
                if ((flags() & Fcntl.O_APPEND) != 0) pos = ch.size();
            } catch (IOException e) {
                throw HostErrno.of(e);
            }
            int n = writeAt(src, off, len, pos);
            pos += n;
            return n;
        }
    }

    @Override
    public int pwrite(byte[] src, int off, int len, long p) throws ErrnoException {
        if (p < 0) throw ErrnoException.of(Errno.EINVAL);
        try {
            return writeAt(src, off, len, (flags() & Fcntl.O_APPEND) != 0 ? ch.size() : p);
        } catch (IOException e) {
            throw HostErrno.of(e);
        }
    }

    private int writeAt(byte[] src, int off, int len, long p) throws ErrnoException {
        try {
            ByteBuffer b = ByteBuffer.wrap(src, off, len);
            while (b.hasRemaining()) ch.write(b, p + (b.position() - off));
        } catch (IOException e) {
            throw HostErrno.of(e);
        }
        HostPages hp = cached();
        if (hp != null) updateCached(hp.cache, src, off, len, p);
        return len;
    }

    /** A read of a mapped file: cached pages (which a shared mapping may have changed) first, the host for the rest. */
    private int readCached(PageCache c, byte[] dst, int off, int len, long p) throws ErrnoException {
        long size;
        try {
            size = ch.size();
        } catch (IOException e) {
            throw HostErrno.of(e);
        }
        if (p >= size) return 0;
        int n = (int) Math.min(len, size - p);
        int done = 0;
        while (done < n) {
            long at = p + done;
            int in = (int) (at % PageCache.PAGE_SIZE);
            int chunk = Math.min(n - done, PageCache.PAGE_SIZE - in);
            long frame = c.peek(at / PageCache.PAGE_SIZE);
            if (frame != 0) {
                PageCache.copyFromPage(frame, in, dst, off + done, chunk);
            } else {
                try {
                    ByteBuffer b = ByteBuffer.wrap(dst, off + done, chunk);
                    while (b.hasRemaining()) {
                        if (ch.read(b, at + (b.position() - off - done)) <= 0) break;
                    }
                } catch (IOException e) {
                    throw HostErrno.of(e);
                }
            }
            done += chunk;
        }
        return n;
    }

    /** A write to a mapped file also lands in its cached pages, so mappings see it at once. */
    private static void updateCached(PageCache c, byte[] src, int off, int len, long p) {
        int done = 0;
        while (done < len) {
            long at = p + done;
            int in = (int) (at % PageCache.PAGE_SIZE);
            int chunk = Math.min(len - done, PageCache.PAGE_SIZE - in);
            long frame = c.peek(at / PageCache.PAGE_SIZE);
            if (frame != 0) PageCache.copyToPage(src, off + done, frame, in, chunk);
            done += chunk;
        }
    }

    /**
     * fallocate(2) as far as java.nio reaches: mode 0 grows the file to cover the range,
     * KEEP_SIZE only checks it, PUNCH_HOLE|KEEP_SIZE writes zeros over it (the host keeps the
     * blocks); other modes are EOPNOTSUPP.
     */
    @Override
    public void fallocate(int mode, long pos, long len) throws ErrnoException {
        if (pos + len < 0) throw ErrnoException.of(Errno.EFBIG);
        try {
            long size = ch.size();
            switch (mode) {
                case 0 -> {
                    if (pos + len > size) writeAt(new byte[1], 0, 1, pos + len - 1);
                }
                case Fcntl.FALLOC_FL_KEEP_SIZE -> { }
                case Fcntl.FALLOC_FL_PUNCH_HOLE | Fcntl.FALLOC_FL_KEEP_SIZE -> {
                    long end = Math.min(pos + len, size);
                    byte[] zeros = new byte[(int) Math.min(1 << 16, Math.max(0, end - pos))];
                    for (long at = pos; at < end; at += zeros.length) {
                        writeAt(zeros, 0, (int) Math.min(zeros.length, end - at), at);
                    }
                }
                default -> throw ErrnoException.of(Errno.EOPNOTSUPP);
            }
        } catch (IOException e) {
            throw HostErrno.of(e);
        }
    }

    @Override
    public long llseek(long offset, int whence) throws ErrnoException {
        synchronized (posMu) {
            try {
                pos = seekTarget(offset, whence, ch.size());
            } catch (IOException e) {
                throw HostErrno.of(e);
            }
            return pos;
        }
    }

    @Override
    public void fsync() throws ErrnoException {
        HostPages hp = cached();
        if (hp != null) hp.sync();
        try {
            ch.force(true);
        } catch (IOException e) {
            throw HostErrno.of(e);
        }
    }

    @Override
    protected void onLastClose() {
        try {
            ch.close();
        } catch (IOException e) {
            // Closing a read channel cannot lose data; a failed close of a written one is as on Linux: ignored after the fact.
        }
    }
}
