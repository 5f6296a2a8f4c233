package dev.jerla.kernel.syscall;

import dev.jerla.kernel.GuestStrings;
import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Fcntl;
import dev.jerla.abi.linux.Stat;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.fs.notify.Fsnotify;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.vfs.FileDescription;
import dev.jerla.kernel.vfs.FileInode;
import dev.jerla.kernel.vfs.Inode;
import dev.jerla.kernel.vfs.Location;
import dev.jerla.kernel.vfs.Permission;
import dev.jerla.kernel.vfs.SetAttr;
import dev.jerla.kernel.vfs.SymlinkInode;
import dev.jerla.kernel.vfs.Times;


/**
 * Opening files and changing their attributes (fs/open.c, fs/attr.c, fs/utimes.c, fs/sync.c):
 * open, openat, openat2, creat, truncate, ftruncate, fallocate, the fsync family, fadvise64,
 * chmod/chown/utimes families, chroot.
 */
public final class SysFile {
    private SysFile() {}

    static String path(Task t, long addr) throws ErrnoException {
        return t.mem().readPath(addr);
    }

    public static long open(Task t, long path, int flags, int mode) throws ErrnoException {
        return openat(t, Fcntl.AT_FDCWD, path, flags, mode);
    }

    public static long creat(Task t, long path, int mode) throws ErrnoException {
        return openat(t, Fcntl.AT_FDCWD, path, Fcntl.O_CREAT | Fcntl.O_WRONLY | Fcntl.O_TRUNC, mode);
    }

    public static long openat(Task t, int dirfd, long path, int flags, int mode) throws ErrnoException {
        return openat(t, dirfd, path, flags, mode, 0);
    }

    private static long openat(Task t, int dirfd, long path, int flags, int mode, int resolve) throws ErrnoException {
        String p = path(t, path);
        if ((flags & Fcntl.__O_TMPFILE) != 0) {
            if ((flags & Fcntl.O_TMPFILE) != Fcntl.O_TMPFILE || (flags & Fcntl.O_ACCMODE) == Fcntl.O_RDONLY) {
                throw ErrnoException.of(Errno.EINVAL);
            }
        }
        // 64-bit kernels open everything with O_LARGEFILE (force_o_largefile).
        flags |= Fcntl.O_LARGEFILE;
        FileDescription f = t.kernel().vfs().open(t, dirfd, p, flags, mode & Stat.S_IALLUGO, resolve);
        return SysFd.install(t, f, (flags & Fcntl.O_CLOEXEC) != 0);
    }

    /** VALID_OPEN_FLAGS of include/linux/fcntl.h: openat2 refuses every other bit. */
    private static final long VALID_OPEN_FLAGS = 037777703L;
    private static final long VALID_RESOLVE_FLAGS = Fcntl.RESOLVE_NO_XDEV | Fcntl.RESOLVE_NO_MAGICLINKS
            | Fcntl.RESOLVE_NO_SYMLINKS | Fcntl.RESOLVE_BENEATH | Fcntl.RESOLVE_IN_ROOT | Fcntl.RESOLVE_CACHED;
    private static final int O_PATH_FLAGS = Fcntl.O_DIRECTORY | Fcntl.O_NOFOLLOW | Fcntl.O_PATH | Fcntl.O_CLOEXEC;

