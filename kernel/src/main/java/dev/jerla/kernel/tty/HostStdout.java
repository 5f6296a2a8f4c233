package dev.jerla.kernel.tty;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Poll;
import dev.jerla.abi.linux.Stat;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.vfs.FileDescription;
import dev.jerla.kernel.vfs.Inode;
import dev.jerla.kernel.vfs.PseudoFs;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A host output stream (stdout or stderr of {@code jerla exec}) as a write-only file that looks
 * like a pipe: every write goes to the stream and is flushed; a failed host stream is EPIPE.
 */
public final class HostStdout extends FileDescription {
    private final OutputStream out;
    private final Inode inode;

    public HostStdout(OutputStream out, int flags) {
        this(out, PseudoFs.PIPEFS.newInode(Stat.S_IFIFO | 0600, 0, 0), flags);
    }

    private HostStdout(OutputStream out, Inode inode, int flags) {
        super(flags);
        this.out = out;
        this.inode = inode;
    }

    @Override
    public FileDescription reopen(Task t, int flags) {
        return new HostStdout(out, inode, flags);
    }

    @Override public Inode inode() { return inode; }
    @Override public String anonName() { return "pipe:[" + inode.ino() + "]"; }

    @Override
    public int write(Task t, byte[] src, int off, int len) throws ErrnoException {
        try {
            synchronized (out) {
                out.write(src, off, len);
                out.flush();
            }
            return len;
        } catch (IOException e) {
            throw ErrnoException.of(Errno.EPIPE);
        }
    }

    @Override public int poll() { return Poll.POLLOUT | Poll.POLLWRNORM; }

    @Override public boolean pollable() { return true; }

    @Override public void fsync() {}
}
