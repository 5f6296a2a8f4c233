package dev.jerla.kernel.vfs;

import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.task.Task;

/**
 * The target of a /proc/PID/fd/N link whose file has no name (a pipe, a terminal handed over by
 * the host): it shows the file's inode and opening it reopens the file itself.
 */
final class ReopenInode implements Inode {
    private final FileDescription file;

    ReopenInode(FileDescription file) {
        this.file = file;
    }

    @Override public FileSystem fs() { return file.inode().fs(); }
    @Override public long ino() { return file.inode().ino(); }
    @Override public int mode() { return file.inode().mode(); }
    @Override public int uid() { return file.inode().uid(); }
    @Override public int gid() { return file.inode().gid(); }
    @Override public Attr getattr() throws ErrnoException { return file.inode().getattr(); }
    @Override public void setattr(SetAttr change) throws ErrnoException { file.inode().setattr(change); }

    @Override
    public FileDescription open(Location loc, int flags, Task t) throws ErrnoException {
        return file.reopen(t, flags);
    }
}
