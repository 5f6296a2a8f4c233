package dev.jerla.kernel.tty;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Ioctl;
import dev.jerla.abi.linux.Poll;
import dev.jerla.abi.linux.Signal;
import dev.jerla.abi.linux.Stat;
import dev.jerla.abi.linux.Termios;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.Kernel;
import dev.jerla.kernel.task.ProcessGroups;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.task.ThreadGroup;
import dev.jerla.kernel.task.WaitQueue;

import java.io.IOException;
import java.io.OutputStream;

import static dev.jerla.abi.linux.Termios.*;

/**
 * A terminal (struct tty_struct): termios, window size, the session it controls and its
 * foreground process group, the N_TTY line discipline for input, and output processing (OPOST)
 * towards the host. Ioctls follow drivers/tty/tty_io.c, tty_ioctl.c and tty_jobctrl.c.
 */
public final class Tty implements NTty.Port {
    /**
     * The other end of the line (struct tty_operations): the host terminal for the console, the
     * master side for a pseudo-terminal slave. The defaults are those of a driver that takes all
     * output at once and has no packet mode.
     */
    public interface Driver {
        /** Takes processed output (the driver's write). */
        void write(byte[] b, int off, int len);

        /** Bytes the driver takes now without blocking the writer (write_room). */
        default int writeRoom() { return Integer.MAX_VALUE; }

        /** Woken when {@link #writeRoom()} grows; null if it never changes. */
        default WaitQueue writeQueue() { return null; }

        /** Discards output not taken by the other side yet (flush_buffer). */
        default void flushOutput() {}

        /** A TIOCPKT_* event for a pseudo-terminal master in packet mode. */
        default void packetEvent(int event) {}

        /** The line discipline consumed input, so a writer of input may go on. */
        default void inputConsumed() {}

        /** A file of this terminal was opened. */
        default void fileOpened() {}

        /** The last reference to a file of this terminal was dropped. */
        default void fileClosed() {}
    }

    /** The driver of a host stream: every write goes out and is flushed. */
    private record StreamDriver(OutputStream out) implements Driver {
        @Override
        public void write(byte[] b, int off, int len) {
            try {
                out.write(b, off, len);
                out.flush();
            } catch (IOException e) {
                // The host side went away; output is dropped as on a hung-up line.
            }
        }
    }

    private final Kernel kernel;
    private final String name;
    private final long device;
    private final NTty ldisc;
    private final Driver driver;
    // mu (this) guards termios, winsize, session, pgrp, stopped, hungUp.
    private Ktermios termios = new Ktermios();
    private int rows;
    private int cols;
    private int xpixel;
    private int ypixel;
    private int session;
    private int pgrp;
    private boolean stopped;
    private boolean hungUp;
    /** The session holds the terminal only until another session leader asks for it (see {@link #lend}). */
    private boolean lent;
    // outMu guards column and keeps output in order towards the driver.
    private final Object outMu = new Object();
    private int column;

    /**
     * @param kernel for signals and the process table (null in tests: no job control)
     * @param out where output goes (the host terminal or stream)
     */
    public Tty(Kernel kernel, String name, int major, int minor, OutputStream out, int cols, int rows) {
        this(kernel, name, major, minor, new StreamDriver(out), cols, rows);
    }

    /** A terminal whose output goes to {@code driver}. */
    public Tty(Kernel kernel, String name, int major, int minor, Driver driver, int cols, int rows) {
        this.kernel = kernel;
        this.name = name;
        this.device = Stat.encodeDev(major, minor);
        this.driver = driver;
        this.cols = cols;
        this.rows = rows;
        this.ldisc = new NTty(this);
    }

    public String name() { return name; }

    /** The encoded device number (st_rdev of its node). */
    public long device() { return device; }

    public NTty ldisc() { return ldisc; }

    // ---------------------------------------------------------------- NTty.Port

    @Override public synchronized Ktermios termios() { return termios; }