    /**
     * openat2(2) with struct open_how {u64 flags; u64 mode; u64 resolve} (build_open_flags):
     * strict flag, mode and resolve checks; a larger struct must be zero past what is known
     * (E2BIG); RESOLVE_CACHED lookups always succeed from the cache here, but creating or
     * truncating with it is EAGAIN as on Linux.
     */
    public static long openat2(Task t, int dirfd, long path, long how, long size) throws ErrnoException {
        if (size < Fcntl.OPEN_HOW_SIZE_VER0) throw ErrnoException.of(Errno.EINVAL);
        if (size > 4096) throw ErrnoException.of(Errno.E2BIG);
        byte[] b = t.mem().copyIn(how, (int) size);
        for (int i = Fcntl.OPEN_HOW_SIZE_VER0; i < b.length; i++) if (b[i] != 0) throw ErrnoException.of(Errno.E2BIG);
        long flags = SysFd.le64(b, 0), mode = SysFd.le64(b, 8), resolve = SysFd.le64(b, 16);
        if ((flags & ~VALID_OPEN_FLAGS) != 0) throw ErrnoException.of(Errno.EINVAL);
        if ((resolve & ~VALID_RESOLVE_FLAGS) != 0) throw ErrnoException.of(Errno.EINVAL);
        if ((resolve & Fcntl.RESOLVE_BENEATH) != 0 && (resolve & Fcntl.RESOLVE_IN_ROOT) != 0) throw ErrnoException.of(Errno.EINVAL);
        if ((flags & (Fcntl.O_CREAT | Fcntl.__O_TMPFILE)) != 0) {
            if ((mode & ~(long) Stat.S_IALLUGO) != 0) throw ErrnoException.of(Errno.EINVAL);
        } else if (mode != 0) {
            throw ErrnoException.of(Errno.EINVAL);
        }
        if ((flags & Fcntl.O_PATH) != 0 && (flags & ~O_PATH_FLAGS) != 0) throw ErrnoException.of(Errno.EINVAL);
        if ((resolve & Fcntl.RESOLVE_CACHED) != 0 && (flags & (Fcntl.O_TRUNC | Fcntl.O_CREAT | Fcntl.__O_TMPFILE)) != 0) {
            throw ErrnoException.of(Errno.EAGAIN);
        }
        return openat(t, dirfd, path, (int) flags, (int) mode, (int) (resolve & ~Fcntl.RESOLVE_CACHED));
    }

    /**
     * memfd_create(2) (mm/memfd.c): MFD_CLOEXEC, MFD_ALLOW_SEALING, MFD_NOEXEC_SEAL and MFD_EXEC;
     * a name of at most 249 bytes; MFD_HUGETLB is EINVAL (no huge pages).
     */
    public static long memfdCreate(Task t, long uname, int flags) throws ErrnoException {
        int known = Fcntl.MFD_CLOEXEC | Fcntl.MFD_ALLOW_SEALING | Fcntl.MFD_NOEXEC_SEAL | Fcntl.MFD_EXEC;
        if ((flags & ~known) != 0) throw ErrnoException.of(Errno.EINVAL);
        if ((flags & Fcntl.MFD_NOEXEC_SEAL) != 0 && (flags & Fcntl.MFD_EXEC) != 0) throw ErrnoException.of(Errno.EINVAL);
        byte[] nb = t.mem().readCStringBytes(uname, 249);
        if (nb == null) throw ErrnoException.of(Errno.EINVAL);
        String name = GuestStrings.decode(nb);
        boolean noexec = (flags & Fcntl.MFD_NOEXEC_SEAL) != 0;
        FileDescription f = t.kernel().vfs().memfd(t, name, (flags & Fcntl.MFD_ALLOW_SEALING) != 0 || noexec);
        if (noexec) {
            // MFD_NOEXEC_SEAL: mode 0666 and F_SEAL_EXEC, and sealing stays allowed.
            f.inode().setattr(SetAttr.mode(0666));
            ((FileInode) f.inode()).addSeals(Fcntl.F_SEAL_EXEC);
        }
        return SysFd.install(t, f, (flags & Fcntl.MFD_CLOEXEC) != 0);
    }

    // ---------------------------------------------------------------- size and data

    public static long truncate(Task t, long path, long length) throws ErrnoException {
        Location l = t.kernel().vfs().lookup(t, path(t, path));
        t.kernel().vfs().truncate(t, l, length);
        return 0;
    }

    public static long ftruncate(Task t, int fd, long length) throws ErrnoException {
        FileDescription f = SysFd.file(t, fd);
        if (length < 0) throw ErrnoException.of(Errno.EINVAL);
        if (!Stat.isReg(f.inode().mode()) || !f.writable()) throw ErrnoException.of(Errno.EINVAL);
        Permission.removePrivs(t.creds(), f.inode());
        f.inode().setattr(SetAttr.size(length));
        Fsnotify.modify(f);
        return 0;
    }

