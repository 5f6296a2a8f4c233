package dev.jerla.kernel.vfs;

import dev.jerla.kernel.ErrnoException;

import dev.jerla.abi.linux.Stat;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A mounted filesystem instance (struct super_block): its type name, its root, its device number
 * and what statfs(2) reports about it.
 */
public abstract class FileSystem {
    /** Anonymous device minors (get_anon_bdev of fs/super.c): major 0, minors from 1 up. */
    private static final AtomicInteger NEXT_ANON_MINOR = new AtomicInteger(1);

    private final long dev = Stat.encodeDev(0, NEXT_ANON_MINOR.getAndIncrement());

    /** The type name as /proc/filesystems and /proc/mounts show it ("tmpfs", "proc"). */
    public abstract String type();

    /** f_type of statfs(2). */
    public abstract long magic();

    public abstract DirectoryInode root();

    /** st_dev of every inode in this filesystem. */
    public long dev() { return dev; }

    /** What statfs(2) reports; the default describes an empty filesystem with 4 KiB blocks. */
    public StatfsInfo statfs() {
        return new StatfsInfo(magic(), 4096, 0, 0, 0, 0, 0, 255);
    }

    /**
     * Whether a cached name-to-inode entry is still right (d_revalidate). Filesystems the VFS
     * changes only through itself answer true; those that change underneath (a host directory,
     * /proc) check.
     */
    public boolean revalidate(Dentry d) { return true; }

    /** Mount options as /proc/mounts shows them after "rw"/"ro". */
    public String options() { return ""; }

    /**
     * mount(2) with MS_REMOUNT and without MS_BIND: takes the new options (reconfigure_super);
     * EINVAL for values it cannot take. Filesystems without options of their own ignore them.
     */
    public void remount(String data) throws ErrnoException {}

    /** The statfs(2) numbers. */
    public record StatfsInfo(long type, long bsize, long blocks, long bfree, long bavail, long files,
                             long ffree, long namelen) {}
}
