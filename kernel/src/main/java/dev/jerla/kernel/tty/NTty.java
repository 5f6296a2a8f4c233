package dev.jerla.kernel.tty;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Poll;
import dev.jerla.abi.linux.Signal;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.task.WaitQueue;

import java.util.ArrayDeque;

import static dev.jerla.abi.linux.Termios.*;

/**
 * The N_TTY line discipline (drivers/tty/n_tty.c): input processing (ISTRIP, ICRNL, INLCR,
 * IGNCR, IXON), signal characters (ISIG), canonical line editing (ERASE, WERASE, KILL, EOF, EOL,
 * LNEXT, REPRINT) with echo (ECHO, ECHOE, ECHOK, ECHOKE, ECHONL, ECHOCTL), and reads by whole
 * lines in canonical mode or by VMIN/VTIME otherwise.
 *
 * <p>The input buffer is a 4 KiB ring (N_TTY_BUF_SIZE) indexed by ever-growing positions:
 * {@code [tail, canonHead)} holds complete lines (their ends listed in {@code ends}),
 * {@code [canonHead, head)} the line being edited; without ICANON everything up to {@code head}
 * is readable.
 */
public final class NTty implements HostInput.Sink {
    public static final int BUF_SIZE = 4096;
    private static final long EOF_MARK = 1L << 62;

    /** What the line discipline needs from its terminal. */
    interface Port {
        Ktermios termios();

        /** Writes echo output through the output processing (OPOST). */
        void echo(byte[] b, int off, int len);

        /** The current output column (for erasing tabs). */
        int column();

        /** Sends a signal to the foreground process group. */
        void signal(int sig);

        /** IXON: stop or restart output. */
        void setStopped(boolean stopped);

        boolean stopped();

        /** A signal character flushed the input (isig without NOFLSH): output goes too. */
        void signalFlush();

        /** Readers took input or it was discarded: there is room for more. */
        void inputConsumed();
    }

    private final Port port;
    private final WaitQueue readQ = new WaitQueue();
    // mu (this) guards the fields below.
    private final byte[] ring = new byte[BUF_SIZE];
    private long tail;
    private long head;
    private long canonHead;
    /** Ends of complete lines (exclusive), EOF_MARK set when the line ended with the EOF character. */
    private final ArrayDeque<Long> ends = new ArrayDeque<>();
    private boolean icanon;
    private boolean lnext;
    private boolean hungUp;
    /** Output column where the line being edited began (canon_column). */
    private int canonColumn;
    /** Moves whenever input arrives or goes (for edge-triggered epoll). */
    private long generation;

    NTty(Port port) {
        this.port = port;
        this.icanon = port.termios().has(ICANON);
    }

    public WaitQueue readQueue() { return readQ; }

    public synchronized long generation() { return generation; }

    // ---------------------------------------------------------------- input side (the host thread)

    /**
     * Throttling (n_tty_receive_buf_common): the host thread waits while the buffer is full,
     * except in canonical mode without a complete line, where erase and newline must get
     * through. Bytes go one at a time, as the line discipline's state changes with each.
     */
    @Override
    public synchronized int awaitRoom() throws InterruptedException {
        while (!hungUp && head - tail >= BUF_SIZE - 1 && !(icanon && ends.isEmpty())) wait();
        return 1;
    }

    /** True if {@link #receive} takes another byte now (the condition {@link #awaitRoom} waits for). */
    public synchronized boolean hasRoom() {
        return hungUp || head - tail < BUF_SIZE - 1 || (icanon && ends.isEmpty());
    }

    /**
     * Processes bytes written to a pseudo-terminal master while there is room; returns how many
     * were taken (0 when the buffer is full).
     */
    public int receiveSome(byte[] b, int off, int len) {
        int n = 0;
        synchronized (this) {
            while (n < len && (head - tail < BUF_SIZE - 1 || (icanon && ends.isEmpty()))) {
                receiveChar(b[off + n] & 0xFF);
                n++;
            }
            if (n > 0) generation++;
        }
        if (n > 0) readQ.wakeAll();
        return n;
    }

