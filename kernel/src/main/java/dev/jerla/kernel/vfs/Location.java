package dev.jerla.kernel.vfs;

/** A place in the mount tree (struct path): a mount and a dentry within it. */
public record Location(Mount mount, Dentry dentry) {
    public Inode inode() { return dentry.inode(); }

    public boolean isDirectory() { return dentry.inode() instanceof DirectoryInode; }
}