    public static long fallocate(Task t, int fd, int mode, long offset, long len) throws ErrnoException {
        FileDescription f = SysFd.file(t, fd);
        if (offset < 0 || len <= 0) throw ErrnoException.of(Errno.EINVAL);
        if (!f.writable()) throw ErrnoException.of(Errno.EBADF);
        int type = f.inode().mode();
        if (Stat.isFifo(type)) throw ErrnoException.of(Errno.ESPIPE);
        if (Stat.isDir(type)) throw ErrnoException.of(Errno.EISDIR);
        if (!Stat.isReg(type)) throw ErrnoException.of(Errno.ENODEV);
        f.fallocate(mode, offset, len);
        Fsnotify.modify(f);
        return 0;
    }

    public static long fsync(Task t, int fd) throws ErrnoException {
        SysFd.file(t, fd).fsync();
        return 0;
    }

    public static long sync(Task t) {
        return 0;
    }

    public static long syncfs(Task t, int fd) throws ErrnoException {
        SysFd.file(t, fd);
        return 0;
    }

    /** fadvise64(2): advice is accepted and, with data in memory already, has nothing to do. */
    public static long fadvise64(Task t, int fd, long offset, long len, int advice) throws ErrnoException {
        FileDescription f = SysFd.file(t, fd);
        if (Stat.isFifo(f.inode().mode())) throw ErrnoException.of(Errno.ESPIPE);
        if (advice < 0 || advice > 5 || len < 0) throw ErrnoException.of(Errno.EINVAL);
        return 0;
    }

    public static long readahead(Task t, int fd, long offset, long count) throws ErrnoException {
        FileDescription f = SysFd.file(t, fd);
        if (!f.readable()) throw ErrnoException.of(Errno.EBADF);
        if (!f.isRegular()) throw ErrnoException.of(Errno.EINVAL);
        return 0;
    }

    // ---------------------------------------------------------------- mode and owner

    public static long chmod(Task t, long path, int mode) throws ErrnoException {
        return fchmodat(t, Fcntl.AT_FDCWD, path, mode, 0);
    }

    public static long fchmod(Task t, int fd, int mode) throws ErrnoException {
        FileDescription f = SysFd.file(t, fd);
        t.kernel().vfs().chmod(t, f.inode(), f.location(), mode);
        return 0;
    }

    /** fchmodat and fchmodat2: AT_SYMLINK_NOFOLLOW on a symbolic link is EOPNOTSUPP, as on Linux. */
    public static long fchmodat(Task t, int dirfd, long path, int mode, int flags) throws ErrnoException {
        if ((flags & ~(Fcntl.AT_SYMLINK_NOFOLLOW | Fcntl.AT_EMPTY_PATH)) != 0) throw ErrnoException.of(Errno.EINVAL);
        Location l = t.kernel().vfs().lookup(t, dirfd, path(t, path), flags);
        if (l.inode() instanceof SymlinkInode) throw ErrnoException.of(Errno.EOPNOTSUPP);
        t.kernel().vfs().chmod(t, l.inode(), l, mode);
        return 0;
    }

    public static long chown(Task t, long path, int uid, int gid) throws ErrnoException {
        return fchownat(t, Fcntl.AT_FDCWD, path, uid, gid, 0);
    }

    public static long lchown(Task t, long path, int uid, int gid) throws ErrnoException {
        return fchownat(t, Fcntl.AT_FDCWD, path, uid, gid, Fcntl.AT_SYMLINK_NOFOLLOW);
    }

    public static long fchown(Task t, int fd, int uid, int gid) throws ErrnoException {
        FileDescription f = SysFd.file(t, fd);
        t.kernel().vfs().chown(t, f.inode(), f.location(), uid, gid);
        return 0;
    }

    public static long fchownat(Task t, int dirfd, long path, int uid, int gid, int flags) throws ErrnoException {
        if ((flags & ~(Fcntl.AT_SYMLINK_NOFOLLOW | Fcntl.AT_EMPTY_PATH)) != 0) throw ErrnoException.of(Errno.EINVAL);
        Location l = t.kernel().vfs().lookup(t, dirfd, path(t, path), flags);
        t.kernel().vfs().chown(t, l.inode(), l, uid, gid);
        return 0;
    }

    // ---------------------------------------------------------------- times

