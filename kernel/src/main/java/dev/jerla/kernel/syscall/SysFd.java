package dev.jerla.kernel.syscall;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Fcntl;
import dev.jerla.abi.linux.Resource;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.ipc.PipeFile;
import dev.jerla.kernel.task.ProcessTable;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.vfs.FdTable;
import dev.jerla.kernel.vfs.FileDescription;
import dev.jerla.kernel.vfs.FileInode;
import dev.jerla.kernel.vfs.FileLocks;
import dev.jerla.kernel.vfs.Inode;

/**
 * File descriptor system calls: dup, dup2, dup3, fcntl, close, close_range (fs/file.c,
 * fs/fcntl.c), and the descriptor lookups the other file families share.
 */
public final class SysFd {
    private SysFd() {}

    /** The description behind {@code fd}; EBADF for bad fds and for O_PATH fds (which have no file operations). */
    static FileDescription file(Task t, int fd) throws ErrnoException {
        FileDescription f = t.files().get(fd);
        if (f.isPath()) throw ErrnoException.of(Errno.EBADF);
        return f;
    }

    /** The description behind {@code fd}, O_PATH fds included (fstat, fchdir, dup, fcntl, *at dirfds). */
    static FileDescription fileOrPath(Task t, int fd) throws ErrnoException {
        return t.files().get(fd);
    }

    /** RLIMIT_NOFILE: fds must stay below it. */
    static int limit(Task t) {
        long l = t.group().rlimitCur(Resource.RLIMIT_NOFILE);
        return l < 0 || l > (1 << 20) ? 1 << 20 : (int) l;
    }

    /** Installs a new description at the lowest free fd; the table takes the caller's reference. */
    static int install(Task t, FileDescription f, boolean cloexec) throws ErrnoException {
        try {
            return t.files().install(f, cloexec, 0, limit(t));
        } catch (ErrnoException e) {
            f.release();
            throw e;
        }
    }

    public static long close(Task t, int fd) throws ErrnoException {
        FileDescription f = t.files().remove(fd);
        closed(t, f);
        return 0;
    }

    /** What closing one fd does besides dropping the reference: the process's POSIX locks on the file go. */
    static void closed(Task t, FileDescription f) {
        if (!f.isPath()) FileLocks.closeFile(t, f.inode());
        f.release();
    }

    /** close_range(2): closes (or with CLOSE_RANGE_CLOEXEC marks) fds first..last. */
    public static long closeRange(Task t, int first, int last, int flags) throws ErrnoException {
        if ((flags & ~(Fcntl.CLOSE_RANGE_UNSHARE | Fcntl.CLOSE_RANGE_CLOEXEC)) != 0) throw ErrnoException.of(Errno.EINVAL);
        if (Integer.compareUnsigned(first, last) > 0) throw ErrnoException.of(Errno.EINVAL);
        FdTable table = t.files();
        ProcessTable pt = t.kernel().processTable();
        if ((flags & Fcntl.CLOSE_RANGE_UNSHARE) != 0 && pt.filesShared(table)) {
            // fs/file.c __close_range: unshare_fd first, so the other sharers keep their descriptors.
            FdTable copy = table.fork();
            pt.retainFiles(copy);
            t.setFiles(copy);
            pt.releaseFiles(table);
            table = copy;
        }
        int end = (int) Math.min(Integer.toUnsignedLong(last), table.size() - 1L);
        for (int fd = first; fd >= 0 && fd <= end; fd++) {
            try {
                if ((flags & Fcntl.CLOSE_RANGE_CLOEXEC) != 0) table.setCloseOnExec(fd, true);
                else closed(t, table.remove(fd));
            } catch (ErrnoException e) {
                // Not open: nothing to do.
            }
        }
        return 0;
    }

    public static long dup(Task t, int fd) throws ErrnoException {
        FileDescription f = fileOrPath(t, fd);
        f.retain();
        return install(t, f, false);
    }

    public static long dup2(Task t, int oldfd, int newfd) throws ErrnoException {
        FileDescription f = fileOrPath(t, oldfd);
        if (oldfd == newfd) return newfd;
        return dupTo(t, f, newfd, false);
    }

    public static long dup3(Task t, int oldfd, int newfd, int flags) throws ErrnoException {
        if ((flags & ~Fcntl.O_CLOEXEC) != 0 || oldfd == newfd) throw ErrnoException.of(Errno.EINVAL);
        FileDescription f = fileOrPath(t, oldfd);
        return dupTo(t, f, newfd, (flags & Fcntl.O_CLOEXEC) != 0);
    }

