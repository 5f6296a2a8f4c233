package dev.jerla.kernel.syscall;

import dev.jerla.kernel.GuestStrings;
import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Fcntl;
import dev.jerla.abi.linux.Stat;
import dev.jerla.abi.linux.Statfs;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.vfs.Attr;
import dev.jerla.kernel.vfs.FileDescription;
import dev.jerla.kernel.vfs.FileSystem;
import dev.jerla.kernel.vfs.Inode;
import dev.jerla.kernel.vfs.Location;
import dev.jerla.kernel.vfs.Vfs;


/**
 * File status (fs/stat.c, fs/statfs.c, fs/open.c): stat, fstat, lstat, newfstatat, statx,
 * statfs, fstatfs, access, faccessat, faccessat2, readlink, readlinkat.
 */
public final class SysStat {
    private SysStat() {}

    /** The inode named by (dirfd, path, flags); an empty path with AT_EMPTY_PATH names dirfd's file, even a pipe. */
    private static Inode inodeAt(Task t, int dirfd, long pathAddr, int flags) throws ErrnoException {
        String path = SysFile.path(t, pathAddr);
        if (path.isEmpty() && (flags & Fcntl.AT_EMPTY_PATH) != 0 && dirfd != Fcntl.AT_FDCWD) {
            return SysFd.fileOrPath(t, dirfd).inode();
        }
        return t.kernel().vfs().lookup(t, dirfd, path, flags).inode();
    }

    public static long stat(Task t, long path, long buf) throws ErrnoException {
        return newfstatat(t, Fcntl.AT_FDCWD, path, buf, 0);
    }

    public static long lstat(Task t, long path, long buf) throws ErrnoException {
        return newfstatat(t, Fcntl.AT_FDCWD, path, buf, Fcntl.AT_SYMLINK_NOFOLLOW);
    }

    public static long fstat(Task t, int fd, long buf) throws ErrnoException {
        t.mem().copyOut(buf, encodeStat(SysFd.fileOrPath(t, fd).inode().getattr()));
        return 0;
    }

    public static long newfstatat(Task t, int dirfd, long path, long buf, int flags) throws ErrnoException {
        if ((flags & ~(Fcntl.AT_SYMLINK_NOFOLLOW | Fcntl.AT_EMPTY_PATH | Fcntl.AT_NO_AUTOMOUNT)) != 0) {
            throw ErrnoException.of(Errno.EINVAL);
        }
        t.mem().copyOut(buf, encodeStat(inodeAt(t, dirfd, path, flags).getattr()));
        return 0;
    }

    /** struct stat of arch/x86/include/uapi/asm/stat.h (x86-64, 144 bytes). */
    static byte[] encodeStat(Attr a) {
        byte[] b = new byte[Stat.STAT_SIZE];
        put64(b, 0, a.dev());
        put64(b, 8, a.ino());
        put64(b, 16, a.nlink());
        put32(b, 24, a.mode());
        put32(b, 28, a.uid());
        put32(b, 32, a.gid());
        put64(b, 40, a.rdev());
        put64(b, 48, a.size());
        put64(b, 56, a.blksize());
        put64(b, 64, a.blocks());
        putTime(b, 72, a.atime());
        putTime(b, 88, a.mtime());
        putTime(b, 104, a.ctime());
        return b;
    }

    private static void putTime(byte[] b, int o, long nanos) {
        put64(b, o, Math.floorDiv(nanos, 1_000_000_000L));
        put64(b, o + 8, Math.floorMod(nanos, 1_000_000_000L));
    }

    public static long statx(Task t, int dirfd, long path, int flags, int mask, long buf) throws ErrnoException {
        if ((flags & ~(Fcntl.AT_SYMLINK_NOFOLLOW | Fcntl.AT_EMPTY_PATH | Fcntl.AT_NO_AUTOMOUNT | Fcntl.AT_STATX_SYNC_TYPE)) != 0
                || (flags & Fcntl.AT_STATX_SYNC_TYPE) == Fcntl.AT_STATX_SYNC_TYPE) {
            throw ErrnoException.of(Errno.EINVAL);
        }
        if ((mask & Stat.STATX__RESERVED) != 0) throw ErrnoException.of(Errno.EINVAL);
        Inode inode;
        int mntId;
        String p = SysFile.path(t, path);
        if (p.isEmpty() && (flags & Fcntl.AT_EMPTY_PATH) != 0 && dirfd != Fcntl.AT_FDCWD) {
            FileDescription f = SysFd.fileOrPath(t, dirfd);
            inode = f.inode();
            mntId = f.location() == null ? 0 : f.location().mount().id();
        } else {
            Location l = t.kernel().vfs().lookup(t, dirfd, p, flags);
            inode = l.inode();
            mntId = l.mount().id();
        }
        t.mem().copyOut(buf, encodeStatx(inode.getattr(), mntId));
        return 0;
    }

