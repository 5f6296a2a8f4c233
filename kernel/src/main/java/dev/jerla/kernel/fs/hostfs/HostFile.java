package dev.jerla.kernel.fs.hostfs;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Fcntl;
import dev.jerla.kernel.ErrnoException;
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
            return len;
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
