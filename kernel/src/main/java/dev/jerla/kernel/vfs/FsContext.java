package dev.jerla.kernel.vfs;

/**
 * Per-process filesystem context (struct fs_struct): root, working directory and umask. Shared
 * with CLONE_FS, copied otherwise.
 */
public final class FsContext {
    private volatile Location root;
    private volatile Location cwd;
    private volatile int umask = 022;

    public FsContext(Location root, Location cwd) {
        this.root = root;
        this.cwd = cwd;
    }

    public Location root() { return root; }

    public Location cwd() { return cwd; }

    public int umask() { return umask; }

    public void setUmask(int m) { umask = m & 0777; }

    public void setCwd(Location l) { cwd = l; }

    public void setRoot(Location l) { root = l; }

    public FsContext copy() {
        FsContext c = new FsContext(root, cwd);
        c.umask = umask;
        return c;
    }
}
