package dev.jerla.kernel.syscall;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Fcntl;
import dev.jerla.abi.linux.Poll;
import dev.jerla.abi.linux.Stat;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.fs.notify.Fsnotify;
import dev.jerla.kernel.mm.UserMemory;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.vfs.FileDescription;
import dev.jerla.kernel.vfs.Permission;

/**
 * Reading and writing (fs/read_write.c): read, write, pread64, pwrite64, readv, writev,
 * preadv(2), pwritev(2), lseek, sendfile, copy_file_range. Data moves through a kernel buffer of
 * at most 1 MiB at a time; regular files are read and written chunk after chunk, other files
 * once per call, as their own semantics (pipe atomicity, terminal lines) require.
 */
public final class SysReadWrite {
    /** MAX_RW_COUNT: one call moves at most this much (INT_MAX rounded down to a page). */
    static final long MAX_RW_COUNT = 0x7FFFF000L;
    private static final int CHUNK = 1 << 20;
    /** The most a vectored call gathers into one kernel buffer. */
    private static final int VECTOR_MAX = 16 << 20;

    private SysReadWrite() {}

    private static FileDescription readable(Task t, int fd) throws ErrnoException {
        FileDescription f = SysFd.file(t, fd);
        if (!f.readable()) throw ErrnoException.of(Errno.EBADF);
        return f;
    }

    private static FileDescription writable(Task t, int fd) throws ErrnoException {
        FileDescription f = SysFd.file(t, fd);
        if (!f.writable()) throw ErrnoException.of(Errno.EBADF);
        return f;
    }

    private static long clamp(long count) {
        return count < 0 || count > MAX_RW_COUNT ? MAX_RW_COUNT : count;
    }

    public static long read(Task t, int fd, long buf, long count) throws ErrnoException {
        return readTo(t, readable(t, fd), buf, clamp(count), -1);
    }

    public static long write(Task t, int fd, long buf, long count) throws ErrnoException {
        return writeFrom(t, writable(t, fd), buf, clamp(count), -1);
    }

    public static long pread64(Task t, int fd, long buf, long count, long pos) throws ErrnoException {
        FileDescription f = readable(t, fd);
        if (pos < 0) throw ErrnoException.of(Errno.EINVAL);
        return readTo(t, f, buf, clamp(count), pos);
    }

    public static long pwrite64(Task t, int fd, long buf, long count, long pos) throws ErrnoException {
        FileDescription f = writable(t, fd);
        if (pos < 0) throw ErrnoException.of(Errno.EINVAL);
        return writeFrom(t, f, buf, clamp(count), pos);
    }

    /**
     * Reads into guest memory, at the file offset ({@code pos} < 0) or at {@code pos}. A failure
     * after some bytes arrived returns the bytes (a signal, a full buffer, EFAULT further on).
     */
    static long readTo(Task t, FileDescription f, long buf, long count, long pos) throws ErrnoException {
        long n = readToRaw(t, f, buf, count, pos);
        if (n > 0) Fsnotify.access(f);
        return n;
    }

    private static long readToRaw(Task t, FileDescription f, long buf, long count, long pos) throws ErrnoException {
        byte[] b = new byte[(int) Math.min(count, CHUNK)];
        long total = 0;
        do {
            int want = (int) Math.min(b.length, count - total);
            int n;
            try {
                n = pos < 0 ? f.read(t, b, 0, want) : f.pread(b, 0, want, pos + total);
                if (n > 0) t.mem().copyOut(buf + total, b, 0, n);
            } catch (ErrnoException e) {
                if (total > 0) return total;
                throw e;
            }
            total += n;
            if (n < want || !f.isRegular()) break;
        } while (total < count);
        return total;
    }

    /** Writes from guest memory; a failure after some bytes went out returns the count. */
    static long writeFrom(Task t, FileDescription f, long buf, long count, long pos) throws ErrnoException {
        long n = writeFromRaw(t, f, buf, count, pos);
        if (n > 0) Fsnotify.modify(f);
        return n;
    }