    /** Processes bytes the user typed (n_tty_receive_buf). */
    @Override
    public void receive(byte[] b, int off, int len) {
        synchronized (this) {
            for (int i = 0; i < len; i++) receiveChar(b[off + i] & 0xFF);
            generation++;
        }
        readQ.wakeAll();
    }

    /** The host side is gone (end of input): readers get end of file once the buffer is empty. */
    @Override
    public void hangup() {
        synchronized (this) {
            hungUp = true;
            generation++;
        }
        readQ.wakeAll();
    }

    private void receiveChar(int c) {
        Ktermios tio = port.termios();
        if (tio.iflag(ISTRIP)) c &= 0x7F;
        if (tio.iflag(IUCLC) && tio.has(IEXTEN) && c >= 'A' && c <= 'Z') c += 'a' - 'A';
        if (lnext) {
            lnext = false;
            if (tio.has(ECHO)) echoRaw('\b');
            if (tio.has(ECHO)) echoChar(tio, c);
            put(c);
            return;
        }
        if (tio.iflag(IXON)) {
            if (is(tio, VSTOP, c)) {
                port.setStopped(true);
                return;
            }
            if (is(tio, VSTART, c)) {
                port.setStopped(false);
                return;
            }
            if (port.stopped() && tio.iflag(IXANY)) port.setStopped(false);
        }
        if (tio.has(ISIG)) {
            if (is(tio, VINTR, c)) { isig(tio, Signal.SIGINT, c); return; }
            if (is(tio, VQUIT, c)) { isig(tio, Signal.SIGQUIT, c); return; }
            if (is(tio, VSUSP, c)) { isig(tio, Signal.SIGTSTP, c); return; }
        }
        if (c == '\r') {
            if (tio.iflag(IGNCR)) return;
            if (tio.iflag(ICRNL)) c = '\n';
        } else if (c == '\n' && tio.iflag(INLCR)) {
            c = '\r';
        }
        if (icanon) {
            if (is(tio, VERASE, c) || is(tio, VKILL, c) || (is(tio, VWERASE, c) && tio.has(IEXTEN))) {
                erase(tio, c);
                return;
            }
            if (is(tio, VLNEXT, c) && tio.has(IEXTEN)) {
                lnext = true;
                if (tio.has(ECHO)) echoRaw('^');
                return;
            }
            if (is(tio, VREPRINT, c) && tio.has(ECHO) && tio.has(IEXTEN)) {
                echoChar(tio, c);
                echoRaw('\n');
                for (long p = canonHead; p < head; p++) echoChar(tio, ring[(int) (p % BUF_SIZE)] & 0xFF);
                return;
            }
            if (c == '\n') {
                if (tio.has(ECHO) || tio.has(ECHONL)) echoRaw('\n');
                if (put(c)) commit(false);
                return;
            }
            if (is(tio, VEOF, c)) {
                if (put(c)) commit(true);
                return;
            }
            if (is(tio, VEOL, c) || (is(tio, VEOL2, c) && tio.has(IEXTEN))) {
                if (tio.has(ECHO)) echoChar(tio, c);
                if (put(c)) commit(false);
                return;
            }
        }
        if (icanon && head - tail >= BUF_SIZE - 1) {
            // The line is full: only a line end still fits (the character is beeped away).
            if (tio.iflag(IMAXBEL)) echoRaw(7);
            return;
        }
        if (tio.has(ECHO)) {
            if (icanon && head == canonHead) canonColumn = port.column();
            echoChar(tio, c);
        }
        put(c);
    }

    private static boolean is(Ktermios tio, int index, int c) {
        int v = tio.cc(index);
        return v != 0 && v == c;
    }

    /** Stores one byte; false if the buffer is full. */
    private boolean put(int c) {
        if (head - tail >= BUF_SIZE) return false;
        ring[(int) (head % BUF_SIZE)] = (byte) c;
        head++;
        return true;
    }

    private void commit(boolean eof) {
        ends.add(head | (eof ? EOF_MARK : 0));
        canonHead = head;
        canonColumn = port.column();
    }

