package dev.jerla.kernel.net.inet;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Fcntl;
import dev.jerla.abi.linux.In;
import dev.jerla.abi.linux.Poll;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.net.Control;
import dev.jerla.kernel.net.RecvInfo;
import dev.jerla.kernel.net.Socket;
import dev.jerla.kernel.task.Task;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;

import static dev.jerla.abi.linux.Socket.AF_UNSPEC;
import static dev.jerla.abi.linux.Socket.MSG_DONTWAIT;
import static dev.jerla.abi.linux.Socket.MSG_OOB;
import static dev.jerla.abi.linux.Socket.MSG_PEEK;
import static dev.jerla.abi.linux.Socket.MSG_TRUNC;
import static dev.jerla.abi.linux.Socket.MSG_WAITALL;
import static dev.jerla.abi.linux.Socket.SHUT_RD;
import static dev.jerla.abi.linux.Socket.SHUT_RDWR;
import static dev.jerla.abi.linux.Socket.SOL_SOCKET;
import static dev.jerla.abi.linux.Socket.SOMAXCONN;
import static dev.jerla.abi.linux.Socket.SO_LINGER;
import static dev.jerla.abi.linux.Socket.SO_SNDBUF;

/**
 * A TCP socket (net/ipv4/tcp.c, af_inet.c's inet_stream_ops). Connections inside the guest are
 * {@link TcpConnection}s made at once by connect against the listener's accept queue (backlog+1
 * entries as sk_acceptq_is_full allows; further connectors wait in SYN_SENT); connections to the
 * host are carried by {@link Nat}. Data, FIN and RST semantics live in TcpConnection.
 *
 * <p>Lock order: this socket's monitor, then a listener's monitor, then a connection's monitor.
 * A connecting socket never holds its own monitor while it calls into the listener.
 */
final class TcpSocket extends InetSocket {
    private enum State { CLOSED, LISTEN, SYN_SENT, ESTABLISHED }

    /** Linux's TCP defaults for SO_RCVBUF and SO_SNDBUF (net.ipv4.tcp_rmem / tcp_wmem). */
    private static final int TCP_RCVBUF = 131072;
    private static final int TCP_SNDBUF = 16384;
    /** The MSS reported on the loopback (its 65536 MTU minus headers). */
    private static final int LOOPBACK_MSS = 65483;

    // mu (this) guards the state and the listener's queues.
    private volatile State state = State.CLOSED;
    private TcpConnection conn;
    private int end;
    /** A non-blocking connect was started and not reported by a second connect (SS_CONNECTING). */
    private boolean connecting;
    private boolean everConnected;
    /** The listener this socket waits on in SYN_SENT. */
    private TcpSocket waitingOn;
    private int backlog;
    private final ArrayDeque<TcpSocket> acceptQueue = new ArrayDeque<>();
    private final ArrayDeque<TcpSocket> synQueue = new ArrayDeque<>();
    private boolean closed;
    /** SHUT_RD on a socket without a connection: reads return end of file. */
    private boolean rdShutdown;
    private boolean sndbufSet;
    /** Integer TCP-level options by name. */
    private final int[] tcpOptions = new int[32];

    TcpSocket(Inet net, int ownerUid, int family, int flags) {
        super(net, ownerUid, family, dev.jerla.abi.linux.Socket.SOCK_STREAM, In.IPPROTO_TCP, flags);
        tcpOptions[In.TCP_KEEPIDLE] = 7200;
        tcpOptions[In.TCP_KEEPINTVL] = 75;
        tcpOptions[In.TCP_KEEPCNT] = 9;
        tcpOptions[In.TCP_SYNCNT] = 6;
        tcpOptions[In.TCP_LINGER2] = 60;
        tcpOptions[In.TCP_QUICKACK] = 1;
    }

    @Override PortTable ports() { return net.tcpPorts; }

    @Override int defaultRcvbuf() { return TCP_RCVBUF; }

