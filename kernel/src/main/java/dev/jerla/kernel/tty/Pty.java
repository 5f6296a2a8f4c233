package dev.jerla.kernel.tty;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Ioctl;
import dev.jerla.abi.linux.Poll;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.Kernel;
import dev.jerla.kernel.fs.devpts.DevPts;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.task.WaitQueue;

/**
 * A Unix98 pseudo-terminal pair (drivers/tty/pty.c). The slave is an ordinary {@link Tty} with
 * the N_TTY line discipline; its processed output collects in the master's buffer, and what is
 * written to the master is the slave's input. The master's own line discipline is raw, so it is
 * reduced here to a byte buffer, with the packet-mode status byte of TIOCPKT in front of reads.
 *
 * <p>Closing the master hangs up the slave and removes its /dev/pts node; closing every slave
 * file makes master reads fail with EIO once the buffer is drained. The index is freed when both
 * sides are gone.
 */
public final class Pty implements Tty.Driver {
    /** The master's buffer limit; a slave writer waits beyond it (the tty buffer's 64 KiB). */
    static final int MASTER_BUF = 64 * 1024;

    private final int index;
    private final DevPts devpts;
    private final Ttys ttys;
    private final Tty slave;
    private final WaitQueue masterQ = new WaitQueue();
    // mu (this) guards the fields below.
    private byte[] buf = new byte[4096];
    private int bufHead;
    private int count;
    private boolean locked = true;
    private boolean packet;
    private int pktStatus;
    private int slaveFiles;
    private boolean slaveClosed;
    private boolean masterClosed;
    private long generation;

    Pty(Kernel kernel, Ttys ttys, DevPts devpts, int index) {
        this.index = index;
        this.devpts = devpts;
        this.ttys = ttys;
        this.slave = new Tty(kernel, "pts/" + index, DevPts.UNIX98_PTY_SLAVE_MAJOR, index, this, 0, 0);
    }

    public int index() { return index; }

    public Tty slave() { return slave; }

    WaitQueue masterQueue() { return masterQ; }

    synchronized long generation() { return generation; }

    synchronized boolean locked() { return locked; }

    // ---------------------------------------------------------------- Tty.Driver (the slave's side)

    /** Slave output, after its OPOST processing, for master reads (pty_write). */
    @Override
    public void write(byte[] b, int off, int len) {
        synchronized (this) {
            if (masterClosed) return;
            if (count + len > buf.length) {
                byte[] n = new byte[Math.max(buf.length * 2, count + len)];
                for (int i = 0; i < count; i++) n[i] = buf[(bufHead + i) % buf.length];
                buf = n;
                bufHead = 0;
            }
            for (int i = 0; i < len; i++) buf[(bufHead + count + i) % buf.length] = b[off + i];
            count += len;
            generation++;
        }
        masterQ.wakeAll();
    }

    @Override
    public synchronized int writeRoom() {
        return masterClosed ? Integer.MAX_VALUE : Math.max(0, MASTER_BUF - count);
    }

    @Override public WaitQueue writeQueue() { return masterQ; }

    /** pty_flush_buffer: output the master has not read yet is dropped. */
    @Override
    public void flushOutput() {
        synchronized (this) {
            count = 0;
            bufHead = 0;
            generation++;
        }
        masterQ.wakeAll();
        slave.ldisc().readQueue().wakeAll();
    }

    /** The packet-mode status (pty_stop, pty_start, pty_set_termios, n_tty_packet_mode_flush). */
    @Override
    public void packetEvent(int event) {
        synchronized (this) {
            if (!packet) return;
            switch (event) {
                case Ioctl.TIOCPKT_STOP -> pktStatus &= ~Ioctl.TIOCPKT_START;
                case Ioctl.TIOCPKT_START -> pktStatus &= ~Ioctl.TIOCPKT_STOP;
                case Ioctl.TIOCPKT_DOSTOP, Ioctl.TIOCPKT_NOSTOP -> pktStatus &= ~(Ioctl.TIOCPKT_DOSTOP | Ioctl.TIOCPKT_NOSTOP);
                default -> {}
            }
            pktStatus |= event;
            generation++;
        }
        masterQ.wakeAll();
    }