    @Override
    public void echo(byte[] b, int off, int len) {
        output(b, off, len);
    }

    @Override
    public int column() {
        synchronized (outMu) { return column; }
    }

    @Override
    public void signal(int sig) {
        int g;
        synchronized (this) { g = pgrp; }
        if (g > 0 && kernel != null) kernel.signalProcessGroup(g, sig);
    }

    @Override
    public void setStopped(boolean s) {
        boolean changed;
        synchronized (this) {
            changed = stopped != s;
            stopped = s;
        }
        if (changed) driver.packetEvent(s ? Ioctl.TIOCPKT_STOP : Ioctl.TIOCPKT_START);
        ldisc.readQueue().wakeAll();
        WaitQueue q = driver.writeQueue();
        if (q != null) q.wakeAll();
    }

    /** The line discipline flushed its buffers for a signal character (isig without NOFLSH). */
    @Override
    public void signalFlush() {
        driver.flushOutput();
        driver.packetEvent(Ioctl.TIOCPKT_FLUSHREAD);
        driver.packetEvent(Ioctl.TIOCPKT_FLUSHWRITE);
    }

    @Override
    public void inputConsumed() {
        driver.inputConsumed();
    }

    @Override
    public synchronized boolean stopped() { return stopped; }

    // ---------------------------------------------------------------- output

    /**
     * Writes guest output (n_tty_write): with TOSTOP a background process gets SIGTTOU first;
     * waits while output is stopped (^S), then processes it.
     */
    public int write(Task t, byte[] src, int off, int len, boolean nonBlocking, boolean jobControl) throws ErrnoException {
        if (hungUp()) throw ErrnoException.of(Errno.EIO);
        if (jobControl && termios().has(TOSTOP)) checkChange(t, Signal.SIGTTOU);
        WaitQueue roomQ = driver.writeQueue();
        int done = 0;
        while (done < len) {
            if (stopped() || driver.writeRoom() == 0) {
                if (nonBlocking) {
                    if (done > 0) return done;
                    throw ErrnoException.of(Errno.EAGAIN);
                }
                try {
                    if (roomQ == null) {
                        t.waitInterruptibly(() -> !stopped() || hungUp(), Long.MAX_VALUE, ldisc.readQueue());
                    } else {
                        t.waitInterruptibly(() -> (!stopped() && driver.writeRoom() > 0) || hungUp(), Long.MAX_VALUE,
                                ldisc.readQueue(), roomQ);
                    }
                } catch (ErrnoException e) {
                    if (done > 0) return done;
                    throw e;
                }
                if (hungUp()) {
                    if (done > 0) return done;
                    throw ErrnoException.of(Errno.EIO);
                }
                continue;
            }
            int n = (int) Math.min(len - done, Math.min(driver.writeRoom(), 4096));
            output(src, off + done, n);
            done += n;
        }
        return len;
    }

