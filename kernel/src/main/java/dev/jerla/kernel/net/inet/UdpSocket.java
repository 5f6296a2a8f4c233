package dev.jerla.kernel.net.inet;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.In;
import dev.jerla.abi.linux.Poll;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.net.Control;
import dev.jerla.kernel.net.RecvInfo;
import dev.jerla.kernel.net.Socket;
import dev.jerla.kernel.task.Task;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import static dev.jerla.abi.linux.Socket.AF_UNSPEC;
import static dev.jerla.abi.linux.Socket.MSG_DONTWAIT;
import static dev.jerla.abi.linux.Socket.MSG_OOB;
import static dev.jerla.abi.linux.Socket.MSG_PEEK;
import static dev.jerla.abi.linux.Socket.MSG_TRUNC;
import static dev.jerla.abi.linux.Socket.SHUT_RD;
import static dev.jerla.abi.linux.Socket.SHUT_RDWR;
import static dev.jerla.abi.linux.Socket.SHUT_WR;
import static dev.jerla.abi.linux.Socket.SOL_SOCKET;
import static dev.jerla.abi.linux.Socket.SO_BROADCAST;

/**
 * A UDP socket (net/ipv4/udp.c, net/ipv6/udp.c) or an ICMP echo socket (net/ipv4/ping.c, the
 * unprivileged "ping" socket: SOCK_DGRAM with IPPROTO_ICMP, or a root's raw ICMP socket). Datagrams to guest addresses go
 * straight into the receiving socket's queue, bounded by its SO_RCVBUF (overflow is dropped, as
 * Linux drops); a datagram to a closed port of a connected socket sets ECONNREFUSED as the ICMP
 * port-unreachable would; datagrams to other hosts go through {@link HostUdp}. Echo requests to a
 * guest address are answered at once by the kernel with an echo reply.
 */
final class UdpSocket extends InetSocket {
    /** One queued datagram: the payload, where it came from and the address it was sent to. */
    record Datagram(byte[] data, IpAddr src, int srcPort, IpAddr dst) {}

    /** The most payload a UDP datagram carries over IPv4 / IPv6. */
    private static final int MAX_V4 = 65507;
    private static final int MAX_V6 = 65527;
    /** The memory a queued datagram costs besides its payload (the skb truesize overhead). */
    private static final int OVERHEAD = 768;

    private final boolean ping;
    /** A raw ICMP socket (SOCK_RAW): any ICMP type may be sent, IPv4 replies carry their IP header. */
    private final boolean raw;
    // mu (this) guards the queue and the flags below.
    private final ArrayDeque<Datagram> queue = new ArrayDeque<>();
    private int queuedBytes;
    private boolean connected;
    private boolean rdShut;
    private boolean wrShut;
    private HostUdp host;
    private boolean closed;
    private byte[] icmp6Filter = new byte[In.ICMP6_FILTER_SIZE];

    UdpSocket(Inet net, int ownerUid, int family, int protocol, int flags, boolean ping) {
        this(net, ownerUid, family, dev.jerla.abi.linux.Socket.SOCK_DGRAM, protocol, flags, ping);
    }

    UdpSocket(Inet net, int ownerUid, int family, int type, int protocol, int flags, boolean ping) {
        super(net, ownerUid, family, type, protocol, flags);
        this.ping = ping;
        this.raw = type == dev.jerla.abi.linux.Socket.SOCK_RAW;
    }

    @Override PortTable ports() { return ping ? net.pingPorts : net.udpPorts; }

    @Override synchronized boolean connectedForMtu() { return connected; }

    @Override
    public void connect(Task t, byte[] addr) throws ErrnoException {
        if (addr.length >= 2 && addr[0] == AF_UNSPEC && addr[1] == 0) {
            synchronized (this) { connected = false; }
            disconnectAddresses(false);
            wakeUp();
            return;
        }
        Endpoint dst = parse(addr, false, true);
        net.checkRoute(dst.addr());
        IpAddr target = Inet.localTarget(dst.addr());
        autobind(target);
        setPeer(target, dst.port());
        synchronized (this) { connected = true; }
        wakeUp();
    }

    @Override
    public void listen(Task t, int backlog) throws ErrnoException {
        throw ErrnoException.of(Errno.EOPNOTSUPP);
    }

    @Override
    public Socket accept(Task t, int fileFlags) throws ErrnoException {
        throw ErrnoException.of(Errno.EOPNOTSUPP);
    }

