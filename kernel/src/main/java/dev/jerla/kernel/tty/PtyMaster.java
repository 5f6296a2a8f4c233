package dev.jerla.kernel.tty;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Fcntl;
import dev.jerla.abi.linux.Ioctl;
import dev.jerla.abi.linux.Resource;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.task.WaitQueue;
import dev.jerla.kernel.vfs.FileDescription;
import dev.jerla.kernel.vfs.Inode;
import dev.jerla.kernel.vfs.Location;

/**
 * An open pseudo-terminal master (/dev/ptmx, ptmx_fops with pty_unix98_ops): reads the slave's
 * output, writes the slave's input, and answers the master's ioctls (TIOCGPTN, TIOCSPTLCK,
 * TIOCGPTLCK, TIOCPKT, TIOCGPKT, TIOCGPTPEER); the settings and window-size ioctls act on the
 * slave, as tty_mode_ioctl does for a master.
 */
public final class PtyMaster extends FileDescription {
    private final Pty pty;
    private final Ttys ttys;
    private final Location loc;

    PtyMaster(Pty pty, Ttys ttys, Location loc, int flags) {
        super(flags);
        this.pty = pty;
        this.ttys = ttys;
        this.loc = loc;
    }

    public Pty pty() { return pty; }

    @Override public Location location() { return loc; }
    @Override public Inode inode() { return loc.inode(); }

    @Override
    public int read(Task t, byte[] dst, int off, int len) throws ErrnoException {
        return pty.read(t, dst, off, len, nonBlocking());
    }

    @Override
    public int write(Task t, byte[] src, int off, int len) throws ErrnoException {
        return pty.write(t, src, off, len, nonBlocking());
    }

    @Override public int poll() { return pty.poll(); }

    @Override public WaitQueue pollQueue() { return pty.masterQueue(); }

    @Override public long pollGeneration() { return pty.generation(); }

    @Override public void fsync() {}

    @Override
    protected void onLastClose() {
        pty.masterClosed();
    }

    @Override
    public long ioctl(Task t, int cmd, long arg) throws ErrnoException {
        switch (cmd) {
            case Ioctl.TIOCGPTN -> t.mem().writeInt(arg, pty.index());
            case Ioctl.TIOCSPTLCK -> pty.setLocked(t.mem().readInt(arg) != 0);
            case Ioctl.TIOCGPTLCK -> t.mem().writeInt(arg, pty.locked() ? 1 : 0);
            case Ioctl.TIOCPKT -> pty.setPacket(t.mem().readInt(arg) != 0);
            case Ioctl.TIOCGPKT -> t.mem().writeInt(arg, pty.packet() ? 1 : 0);
            case Ioctl.FIONREAD -> t.mem().writeInt(arg, pty.available());
            case Ioctl.TIOCGPTPEER -> {
                return openPeer(t, (int) arg);
            }
            case Ioctl.TIOCSTI, Ioctl.TIOCOUTQ,
                 Ioctl.TIOCGDEV -> throw ErrnoException.of(Errno.ENOTTY);
            default -> {
                return pty.slave().ioctl(t, ttys, cmd, arg, false, true);
            }
        }
        return 0;
    }

    /** TIOCGPTPEER (ptm_open_peer): a new fd on the slave without going through /dev/pts. */
    private long openPeer(Task t, int flags) throws ErrnoException {
        if ((flags & ~(Fcntl.O_ACCMODE | Fcntl.O_NOCTTY | Fcntl.O_NONBLOCK | Fcntl.O_CLOEXEC)) != 0) {
            throw ErrnoException.of(Errno.EINVAL);
        }
        FileDescription f = ttys.openSlave(pty, null, flags | Fcntl.O_LARGEFILE, t);
        try {
            return t.files().install(f, (flags & Fcntl.O_CLOEXEC) != 0, 0, (int) Math.min(Integer.MAX_VALUE, t.group().rlimitCur(Resource.RLIMIT_NOFILE)));
        } catch (ErrnoException e) {
            f.release();
            throw e;
        }
    }
}