    /**
     * utimensat(2); a NULL path means the file behind dirfd (futimens). Both times UTIME_OMIT is
     * a no-op that checks nothing, not even the path; any times other than both UTIME_NOW need
     * ownership (vfs_utimes sets ATTR_TIMES_SET), a NULL array or both UTIME_NOW write access.
     */
    public static long utimensat(Task t, int dirfd, long path, long times, int flags) throws ErrnoException {
        long atime, mtime;
        boolean explicit = false;
        if (times == 0) {
            if ((flags & ~(Fcntl.AT_SYMLINK_NOFOLLOW | Fcntl.AT_EMPTY_PATH)) != 0) throw ErrnoException.of(Errno.EINVAL);
            atime = mtime = Times.now();
        } else {
            byte[] b = t.mem().copyIn(times, 32);
            long nsec0 = SysFd.le64(b, 8), nsec1 = SysFd.le64(b, 24);
            if (nsec0 == Fcntl.UTIME_OMIT && nsec1 == Fcntl.UTIME_OMIT) return 0;
            if ((flags & ~(Fcntl.AT_SYMLINK_NOFOLLOW | Fcntl.AT_EMPTY_PATH)) != 0) throw ErrnoException.of(Errno.EINVAL);
            explicit = !(nsec0 == Fcntl.UTIME_NOW && nsec1 == Fcntl.UTIME_NOW);
            long[] v = new long[2];
            for (int i = 0; i < 2; i++) {
                long sec = SysFd.le64(b, 16 * i), nsec = SysFd.le64(b, 16 * i + 8);
                if (nsec == Fcntl.UTIME_NOW) v[i] = Times.now();
                else if (nsec == Fcntl.UTIME_OMIT) v[i] = SetAttr.KEEP;
                else if (nsec < 0 || nsec > 999_999_999) throw ErrnoException.of(Errno.EINVAL);
                else v[i] = sec * 1_000_000_000L + nsec;
            }
            atime = v[0];
            mtime = v[1];
        }
        return setTimes(t, dirfd, path, flags, atime, mtime, explicit);
    }

    private static long setTimes(Task t, int dirfd, long path, int flags, long atime, long mtime, boolean explicit)
            throws ErrnoException {
        Inode inode;
        Location l;
        if (path == 0) {
            if (dirfd == Fcntl.AT_FDCWD) {
                l = t.fs().cwd();
                inode = l.inode();
            } else {
                FileDescription f = SysFd.fileOrPath(t, dirfd);
                l = f.location();
                inode = f.inode();
            }
        } else {
            l = t.kernel().vfs().lookup(t, dirfd, path(t, path), flags);
            inode = l.inode();
        }
        t.kernel().vfs().utimes(t, inode, l, atime, mtime, explicit);
        return 0;
    }

    /** utimes(2) and futimesat(2): struct timeval pairs, microseconds. */
    public static long futimesat(Task t, int dirfd, long path, long times) throws ErrnoException {
        if (times == 0) return setTimes(t, dirfd, path, 0, Times.now(), Times.now(), false);
        byte[] b = t.mem().copyIn(times, 32);
        long[] v = new long[2];
        for (int i = 0; i < 2; i++) {
            long sec = SysFd.le64(b, 16 * i), usec = SysFd.le64(b, 16 * i + 8);
            if (usec < 0 || usec > 999_999) throw ErrnoException.of(Errno.EINVAL);
            v[i] = sec * 1_000_000_000L + usec * 1000;
        }
        return setTimes(t, dirfd, path, 0, v[0], v[1], true);
    }

    public static long utimes(Task t, long path, long times) throws ErrnoException {
        return futimesat(t, Fcntl.AT_FDCWD, path, times);
    }

    /** utime(2): struct utimbuf {time_t actime; time_t modtime}. */
    public static long utime(Task t, long path, long times) throws ErrnoException {
        if (times == 0) return setTimes(t, Fcntl.AT_FDCWD, path, 0, Times.now(), Times.now(), false);
        byte[] b = t.mem().copyIn(times, 16);
        return setTimes(t, Fcntl.AT_FDCWD, path, 0, SysFd.le64(b, 0) * 1_000_000_000L, SysFd.le64(b, 8) * 1_000_000_000L, true);
    }

    // ---------------------------------------------------------------- filesystem context

    public static long chroot(Task t, long path) throws ErrnoException {
        t.kernel().vfs().chroot(t, path(t, path));
        return 0;
    }
}