    @Override
    public byte[] peerName() throws ErrnoException {
        synchronized (this) {
            if (!connected) throw ErrnoException.of(Errno.ENOTCONN);
        }
        return encode(peerAddr(), peerPort());
    }

    /** udp_sendmsg / ping_v4_sendmsg. */
    @Override
    public int sendmsg(Task t, byte[] data, int off, int len, byte[] addr, Control control, int msgFlags)
            throws ErrnoException {
        if ((msgFlags & MSG_OOB) != 0) throw ErrnoException.of(Errno.EOPNOTSUPP);
        synchronized (this) {
            if (wrShut) throw ErrnoException.of(Errno.EPIPE);
        }
        IpAddr dst;
        int port;
        if (addr != null) {
            Endpoint e = parse(addr, false, true);
            dst = e.addr();
            port = e.port();
            if (port == 0 && !ping) throw ErrnoException.of(Errno.EINVAL);
        } else {
            synchronized (this) {
                if (!connected) throw ErrnoException.of(Errno.EDESTADDRREQ);
            }
            dst = peerAddr();
            port = peerPort();
        }
        if (len > (v6() && !dst.isV4() ? MAX_V6 : MAX_V4)) throw ErrnoException.of(Errno.EMSGSIZE);
        net.checkRoute(dst);
        if (dst.isBroadcast() && !option(SO_BROADCAST)) throw ErrnoException.of(Errno.EACCES);
        if (ping && !raw) checkEcho(data, off, len);
        if (raw && len < 8) throw ErrnoException.of(Errno.EINVAL);
        if (!raw) autobind(null);
        byte[] payload = java.util.Arrays.copyOfRange(data, off, off + len);
        // Broadcasts stay inside the guest: its own sockets on the port hear them, no host does.
        if (!net.isLocalDestination(dst) && !dst.isBroadcast() && !dst.equals(Inet.BROADCAST)) {
            if (!ping && !net.forwardReply(dst, port, payload)) hostChannel().send(dst, port, payload);
            return len;
        }
        IpAddr target = Inet.localTarget(dst);
        IpAddr src = localAddr().isAny() ? net.sourceFor(target, v6()) : localAddr();
        if (ping) {
            int echo = v6() ? In.ICMPV6_ECHO_REQUEST : In.ICMP_ECHO;
            if ((payload[0] & 0xff) == echo) {
                byte[] reply = echoReply(payload);
                if (raw && !v6()) reply = withIpHeader(reply, target, src);
                deliver(new Datagram(reply, target, 0, src));
            }
            return len;
        }
        InetSocket r = net.udpPorts.lookup(target, port, src, localPort());
        if (r instanceof UdpSocket u) {
            u.deliver(new Datagram(payload, src, localPort(), target));
        } else if (net.forwardReply(target, port, payload)) {
            return len;
        } else if (addr == null) {
            // The ICMP port unreachable that loopback returns at once reaches connected sockets (__udp4_lib_err).
            setError(Errno.ECONNREFUSED.number());
        }
        return len;
    }

    /** The host channel that carries this socket's datagrams to other hosts, opened on first use. */
    private HostUdp hostChannel() throws ErrnoException {
        synchronized (this) {
            if (closed) throw ErrnoException.of(Errno.EBADF);
            if (host == null) host = net.nat.openUdp(this);
            return host;
        }
    }

    /** ping_common_sendmsg: an ICMP header with the echo request type. */
    private void checkEcho(byte[] data, int off, int len) throws ErrnoException {
        if (len < 8) throw ErrnoException.of(Errno.EINVAL);
        int type = data[off] & 0xff;
        int want = v6() ? In.ICMPV6_ECHO_REQUEST : In.ICMP_ECHO;
        if (type != want || data[off + 1] != 0) throw ErrnoException.of(Errno.EINVAL);
    }

    /** The echo reply the kernel sends back: type changed, the identifier set to the socket's port, checksum recomputed. */
    private byte[] echoReply(byte[] req) {
        byte[] r = req.clone();
        r[0] = (byte) (v6() ? In.ICMPV6_ECHO_REPLY : In.ICMP_ECHOREPLY);
        if (!raw) {
            int id = localPort();
            r[4] = (byte) (id >> 8);
            r[5] = (byte) id;
        }
        r[2] = r[3] = 0;
        int sum = checksum(r, 0, r.length);
        r[2] = (byte) (sum >> 8);
        r[3] = (byte) sum;
        return r;
    }

