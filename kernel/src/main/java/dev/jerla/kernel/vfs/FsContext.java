package dev.jerla.kernel.vfs;

/**
 * Per-process filesystem context (struct fs_struct): root, working directory and umask. Shared
 * with CLONE_FS, copied otherwise.
 */
public final class FsContext {
    private volatile int umask = 022;

    public int umask() { return umask; }

    public void setUmask(int m) { umask = m & 0777; }

    public FsContext copy() {
        FsContext c = new FsContext();
        c.umask = umask;
        return c;
    }
}