    @Override boolean listening() { return state == State.LISTEN; }

    @Override protected boolean isListening() { return listening(); }

    @Override synchronized boolean canBind() { return state == State.CLOSED && !everConnected; }

    @Override synchronized boolean connectedForMtu() { return state == State.ESTABLISHED; }

    private synchronized TcpConnection connection() { return conn; }

    private synchronized int end() { return end; }

    /** A socket accepted from {@code listener}, sharing its options. */
    private static TcpSocket child(TcpSocket listener) {
        TcpSocket c = new TcpSocket(listener.net, listener.ownerUid(), listener.family(), Fcntl.O_RDWR);
        synchronized (listener) {
            System.arraycopy(listener.tcpOptions, 0, c.tcpOptions, 0, c.tcpOptions.length);
        }
        c.inheritOptions(listener);
        return c;
    }

    // ---------------------------------------------------------------- connection setup

    /** connect(2) (inet_stream_connect, tcp_v4_connect / tcp_v6_connect). */
    @Override
    public void connect(Task t, byte[] addr) throws ErrnoException {
        if (addr.length >= 2 && addr[0] == AF_UNSPEC && addr[1] == 0) {
            disconnect();
            return;
        }
        Endpoint dst = parse(addr, false, false);
        synchronized (this) {
            switch (state) {
                case ESTABLISHED -> {
                    if (connecting) {
                        connecting = false;
                        return;
                    }
                    throw ErrnoException.of(Errno.EISCONN);
                }
                case LISTEN -> throw ErrnoException.of(Errno.EISCONN);
                case SYN_SENT -> {
                    if (nonBlocking()) throw ErrnoException.of(Errno.EALREADY);
                }
                case CLOSED -> {
                    if (connecting) {
                        connecting = false;
                        int e = takeError();
                        throw ErrnoException.of(e != 0 ? e : Errno.ECONNABORTED.number());
                    }
                    if (everConnected) throw ErrnoException.of(Errno.EISCONN);
                }
            }
        }
        if (state() == State.CLOSED) start(t, dst);
        if (nonBlocking()) {
            synchronized (this) { connecting = true; }
            throw ErrnoException.of(Errno.EINPROGRESS);
        }
        synchronized (this) { connecting = true; }
        try {
            sleepUntil(t, () -> state() != State.SYN_SENT, sndDeadline(false));
        } catch (ErrnoException ex) {
            // SO_SNDTIMEO expiring leaves the handshake running (inet_wait_for_connect).
            if (ex.code() == Errno.EAGAIN.number()) throw ErrnoException.of(Errno.EINPROGRESS);
            throw ex;
        }
        synchronized (this) {
            connecting = false;
            if (state == State.ESTABLISHED) return;
        }
        int e = takeError();
        throw ErrnoException.of(e != 0 ? e : Errno.ECONNABORTED.number());
    }

    private synchronized State state() { return state; }

    /** Starts the handshake: to a guest listener, or through the host. Leaves SYN_SENT, ESTABLISHED or CLOSED with an error. */
    private void start(Task t, Endpoint dst) throws ErrnoException {
        net.checkRoute(dst.addr());
        IpAddr target = Inet.localTarget(dst.addr());
        autobind(target);
        setPeer(target, dst.port());
        synchronized (this) { state = State.SYN_SENT; }
        if (!net.isLocalDestination(dst.addr())) {
            if (!net.nat.connect(this, target, dst.port())) refused(Errno.ENOBUFS.number());
            return;
        }
        InetSocket l = net.tcpPorts.lookup(target, dst.port(), localAddr(), localPort());
        if (!(l instanceof TcpSocket listener) || !listener.offer(this, target, dst.port())) {
            refused(Errno.ECONNREFUSED.number());
        }
    }

    /** The handshake failed: TCP_CLOSE with the error (tcp_reset in SYN_SENT, or the host's answer). */
    void refused(int errno) {
        synchronized (this) {
            if (state != State.SYN_SENT) return;
            state = State.CLOSED;
            waitingOn = null;
        }
        disconnectAddresses(false);
        setError(errno);
    }