    /** A signal character: flush (unless NOFLSH), echo it, signal the foreground group (isig). */
    private void isig(Ktermios tio, int sig, int c) {
        port.signal(sig);
        if (!tio.has(NOFLSH)) {
            tail = head = canonHead = 0;
            ends.clear();
            notifyAll();
            lnext = false;
            port.setStopped(false);
            port.signalFlush();
            port.inputConsumed();
        }
        if (tio.has(ECHO)) echoChar(tio, c);
        canonColumn = port.column();
    }

    /** ERASE, WERASE and KILL (eraser() of n_tty.c). */
    private void erase(Ktermios tio, int c) {
        if (head == canonHead) return;
        boolean kill = is(tio, VKILL, c);
        boolean werase = !kill && !is(tio, VERASE, c);
        if (kill) {
            if (!tio.has(ECHO)) {
                head = canonHead;
                return;
            }
            if (!tio.has(ECHOK) || !tio.has(ECHOKE) || !tio.has(ECHOE)) {
                head = canonHead;
                echoChar(tio, c);
                if (tio.has(ECHOK)) echoRaw('\n');
                return;
            }
        }
        int seenAlnums = 0;
        while (head != canonHead) {
            int ch = ring[(int) ((head - 1) % BUF_SIZE)] & 0xFF;
            if (werase) {
                if (Character.isLetterOrDigit(ch) && ch < 0x80 || ch == '_') seenAlnums++;
                else if (seenAlnums > 0) break;
            }
            head--;
            // IUTF8: a multibyte character goes as a whole.
            if (tio.iflag(IUTF8)) {
                while (head != canonHead && (ch & 0xC0) == 0x80) {
                    ch = ring[(int) ((head - 1) % BUF_SIZE)] & 0xFF;
                    head--;
                }
            }
            if (tio.has(ECHO)) {
                if (!kill && !werase && !tio.has(ECHOE)) {
                    echoChar(tio, tio.cc(VERASE));
                } else if (ch == '\t') {
                    int col = canonColumn;
                    for (long p = canonHead; p < head; p++) {
                        int x = ring[(int) (p % BUF_SIZE)] & 0xFF;
                        if (x == '\t') col = (col | 7) + 1;
                        else if (isCntrl(x)) { if (tio.has(ECHOCTL)) col += 2; }
                        else if (!tio.iflag(IUTF8) || (x & 0xC0) != 0x80) col++;
                    }
                    for (int i = port.column() - col; i > 0; i--) echoRaw('\b');
                } else {
                    if (isCntrl(ch) && tio.has(ECHOCTL)) echoBs();
                    if (!isCntrl(ch) || tio.has(ECHOCTL)) echoBs();
                }
            }
            if (!kill && !werase) break;
        }
    }

    private static boolean isCntrl(int c) { return c < 0x20 || c == 0x7F; }

    private void echoBs() {
        port.echo(new byte[] {'\b', ' ', '\b'}, 0, 3);
    }

    private void echoRaw(int c) {
        port.echo(new byte[] {(byte) c}, 0, 1);
    }

    /** Echoes a character, control characters as ^X with ECHOCTL (echo_char). */
    private void echoChar(Ktermios tio, int c) {
        if (tio.has(ECHOCTL) && isCntrl(c) && c != '\t' && c != '\n') {
            port.echo(new byte[] {'^', (byte) (c ^ 0x40)}, 0, 2);
        } else {
            echoRaw(c);
        }
    }

    // ---------------------------------------------------------------- termios changes

    /** Applies a termios change (n_tty_set_termios): switching ICANON re-divides the buffer. */
    synchronized void termiosChanged(Ktermios tio) {
        boolean now = tio.has(ICANON);
        if (now != icanon) {
            if (now) {
                canonHead = tail;
                ends.clear();
            } else {
                canonHead = head;
                ends.clear();
            }
            icanon = now;
            lnext = false;
            notifyAll();
        }
        readQ.wakeAll();
        port.inputConsumed();
    }

    /** TCFLSH for the input queue. */
    public void flushInput() {
        synchronized (this) {
            tail = head = canonHead = 0;
            ends.clear();
            lnext = false;
            notifyAll();
        }
        readQ.wakeAll();
        port.inputConsumed();
    }

