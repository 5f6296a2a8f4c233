package dev.jerla.kernel.tty;

import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.task.WaitQueue;
import dev.jerla.kernel.vfs.FileDescription;
import dev.jerla.kernel.vfs.Inode;
import dev.jerla.kernel.vfs.Location;

/**
 * An open terminal (tty_fops): reads through the line discipline, writes through output
 * processing. Opened through /dev/console it skips job-control checks, as Linux's redirected
 * console file does.
 */
public final class TtyFile extends FileDescription {
    private final Tty tty;
    private final Ttys ttys;
    private final Location loc;
    private final Inode inode;
    private final boolean jobControl;

    public TtyFile(Tty tty, Ttys ttys, Location loc, Inode inode, int flags, boolean jobControl) {
        super(flags);
        this.tty = tty;
        this.ttys = ttys;
        this.loc = loc;
        this.inode = inode;
        this.jobControl = jobControl;
        tty.fileOpened();
    }

    public Tty tty() { return tty; }

    @Override public Location location() { return loc; }
    @Override public Inode inode() { return inode; }
    @Override public String anonName() { return "/dev/" + tty.name(); }

    @Override
    public int read(Task t, byte[] dst, int off, int len) throws ErrnoException {
        return tty.read(t, dst, off, len, nonBlocking(), jobControl);
    }

    @Override
    public int write(Task t, byte[] src, int off, int len) throws ErrnoException {
        return tty.write(t, src, off, len, nonBlocking(), jobControl);
    }

    @Override public int poll() { return tty.poll(); }

    @Override public WaitQueue pollQueue() { return tty.ldisc().readQueue(); }

    @Override public long pollGeneration() { return tty.ldisc().generation(); }

    @Override
    public long ioctl(Task t, int cmd, long arg) throws ErrnoException {
        return tty.ioctl(t, ttys, cmd, arg, jobControl);
    }

    @Override public void fsync() {}

    @Override
    protected void onLastClose() {
        tty.fileClosed();
    }

    @Override
    public FileDescription reopen(Task t, int flags) {
        return new TtyFile(tty, ttys, loc, inode, flags, jobControl);
    }
}