    private static long dupTo(Task t, FileDescription f, int newfd, boolean cloexec) throws ErrnoException {
        if (newfd < 0 || newfd >= limit(t)) throw ErrnoException.of(Errno.EBADF);
        FdTable table = t.files();
        FileDescription old = null;
        try {
            old = table.get(newfd);
        } catch (ErrnoException e) {
            // newfd was free.
        }
        if (old != null && !old.isPath()) FileLocks.closeFile(t, old.inode());
        f.retain();
        table.installAt(newfd, f, cloexec);
        return newfd;
    }

    public static long fcntl(Task t, int fd, int cmd, long arg) throws ErrnoException {
        FdTable table = t.files();
        FileDescription f = fileOrPath(t, fd);
        switch (cmd) {
            case Fcntl.F_DUPFD, Fcntl.F_DUPFD_CLOEXEC -> {
                if (arg < 0 || arg >= limit(t)) throw ErrnoException.of(Errno.EINVAL);
                f.retain();
                try {
                    return table.install(f, cmd == Fcntl.F_DUPFD_CLOEXEC, (int) arg, limit(t));
                } catch (ErrnoException e) {
                    f.release();
                    throw e;
                }
            }
            case Fcntl.F_GETFD -> { return table.closeOnExec(fd) ? Fcntl.FD_CLOEXEC : 0; }
            case Fcntl.F_SETFD -> {
                table.setCloseOnExec(fd, (arg & Fcntl.FD_CLOEXEC) != 0);
                return 0;
            }
            case Fcntl.F_GETFL -> { return f.flags(); }
            case Fcntl.F_SETFL -> {
                if (f.isPath()) throw ErrnoException.of(Errno.EBADF);
                f.setFlags((f.flags() & ~Fcntl.SETFL_MASK) | ((int) arg & Fcntl.SETFL_MASK));
                return 0;
            }
            case Fcntl.F_GETLK, Fcntl.F_SETLK, Fcntl.F_SETLKW,
                 Fcntl.F_OFD_GETLK, Fcntl.F_OFD_SETLK, Fcntl.F_OFD_SETLKW -> { return lock(t, f, cmd, arg); }
            case Fcntl.F_GETOWN, Fcntl.F_GETSIG -> { return 0; }
            case Fcntl.F_SETOWN, Fcntl.F_SETSIG -> { return 0; }
            case Fcntl.F_GETLEASE -> { return Fcntl.F_UNLCK; }
            case Fcntl.F_GET_SEALS -> { return sealable(f).seals(); }
            case Fcntl.F_ADD_SEALS -> {
                // memfd_add_seals: known bits only, and the file must be open for writing.
                int all = Fcntl.F_SEAL_SEAL | Fcntl.F_SEAL_SHRINK | Fcntl.F_SEAL_GROW | Fcntl.F_SEAL_WRITE
                        | Fcntl.F_SEAL_FUTURE_WRITE | Fcntl.F_SEAL_EXEC;
                FileInode fi = sealable(f);
                if ((arg & ~all) != 0) throw ErrnoException.of(Errno.EINVAL);
                if (!f.writable()) throw ErrnoException.of(Errno.EPERM);
                fi.addSeals((int) arg);
                return 0;
            }
            case Fcntl.F_GETPIPE_SZ -> {
                if (!(f instanceof PipeFile p)) throw ErrnoException.of(Errno.EBADF);
                return p.capacity();
            }
            case Fcntl.F_SETPIPE_SZ -> {
                if (!(f instanceof PipeFile p)) throw ErrnoException.of(Errno.EBADF);
                // round_pipe_size: the argument is an unsigned int; below a page means one page.
                long size = arg & 0xFFFF_FFFFL;
                if (size > 1L << 31) throw ErrnoException.of(Errno.EINVAL);
                return p.setCapacity(t, Math.max(size, 4096));
            }
            default -> throw ErrnoException.of(Errno.EINVAL);
        }
    }

    /** The file behind a seal request; EINVAL for anything that is not a sealable regular file. */
    private static FileInode sealable(FileDescription f) throws ErrnoException {
        if (f.isPath() || !(f.inode() instanceof FileInode fi)) throw ErrnoException.of(Errno.EINVAL);
        return fi;
    }

