package dev.jerla.kernel.syscall;

import dev.jerla.kernel.GuestStrings;
import dev.jerla.abi.linux.Dirent;
import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Fcntl;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.fs.notify.Fsnotify;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.vfs.DirectoryFile;
import dev.jerla.kernel.vfs.FileDescription;
import dev.jerla.kernel.vfs.Location;
import dev.jerla.kernel.vfs.Permission;

import java.io.ByteArrayOutputStream;

/**
 * Directories and names (fs/readdir.c, fs/namei.c, fs/d_path.c): getdents, getdents64, mkdir,
 * rmdir, unlink, rename, link, symlink, mknod and their *at forms, chdir, fchdir, getcwd.
 */
public final class SysDir {
    private SysDir() {}

    public static long getdents64(Task t, int fd, long dirp, int count) throws ErrnoException {
        return getdents(t, fd, dirp, count, true);
    }

    public static long getdents(Task t, int fd, long dirp, int count) throws ErrnoException {
        return getdents(t, fd, dirp, count, false);
    }

    /** Fills the buffer with linux_dirent64 (or old linux_dirent) records; EINVAL if not even one fits. */
    private static long getdents(Task t, int fd, long dirp, int count, boolean is64) throws ErrnoException {
        FileDescription f = SysFd.file(t, fd);
        if (!(f instanceof DirectoryFile d)) throw ErrnoException.of(Errno.ENOTDIR);
        if (count < 0) throw ErrnoException.of(Errno.EINVAL);
        // iterate_dir: a removed directory (IS_DEADDIR) has no entries to read, not even "." and "..".
        if (f.location() != null && f.location().dentry().deleted()) throw ErrnoException.of(Errno.ENOENT);
        // iterate_dir reports the read of the directory (IN_ACCESS | IN_ISDIR).
        Fsnotify.access(f);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean[] tooSmall = {false};
        d.iterate((e, next) -> {
            byte[] name = GuestStrings.encode(e.name());
            int reclen = is64 ? Dirent.reclen64(name.length) : Dirent.reclen(name.length);
            if (out.size() + reclen > count) {
                if (out.size() == 0) tooSmall[0] = true;
                return false;
            }
            byte[] r = new byte[reclen];
            SysStat.put64(r, 0, e.ino());
            SysStat.put64(r, 8, next);
            r[16] = (byte) reclen;
            r[17] = (byte) (reclen >> 8);
            if (is64) {
                r[18] = (byte) e.type();
                System.arraycopy(name, 0, r, 19, name.length);
            } else {
                System.arraycopy(name, 0, r, 18, name.length);
                r[reclen - 1] = (byte) e.type();
            }
            out.writeBytes(r);
            return true;
        });
        if (tooSmall[0]) throw ErrnoException.of(Errno.EINVAL);
        byte[] b = out.toByteArray();
        t.mem().copyOut(dirp, b);
        return b.length;
    }

    public static long mkdir(Task t, long path, int mode) throws ErrnoException {
        return mkdirat(t, Fcntl.AT_FDCWD, path, mode);
    }

    public static long mkdirat(Task t, int dirfd, long path, int mode) throws ErrnoException {
        t.kernel().vfs().mkdir(t, dirfd, SysFile.path(t, path), mode);
        return 0;
    }

    public static long rmdir(Task t, long path) throws ErrnoException {
        t.kernel().vfs().rmdir(t, Fcntl.AT_FDCWD, SysFile.path(t, path));
        return 0;
    }

    public static long unlink(Task t, long path) throws ErrnoException {
        return unlinkat(t, Fcntl.AT_FDCWD, path, 0);
    }

    public static long unlinkat(Task t, int dirfd, long path, int flags) throws ErrnoException {
        if ((flags & ~Fcntl.AT_REMOVEDIR) != 0) throw ErrnoException.of(Errno.EINVAL);
        String p = SysFile.path(t, path);
        if ((flags & Fcntl.AT_REMOVEDIR) != 0) t.kernel().vfs().rmdir(t, dirfd, p);
        else t.kernel().vfs().unlink(t, dirfd, p);
        return 0;
    }

    public static long rename(Task t, long oldpath, long newpath) throws ErrnoException {
        return renameat2(t, Fcntl.AT_FDCWD, oldpath, Fcntl.AT_FDCWD, newpath, 0);
    }

    public static long renameat(Task t, int olddirfd, long oldpath, int newdirfd, long newpath) throws ErrnoException {
        return renameat2(t, olddirfd, oldpath, newdirfd, newpath, 0);
    }

    public static long renameat2(Task t, int olddirfd, long oldpath, int newdirfd, long newpath, int flags) throws ErrnoException {
        t.kernel().vfs().rename(t, olddirfd, SysFile.path(t, oldpath), newdirfd, SysFile.path(t, newpath), flags);
        return 0;
    }

    public static long link(Task t, long oldpath, long newpath) throws ErrnoException {
        return linkat(t, Fcntl.AT_FDCWD, oldpath, Fcntl.AT_FDCWD, newpath, 0);
    }

    public static long linkat(Task t, int olddirfd, long oldpath, int newdirfd, long newpath, int flags) throws ErrnoException {
        t.kernel().vfs().link(t, olddirfd, SysFile.path(t, oldpath), newdirfd, SysFile.path(t, newpath), flags);
        return 0;
    }

    public static long symlink(Task t, long target, long linkpath) throws ErrnoException {
        return symlinkat(t, target, Fcntl.AT_FDCWD, linkpath);
    }

    public static long symlinkat(Task t, long target, int newdirfd, long linkpath) throws ErrnoException {
        t.kernel().vfs().symlink(t, SysFile.path(t, target), newdirfd, SysFile.path(t, linkpath));
        return 0;
    }

    public static long mknod(Task t, long path, int mode, long dev) throws ErrnoException {
        return mknodat(t, Fcntl.AT_FDCWD, path, mode, dev);
    }

    /** mknodat(2); dev is the user-space encoding (new_decode_dev), which equals the kernel's for 32-bit values. */
    public static long mknodat(Task t, int dirfd, long path, int mode, long dev) throws ErrnoException {
        t.kernel().vfs().mknod(t, dirfd, SysFile.path(t, path), mode, dev & 0xFFFFFFFFL);
        return 0;
    }

    public static long chdir(Task t, long path) throws ErrnoException {
        t.kernel().vfs().chdir(t, SysFile.path(t, path));
        return 0;
    }

    public static long fchdir(Task t, int fd) throws ErrnoException {
        Location l = SysFd.fileOrPath(t, fd).location();
        if (l == null || !l.isDirectory()) throw ErrnoException.of(Errno.ENOTDIR);
        Permission.check(t.creds(), l.inode(), Permission.MAY_EXEC);
        t.fs().setCwd(l);
        return 0;
    }

    /** getcwd(2): the length including the NUL; ERANGE if it does not fit. */
    public static long getcwd(Task t, long buf, long size) throws ErrnoException {
        byte[] p = GuestStrings.encode(t.kernel().vfs().getcwd(t));
        if (p.length + 1 > size) throw ErrnoException.of(Errno.ERANGE);
        byte[] out = new byte[p.length + 1];
        System.arraycopy(p, 0, out, 0, p.length);
        t.mem().copyOut(buf, out);
        return out.length;
    }
}