    /** Output processing (do_output_char / process_output_block of n_tty.c) and the write to the host. */
    private void output(byte[] src, int off, int len) {
        Ktermios tio = termios();
        synchronized (outMu) {
            byte[] o;
            int n = 0;
            if (!tio.oflag(OPOST)) {
                o = src;
                n = -1;
                for (int i = 0; i < len; i++) {
                    int c = src[off + i] & 0xFF;
                    if (c == '\n' || c == '\r') column = 0;
                    else if (c == '\b') { if (column > 0) column--; }
                    else if (!isCntrl(c) && !continuation(tio, c)) column++;
                }
            } else {
                o = new byte[len * 2 + 16];
                for (int i = 0; i < len; i++) {
                    int c = src[off + i] & 0xFF;
                    if (n + 10 > o.length) o = java.util.Arrays.copyOf(o, o.length * 2);
                    switch (c) {
                        case '\n' -> {
                            if (tio.oflag(ONLRET)) column = 0;
                            if (tio.oflag(ONLCR)) {
                                o[n++] = '\r';
                                column = 0;
                            }
                            o[n++] = '\n';
                        }
                        case '\r' -> {
                            if (tio.oflag(ONOCR) && column == 0) continue;
                            if (tio.oflag(OCRNL)) {
                                if (tio.oflag(ONLRET)) column = 0;
                                o[n++] = '\n';
                            } else {
                                column = 0;
                                o[n++] = '\r';
                            }
                        }
                        case '\t' -> {
                            int spaces = 8 - (column & 7);
                            if ((tio.oflag & TABDLY) == XTABS) {
                                for (int s = 0; s < spaces; s++) o[n++] = ' ';
                            } else {
                                o[n++] = '\t';
                            }
                            column += spaces;
                        }
                        case '\b' -> {
                            if (column > 0) column--;
                            o[n++] = '\b';
                        }
                        default -> {
                            if (tio.oflag(OLCUC) && c >= 'a' && c <= 'z') c -= 'a' - 'A';
                            if (!isCntrl(c) && !continuation(tio, c)) column++;
                            o[n++] = (byte) c;
                        }
                    }
                }
            }
            if (n < 0) driver.write(src, off, len);
            else driver.write(o, 0, n);
        }
    }

    private static boolean isCntrl(int c) { return c < 0x20 || c == 0x7F; }

    private static boolean continuation(Ktermios tio, int c) {
        return tio.iflag(IUTF8) && (c & 0xC0) == 0x80;
    }

    // ---------------------------------------------------------------- reading and polling

    /** A read; with {@code jobControl} a background process gets SIGTTIN first (n_tty's job_control). */
    public int read(Task t, byte[] dst, int off, int len, boolean nonBlocking, boolean jobControl) throws ErrnoException {
        if (hungUp()) return 0;
        if (jobControl) checkChange(t, Signal.SIGTTIN);
        return ldisc.read(t, dst, off, len, nonBlocking, termios());
    }

    public int poll() {
        if (hungUp()) {
            return Poll.POLLIN | Poll.POLLOUT | Poll.POLLERR | Poll.POLLHUP | Poll.POLLRDNORM | Poll.POLLWRNORM;
        }
        int mask = ldisc.poll(termios());
        if (!stopped() && driver.writeRoom() > 0) mask |= Poll.POLLOUT | Poll.POLLWRNORM;
        return mask;
    }

    // ---------------------------------------------------------------- open files and hangup

    void fileOpened() { driver.fileOpened(); }

    void fileClosed() { driver.fileClosed(); }

    /** True once the line was hung up: reads are end of file, writes and ioctls EIO. */
    public synchronized boolean hungUp() { return hungUp; }

    /**
     * Hangs up the line (__tty_hangup of tty_io.c): files open on it read end of file and fail
     * other operations with EIO; the session loses its controlling terminal and its leader gets
     * SIGHUP and SIGCONT (tty_signal_session_leader).
     */
    public void hangup() {
        int sid;
        synchronized (this) {
            if (hungUp) return;
            hungUp = true;
            sid = session();
            session = 0;
            pgrp = 0;
            stopped = false;
        }
        ldisc.hangup();
        WaitQueue q = driver.writeQueue();
        if (q != null) q.wakeAll();
        if (sid > 0 && kernel != null) {
            ThreadGroup leader = kernel.findProcess(sid);
            if (leader != null && !leader.isZombie()) {
                kernel.signalProcess(leader, Signal.SIGHUP);
                kernel.signalProcess(leader, Signal.SIGCONT);
            }
        }
    }

    // ---------------------------------------------------------------- sessions and process groups

    /** The session this tty controls, or 0; a session whose leader is gone no longer holds it. */
    public synchronized int session() {
        if (session != 0 && kernel != null) {
            ThreadGroup leader = kernel.findProcess(session);
            if (leader == null || leader.isZombie()) {
                session = 0;
                pgrp = 0;
            }
        }
        return session;
    }