    private static long writeFromRaw(Task t, FileDescription f, long buf, long count, long pos) throws ErrnoException {
        if (f.isRegular()) Permission.removePrivs(t.creds(), f.inode());
        byte[] b = new byte[(int) Math.min(count, CHUNK)];
        long total = 0;
        do {
            int want = (int) Math.min(b.length, count - total);
            int n;
            try {
                t.mem().copyIn(buf + total, b, 0, want);
                n = pos < 0 ? f.write(t, b, 0, want) : f.pwrite(b, 0, want, pos + total);
            } catch (ErrnoException e) {
                if (total > 0) return total;
                throw e;
            }
            total += n;
            if (n < want) break;
        } while (total < count);
        return total;
    }

    public static long lseek(Task t, int fd, long offset, int whence) throws ErrnoException {
        return SysFd.file(t, fd).llseek(offset, whence);
    }

    // ---------------------------------------------------------------- vectored I/O

    private static UserMemory.Iovec[] iovecs(Task t, long iov, int cnt) throws ErrnoException {
        UserMemory.Iovec[] v = t.mem().readIovecs(iov, cnt);
        long total = 0;
        for (UserMemory.Iovec x : v) {
            total += x.len();
            if (total < 0 || total > MAX_RW_COUNT) throw ErrnoException.of(Errno.EINVAL);
        }
        return v;
    }

    private static long total(UserMemory.Iovec[] v) {
        long n = 0;
        for (UserMemory.Iovec x : v) n += x.len();
        return Math.min(n, VECTOR_MAX);
    }

    /** One read for the whole vector (a pipe or terminal read stays one read), then scattered. */
    private static long readv(Task t, FileDescription f, UserMemory.Iovec[] v, long pos) throws ErrnoException {
        long n = readvRaw(t, f, v, pos);
        if (n > 0) Fsnotify.access(f);
        return n;
    }

    private static long readvRaw(Task t, FileDescription f, UserMemory.Iovec[] v, long pos) throws ErrnoException {
        long want = total(v);
        byte[] b = new byte[(int) want];
        int n = 0;
        while (n < want) {
            int k;
            try {
                k = pos < 0 ? f.read(t, b, n, (int) want - n) : f.pread(b, n, (int) want - n, pos + n);
            } catch (ErrnoException e) {
                if (n > 0) break;
                throw e;
            }
            n += k;
            if (k == 0 || !f.isRegular()) break;
        }
        long done = 0;
        for (UserMemory.Iovec x : v) {
            if (done >= n) break;
            int k = (int) Math.min(x.len(), n - done);
            t.mem().copyOut(x.base(), b, (int) done, k);
            done += k;
        }
        return n;
    }

    /** The vector gathered first, then one write (so a write of at most PIPE_BUF to a pipe stays atomic). */
    private static long writev(Task t, FileDescription f, UserMemory.Iovec[] v, long pos) throws ErrnoException {
        long n = writevRaw(t, f, v, pos);
        if (n > 0) Fsnotify.modify(f);
        return n;
    }

    private static long writevRaw(Task t, FileDescription f, UserMemory.Iovec[] v, long pos) throws ErrnoException {
        if (f.isRegular()) Permission.removePrivs(t.creds(), f.inode());
        long want = total(v);
        byte[] b = new byte[(int) want];
        long done = 0;
        for (UserMemory.Iovec x : v) {
            if (done >= want) break;
            int k = (int) Math.min(x.len(), want - done);
            t.mem().copyIn(x.base(), b, (int) done, k);
            done += k;
        }
        if (want == 0) return pos < 0 ? f.write(t, b, 0, 0) : 0;
        int n = 0;
        while (n < want) {
            int k;
            try {
                k = pos < 0 ? f.write(t, b, n, (int) want - n) : f.pwrite(b, n, (int) want - n, pos + n);
            } catch (ErrnoException e) {
                if (n > 0) break;
                throw e;
            }
            n += k;
            if (k == 0) break;
        }
        return n;
    }