    /** The handshake completed: the connection is established on end {@code e}. */
    void established(TcpConnection c, int e) {
        synchronized (this) {
            conn = c;
            end = e;
            state = State.ESTABLISHED;
            everConnected = true;
            waitingOn = null;
        }
        wakeUp();
    }

    /**
     * A connector arrives at this listener: a child joins the accept queue if there is room,
     * otherwise the connector waits in the SYN queue. False if this socket no longer listens.
     */
    private boolean offer(TcpSocket client, IpAddr dst, int port) {
        synchronized (this) {
            if (state != State.LISTEN) return false;
            if (acceptQueue.size() > backlog) {
                synQueue.add(client);
                synchronized (client) { client.waitingOn = this; }
                return true;
            }
            admit(client, dst, port);
        }
        wakeUp();
        return true;
    }

    /** Makes the child for {@code client} and queues it (the 3-way handshake's end). Holds this monitor. */
    private void admit(TcpSocket client, IpAddr dst, int port) {
        TcpSocket child = child(this);
        child.setLocal(dst, port);
        child.setPeer(client.localAddr(), client.localPort());
        net.tcpPorts.addChild(child, port);
        TcpConnection c = new TcpConnection(client, child);
        child.established(c, 1);
        acceptQueue.add(child);
        client.established(c, 0);
    }

    /**
     * A host connection arrives through a port forward: a child with a host end joins the accept
     * queue; null if nothing listens or the queue is full (the host connection is then closed).
     */
    TcpConnection offerFromHost(IpAddr src, int srcPort, IpAddr dst, int port) {
        TcpConnection c;
        synchronized (this) {
            if (state != State.LISTEN || acceptQueue.size() > backlog) return null;
            TcpSocket child = child(this);
            child.setLocal(dst, port);
            child.setPeer(src, srcPort);
            net.tcpPorts.addChild(child, port);
            c = new TcpConnection(null, child);
            child.established(c, 1);
            acceptQueue.add(child);
        }
        wakeUp();
        return c;
    }

    /** listen(2): the backlog is capped at somaxconn; EINVAL on a connected socket. */
    @Override
    public void listen(Task t, int backlog) throws ErrnoException {
        autobindIfNeeded();
        synchronized (this) {
            if (state == State.LISTEN) {
                this.backlog = Math.min(Math.max(backlog, 0), SOMAXCONN);
                return;
            }
            if (state != State.CLOSED || everConnected || connecting) throw ErrnoException.of(Errno.EINVAL);
        }
        net.tcpPorts.checkListen(this, localPort());
        synchronized (this) {
            this.backlog = Math.min(Math.max(backlog, 0), SOMAXCONN);
            state = State.LISTEN;
        }
        wakeUp();
    }

    private void autobindIfNeeded() throws ErrnoException {
        if (!bound()) autobind(null);
    }

    /** accept(2): blocks for a queued connection; EINVAL if not listening. */
    @Override
    public Socket accept(Task t, int fileFlags) throws ErrnoException {
        synchronized (this) {
            if (state != State.LISTEN) throw ErrnoException.of(Errno.EINVAL);
        }
        while (true) {
            sleepUntil(t, () -> {
                synchronized (this) { return !acceptQueue.isEmpty() || state != State.LISTEN; }
            }, rcvDeadline(false));
            TcpSocket child;
            synchronized (this) {
                if (state != State.LISTEN) throw ErrnoException.of(Errno.EINVAL);
                child = acceptQueue.poll();
                if (child == null) continue;
                while (!synQueue.isEmpty() && acceptQueue.size() <= backlog) {
                    TcpSocket c = synQueue.poll();
                    admit(c, c.peerAddr(), c.peerPort());
                }
            }
            wakeUp();
            child.setFlags(Fcntl.O_RDWR | (fileFlags & Fcntl.O_NONBLOCK));
            child.setOwner(t);
            return child;
        }
    }