    public synchronized int foregroundGroup() { return pgrp; }

    /** True if this is {@code t}'s controlling terminal. */
    public boolean isControlling(Task t) {
        int s = session();
        return s != 0 && s == t.group().sid();
    }

    /** Makes this the controlling terminal of {@code g}'s session with {@code g}'s group in the foreground (__proc_set_tty). */
    public synchronized void setControlling(int sid, int pgid) {
        session = sid;
        pgrp = pgid;
        lent = false;
    }

    /**
     * Makes this the controlling terminal of session {@code sid} until another session leader
     * opens it or asks for it with TIOCSCTTY. Jerla's first process gets the console this way:
     * a shell as process 1 has job control, and /sbin/init's children can still take it over
     * through /dev/tty1 (Linux gives process 1 no controlling terminal at all).
     */
    public synchronized void lend(int sid, int pgid) {
        setControlling(sid, pgid);
        lent = true;
    }

    /** tty_open's rule: a session leader without a terminal acquires one it opens without O_NOCTTY. */
    void maybeAcquire(Task t, Ttys ttys) {
        ThreadGroup g = t.group();
        if (g.pid() != g.sid() || ttys.controlling(t) != null) return;
        synchronized (this) {
            if (session() != 0 && !lent) return;
            setControlling(g.sid(), g.pgid());
        }
    }

    // ---------------------------------------------------------------- job control

    /**
     * __tty_check_change (drivers/tty/tty_jobctrl.c): a process of a background group that uses
     * its controlling terminal gets {@code sig} (SIGTTIN for reads, SIGTTOU for writes with TOSTOP
     * and for changes of the settings) and the call restarts once it is continued; EIO instead if
     * the signal is ignored or blocked (for SIGTTIN) or the group is orphaned.
     */
    void checkChange(Task t, int sig) throws ErrnoException {
        if (kernel == null || !isControlling(t)) return;
        int fg = foregroundGroup();
        int pgid = t.group().pgid();
        if (fg == 0 || pgid == fg) return;
        boolean ignored = t.group().actions().get(sig).isIgnore() || (t.blocked() & Signal.sigmask(sig)) != 0;
        if (ignored) {
            if (sig == Signal.SIGTTIN) throw ErrnoException.of(Errno.EIO);
            return;
        }
        boolean orphaned;
        synchronized (kernel.processTable()) {
            orphaned = ProcessGroups.orphaned(kernel.processTable(), pgid, null);
        }
        if (orphaned) throw ErrnoException.of(Errno.EIO);
        kernel.signalProcessGroup(pgid, sig);
        throw ErrnoException.of(ErrnoException.ERESTARTSYS);
    }

    // ---------------------------------------------------------------- ioctl

    public long ioctl(Task t, Ttys ttys, int cmd, long arg, boolean jobControl) throws ErrnoException {
        return ioctl(t, ttys, cmd, arg, jobControl, false);
    }

