package dev.jerla.kernel.vfs;

import dev.jerla.abi.linux.Statfs;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A filesystem attached to the tree (struct mount / vfsmount): which filesystem, which of its
 * dentries is the mount's root (a subdirectory for bind mounts), where it sits, and its flags.
 */
public final class Mount {
    private static final AtomicInteger NEXT_ID = new AtomicInteger(20);

    private final int id = NEXT_ID.getAndIncrement();
    private final Vfs vfs;
    private final FileSystem fs;
    private final Dentry root;
    private final String source;
    // Changed only under Vfs.namespaceLock.
    private volatile Mount parent;
    private volatile Dentry mountpoint;
    private volatile long flags;

    Mount(Vfs vfs, FileSystem fs, Dentry root, String source, long flags) {
        this.vfs = vfs;
        this.fs = fs;
        this.root = root;
        this.source = source;
        this.flags = flags;
    }

    public int id() { return id; }
    public Vfs vfs() { return vfs; }
    public FileSystem fs() { return fs; }
    public Dentry root() { return root; }
    public String source() { return source; }
    public Mount parent() { return parent; }
    public Dentry mountpoint() { return mountpoint; }
    /** MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, ... */
    public long flags() { return flags; }
    public boolean readOnly() { return (flags & Statfs.MS_RDONLY) != 0; }

    void setFlags(long f) { flags = f; }

    void attach(Mount parent, Dentry mountpoint) {
        this.parent = parent;
        this.mountpoint = mountpoint;
    }

    public Location rootLocation() { return new Location(this, root); }
}