    /** connect(AF_UNSPEC): aborts a connection (tcp_disconnect) or a pending handshake. */
    private void disconnect() {
        TcpConnection c;
        int e;
        synchronized (this) {
            if (state == State.LISTEN) {
                stopListening();
                return;
            }
            c = conn;
            e = end;
            conn = null;
            state = State.CLOSED;
            connecting = false;
            everConnected = false;
        }
        if (c != null) c.close(e, true);
        disconnectAddresses(false);
        wakeUp();
    }

    /** Ends listening: queued children are reset, waiting connectors refused (inet_csk_listen_stop). */
    private void stopListening() {
        TcpSocket[] queued;
        TcpSocket[] waiting;
        synchronized (this) {
            if (state != State.LISTEN) return;
            state = State.CLOSED;
            queued = acceptQueue.toArray(new TcpSocket[0]);
            waiting = synQueue.toArray(new TcpSocket[0]);
            acceptQueue.clear();
            synQueue.clear();
        }
        for (TcpSocket c : queued) c.abortAndRelease();
        for (TcpSocket c : waiting) c.refused(Errno.ECONNREFUSED.number());
        wakeUp();
    }

    /** Closes an unaccepted child with a reset. */
    private void abortAndRelease() {
        TcpConnection c = connection();
        if (c != null) c.close(end(), true);
        unbind();
    }

    // ---------------------------------------------------------------- data

    @Override
    public int sendmsg(Task t, byte[] data, int off, int len, byte[] addr, Control control, int msgFlags)
            throws ErrnoException {
        if ((msgFlags & MSG_OOB) != 0) throw ErrnoException.of(Errno.EOPNOTSUPP);
        boolean dontWait = (msgFlags & MSG_DONTWAIT) != 0;
        long deadline = sndDeadline(dontWait);
        waitConnected(t, deadline);
        TcpConnection c = connection();
        int e = end();
        int done = 0;
        while (true) {
            int err = takeError();
            if (err != 0) {
                if (done > 0) return done;
                throw ErrnoException.of(err);
            }
            try {
                int n = c.send(e, data, off + done, len - done);
                done += n;
                if (done == len) return done;
            } catch (TcpConnection.Reset r) {
                if (done > 0) return done;
                throw ErrnoException.of(r.errno);
            }
            try {
                sleepUntil(t, () -> c.writable(e) || pendingError() != 0, deadline);
            } catch (ErrnoException ex) {
                if (done > 0) return done;
                throw ex;
            }
        }
    }

    /** sk_stream_wait_connect: waits out SYN_SENT; EPIPE when not connected. */
    private void waitConnected(Task t, long deadline) throws ErrnoException {
        synchronized (this) {
            if (state == State.ESTABLISHED) return;
            if (state != State.SYN_SENT) {
                int err = takeError();
                throw ErrnoException.of(err != 0 ? err : Errno.EPIPE.number());
            }
        }
        sleepUntil(t, () -> state() != State.SYN_SENT, deadline);
        if (state() != State.ESTABLISHED) {
            int err = takeError();
            throw ErrnoException.of(err != 0 ? err : Errno.EPIPE.number());
        }
    }