    /** struct statx of include/uapi/linux/stat.h (256 bytes). */
    static byte[] encodeStatx(Attr a, int mntId) {
        byte[] b = new byte[Stat.STATX_SIZE];
        // A birth time of 0 means the filesystem does not know it (host files).
        put32(b, 0, Stat.STATX_BASIC_STATS | Stat.STATX_MNT_ID | (a.btime() != 0 ? Stat.STATX_BTIME : 0));
        put32(b, 4, a.blksize());
        put32(b, 16, (int) a.nlink());
        put32(b, 20, a.uid());
        put32(b, 24, a.gid());
        b[28] = (byte) a.mode();
        b[29] = (byte) (a.mode() >> 8);
        put64(b, 32, a.ino());
        put64(b, 40, a.size());
        put64(b, 48, a.blocks());
        putStatxTime(b, 64, a.atime());
        putStatxTime(b, 80, a.btime());
        putStatxTime(b, 96, a.ctime());
        putStatxTime(b, 112, a.mtime());
        put32(b, 128, Stat.major(a.rdev()));
        put32(b, 132, Stat.minor(a.rdev()));
        put32(b, 136, Stat.major(a.dev()));
        put32(b, 140, Stat.minor(a.dev()));
        put64(b, 144, mntId);
        return b;
    }

    private static void putStatxTime(byte[] b, int o, long nanos) {
        put64(b, o, Math.floorDiv(nanos, 1_000_000_000L));
        put32(b, o + 8, (int) Math.floorMod(nanos, 1_000_000_000L));
    }

    // ---------------------------------------------------------------- statfs

    public static long statfs(Task t, long path, long buf) throws ErrnoException {
        Location l = t.kernel().vfs().lookup(t, SysFile.path(t, path));
        t.mem().copyOut(buf, encodeStatfs(t.kernel().vfs().statfs(l), Vfs.statfsFlags(l)));
        return 0;
    }

    public static long fstatfs(Task t, int fd, long buf) throws ErrnoException {
        FileDescription f = SysFd.fileOrPath(t, fd);
        Location l = f.location();
        FileSystem.StatfsInfo s = l != null ? t.kernel().vfs().statfs(l) : f.inode().fs().statfs();
        t.mem().copyOut(buf, encodeStatfs(s, l != null ? Vfs.statfsFlags(l) : Statfs.ST_RELATIME));
        return 0;
    }

    /** struct statfs of x86-64 (120 bytes); f_fsid from the filesystem's device number. */
    private static byte[] encodeStatfs(FileSystem.StatfsInfo s, long flags) {
        byte[] b = new byte[Statfs.SIZE];
        put64(b, 0, s.type());
        put64(b, 8, s.bsize());
        put64(b, 16, s.blocks());
        put64(b, 24, s.bfree());
        put64(b, 32, s.bavail());
        put64(b, 40, s.files());
        put64(b, 48, s.ffree());
        put64(b, 64, s.namelen());
        put64(b, 72, s.bsize());
        put64(b, 80, flags);
        return b;
    }

    // ---------------------------------------------------------------- access, readlink

    public static long access(Task t, long path, int mode) throws ErrnoException {
        return faccessat2(t, Fcntl.AT_FDCWD, path, mode, 0);
    }

    public static long faccessat(Task t, int dirfd, long path, int mode) throws ErrnoException {
        return faccessat2(t, dirfd, path, mode, 0);
    }

    public static long faccessat2(Task t, int dirfd, long path, int mode, int flags) throws ErrnoException {
        t.kernel().vfs().access(t, dirfd, SysFile.path(t, path), mode, flags);
        return 0;
    }

    public static long readlink(Task t, long path, long buf, int size) throws ErrnoException {
        return readlinkat(t, Fcntl.AT_FDCWD, path, buf, size);
    }

    /** readlinkat(2): the body, truncated to the buffer, without a NUL. */
    public static long readlinkat(Task t, int dirfd, long path, long buf, int size) throws ErrnoException {
        if (size <= 0) throw ErrnoException.of(Errno.EINVAL);
        String body = t.kernel().vfs().readlink(t, dirfd, SysFile.path(t, path));
        byte[] b = GuestStrings.encode(body);
        int n = Math.min(b.length, size);
        t.mem().copyOut(buf, b, 0, n);
        return n;
    }

    static void put64(byte[] b, int o, long v) {
        for (int i = 0; i < 8; i++) b[o + i] = (byte) (v >>> (8 * i));
    }

    static void put32(byte[] b, int o, int v) {
        for (int i = 0; i < 4; i++) b[o + i] = (byte) (v >>> (8 * i));
    }
}