    /** The Internet checksum (RFC 1071) of {@code len} bytes. */
    private static int checksum(byte[] b, int off, int len) {
        int sum = 0;
        for (int i = 0; i + 1 < len; i += 2) sum += ((b[off + i] & 0xff) << 8) | (b[off + i + 1] & 0xff);
        if ((len & 1) != 0) sum += (b[off + len - 1] & 0xff) << 8;
        while ((sum >>> 16) != 0) sum = (sum & 0xffff) + (sum >>> 16);
        return ~sum & 0xffff;
    }

    /** A raw IPv4 socket receives the IP header too (struct iphdr: no options, TTL 64, protocol ICMP). */
    private static byte[] withIpHeader(byte[] icmp, IpAddr src, IpAddr dst) {
        byte[] p = new byte[20 + icmp.length];
        p[0] = 0x45;
        p[2] = (byte) (p.length >> 8);
        p[3] = (byte) p.length;
        p[6] = 0x40;
        p[8] = 64;
        p[9] = (byte) In.IPPROTO_ICMP;
        System.arraycopy(src.bytes4(), 0, p, 12, 4);
        System.arraycopy(dst.bytes4(), 0, p, 16, 4);
        int sum = checksum(p, 0, 20);
        p[10] = (byte) (sum >> 8);
        p[11] = (byte) sum;
        System.arraycopy(icmp, 0, p, 20, icmp.length);
        return p;
    }

    /**
     * Queues an arriving datagram; dropped when the receive buffer is full
     * (__udp_enqueue_schedule_skb), or when a connected socket hears from another address.
     */
    void deliver(Datagram d) {
        synchronized (this) {
            if (closed) return;
            if (connected && !ping && (!d.src().equals(peerAddr()) || d.srcPort() != peerPort())) return;
            int cost = d.data().length + OVERHEAD;
            if (queuedBytes + cost > rcvLimit() && !queue.isEmpty()) return;
            queue.add(d);
            queuedBytes += cost;
        }
        wakeUp();
    }

    @Override
    public int recvmsg(Task t, byte[] buf, int off, int len, int msgFlags, RecvInfo out) throws ErrnoException {
        if ((msgFlags & MSG_OOB) != 0) throw ErrnoException.of(Errno.EOPNOTSUPP);
        long deadline = rcvDeadline((msgFlags & MSG_DONTWAIT) != 0);
        while (true) {
            int err = takeError();
            if (err != 0) throw ErrnoException.of(err);
            Datagram d;
            synchronized (this) {
                d = (msgFlags & MSG_PEEK) != 0 ? queue.peek() : queue.poll();
                if (d != null && (msgFlags & MSG_PEEK) == 0) queuedBytes -= d.data().length + OVERHEAD;
                if (d == null && rdShut) return 0;
            }
            if (d != null) {
                int n = Math.min(len, d.data().length);
                System.arraycopy(d.data(), 0, buf, off, n);
                if (d.data().length > len) out.msgFlags |= MSG_TRUNC;
                out.addr = encode(d.src(), d.srcPort());
                out.control = control(d);
                if ((msgFlags & MSG_PEEK) == 0) wakeUp();
                return (msgFlags & MSG_TRUNC) != 0 ? d.data().length : n;
            }
            sleepUntil(t, () -> {
                synchronized (this) { return !queue.isEmpty() || rdShut || pendingError() != 0; }
            }, deadline);
        }
    }

    /** IP_PKTINFO / IPV6_RECVPKTINFO, IP_RECVTOS and IP_RECVTTL ancillary data. */
    private Control control(Datagram d) {
        List<Control.Raw> raw = new ArrayList<>();
        if (!d.dst().isV4() || !v6()) {
            if (ipOption(In.SOL_IP, In.IP_PKTINFO, 0) != 0 && d.dst().isV4()) {
                byte[] p = new byte[12];
                int ifindex = d.dst().isLoopback() ? 1 : 2;
                p[0] = (byte) ifindex;
                System.arraycopy(d.dst().bytes4(), 0, p, 4, 4);
                System.arraycopy(d.dst().bytes4(), 0, p, 8, 4);
                raw.add(new Control.Raw(In.SOL_IP, In.IP_PKTINFO, p));
            }
        }
        if (v6() && ipOption(In.SOL_IPV6, In.IPV6_RECVPKTINFO, 0) != 0) {
            byte[] p = new byte[20];
            System.arraycopy(d.dst().bytes16(), 0, p, 0, 16);
            p[16] = (byte) (d.dst().isLoopback() ? 1 : 2);
            raw.add(new Control.Raw(In.SOL_IPV6, In.IPV6_PKTINFO, p));
        }
        if (v6() && ipOption(In.SOL_IPV6, In.IPV6_RECVHOPLIMIT, 0) != 0) {
            raw.add(new Control.Raw(In.SOL_IPV6, In.IPV6_HOPLIMIT, intBytes(64)));
        }
        if (v6() && ipOption(In.SOL_IPV6, In.IPV6_2292HOPLIMIT, 0) != 0) {
            raw.add(new Control.Raw(In.SOL_IPV6, In.IPV6_2292HOPLIMIT, intBytes(64)));
        }
        if (ipOption(In.SOL_IP, In.IP_RECVTTL, 0) != 0) raw.add(new Control.Raw(In.SOL_IP, In.IP_TTL, intBytes(64)));
        if (ipOption(In.SOL_IP, In.IP_RECVTOS, 0) != 0) raw.add(new Control.Raw(In.SOL_IP, In.IP_TOS, new byte[1]));
        if (raw.isEmpty()) return null;
        Control c = new Control();
        c.other = raw;
        return c;
    }