    @Override
    public int recvmsg(Task t, byte[] buf, int off, int len, int msgFlags, RecvInfo out) throws ErrnoException {
        if ((msgFlags & MSG_OOB) != 0) throw ErrnoException.of(Errno.EINVAL);
        boolean peek = (msgFlags & MSG_PEEK) != 0;
        boolean waitAll = (msgFlags & MSG_WAITALL) != 0 && !peek;
        boolean discard = (msgFlags & MSG_TRUNC) != 0;
        long deadline = rcvDeadline((msgFlags & MSG_DONTWAIT) != 0);
        TcpConnection c;
        int e;
        synchronized (this) {
            if (state == State.LISTEN) throw ErrnoException.of(Errno.ENOTCONN);
            if (state == State.CLOSED && conn == null) {
                int err = takeError();
                if (err != 0) throw ErrnoException.of(err);
                if (!everConnected && !rdShutdown) throw ErrnoException.of(Errno.ENOTCONN);
                return 0;
            }
        }
        if (state() == State.SYN_SENT) sleepUntil(t, () -> state() != State.SYN_SENT, deadline);
        c = connection();
        e = end();
        if (c == null) throw ErrnoException.of(Errno.ENOTCONN);
        int copied = 0;
        while (true) {
            int n = c.receive(e, discard ? null : buf, off + copied, len - copied, peek);
            copied += n;
            if (copied == len || (copied > 0 && !waitAll)) return copied;
            if (c.available(e) == 0) {
                if (copied > 0 && pendingError() != 0) return copied;
                int err = takeError();
                if (err != 0) throw ErrnoException.of(err);
                if (c.atEof(e)) return copied;
            }
            try {
                sleepUntil(t, () -> c.readable(e) || pendingError() != 0, deadline);
            } catch (ErrnoException ex) {
                if (copied > 0) return copied;
                throw ex;
            }
        }
    }

    @Override
    public void shutdown(Task t, int how) throws ErrnoException {
        if (how < SHUT_RD || how > SHUT_RDWR) throw ErrnoException.of(Errno.EINVAL);
        TcpConnection c;
        int e;
        synchronized (this) {
            switch (state) {
                case LISTEN -> {
                    if (how == dev.jerla.abi.linux.Socket.SHUT_WR) return;
                }
                case SYN_SENT -> {}
                case CLOSED -> {
                    // inet_shutdown records the shutdown even as it reports ENOTCONN.
                    if (how != dev.jerla.abi.linux.Socket.SHUT_WR) rdShutdown = true;
                    throw ErrnoException.of(Errno.ENOTCONN);
                }
                case ESTABLISHED -> {
                    if (conn.isDead(end)) throw ErrnoException.of(Errno.ENOTCONN);
                }
            }
            c = conn;
            e = end;
        }
        if (state() == State.LISTEN) {
            stopListening();
            return;
        }
        if (c == null) {
            abortConnect();
            return;
        }
        c.shutdown(e, how != dev.jerla.abi.linux.Socket.SHUT_WR, how != SHUT_RD);
    }

    /** Gives up a handshake in progress (close or shutdown in SYN_SENT). */
    private void abortConnect() {
        TcpSocket l;
        synchronized (this) {
            if (state != State.SYN_SENT) return;
            l = waitingOn;
            state = State.CLOSED;
            waitingOn = null;
        }
        if (l != null) {
            synchronized (l) { l.synQueue.remove(this); }
        }
        net.nat.abandon(this);
        wakeUp();
    }

    @Override
    protected void onLastClose() {
        TcpConnection c;
        int e;
        State s;
        synchronized (this) {
            closed = true;
            s = state;
            c = conn;
            e = end;
        }
        switch (s) {
            case LISTEN -> stopListening();
            case SYN_SENT -> abortConnect();
            default -> {}
        }
        if (c != null) {
            byte[] l = getLinger();
            boolean abort = l[0] != 0 && l[4] == 0 && l[5] == 0 && l[6] == 0 && l[7] == 0;
            c.close(e, abort);
        }
        unbind();
    }

    private byte[] getLinger() {
        try {
            return getSocketOption(null, SO_LINGER, 8);
        } catch (ErrnoException ex) {
            return new byte[8];
        }
    }

    synchronized boolean isClosed() { return closed; }

    // ---------------------------------------------------------------- readiness