    /**
     * An ioctl on this terminal; {@code viaMaster} for the settings ioctls of a pseudo-terminal
     * master, which act on its slave without the caller having it as controlling terminal
     * (tty_mode_ioctl's real_tty, tiocgpgrp and tiocgsid of tty_jobctrl.c).
     */
    long ioctl(Task t, Ttys ttys, int cmd, long arg, boolean jobControl, boolean viaMaster) throws ErrnoException {
        if (hungUp() && !viaMaster) throw ErrnoException.of(cmd == Ioctl.TIOCSPGRP ? Errno.ENOTTY : Errno.EIO);
        if (jobControl) {
            switch (cmd) {
                case Ioctl.TCSETS, Ioctl.TCSETSW, Ioctl.TCSETSF, Ioctl.TCSETS2, Ioctl.TCSETSW2, Ioctl.TCSETSF2,
                     Ioctl.TIOCSWINSZ, Ioctl.TCFLSH, Ioctl.TCXONC, Ioctl.TIOCSPGRP -> checkChange(t, Signal.SIGTTOU);
                default -> {}
            }
        }
        switch (cmd) {
            case Ioctl.TCGETS -> t.mem().copyOut(arg, termios().encode(false));
            case Ioctl.TCGETS2 -> t.mem().copyOut(arg, termios().encode(true));
            case Ioctl.TCSETS, Ioctl.TCSETSW, Ioctl.TCSETSF ->
                setTermios(Ktermios.decode(t.mem().copyIn(arg, Termios.SIZE), false), cmd == Ioctl.TCSETSF);
            case Ioctl.TCSETS2, Ioctl.TCSETSW2, Ioctl.TCSETSF2 ->
                setTermios(Ktermios.decode(t.mem().copyIn(arg, 44), true), cmd == Ioctl.TCSETSF2);
            case Ioctl.TIOCGWINSZ -> {
                byte[] w = new byte[Ioctl.WINSIZE_SIZE];
                synchronized (this) {
                    put16(w, 0, rows);
                    put16(w, 2, cols);
                    put16(w, 4, xpixel);
                    put16(w, 6, ypixel);
                }
                t.mem().copyOut(arg, w);
            }
            case Ioctl.TIOCSWINSZ -> {
                byte[] w = t.mem().copyIn(arg, Ioctl.WINSIZE_SIZE);
                resize(get16(w, 2), get16(w, 0), get16(w, 4), get16(w, 6));
            }
            case Ioctl.TIOCGPGRP -> {
                if (!viaMaster && !isControlling(t)) throw ErrnoException.of(Errno.ENOTTY);
                t.mem().writeInt(arg, foregroundGroup());
            }
            case Ioctl.TIOCSPGRP -> setForeground(t, t.mem().readInt(arg));
            case Ioctl.TIOCGSID -> {
                if (!viaMaster && !isControlling(t)) throw ErrnoException.of(Errno.ENOTTY);
                if (session() == 0) throw ErrnoException.of(Errno.ENOTTY);
                t.mem().writeInt(arg, session());
            }
            case Ioctl.TIOCSCTTY -> setCtty(t, ttys, arg == 1);
            case Ioctl.TIOCNOTTY -> {
                if (viaMaster || !isControlling(t)) throw ErrnoException.of(Errno.ENOTTY);
                ThreadGroup g = t.group();
                if (g.pid() == g.sid()) {
                    int fg;
                    synchronized (this) {
                        fg = pgrp;
                        session = 0;
                        pgrp = 0;
                    }
                    if (fg > 0 && kernel != null) {
                        kernel.signalProcessGroup(fg, Signal.SIGHUP);
                        kernel.signalProcessGroup(fg, Signal.SIGCONT);
                    }
                }
            }
            case Ioctl.FIONREAD -> t.mem().writeInt(arg, ldisc.available());
            case Ioctl.TIOCOUTQ -> t.mem().writeInt(arg, 0);
            case Ioctl.TCFLSH -> {
                switch ((int) arg) {
                    case Ioctl.TCIFLUSH -> flushInput();
                    case Ioctl.TCOFLUSH -> flushOutput();
                    case Ioctl.TCIOFLUSH -> {
                        flushInput();
                        flushOutput();
                    }
                    default -> throw ErrnoException.of(Errno.EINVAL);
                }
            }
            case Ioctl.TCXONC -> {
                switch ((int) arg) {
                    case Ioctl.TCOOFF -> setStopped(true);
                    case Ioctl.TCOON -> setStopped(false);
                    case Ioctl.TCIOFF, Ioctl.TCION -> {}
                    default -> throw ErrnoException.of(Errno.EINVAL);
                }
            }
            case Ioctl.TCSBRK, Ioctl.TCSBRKP, Ioctl.TIOCEXCL, Ioctl.TIOCNXCL -> {}
            case Ioctl.TIOCSTI -> {
                if (!isControlling(t) && t.creds().euid() != 0) throw ErrnoException.of(Errno.EPERM);
                byte[] c = t.mem().copyIn(arg, 1);
                ldisc.receive(c, 0, 1);
            }
            case Ioctl.TIOCGETD -> t.mem().writeInt(arg, 0);
            case Ioctl.TIOCSETD -> {
                if (t.mem().readInt(arg) != 0) throw ErrnoException.of(Errno.EINVAL);
            }
            case Ioctl.TIOCGDEV -> t.mem().writeInt(arg, (int) device);
            default -> throw ErrnoException.of(Errno.ENOTTY);
        }
        return 0;
    }