    /** inet_shutdown: ENOTCONN on an unconnected socket, though the shutdown still applies. */
    @Override
    public void shutdown(Task t, int how) throws ErrnoException {
        if (how < SHUT_RD || how > SHUT_RDWR) throw ErrnoException.of(Errno.EINVAL);
        boolean wasConnected;
        synchronized (this) {
            wasConnected = connected;
            if (how != SHUT_WR) rdShut = true;
            if (how != SHUT_RD) wrShut = true;
        }
        wakeUp();
        if (!wasConnected) throw ErrnoException.of(Errno.ENOTCONN);
    }

    @Override
    public void setsockopt(Task t, int level, int name, byte[] value) throws ErrnoException {
        switch (level) {
            case SOL_SOCKET -> setSolSocket(t, name, value);
            case In.SOL_IP, In.SOL_IPV6 -> setIpOption(level, name, value);
            case In.SOL_UDP -> {
                if (ping || name != In.UDP_CORK) throw ErrnoException.of(Errno.ENOPROTOOPT);
                intValue(value);
            }
            case In.SOL_ICMPV6 -> {
                // ICMP6_FILTER (struct icmp6_filter) on raw ICMPv6 sockets: kept, echo replies always pass it.
                if (!raw || !v6() || name != In.ICMP6_FILTER) throw ErrnoException.of(Errno.ENOPROTOOPT);
                if (value.length > In.ICMP6_FILTER_SIZE) throw ErrnoException.of(Errno.EINVAL);
                synchronized (this) { icmp6Filter = java.util.Arrays.copyOf(value, In.ICMP6_FILTER_SIZE); }
            }
            default -> throw ErrnoException.of(Errno.ENOPROTOOPT);
        }
    }

    @Override
    public byte[] getsockopt(Task t, int level, int name, int optlen) throws ErrnoException {
        return switch (level) {
            case SOL_SOCKET -> getSolSocket(t, name, optlen);
            case In.SOL_IP, In.SOL_IPV6 -> getIpOption(level, name);
            case In.SOL_UDP -> {
                if (ping || name != In.UDP_CORK) throw ErrnoException.of(Errno.ENOPROTOOPT);
                yield intBytes(0);
            }
            case In.SOL_ICMPV6 -> {
                if (!raw || !v6() || name != In.ICMP6_FILTER) throw ErrnoException.of(Errno.ENOPROTOOPT);
                synchronized (this) { yield icmp6Filter.clone(); }
            }
            default -> throw ErrnoException.of(Errno.ENOPROTOOPT);
        };
    }

    /** datagram_poll. */
    @Override
    public int poll() {
        int mask = 0;
        synchronized (this) {
            if (rdShut) mask |= Poll.POLLRDHUP | Poll.POLLIN | Poll.POLLRDNORM;
            if (rdShut && wrShut) mask |= Poll.POLLHUP;
            if (!queue.isEmpty()) mask |= Poll.POLLIN | Poll.POLLRDNORM;
        }
        if (pendingError() != 0) mask |= Poll.POLLERR;
        return mask | Poll.POLLOUT | Poll.POLLWRNORM | Poll.POLLWRBAND;
    }

    @Override
    synchronized int inq() {
        Datagram d = queue.peek();
        return d == null ? 0 : d.data().length;
    }

    @Override int outq() { return 0; }

    @Override
    protected void onLastClose() {
        HostUdp h;
        synchronized (this) {
            closed = true;
            queue.clear();
            queuedBytes = 0;
            h = host;
            host = null;
        }
        if (h != null) h.close();
        unbind();
    }
}