    /** tcp_poll. */
    @Override
    public int poll() {
        TcpConnection c;
        int e;
        State s;
        synchronized (this) {
            s = state;
            c = conn;
            e = end;
            if (s == State.LISTEN) return acceptQueue.isEmpty() ? 0 : Poll.POLLIN | Poll.POLLRDNORM;
        }
        int mask;
        if (c != null) {
            mask = c.poll(e);
        } else if (s == State.SYN_SENT) {
            mask = 0;
        } else {
            mask = Poll.POLLOUT | Poll.POLLWRNORM | Poll.POLLHUP;
            if (everConnectedOrFailed()) {
                mask |= Poll.POLLIN | Poll.POLLRDNORM | Poll.POLLRDHUP;
            }
        }
        if (pendingError() != 0) mask |= Poll.POLLERR;
        return mask;
    }

    /** A socket whose handshake failed is shut down both ways (tcp_done). */
    private synchronized boolean everConnectedOrFailed() {
        return everConnected || connecting || pendingError() != 0;
    }

    @Override
    int inq() throws ErrnoException {
        synchronized (this) {
            if (state == State.LISTEN) throw ErrnoException.of(Errno.EINVAL);
        }
        TcpConnection c = connection();
        return c == null ? 0 : c.available(end());
    }

    @Override
    int outq() throws ErrnoException {
        synchronized (this) {
            if (state == State.LISTEN) throw ErrnoException.of(Errno.EINVAL);
        }
        TcpConnection c = connection();
        return c == null ? 0 : c.unacked(end());
    }

    // ---------------------------------------------------------------- names and options

    @Override
    public byte[] peerName() throws ErrnoException {
        synchronized (this) {
            if (state != State.ESTABLISHED || conn.isDead(end)) throw ErrnoException.of(Errno.ENOTCONN);
        }
        return encode(peerAddr(), peerPort());
    }

    @Override
    public void setsockopt(Task t, int level, int name, byte[] value) throws ErrnoException {
        switch (level) {
            case SOL_SOCKET -> {
                setSolSocket(t, name, value);
                if (name == SO_SNDBUF) sndbufSet = true;
                wakeUp();
            }
            case In.SOL_TCP -> setTcpOption(name, value);
            case In.SOL_IP, In.SOL_IPV6 -> setIpOption(level, name, value);
            default -> throw ErrnoException.of(Errno.ENOPROTOOPT);
        }
    }

    /** do_tcp_setsockopt. */
    private void setTcpOption(int name, byte[] value) throws ErrnoException {
        if (name == In.TCP_CONGESTION) {
            String algo = new String(value, java.nio.charset.StandardCharsets.US_ASCII).split("\0", 2)[0];
            if (!algo.equals("cubic") && !algo.equals("reno")) throw ErrnoException.of(Errno.ENOENT);
            return;
        }
        int v = intValue(value);
        switch (name) {
            case In.TCP_NODELAY, In.TCP_CORK, In.TCP_QUICKACK, In.TCP_DEFER_ACCEPT, In.TCP_NOTSENT_LOWAT,
                    In.TCP_FASTOPEN -> {
                if (name == In.TCP_NODELAY || name == In.TCP_CORK || name == In.TCP_QUICKACK) v = v != 0 ? 1 : 0;
                if (name == In.TCP_DEFER_ACCEPT && v < 0) v = 0;
                setTcp(name, v);
            }
            case In.TCP_MAXSEG -> {
                if (v != 0 && (v < In.TCP_MIN_MSS || v > 65535 - 40)) throw ErrnoException.of(Errno.EINVAL);
                setTcp(name, v);
            }
            case In.TCP_KEEPIDLE, In.TCP_KEEPINTVL -> {
                if (v < 1 || v > In.MAX_TCP_KEEPIDLE) throw ErrnoException.of(Errno.EINVAL);
                setTcp(name, v);
            }
            case In.TCP_KEEPCNT -> {
                if (v < 1 || v > In.MAX_TCP_KEEPCNT) throw ErrnoException.of(Errno.EINVAL);
                setTcp(name, v);
            }
            case In.TCP_SYNCNT -> {
                if (v < 1 || v > 127) throw ErrnoException.of(Errno.EINVAL);
                setTcp(name, v);
            }
            case In.TCP_USER_TIMEOUT, In.TCP_WINDOW_CLAMP -> {
                if (v < 0) throw ErrnoException.of(Errno.EINVAL);
                setTcp(name, v);
            }
            case In.TCP_LINGER2 -> setTcp(name, v < 0 ? -1 : Math.min(v, 120));
            default -> throw ErrnoException.of(Errno.ENOPROTOOPT);
        }
    }

