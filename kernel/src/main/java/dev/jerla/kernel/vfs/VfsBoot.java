package dev.jerla.kernel.vfs;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Stat;
import dev.jerla.abi.linux.Statfs;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.Kernel;
import dev.jerla.kernel.KernelConfig;
import dev.jerla.kernel.fs.devfs.DevFs;
import dev.jerla.kernel.fs.hostfs.HostFs;
import dev.jerla.kernel.fs.initramfs.Initramfs;
import dev.jerla.kernel.fs.procfs.ProcFs;
import dev.jerla.kernel.fs.sysfs.SysFs;
import dev.jerla.kernel.fs.tmpfs.TmpFs;
import dev.jerla.kernel.tty.Ttys;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;

/**
 * Builds the mount tree at boot: the root (a tmpfs filled from the initramfs, or a confined host
 * directory), devtmpfs at /dev with a tmpfs at /dev/shm, proc at /proc, sysfs at /sys, a tmpfs at /tmp for a tmpfs root
 * (a host root keeps the host's /tmp), then the configured host mounts.
 * Mount points missing in a tmpfs root are created; a host root is never changed, so a missing
 * mount point there is reported and skipped.
 */
final class VfsBoot {
    private VfsBoot() {}

    static Vfs boot(Kernel k) {
        KernelConfig c = k.config();
        FileSystem rootFs;
        String source;
        switch (c.root()) {
            case KernelConfig.Initramfs(var archive) -> {
                // An ordinary tmpfs, as the root is on Linux after switch_root from its rootfs: tools
                // such as df skip a mount named "rootfs" at "/".
                TmpFs t = new TmpFs("tmpfs", TmpFs.DEFAULT_LIMIT, 0755, 0, 0);
                try (InputStream in = Files.newInputStream(archive)) {
                    Initramfs.unpack(in, t.root(), k.log());
                } catch (IOException e) {
                    throw new IllegalStateException("cannot unpack initramfs " + archive + ": " + e.getMessage(), e);
                }
                rootFs = t;
                source = "tmpfs";
            }
            case KernelConfig.HostRoot(var dir) -> {
                try {
                    rootFs = new HostFs(dir, false);
                } catch (ErrnoException e) {
                    throw new IllegalStateException("cannot use " + dir + " as the root: " + e.getMessage(), e);
                }
                source = dir.toString();
            }
        }
        Vfs v = new Vfs(k, rootFs, source);
        v.registerFileSystemType(TmpFs.fsType());
        v.registerFileSystemType(ProcFs.fsType(k));
        v.registerFileSystemType(DevFs.fsType());
        v.registerFileSystemType(SysFs.fsType());
        DevFs.registerDrivers(v);
        v.setTtys(new Ttys(k, c.console()));
        mountAt(v, "/dev", DevFs.create(), "devtmpfs", Statfs.MS_NOSUID);
        mountAt(v, "/dev/pts", v.ttys().devpts(), "devpts", Statfs.MS_NOSUID | Statfs.MS_NOEXEC);
        // POSIX shared memory lives in a tmpfs of its own, as on every Linux distribution (statfs, EXDEV).
        mountAt(v, "/dev/shm", new TmpFs(), "tmpfs", 0);
        mountAt(v, "/proc", new ProcFs(k), "proc", Statfs.MS_NOSUID | Statfs.MS_NODEV | Statfs.MS_NOEXEC);
        try {
            // Jerla's own /sys, also over a host root's: the host's devices are not the guest's.
            mountAt(v, "/sys", SysFs.create(), "sysfs", Statfs.MS_NOSUID | Statfs.MS_NODEV | Statfs.MS_NOEXEC);
        } catch (ErrnoException e) {
            throw new IllegalStateException("cannot build sysfs: " + e.getMessage(), e);
        }
        // A host root keeps the host's /tmp: programs run with `jerla exec` pass host paths around.
        if (rootFs instanceof TmpFs) mountAt(v, "/tmp", new TmpFs(), "tmpfs", Statfs.MS_NOSUID | Statfs.MS_NODEV);
        for (KernelConfig.HostMount m : c.mounts()) {
            try {
                mountAt(v, m.guestPath(), new HostFs(m.hostPath(), m.readOnly()), m.hostPath().toString(),
                        m.readOnly() ? Statfs.MS_RDONLY : 0);
            } catch (ErrnoException e) {
                throw new IllegalStateException("cannot mount " + m.hostPath() + " at " + m.guestPath() + ": " + e.getMessage(), e);
            }
        }
        return v;
    }

    private static void mountAt(Vfs v, String path, FileSystem fs, String source, long flags) {
        try {
            v.mount(fs, mkdirs(v, path), source, flags);
        } catch (ErrnoException e) {
            v.kernel().log().println("jerla: not mounting " + fs.type() + " at " + path + ": " + e.getMessage());
        }
    }

    /** Resolves an absolute path from the root as the kernel (no permission checks, no links); null if missing. */
    static Location find(Vfs v, String path) {
        Location cur = v.followMounts(v.rootMount().rootLocation());
        try {
            for (String name : PathWalk.split(path)) {
                if (!cur.isDirectory()) return null;
                Dentry d = v.lookupChild(cur.dentry(), name);
                if (d == null) return null;
                cur = v.followMounts(new Location(cur.mount(), d));
            }
        } catch (ErrnoException e) {
            return null;
        }
        return cur;
    }

    /** Resolves an absolute path from the root, creating missing directories (mode 0755, root's). */
    private static Location mkdirs(Vfs v, String path) throws ErrnoException {
        Location cur = v.followMounts(v.rootMount().rootLocation());
        for (String name : PathWalk.split(path)) {
            Dentry d = v.lookupChild(cur.dentry(), name);
            if (d == null) {
                DirectoryInode dir = (DirectoryInode) cur.inode();
                if (cur.inode().fs() instanceof HostFs) throw ErrnoException.of(Errno.ENOENT);
                Inode made = dir.mkdir(name, new NewInode(Stat.S_IFDIR | 0755, 0, 0, 0));
                synchronized (cur.dentry()) { d = cur.dentry().addChild(name, made); }
            }
            cur = v.followMounts(new Location(cur.mount(), d));
            if (!cur.isDirectory()) throw ErrnoException.of(Errno.ENOTDIR);
        }
        return cur;
    }
}
