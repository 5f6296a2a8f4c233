package dev.jerla.kernel.net.inet;

import dev.jerla.abi.linux.Errno;

/**
 * One established TCP connection as a pair of byte streams, with the segments Linux would
 * exchange reduced to their effect: data lands in the peer's receive queue, a FIN becomes end of
 * file after the queued data, an RST sets the peer's pending error (tcp_reset: EPIPE in
 * CLOSE_WAIT, ECONNRESET otherwise) and moves it to TCP_CLOSE. End 0 is the connecting side, end 1
 * the accepting side; an end without a guest socket is a host connection (NAT or a port forward)
 * whose threads wait on this object's monitor.
 */
final class TcpConnection {
    /** The receive window of a host end: what the host side may queue for the guest. */
    static final int HOST_WINDOW = 256 * 1024;

    private final TcpSocket[] sock = new TcpSocket[2];
    // mu (this) guards everything below.
    private final ByteRing[] rx = {new ByteRing(), new ByteRing()};
    /** End i received a FIN: end of file once rx[i] is drained. */
    private final boolean[] fin = new boolean[2];
    /** End i shut down its sending side (SHUT_WR or close). */
    private final boolean[] sndShut = new boolean[2];
    /** End i shut down its receiving side (SHUT_RD). */
    private final boolean[] rdShut = new boolean[2];
    /** End i's socket is closed: data sent to it is answered by a reset. */
    private final boolean[] closed = new boolean[2];
    /** End i was reset: TCP_CLOSE, everything shut down. */
    private final boolean[] dead = new boolean[2];
    private final long[] bytesReceived = new long[2];
    private final long[] bytesSent = new long[2];

    TcpConnection(TcpSocket connector, TcpSocket acceptor) {
        sock[0] = connector;
        sock[1] = acceptor;
    }

    /** The most end {@code i} may have queued for reading: its receive buffer and the sender's send buffer. */
    private int limit(int i) {
        TcpSocket r = sock[i], s = sock[1 - i];
        return (r != null ? r.rcvLimit() : HOST_WINDOW) + (s != null ? s.sndbuf() : HOST_WINDOW);
    }

    /** Wakes both ends after a change (sk_data_ready, sk_write_space, sk_state_change). */
    private void changed() {
        notifyAll();
        for (TcpSocket s : sock) if (s != null) s.wakeUp();
    }

    // ---------------------------------------------------------------- guest ends

    /**
     * Queues bytes from end {@code i} for its peer; returns how many were taken (0 when the
     * window is full). Throws the pending error, or EPIPE after a shutdown or reset. Data sent
     * to a closed peer is taken and answered by a reset, as Linux's loopback does at once.
     */
    synchronized int send(int i, byte[] src, int off, int len) throws Reset {
        int p = 1 - i;
        if (dead[i] || sndShut[i]) throw new Reset(Errno.EPIPE.number());
        if (closed[p]) {
            resetLocked(i);
            changed();
            return len;
        }
        int room = limit(p) - rx[p].size();
        if (room <= 0) return 0;
        int n = Math.min(room, len);
        rx[p].write(src, off, n);
        bytesSent[i] += n;
        bytesReceived[p] += n;
        changed();
        return n;
    }

    /** Copies queued bytes to end {@code i} (consuming them unless peek; discarding them if dst is null). */
    synchronized int receive(int i, byte[] dst, int off, int len, boolean peek) {
        int n = dst == null ? rx[i].skip(len) : rx[i].read(dst, off, len, peek);
        if (n > 0 && !peek) changed();
        return n;
    }

    /** Bytes end {@code i} can read now. */
    synchronized int available(int i) { return rx[i].size(); }

    /**
     * Bytes end {@code i} sent that are not yet acknowledged (SIOCOUTQ): the loopback
     * acknowledges what fits the peer's receive buffer at once, the rest waits in the send queue.
     */
    synchronized int unacked(int i) {
        int p = 1 - i;
        int window = sock[p] != null ? sock[p].rcvLimit() : HOST_WINDOW;
        return Math.max(0, rx[p].size() - window);
    }

    /** End of file for end {@code i}: a FIN, SHUT_RD or a reset, with nothing left queued. */
    synchronized boolean atEof(int i) {
        return rx[i].isEmpty() && (fin[i] || rdShut[i] || dead[i]);
    }

    synchronized boolean readable(int i) {
        return !rx[i].isEmpty() || fin[i] || rdShut[i] || dead[i];
    }

    /** Room to send, or a state in which sending fails at once. */
    synchronized boolean writable(int i) {
        int p = 1 - i;
        return dead[i] || sndShut[i] || closed[p] || rx[p].size() < limit(p);
    }

    synchronized boolean isDead(int i) { return dead[i]; }

