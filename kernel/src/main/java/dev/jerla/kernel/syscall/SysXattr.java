package dev.jerla.kernel.syscall;

import dev.jerla.kernel.GuestStrings;
import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Fcntl;
import dev.jerla.abi.linux.Xattr;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.vfs.FileDescription;
import dev.jerla.kernel.vfs.Location;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * Extended attribute system calls (fs/xattr.c): set/get/list/remove by path (following a final
 * symbolic link), by link (l*, not following) and by descriptor (f*).
 */
public final class SysXattr {
    private SysXattr() {}

    /** The attribute name: ERANGE if empty or longer than XATTR_NAME_MAX (import_xattr_name). */
    private static String name(Task t, long uname) throws ErrnoException {
        byte[] b = t.mem().readCStringBytes(uname, Xattr.XATTR_NAME_MAX);
        if (b == null || b.length == 0) throw ErrnoException.of(Errno.ERANGE);
        return GuestStrings.decode(b);
    }

    private static Location at(Task t, long path, boolean follow) throws ErrnoException {
        return t.kernel().vfs().lookup(t, Fcntl.AT_FDCWD, t.mem().readPath(path), follow ? 0 : Fcntl.AT_SYMLINK_NOFOLLOW);
    }

    private static FileDescription fd(Task t, int fd) throws ErrnoException {
        FileDescription f = SysFd.file(t, fd);
        if (f.isPath()) throw ErrnoException.of(Errno.EBADF);
        return f;
    }

    // ---------------------------------------------------------------- set

    private static byte[] value(Task t, long value, long size, int flags) throws ErrnoException {
        if ((flags & ~(Xattr.XATTR_CREATE | Xattr.XATTR_REPLACE)) != 0) throw ErrnoException.of(Errno.EINVAL);
        if (size < 0 || size > Xattr.XATTR_SIZE_MAX) throw ErrnoException.of(Errno.E2BIG);
        return size == 0 ? new byte[0] : t.mem().copyIn(value, (int) size);
    }

    private static long set(Task t, long path, boolean follow, long uname, long value, long size, int flags) throws ErrnoException {
        String n = name(t, uname);
        byte[] v = value(t, value, size, flags);
        Location l = at(t, path, follow);
        t.kernel().vfs().setxattr(t, l.inode(), l, n, v, flags);
        return 0;
    }

    public static long setxattr(Task t, long path, long name, long value, long size, int flags) throws ErrnoException {
        return set(t, path, true, name, value, size, flags);
    }

    public static long lsetxattr(Task t, long path, long name, long value, long size, int flags) throws ErrnoException {
        return set(t, path, false, name, value, size, flags);
    }

    public static long fsetxattr(Task t, int fd, long name, long value, long size, int flags) throws ErrnoException {
        FileDescription f = fd(t, fd);
        String n = name(t, name);
        byte[] v = value(t, value, size, flags);
        t.kernel().vfs().setxattr(t, f.inode(), f.location(), n, v, flags);
        return 0;
    }

    // ---------------------------------------------------------------- get

    /** Copies a value out: its size when {@code size} is 0, ERANGE when it does not fit. */
    private static long give(Task t, byte[] v, long buf, long size) throws ErrnoException {
        if (size == 0) return v.length;
        if (v.length > Math.min(size, Xattr.XATTR_SIZE_MAX)) throw ErrnoException.of(Errno.ERANGE);
        t.mem().copyOut(buf, v);
        return v.length;
    }

    public static long getxattr(Task t, long path, long name, long value, long size) throws ErrnoException {
        String n = name(t, name);
        Location l = at(t, path, true);
        return give(t, t.kernel().vfs().getxattr(t, l.inode(), n), value, size);
    }

    public static long lgetxattr(Task t, long path, long name, long value, long size) throws ErrnoException {
        String n = name(t, name);
        Location l = at(t, path, false);
        return give(t, t.kernel().vfs().getxattr(t, l.inode(), n), value, size);
    }

    public static long fgetxattr(Task t, int fd, long name, long value, long size) throws ErrnoException {
        FileDescription f = fd(t, fd);
        String n = name(t, name);
        return give(t, t.kernel().vfs().getxattr(t, f.inode(), n), value, size);
    }

    // ---------------------------------------------------------------- list

    private static long list(Task t, List<String> names, long buf, long size) throws ErrnoException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String n : names) {
            out.writeBytes(GuestStrings.encode(n));
            out.write(0);
        }
        byte[] b = out.toByteArray();
        if (size == 0) return b.length;
        if (b.length > Math.min(size, Xattr.XATTR_LIST_MAX)) throw ErrnoException.of(Errno.ERANGE);
        t.mem().copyOut(buf, b);
        return b.length;
    }

    public static long listxattr(Task t, long path, long list, long size) throws ErrnoException {
        Location l = at(t, path, true);
        return list(t, t.kernel().vfs().listxattr(t, l.inode()), list, size);
    }

    public static long llistxattr(Task t, long path, long list, long size) throws ErrnoException {
        Location l = at(t, path, false);
        return list(t, t.kernel().vfs().listxattr(t, l.inode()), list, size);
    }

    public static long flistxattr(Task t, int fd, long list, long size) throws ErrnoException {
        return list(t, t.kernel().vfs().listxattr(t, fd(t, fd).inode()), list, size);
    }

    // ---------------------------------------------------------------- remove

    public static long removexattr(Task t, long path, long name) throws ErrnoException {
        String n = name(t, name);
        Location l = at(t, path, true);
        t.kernel().vfs().removexattr(t, l.inode(), l, n);
        return 0;
    }

    public static long lremovexattr(Task t, long path, long name) throws ErrnoException {
        String n = name(t, name);
        Location l = at(t, path, false);
        t.kernel().vfs().removexattr(t, l.inode(), l, n);
        return 0;
    }

    public static long fremovexattr(Task t, int fd, long name) throws ErrnoException {
        FileDescription f = fd(t, fd);
        String n = name(t, name);
        t.kernel().vfs().removexattr(t, f.inode(), f.location(), n);
        return 0;
    }
}
