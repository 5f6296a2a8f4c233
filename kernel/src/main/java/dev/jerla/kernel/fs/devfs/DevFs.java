package dev.jerla.kernel.fs.devfs;

import dev.jerla.abi.linux.Stat;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.fs.tmpfs.TmpFs;
import dev.jerla.kernel.tty.Ttys;
import dev.jerla.kernel.vfs.DirectoryInode;
import dev.jerla.kernel.vfs.FileSystem;
import dev.jerla.kernel.vfs.FileSystemType;
import dev.jerla.kernel.vfs.NewInode;
import dev.jerla.kernel.vfs.Vfs;

/**
 * Builds /dev: a devtmpfs (a tmpfs) holding null, zero, full, random, urandom, tty, console,
 * ptmx, tty0, tty1, the fd/stdin/stdout/stderr links into /proc/self/fd, and the shm and pts directories (devpts is mounted on the latter).
 */
public final class DevFs {
    private DevFs() {}

    /** Registers the memory device drivers with the VFS. */
    public static void registerDrivers(Vfs vfs) {
        for (MemDevice.Kind k : MemDevice.Kind.values()) {
            vfs.registerCharDevice(MemDevice.MEM_MAJOR, k.minor, (loc, flags, t) -> new MemDevice(k, loc, flags));
        }
    }

    /** A populated devtmpfs. */
    public static FileSystem create() {
        TmpFs fs = new TmpFs("devtmpfs", 64L << 20, 0755, 0, 0);
        try {
            populate(fs.root());
        } catch (ErrnoException e) {
            throw new IllegalStateException("populating /dev: " + e.getMessage(), e);
        }
        return fs;
    }

    /** The mount(2) type "devtmpfs": a freshly populated instance. */
    public static FileSystemType fsType() {
        return new FileSystemType() {
            @Override public String name() { return "devtmpfs"; }
            @Override public FileSystem mount(String source, String data) { return create(); }
        };
    }

    private static void populate(DirectoryInode root) throws ErrnoException {
        for (MemDevice.Kind k : MemDevice.Kind.values()) {
            chr(root, k.name().toLowerCase(), MemDevice.MEM_MAJOR, k.minor, 0666);
        }
        chr(root, "tty", Ttys.TTYAUX_MAJOR, 0, 0666);
        chr(root, "console", Ttys.TTYAUX_MAJOR, 1, 0600);
        chr(root, "ptmx", Ttys.TTYAUX_MAJOR, Ttys.PTMX_MINOR, 0666);
        chr(root, "tty0", Ttys.TTY_MAJOR, 0, 0620);
        chr(root, "tty1", Ttys.TTY_MAJOR, 1, 0620);
        root.symlink("fd", "/proc/self/fd", node(Stat.S_IFLNK | 0777, 0));
        root.symlink("stdin", "/proc/self/fd/0", node(Stat.S_IFLNK | 0777, 0));
        root.symlink("stdout", "/proc/self/fd/1", node(Stat.S_IFLNK | 0777, 0));
        root.symlink("stderr", "/proc/self/fd/2", node(Stat.S_IFLNK | 0777, 0));
        root.mkdir("shm", node(Stat.S_IFDIR | Stat.S_ISVTX | 0777, 0));
        root.mkdir("pts", node(Stat.S_IFDIR | 0755, 0));
    }

    private static void chr(DirectoryInode root, String name, int major, int minor, int perm) throws ErrnoException {
        root.mknod(name, node(Stat.S_IFCHR | perm, Stat.encodeDev(major, minor)));
    }

    private static NewInode node(int mode, long rdev) {
        return new NewInode(mode, 0, 0, rdev);
    }
}