    synchronized void shutdown(int i, boolean rd, boolean wr) {
        if (rd) rdShut[i] = true;
        if (wr && !sndShut[i]) {
            sndShut[i] = true;
            fin[1 - i] = true;
        }
        changed();
    }

    /**
     * End {@code i} closes (tcp_close): unread data or a zero linger time aborts the connection
     * with a reset, otherwise a FIN follows the queued data.
     */
    synchronized void close(int i, boolean abort) {
        int p = 1 - i;
        boolean reset = abort || !rx[i].isEmpty();
        closed[i] = true;
        rx[i].clear();
        if (reset) {
            if (!dead[i] && !closed[p] && !dead[p]) resetLocked(p);
        } else if (!sndShut[i]) {
            sndShut[i] = true;
            fin[p] = true;
        }
        dead[i] = true;
        changed();
    }

    /** End {@code i} receives a reset (tcp_reset). */
    synchronized void reset(int i) {
        if (!dead[i]) resetLocked(i);
        changed();
    }

    private void resetLocked(int i) {
        boolean closeWait = fin[i] && !sndShut[i];
        dead[i] = true;
        sndShut[i] = true;
        TcpSocket s = sock[i];
        if (s != null) s.setError(closeWait ? Errno.EPIPE.number() : Errno.ECONNRESET.number());
    }

    /** The poll mask of end {@code i} (tcp_poll, for an established or closed connection). */
    synchronized int poll(int i) {
        int p = 1 - i;
        int mask = 0;
        boolean rcv = fin[i] || rdShut[i] || dead[i];
        boolean snd = sndShut[i] || dead[i];
        if (rcv && snd) mask |= dev.jerla.abi.linux.Poll.POLLHUP;
        if (rcv) mask |= dev.jerla.abi.linux.Poll.POLLIN | dev.jerla.abi.linux.Poll.POLLRDNORM | dev.jerla.abi.linux.Poll.POLLRDHUP;
        if (!rx[i].isEmpty()) mask |= dev.jerla.abi.linux.Poll.POLLIN | dev.jerla.abi.linux.Poll.POLLRDNORM;
        if (snd || closed[p] || rx[p].size() < limit(p)) mask |= dev.jerla.abi.linux.Poll.POLLOUT | dev.jerla.abi.linux.Poll.POLLWRNORM;
        return mask;
    }

    /** The TCP state of end {@code i} (include/net/tcp_states.h). */
    synchronized int tcpState(int i) {
        int p = 1 - i;
        if (dead[i]) return dev.jerla.abi.linux.In.TCP_CLOSE;
        if (sndShut[i] && fin[i]) return dev.jerla.abi.linux.In.TCP_TIME_WAIT;
        if (sndShut[i]) return sndShut[p] || fin[i] ? dev.jerla.abi.linux.In.TCP_CLOSING : dev.jerla.abi.linux.In.TCP_FIN_WAIT2;
        if (fin[i]) return dev.jerla.abi.linux.In.TCP_CLOSE_WAIT;
        return dev.jerla.abi.linux.In.TCP_ESTABLISHED;
    }

    synchronized long bytesReceived(int i) { return bytesReceived[i]; }

    synchronized long bytesSent(int i) { return bytesSent[i]; }

    // ---------------------------------------------------------------- the host end (waits on this monitor)

    /**
     * Host end {@code i} delivers bytes to its guest peer, waiting for window; false if the
     * connection is gone (the guest closed or reset it).
     */
    synchronized boolean hostDeliver(int i, byte[] src, int off, int len) throws InterruptedException {
        int p = 1 - i;
        while (len > 0) {
            if (closed[p] || dead[i] || dead[p] || sndShut[i]) return false;
            int room = limit(p) - rx[p].size();
            if (room <= 0) {
                wait();
                continue;
            }
            int n = Math.min(room, len);
            rx[p].write(src, off, n);
            bytesSent[i] += n;
            bytesReceived[p] += n;
            off += n;
            len -= n;
            changed();
        }
        return true;
    }

    /**
     * Host end {@code i} takes what its guest peer sent, waiting for it; returns the byte count,
     * 0 after the peer's FIN (all data taken), -1 when the guest aborted the connection.
     */
    synchronized int hostTake(int i, byte[] dst) throws InterruptedException {
        while (true) {
            if (dead[i]) return -1;
            if (!rx[i].isEmpty()) {
                int n = rx[i].read(dst, 0, dst.length, false);
                changed();
                return n;
            }
            if (fin[i]) return 0;
            wait();
        }
    }

    /** The checked signal of a failed send: the errno to report. */
    static final class Reset extends Exception {
        final int errno;

        Reset(int errno) {
            super(null, null, false, false);
            this.errno = errno;
        }
    }
}