    public static long readv(Task t, int fd, long iov, int cnt) throws ErrnoException {
        FileDescription f = readable(t, fd);
        return readv(t, f, iovecs(t, iov, cnt), -1);
    }

    public static long writev(Task t, int fd, long iov, int cnt) throws ErrnoException {
        FileDescription f = writable(t, fd);
        return writev(t, f, iovecs(t, iov, cnt), -1);
    }

    // RWF_* flags of preadv2/pwritev2 (include/uapi/linux/fs.h).
    private static final int RWF_HIPRI = 0x1, RWF_DSYNC = 0x2, RWF_SYNC = 0x4, RWF_NOWAIT = 0x8, RWF_APPEND = 0x10;
    private static final int RWF_SUPPORTED = RWF_HIPRI | RWF_DSYNC | RWF_SYNC | RWF_NOWAIT | RWF_APPEND;

    /**
     * preadv(2) and preadv2(2); offset -1 means the file offset for preadv2. RWF_HIPRI, DSYNC
     * and SYNC are hints; RWF_NOWAIT fails with EAGAIN instead of waiting, on files that support
     * it (kiocb_set_rw_flags: EOPNOTSUPP without FMODE_NOWAIT).
     */
    public static long preadv2(Task t, int fd, long iov, int cnt, long pos, int flags, boolean v2) throws ErrnoException {
        FileDescription f = readable(t, fd);
        if (pos < 0 && !(v2 && pos == -1)) throw ErrnoException.of(Errno.EINVAL);
        if ((flags & ~RWF_SUPPORTED) != 0) throw ErrnoException.of(Errno.EOPNOTSUPP);
        UserMemory.Iovec[] v = iovecs(t, iov, cnt);
        if ((flags & RWF_NOWAIT) != 0) {
            if (!f.nowaitCapable()) throw ErrnoException.of(Errno.EOPNOTSUPP);
            if (pos >= 0 && !f.isRegular()) throw ErrnoException.of(Errno.ESPIPE);
            if (f.pollable() && (f.poll() & (Poll.POLLIN | Poll.POLLHUP | Poll.POLLERR)) == 0) {
                throw ErrnoException.of(Errno.EAGAIN);
            }
        }
        return readv(t, f, v, pos);
    }

    /** pwritev(2) and pwritev2(2); RWF_APPEND writes at the end of a regular file (IOCB_APPEND). */
    public static long pwritev2(Task t, int fd, long iov, int cnt, long pos, int flags, boolean v2) throws ErrnoException {
        FileDescription f = writable(t, fd);
        if (pos < 0 && !(v2 && pos == -1)) throw ErrnoException.of(Errno.EINVAL);
        if ((flags & ~RWF_SUPPORTED) != 0) throw ErrnoException.of(Errno.EOPNOTSUPP);
        UserMemory.Iovec[] v = iovecs(t, iov, cnt);
        if ((flags & RWF_NOWAIT) != 0) {
            if (!f.nowaitCapable()) throw ErrnoException.of(Errno.EOPNOTSUPP);
            if (pos >= 0 && !f.isRegular()) throw ErrnoException.of(Errno.ESPIPE);
            if (f.pollable() && (f.poll() & (Poll.POLLOUT | Poll.POLLERR)) == 0) throw ErrnoException.of(Errno.EAGAIN);
        }
        if ((flags & RWF_APPEND) != 0 && f.isRegular() && (f.flags() & Fcntl.O_APPEND) == 0) {
            // An explicit offset is replaced by the end; offset -1 moves the file offset there first.
            if (pos >= 0) pos = f.inode().getattr().size();
            else f.llseek(0, Fcntl.SEEK_END);
        }
        return writev(t, f, v, pos);
    }

    // ---------------------------------------------------------------- in-kernel copies