    @Override public void inputConsumed() { masterQ.wakeAll(); }

    @Override
    public synchronized void fileOpened() {
        slaveFiles++;
        slaveClosed = false;
    }

    /** The last slave file closed: master reads see EIO (TTY_OTHER_CLOSED); a closed master frees the pair. */
    @Override
    public void fileClosed() {
        boolean gone;
        synchronized (this) {
            slaveFiles--;
            if (slaveFiles > 0) return;
            slaveClosed = true;
            generation++;
            gone = masterClosed;
        }
        masterQ.wakeAll();
        if (gone) release();
    }

    // ---------------------------------------------------------------- the master's operations

    /** The master's last close (pty_close): the slave hangs up, its node goes away. */
    void masterClosed() {
        boolean gone;
        synchronized (this) {
            masterClosed = true;
            count = 0;
            gone = slaveFiles == 0;
        }
        devpts.removeNode(index);
        slave.hangup();
        masterQ.wakeAll();
        if (gone) release();
    }

    private void release() {
        ttys.removePty(this);
        devpts.killIndex(index);
    }

    /** A master read: the packet status byte alone, or data (after a 0 byte in packet mode). */
    int read(Task t, byte[] dst, int off, int len, boolean nonBlocking) throws ErrnoException {
        if (len == 0) return 0;
        while (true) {
            synchronized (this) {
                if (packet && pktStatus != 0) {
                    dst[off] = (byte) pktStatus;
                    pktStatus = 0;
                    return 1;
                }
                if (count > 0) {
                    int start = packet ? 1 : 0;
                    int n = Math.min(len - start, count);
                    if (packet) dst[off] = Ioctl.TIOCPKT_DATA;
                    for (int i = 0; i < n; i++) dst[off + start + i] = buf[(bufHead + i) % buf.length];
                    bufHead = (bufHead + n) % buf.length;
                    count -= n;
                    if (count == 0) bufHead = 0;
                    generation++;
                    masterQ.wakeAll();
                    // Slave writers sleep, and poll for POLLOUT, on the slave's queue.
                    slave.ldisc().readQueue().wakeAll();
                    return n + start;
                }
                if (slaveClosed) throw ErrnoException.of(Errno.EIO);
                if (nonBlocking) throw ErrnoException.of(Errno.EAGAIN);
            }
            t.waitInterruptibly(() -> {
                synchronized (this) { return count > 0 || slaveClosed || (packet && pktStatus != 0); }
            }, Long.MAX_VALUE, masterQ);
        }
    }

    /** A master write: input for the slave's line discipline, waiting while its buffer is full. */
    int write(Task t, byte[] src, int off, int len, boolean nonBlocking) throws ErrnoException {
        int done = 0;
        NTty ld = slave.ldisc();
        while (done < len) {
            int n = ld.receiveSome(src, off + done, len - done);
            done += n;
            if (n > 0) {
                synchronized (this) { generation++; }
                continue;
            }
            if (nonBlocking) {
                if (done > 0) return done;
                throw ErrnoException.of(Errno.EAGAIN);
            }
            try {
                t.waitInterruptibly(ld::hasRoom, Long.MAX_VALUE, masterQ);
            } catch (ErrnoException e) {
                if (done > 0) return done;
                throw e;
            }
        }
        return len;
    }

    int poll() {
        int mask = 0;
        synchronized (this) {
            if (count > 0 || (packet && pktStatus != 0)) mask |= Poll.POLLIN | Poll.POLLRDNORM;
            if (packet && pktStatus != 0) mask |= Poll.POLLPRI;
            if (slaveClosed) mask |= Poll.POLLHUP;
        }
        if (slave.ldisc().hasRoom()) mask |= Poll.POLLOUT | Poll.POLLWRNORM;
        return mask;
    }

    synchronized int available() { return count; }

    /** TIOCSPTLCK. */
    synchronized void setLocked(boolean l) { locked = l; }

    /** TIOCPKT: switching packet mode on starts with no status (pty_set_pktmode). */
    void setPacket(boolean on) {
        synchronized (this) {
            if (on && !packet) pktStatus = 0;
            packet = on;
            generation++;
        }
        masterQ.wakeAll();
    }

    synchronized boolean packet() { return packet; }
}
