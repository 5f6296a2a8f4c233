package dev.jerla.kernel.tty;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Fcntl;
import dev.jerla.abi.linux.Stat;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.Kernel;
import dev.jerla.kernel.KernelConfig;
import dev.jerla.kernel.fs.devpts.DevPts;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.vfs.FileDescription;
import dev.jerla.kernel.vfs.Inode;
import dev.jerla.kernel.vfs.Location;
import dev.jerla.kernel.vfs.PseudoFs;
import dev.jerla.kernel.vfs.Vfs;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The terminals of one Jerla system: the console (major 5, minor 1, also tty0 and tty1) whose
 * host side is {@link KernelConfig#console()}, /dev/tty (5:0, the caller's controlling terminal), the
 * pseudo-terminals of /dev/ptmx (5:2) and devpts, and the host standard streams of {@code jerla exec}.
 */
public final class Ttys {
    public static final int TTYAUX_MAJOR = 5;
    /** Virtual terminals: tty0 (the current one) and tty1, both the console here. */
    public static final int TTY_MAJOR = 4;
    public static final int PTMX_MINOR = 2;

    private final Kernel kernel;
    private final KernelConfig.Console host;
    private final HostInput input;
    private final Tty console;
    private final DevPts devpts = new DevPts();
    private final List<Tty> all = new CopyOnWriteArrayList<>();

    public Ttys(Kernel kernel, KernelConfig.Console host) {
        this.kernel = kernel;
        this.host = host;
        this.input = new HostInput(host.input());
        this.console = new Tty(kernel, "console", TTYAUX_MAJOR, 1, host.output(), host.columns(), host.rows());
        all.add(console);
    }

    public Tty console() { return console; }

    /** The devpts instance every mount of "devpts" shows. */
    public DevPts devpts() { return devpts; }

    /** Registers /dev/tty, /dev/console, /dev/ptmx and the devpts filesystem type with the VFS. */
    public void register(Vfs vfs) {
        vfs.registerFileSystemType(devpts.fsType());
        vfs.registerCharDevice(TTYAUX_MAJOR, PTMX_MINOR, (loc, flags, t) -> openPtmx(loc, flags, t));
        vfs.registerCharDevice(TTYAUX_MAJOR, 1, (loc, flags, t) -> open(console, loc, loc.inode(), flags, t, true));
        // The console is also the first virtual terminal: opened as /dev/tty0 or /dev/tty1 it is an
        // ordinary terminal, which a session leader acquires (init's "tty1::respawn:" shells).
        for (int vt = 0; vt <= 1; vt++) {
            vfs.registerCharDevice(TTY_MAJOR, vt, (loc, flags, t) -> open(console, loc, loc.inode(), flags, t, false));
        }
        vfs.registerCharDevice(TTYAUX_MAJOR, 0, (loc, flags, t) -> {
            Tty c = controlling(t);
            if (c == null) throw ErrnoException.of(Errno.ENXIO);
            return open(c, loc, loc.inode(), flags | Fcntl.O_NOCTTY, t, false);
        });
    }

    /** The controlling terminal of {@code t}'s session, or null. */
    public Tty controlling(Task t) {
        return controllingOfSession(t.group().sid());
    }

    /** The terminal controlling session {@code sid}, or null. */
    public Tty controllingOfSession(int sid) {
        for (Tty tty : all) if (tty.session() == sid) return tty;
        return null;
    }

    /** ptmx_open: a new pair, its slave node in devpts (locked until TIOCSPTLCK), the master file. */
    private FileDescription openPtmx(Location loc, int flags, Task t) throws ErrnoException {
        int index = devpts.newIndex();
        Pty pty = new Pty(kernel, this, devpts, index);
        all.add(pty.slave());
        devpts.addNode(index, t.creds().fsuid(), (l, f, task) -> {
            if (pty.locked()) throw ErrnoException.of(Errno.EIO);
            return openSlave(pty, l, f, task);
        });
        return new PtyMaster(pty, this, loc, flags);
    }

    /** Opens the slave of {@code pty}, at {@code loc} in devpts or, for TIOCGPTPEER, without a name. */
    FileDescription openSlave(Pty pty, Location loc, int flags, Task t) throws ErrnoException {
        Tty s = pty.slave();
        if (s.hungUp()) throw ErrnoException.of(Errno.EIO);
        Inode inode = loc != null ? loc.inode() : devpts.root().lookup(Integer.toString(pty.index()));
        if (inode == null) throw ErrnoException.of(Errno.EIO);
        return open(s, loc, inode, flags, t, false);
    }

    /** Forgets a pair both of whose sides are closed. */
    void removePty(Pty pty) {
        all.remove(pty.slave());
    }

    private FileDescription open(Tty tty, Location loc, Inode inode, int flags, Task t, boolean isConsole) {
        if (tty == console) input.attach(console.ldisc());
        // The console is never acquired by opening it (tty_open's noctty for /dev/console).
        if (!isConsole && (flags & Fcntl.O_NOCTTY) == 0) tty.maybeAcquire(t, this);
        return new TtyFile(tty, this, loc, inode, flags, !isConsole);
    }

    /**
     * /dev/console for the first process of {@code jerla run}; the console becomes the
     * controlling terminal of its session, with its group in the foreground.
     */
    public FileDescription openConsole(Vfs vfs, Task t) throws ErrnoException {
        FileDescription f = vfs.open(t, Fcntl.AT_FDCWD, "/dev/console", Fcntl.O_RDWR | Fcntl.O_NOCTTY, 0);
        console.lend(t.group().sid(), t.group().pgid());
        return f;
    }

    /**
     * The host's standard streams for {@code jerla exec}. On a terminal all three are the console
     * tty (so isatty and TCGETS work, and the first process's session, 1, controls it); otherwise
     * stdin reads the host input like a pipe, stdout writes to the console's output and stderr to
     * the host's standard error.
     *
     * @param consoleNode /dev/console, so that ttyname() finds the terminal (null if there is none)
     */
    public FileDescription[] hostStdio(Location consoleNode) {
        if (host.terminal()) {
            input.attach(console.ldisc());
            if (console.session() == 0) console.setControlling(1, 1);
            Inode ino = consoleNode != null ? consoleNode.inode() : PseudoFs.ANON_INODEFS.newInode(Stat.S_IFCHR | 0620, 0, 0);
            return new FileDescription[] {
                new TtyFile(console, this, consoleNode, ino, Fcntl.O_RDWR, true),
                new TtyFile(console, this, consoleNode, ino, Fcntl.O_RDWR, true),
                new TtyFile(console, this, consoleNode, ino, Fcntl.O_RDWR, true)
            };
        }
        return new FileDescription[] {
            new HostStdin(input, Fcntl.O_RDONLY),
            new HostStdout(host.output(), Fcntl.O_WRONLY),
            new HostStdout(new FileOutputStream(FileDescriptor.err), Fcntl.O_WRONLY)
        };
    }
}