    /** sendfile(2): from a seekable file (at *offset, or its offset) to any writable file. */
    public static long sendfile(Task t, int outFd, int inFd, long offsetPtr, long count) throws ErrnoException {
        FileDescription in = readable(t, inFd), out = writable(t, outFd);
        if ((out.flags() & Fcntl.O_APPEND) != 0) throw ErrnoException.of(Errno.EINVAL);
        count = clamp(count);
        long pos = offsetPtr != 0 ? t.mem().readLong(offsetPtr) : -1;
        if (offsetPtr != 0 && pos < 0) throw ErrnoException.of(Errno.EINVAL);
        // A pipe has no splice_read: do_splice_direct refuses it.
        if (offsetPtr == 0 && Stat.isFifo(in.inode().mode())) throw ErrnoException.of(Errno.EINVAL);
        long done = copy(t, in, pos, out, -1, count);
        if (offsetPtr != 0) t.mem().writeLong(offsetPtr, pos + done);
        return done;
    }

    /**
     * copy_file_range(2) between regular files of one filesystem (generic_copy_file_checks: EISDIR
     * for directories, EINVAL for other types and for overlapping ranges of one file, EXDEV across
     * filesystems), by reading and writing.
     */
    public static long copyFileRange(Task t, int inFd, long inOffPtr, int outFd, long outOffPtr, long len, int flags)
            throws ErrnoException {
        if (flags != 0) throw ErrnoException.of(Errno.EINVAL);
        FileDescription in = readable(t, inFd), out = writable(t, outFd);
        int inType = in.inode().mode(), outType = out.inode().mode();
        if (Stat.isDir(inType) || Stat.isDir(outType)) throw ErrnoException.of(Errno.EISDIR);
        if (!Stat.isReg(inType) || !Stat.isReg(outType)) throw ErrnoException.of(Errno.EINVAL);
        if ((out.flags() & Fcntl.O_APPEND) != 0) throw ErrnoException.of(Errno.EBADF);
        long inPos = inOffPtr != 0 ? t.mem().readLong(inOffPtr) : in.pos();
        long outPos = outOffPtr != 0 ? t.mem().readLong(outOffPtr) : out.pos();
        if (inPos < 0 || outPos < 0) throw ErrnoException.of(Errno.EINVAL);
        len = clamp(len);
        if (in.inode().sameFile(out.inode()) && inPos < outPos + len && outPos < inPos + len) {
            throw ErrnoException.of(Errno.EINVAL);
        }
        if (in.inode().fs() != out.inode().fs()) throw ErrnoException.of(Errno.EXDEV);
        long done = copy(t, in, inOffPtr != 0 ? inPos : -1, out, outOffPtr != 0 ? outPos : -1, len);
        if (inOffPtr != 0) t.mem().writeLong(inOffPtr, inPos + done);
        if (outOffPtr != 0) t.mem().writeLong(outOffPtr, outPos + done);
        return done;
    }

    private static long copy(Task t, FileDescription in, long inPos, FileDescription out, long outPos, long count)
            throws ErrnoException {
        long n = copyRaw(t, in, inPos, out, outPos, count);
        if (n > 0) {
            Fsnotify.access(in);
            Fsnotify.modify(out);
        }
        return n;
    }

    private static long copyRaw(Task t, FileDescription in, long inPos, FileDescription out, long outPos, long count)
            throws ErrnoException {
        byte[] b = new byte[(int) Math.min(Math.max(count, 0), CHUNK)];
        long done = 0;
        while (done < count) {
            int want = (int) Math.min(b.length, count - done);
            int n, w = 0;
            try {
                n = inPos < 0 ? in.read(t, b, 0, want) : in.pread(b, 0, want, inPos + done);
                while (w < n) {
                    int k = outPos < 0 ? out.write(t, b, w, n - w) : out.pwrite(b, w, n - w, outPos + done + w);
                    if (k == 0) break;
                    w += k;
                }
            } catch (ErrnoException e) {
                if (done + w > 0) return done + w;
                throw e;
            }
            done += w;
            if (n < want || w < n || !in.isRegular()) break;
        }
        return done;
    }
}
