package dev.jerla.kernel.ipc;

import dev.jerla.abi.linux.Fcntl;
import dev.jerla.abi.linux.Ioctl;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.task.WaitQueue;
import dev.jerla.kernel.vfs.FileDescription;
import dev.jerla.kernel.vfs.Inode;
import dev.jerla.kernel.vfs.Location;

/** One open end of a pipe or FIFO (pipefifo_fops): read, write, or both for a FIFO opened O_RDWR. */
public final class PipeFile extends FileDescription {
    private final Pipe pipe;
    private final Location loc;
    private final boolean reader;
    private final boolean writer;
    /** The writer-open count at which POLLHUP is still suppressed (f_version). */
    int hupVersion;

    PipeFile(Pipe pipe, Location loc, int flags) {
        super(flags);
        this.pipe = pipe;
        this.loc = loc;
        int acc = flags & Fcntl.O_ACCMODE;
        this.reader = acc == Fcntl.O_RDONLY || acc == Fcntl.O_RDWR;
        this.writer = acc == Fcntl.O_WRONLY || acc == Fcntl.O_RDWR;
    }

    public Pipe pipe() { return pipe; }

    @Override public Location location() { return loc; }
    @Override public Inode inode() { return pipe.inode(); }
    @Override public String anonName() { return "pipe:[" + pipe.inode().ino() + "]"; }

    @Override
    public int read(Task t, byte[] dst, int off, int len) throws ErrnoException {
        return pipe.read(t, dst, off, len, this);
    }

    @Override
    public int write(Task t, byte[] src, int off, int len) throws ErrnoException {
        return pipe.write(t, src, off, len, this);
    }

    @Override public int poll() { return pipe.poll(reader, writer, hupVersion); }

    @Override public WaitQueue pollQueue() { return pipe.waitQueue(); }

    @Override public long pollGeneration() { return pipe.generation(reader, writer); }

    @Override
    public long ioctl(Task t, int cmd, long arg) throws ErrnoException {
        if (cmd == Ioctl.FIONREAD) {
            t.mem().writeInt(arg, pipe.available());
            return 0;
        }
        return super.ioctl(t, cmd, arg);
    }

    @Override
    public FileDescription reopen(Task t, int flags) throws ErrnoException {
        return Pipe.openFifo(t, pipe, null, flags);
    }

    /** F_GETPIPE_SZ. */
    public int capacity() { return pipe.capacity(); }

    /** F_SETPIPE_SZ. */
    public int setCapacity(Task t, long size) throws ErrnoException { return pipe.setCapacity(t, size); }

    @Override
    protected void onLastClose() {
        pipe.close(reader, writer);
    }
}
