package dev.jerla.kernel.syscall;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Fcntl;
import dev.jerla.abi.linux.Inotify;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.fs.notify.InotifyFile;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.vfs.Location;
import dev.jerla.kernel.vfs.Permission;

/** inotify system calls (fs/notify/inotify/inotify_user.c). */
public final class SysNotify {
    private SysNotify() {}

    private static final int ALL_INOTIFY_BITS = Inotify.IN_ALL_EVENTS | Inotify.IN_UNMOUNT | Inotify.IN_Q_OVERFLOW
            | Inotify.IN_IGNORED | Inotify.IN_ONLYDIR | Inotify.IN_DONT_FOLLOW | Inotify.IN_EXCL_UNLINK
            | Inotify.IN_MASK_CREATE | Inotify.IN_MASK_ADD | Inotify.IN_ISDIR | Inotify.IN_ONESHOT;

    public static long inotifyInit(Task t) throws ErrnoException {
        return inotifyInit1(t, 0);
    }

    public static long inotifyInit1(Task t, int flags) throws ErrnoException {
        if ((flags & ~(Inotify.IN_CLOEXEC | Inotify.IN_NONBLOCK)) != 0) throw ErrnoException.of(Errno.EINVAL);
        InotifyFile f = new InotifyFile(flags & Fcntl.O_NONBLOCK);
        return SysFd.install(t, f, (flags & Inotify.IN_CLOEXEC) != 0);
    }

    /**
     * inotify_add_watch: EINVAL for a mask without any inotify bit or with both IN_MASK_ADD and
     * IN_MASK_CREATE and for a descriptor that is not an inotify instance; the path needs read
     * permission; IN_ONLYDIR wants a directory and IN_DONT_FOLLOW keeps a final link.
     */
    public static long inotifyAddWatch(Task t, int fd, long path, int mask) throws ErrnoException {
        if ((mask & ALL_INOTIFY_BITS) == 0) throw ErrnoException.of(Errno.EINVAL);
        if ((mask & Inotify.IN_MASK_ADD) != 0 && (mask & Inotify.IN_MASK_CREATE) != 0) throw ErrnoException.of(Errno.EINVAL);
        if (!(SysFd.file(t, fd) instanceof InotifyFile in)) throw ErrnoException.of(Errno.EINVAL);
        String p = t.mem().readPath(path);
        Location l = t.kernel().vfs().lookup(t, Fcntl.AT_FDCWD, p,
                (mask & Inotify.IN_DONT_FOLLOW) != 0 ? Fcntl.AT_SYMLINK_NOFOLLOW : 0);
        if ((mask & Inotify.IN_ONLYDIR) != 0 && !l.isDirectory()) throw ErrnoException.of(Errno.ENOTDIR);
        Permission.check(t.creds(), l.inode(), Permission.MAY_READ);
        return in.addWatch(l.inode(), mask);
    }

    public static long inotifyRmWatch(Task t, int fd, int wd) throws ErrnoException {
        if (!(SysFd.file(t, fd) instanceof InotifyFile in)) throw ErrnoException.of(Errno.EINVAL);
        in.rmWatch(wd);
        return 0;
    }
}