    // ---------------------------------------------------------------- the reader side (guest tasks)

    /** Bytes a read would find now (TIOCINQ): complete lines in canonical mode, without EOF characters. */
    public synchronized int available() {
        if (!icanon) return (int) (head - tail);
        long n = canonHead - tail;
        for (long e : ends) if ((e & EOF_MARK) != 0) n--;
        return (int) n;
    }

    private boolean readable(int min) {
        if (hungUp) return true;
        return icanon ? !ends.isEmpty() : head - tail >= min;
    }

    /** Readiness for poll (n_tty_poll): with VMIN and no VTIME, VMIN bytes make it readable. */
    public synchronized int poll(Ktermios tio) {
        int mask = 0;
        int min = !icanon && tio.cc(VTIME) == 0 && tio.cc(VMIN) > 0 ? tio.cc(VMIN) : 1;
        if (readable(min)) mask |= Poll.POLLIN | Poll.POLLRDNORM;
        if (hungUp) mask |= Poll.POLLHUP;
        return mask;
    }

    /** n_tty_read: a line in canonical mode; VMIN/VTIME rules otherwise. */
    public int read(Task t, byte[] dst, int off, int len, boolean nonBlocking, Ktermios tio) throws ErrnoException {
        if (len == 0) return 0;
        boolean canon;
        synchronized (this) { canon = icanon; }
        if (canon) {
            while (true) {
                synchronized (this) {
                    if (!ends.isEmpty()) {
                        int n = takeLine(dst, off, len);
                        notifyAll();
                        port.inputConsumed();
                        return n;
                    }
                    if (hungUp) return 0;
                    if (!icanon) break;
                    if (nonBlocking) throw ErrnoException.of(Errno.EAGAIN);
                }
                t.waitInterruptibly(() -> { synchronized (this) { return !ends.isEmpty() || hungUp || !icanon; } },
                        Long.MAX_VALUE, readQ);
            }
        }
        int vmin = tio.cc(VMIN), vtime = tio.cc(VTIME);
        long interval = vtime * 100_000_000L;
        int minimum = vmin == 0 ? 1 : Math.min(vmin, len);
        long deadline = vmin == 0 && vtime > 0 ? System.nanoTime() + interval : Long.MAX_VALUE;
        int copied = 0;
        while (true) {
            synchronized (this) {
                int n = (int) Math.min(len - copied, head - tail);
                for (int i = 0; i < n; i++) dst[off + copied + i] = ring[(int) ((tail + i) % BUF_SIZE)];
                tail += n;
                if (canonHead < tail) canonHead = tail;
                copied += n;
                if (n > 0) {
                    notifyAll();
                    port.inputConsumed();
                }
                if (copied >= minimum || copied == len) return copied;
                if (vmin == 0 && vtime == 0) return copied;
                if (hungUp) return copied;
                if (nonBlocking) {
                    if (copied > 0) return copied;
                    throw ErrnoException.of(Errno.EAGAIN);
                }
                if (vmin > 0 && vtime > 0 && copied > 0) deadline = System.nanoTime() + interval;
            }
            boolean ready;
            try {
                ready = t.waitInterruptibly(() -> { synchronized (this) { return head > tail || hungUp; } }, deadline, readQ);
            } catch (ErrnoException e) {
                if (copied > 0) return copied;
                throw e;
            }
            if (!ready) return copied;
        }
    }

    /** Copies from the first complete line; the EOF character itself is never returned. */
    private int takeLine(byte[] dst, int off, int len) {
        long e = ends.peek();
        boolean eof = (e & EOF_MARK) != 0;
        long end = e & ~EOF_MARK;
        long dataEnd = eof ? end - 1 : end;
        int n = (int) Math.min(len, dataEnd - tail);
        for (int i = 0; i < n; i++) dst[off + i] = ring[(int) ((tail + i) % BUF_SIZE)];
        tail += n;
        if (tail == dataEnd) {
            tail = end;
            ends.poll();
        }
        return n;
    }
}