    /** Record locks with struct flock (include/uapi/asm-generic/fcntl.h: short l_type, l_whence; off_t l_start, l_len; pid_t l_pid). */
    private static long lock(Task t, FileDescription f, int cmd, long arg) throws ErrnoException {
        if (f.isPath()) throw ErrnoException.of(Errno.EBADF);
        byte[] b = t.mem().copyIn(arg, 32);
        int type = (short) ((b[0] & 0xFF) | (b[1] & 0xFF) << 8);
        int whence = (short) ((b[2] & 0xFF) | (b[3] & 0xFF) << 8);
        long start = le64(b, 8), len = le64(b, 16);
        int pid = (b[24] & 0xFF) | (b[25] & 0xFF) << 8 | (b[26] & 0xFF) << 16 | (b[27] & 0xFF) << 24;
        boolean ofd = cmd == Fcntl.F_OFD_GETLK || cmd == Fcntl.F_OFD_SETLK || cmd == Fcntl.F_OFD_SETLKW;
        if (ofd && pid != 0) throw ErrnoException.of(Errno.EINVAL);
        if (type != Fcntl.F_RDLCK && type != Fcntl.F_WRLCK && type != Fcntl.F_UNLCK) throw ErrnoException.of(Errno.EINVAL);
        Inode inode = f.inode();
        long base = switch (whence) {
            case Fcntl.SEEK_SET -> 0;
            case Fcntl.SEEK_CUR -> f.pos();
            case Fcntl.SEEK_END -> inode.getattr().size();
            default -> throw ErrnoException.of(Errno.EINVAL);
        };
        long s = base + start, e;
        if (len > 0) e = s + len - 1;
        else if (len == 0) e = Long.MAX_VALUE;
        else { e = s - 1; s += len; }
        if (s < 0 || e < s - 1) throw ErrnoException.of(Errno.EINVAL);
        Object owner = ofd ? f : (Object) t.group().pid();
        if (cmd == Fcntl.F_GETLK || cmd == Fcntl.F_OFD_GETLK) {
            if (type == Fcntl.F_UNLCK) throw ErrnoException.of(Errno.EINVAL);
            FileLocks.Conflict c = FileLocks.test(t, inode, owner, type, s, e);
            byte[] out = new byte[32];
            System.arraycopy(b, 0, out, 0, 32);
            if (c == null) {
                out[0] = (byte) Fcntl.F_UNLCK;
                out[1] = 0;
            } else {
                out[0] = (byte) c.type();
                out[1] = 0;
                out[2] = out[3] = 0;
                putLe64(out, 8, c.start());
                putLe64(out, 16, c.end() == Long.MAX_VALUE ? 0 : c.end() - c.start() + 1);
                int p = c.pid();
                out[24] = (byte) p;
                out[25] = (byte) (p >> 8);
                out[26] = (byte) (p >> 16);
                out[27] = (byte) (p >> 24);
            }
            t.mem().copyOut(arg, out);
            return 0;
        }
        if (type == Fcntl.F_RDLCK && !f.readable()) throw ErrnoException.of(Errno.EBADF);
        if (type == Fcntl.F_WRLCK && !f.writable()) throw ErrnoException.of(Errno.EBADF);
        boolean wait = cmd == Fcntl.F_SETLKW || cmd == Fcntl.F_OFD_SETLKW;
        FileLocks.setRecord(t, inode, owner, type, s, e, wait);
        return 0;
    }

    /** flock(2). */
    public static long flock(Task t, int fd, int op) throws ErrnoException {
        FileDescription f = file(t, fd);
        boolean nb = (op & Fcntl.LOCK_NB) != 0;
        int type = switch (op & ~Fcntl.LOCK_NB) {
            case Fcntl.LOCK_SH -> Fcntl.F_RDLCK;
            case Fcntl.LOCK_EX -> Fcntl.F_WRLCK;
            case Fcntl.LOCK_UN -> Fcntl.F_UNLCK;
            default -> throw ErrnoException.of(Errno.EINVAL);
        };
        FileLocks.flock(t, f.inode(), f, type, !nb);
        return 0;
    }

    static long le64(byte[] b, int o) {
        long v = 0;
        for (int i = 7; i >= 0; i--) v = (v << 8) | (b[o + i] & 0xFF);
        return v;
    }

    static void putLe64(byte[] b, int o, long v) {
        for (int i = 0; i < 8; i++) b[o + i] = (byte) (v >>> (8 * i));
    }
}