    /** TCSETS*: installs new settings; TCSETSF also discards pending input. */
    public void setTermios(Ktermios k, boolean flush) {
        Ktermios old;
        synchronized (this) {
            old = termios;
            termios = k;
        }
        if (flush) flushInput();
        ldisc.termiosChanged(k);
        // pty_set_termios: a master in packet mode learns whether ^S/^Q flow control is on.
        boolean oldFlow = flowControl(old), newFlow = flowControl(k);
        if (oldFlow != newFlow) driver.packetEvent(newFlow ? Ioctl.TIOCPKT_DOSTOP : Ioctl.TIOCPKT_NOSTOP);
    }

    private static boolean flowControl(Ktermios k) {
        return k.iflag(IXON) && k.cc(VSTOP) == 023 && k.cc(VSTART) == 021;
    }

    private void flushInput() {
        ldisc.flushInput();
        driver.packetEvent(Ioctl.TIOCPKT_FLUSHREAD);
    }

    private void flushOutput() {
        driver.flushOutput();
        driver.packetEvent(Ioctl.TIOCPKT_FLUSHWRITE);
    }

    /** A new window size; the foreground group gets SIGWINCH if it changed (tty_do_resize). */
    public void resize(int newCols, int newRows, int xpix, int ypix) {
        boolean changed;
        int fg;
        synchronized (this) {
            changed = newCols != cols || newRows != rows || xpix != xpixel || ypix != ypixel;
            cols = newCols;
            rows = newRows;
            xpixel = xpix;
            ypixel = ypix;
            fg = pgrp;
        }
        if (changed && fg > 0 && kernel != null) kernel.signalProcessGroup(fg, Signal.SIGWINCH);
    }

    /** TIOCSPGRP (tiocspgrp): the caller's terminal, a group of the same session. */
    private void setForeground(Task t, int g) throws ErrnoException {
        if (!isControlling(t)) throw ErrnoException.of(Errno.ENOTTY);
        if (g < 0) throw ErrnoException.of(Errno.EINVAL);
        int sid = session();
        if (kernel != null) {
            boolean found = false;
            for (ThreadGroup p : kernel.processes()) {
                if (p.pgid() == g && !p.isZombie()) {
                    if (p.sid() != sid) throw ErrnoException.of(Errno.EPERM);
                    found = true;
                }
            }
            if (!found) throw ErrnoException.of(Errno.ESRCH);
        }
        synchronized (this) { pgrp = g; }
    }

    /** TIOCSCTTY (tiocsctty): a session leader without a terminal takes this one; root may steal it. */
    private void setCtty(Task t, Ttys ttys, boolean steal) throws ErrnoException {
        ThreadGroup g = t.group();
        if (isControlling(t)) return;
        if (g.pid() != g.sid() || ttys.controlling(t) != null) throw ErrnoException.of(Errno.EPERM);
        synchronized (this) {
            if (session() != 0 && !lent) {
                if (!steal || t.creds().euid() != 0) throw ErrnoException.of(Errno.EPERM);
            }
            setControlling(g.sid(), g.pgid());
        }
    }

    private static void put16(byte[] b, int o, int v) {
        b[o] = (byte) v;
        b[o + 1] = (byte) (v >> 8);
    }

    private static int get16(byte[] b, int o) {
        return (b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8;
    }
}