    private synchronized void setTcp(int name, int v) { tcpOptions[name] = v; }

    private synchronized int tcp(int name) { return tcpOptions[name]; }

    @Override
    public byte[] getsockopt(Task t, int level, int name, int optlen) throws ErrnoException {
        switch (level) {
            case SOL_SOCKET -> {
                if (name == SO_SNDBUF && !sndbufSet) return intBytes(TCP_SNDBUF);
                return getSolSocket(t, name, optlen);
            }
            case In.SOL_TCP -> {
                return switch (name) {
                    case In.TCP_INFO -> tcpInfo();
                    case In.TCP_CONGESTION -> {
                        byte[] b = new byte[16];
                        System.arraycopy("cubic".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, b, 0, 5);
                        yield b;
                    }
                    case In.TCP_MAXSEG -> {
                        int v = tcp(name);
                        if (v == 0) v = state() == State.ESTABLISHED ? mss() : 536;
                        yield intBytes(v);
                    }
                    case In.TCP_NODELAY, In.TCP_CORK, In.TCP_QUICKACK, In.TCP_DEFER_ACCEPT, In.TCP_NOTSENT_LOWAT,
                            In.TCP_FASTOPEN, In.TCP_KEEPIDLE, In.TCP_KEEPINTVL, In.TCP_KEEPCNT, In.TCP_SYNCNT,
                            In.TCP_USER_TIMEOUT, In.TCP_WINDOW_CLAMP, In.TCP_LINGER2 -> intBytes(tcp(name));
                    default -> throw ErrnoException.of(Errno.ENOPROTOOPT);
                };
            }
            case In.SOL_IP, In.SOL_IPV6 -> {
                return getIpOption(level, name);
            }
            default -> throw ErrnoException.of(Errno.ENOPROTOOPT);
        }
    }

    private int mss() {
        return net.mtuFor(peerAddr()) == 65536 ? LOOPBACK_MSS - (v6() && !peerAddr().isV4() ? 20 : 0) : 1460;
    }

    /** struct tcp_info (include/uapi/linux/tcp.h), with the fields a simulated connection knows. */
    private byte[] tcpInfo() {
        ByteBuffer b = ByteBuffer.allocate(In.TCP_INFO_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        TcpConnection c;
        int e;
        State s;
        synchronized (this) {
            c = conn;
            e = end;
            s = state;
        }
        int st = switch (s) {
            case LISTEN -> In.TCP_LISTEN;
            case SYN_SENT -> In.TCP_SYN_SENT;
            case CLOSED -> In.TCP_CLOSE;
            case ESTABLISHED -> c.tcpState(e);
        };
        b.put(0, (byte) st);
        int mss = s == State.ESTABLISHED ? mss() : 536;
        b.putInt(8, 200_000);
        b.putInt(12, s == State.ESTABLISHED ? 40_000 : 0);
        b.putInt(16, mss);
        b.putInt(20, mss);
        if (s == State.LISTEN) {
            synchronized (this) {
                b.putInt(24, acceptQueue.size());
                b.putInt(28, backlog);
            }
        }
        b.putInt(60, s == State.ESTABLISHED ? net.mtuFor(peerAddr()) : 0);
        b.putInt(64, 65535);
        b.putInt(76, 0x7fffffff);
        b.putInt(80, 10);
        b.putInt(84, mss);
        b.putInt(88, 3);
        if (c != null) {
            b.putLong(120, c.bytesSent(e));
            b.putLong(128, c.bytesReceived(e));
        }
        return b.array();
    }
}
