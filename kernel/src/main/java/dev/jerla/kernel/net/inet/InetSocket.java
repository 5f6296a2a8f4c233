package dev.jerla.kernel.net.inet;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.In;
import dev.jerla.abi.linux.Ioctl;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.net.Socket;
import dev.jerla.kernel.task.Task;

import java.util.HashMap;
import java.util.Map;

import static dev.jerla.abi.linux.Socket.AF_INET;
import static dev.jerla.abi.linux.Socket.AF_INET6;
import static dev.jerla.abi.linux.Socket.AF_UNSPEC;
import static dev.jerla.abi.linux.Socket.SO_REUSEADDR;
import static dev.jerla.abi.linux.Socket.SO_REUSEPORT;

/**
 * What TCP, UDP and ping sockets of both address families share (struct inet_sock and
 * ipv6_pinfo): the local and remote address and port, binding through the protocol's
 * {@link PortTable}, sockaddr_in / sockaddr_in6 parsing with the checks of inet_bind, inet6_bind
 * and the connect paths, the IP and IPv6 level options, and the interface ioctls.
 */
abstract class InetSocket extends Socket {
    /** A destination or source: address and port. */
    record Endpoint(IpAddr addr, int port) {}

    final Inet net;
    private final boolean v6;
    private final int ownerUid;
    // mu (this) serializes changes of the addresses and options below; the port tables read the
    // volatile ones without it, so that no table lookup ever waits for a socket's monitor.
    private volatile IpAddr localAddr;
    private volatile int localPort;
    private volatile boolean bound;
    /** The port was chosen by an implicit bind (connect, sendto) and is released on disconnect. */
    private boolean autobound;
    private volatile IpAddr peerAddr;
    private volatile int peerPort;
    private volatile boolean v6only;
    /** Integer IP / IPv6 options by (level << 16 | name). */
    private final Map<Integer, Integer> ipOptions = new HashMap<>();
    /** SO_RCVBUF as set (doubled), or -1 for the protocol's default. */
    private volatile int rcvbufSet = -1;

    InetSocket(Inet net, int ownerUid, int family, int type, int protocol, int flags) {
        super(family, type, protocol, flags);
        this.net = net;
        this.v6 = family == AF_INET6;
        this.ownerUid = ownerUid;
        this.localAddr = v6 ? IpAddr.ANY6 : IpAddr.ANY4;
        this.peerAddr = localAddr;
    }

    /** The port table of this socket's protocol. */
    abstract PortTable ports();

    final boolean v6() { return v6; }

    final int ownerUid() { return ownerUid; }

    boolean v6only() { return v6only; }

    IpAddr localAddr() { return localAddr; }

    int localPort() { return localPort; }

    IpAddr peerAddr() { return peerAddr; }

    int peerPort() { return peerPort; }

    boolean bound() { return bound; }

    boolean reuseAddr() { return option(SO_REUSEADDR); }

    boolean reusePort() { return option(SO_REUSEPORT); }

    /** True for a listening TCP socket. */
    boolean listening() { return false; }

    // ---------------------------------------------------------------- addresses

    /**
     * Parses a sockaddr for bind (inet_bind / inet6_bind) or connect and sendto: EINVAL when
     * too short, EAFNOSUPPORT for another family. An IPv4 address given to an IPv6 socket is
     * accepted where Linux accepts it ({@code allowV4}: UDP connect and sendto).
     */
    final Endpoint parse(byte[] sa, boolean forBind, boolean allowV4) throws ErrnoException {
        int fam = sa.length >= 2 ? (sa[0] & 0xff) | (sa[1] & 0xff) << 8 : -1;
        if (!v6 || (allowV4 && fam == AF_INET)) {
            if (sa.length < In.SOCKADDR_IN_SIZE) throw ErrnoException.of(Errno.EINVAL);
            IpAddr a = IpAddr.of4(sa, 4);
            if (fam != AF_INET && !(fam == AF_UNSPEC && (forBind ? a.isAny() : !v6))) {
                throw ErrnoException.of(Errno.EAFNOSUPPORT);
            }
            if (v6 && v6only()) throw ErrnoException.of(Errno.ENETUNREACH);
            return new Endpoint(a, In.port(sa));
        }
        if (sa.length < In.SIN6_LEN_RFC2133) throw ErrnoException.of(Errno.EINVAL);
        if (fam != AF_INET6) throw ErrnoException.of(Errno.EAFNOSUPPORT);
        IpAddr a = IpAddr.of16(sa, 8);
        if (a.isV4() && v6only()) throw ErrnoException.of(forBind ? Errno.EINVAL : Errno.ENETUNREACH);
        return new Endpoint(a, In.port(sa));
    }

    /** The sockaddr of this socket's family for an endpoint. */
    final byte[] encode(IpAddr a, int port) {
        if (!v6) return In.sockaddrIn(a.isV4() ? a.v4() : 0, port);
        return In.sockaddrIn6(a.bytes16(), port, 0);
    }

    @Override
    public byte[] sockName() {
        synchronized (this) {
            return encode(localAddr, localPort);
        }
    }

    /** bind(2): EINVAL if already bound, EADDRNOTAVAIL for an address not on an interface, EACCES below 1024 for non-root. */
    @Override
    public void bind(Task t, byte[] addr) throws ErrnoException {
        Endpoint e = parse(addr, true, false);
        if (!net.isLocalAddress(e.addr(), this instanceof UdpSocket) && !freeBind()) {
            throw ErrnoException.of(Errno.EADDRNOTAVAIL);
        }
        if (e.port() != 0 && e.port() < In.PROT_SOCK && t.creds().euid() != 0) throw ErrnoException.of(Errno.EACCES);
        synchronized (this) {
            if (bound || !canBind()) throw ErrnoException.of(Errno.EINVAL);
            int port = ports().bind(this, e.addr(), e.port());
            localAddr = e.addr();
            localPort = port;
            bound = true;
            autobound = false;
        }
    }

    /** False once the socket's state forbids bind (connected, listening). */
    boolean canBind() { return true; }

    private boolean freeBind() {
        synchronized (this) {
            return ipOptions.getOrDefault(key(In.SOL_IP, In.IP_FREEBIND), 0) != 0
                    || ipOptions.getOrDefault(key(In.SOL_IP, In.IP_TRANSPARENT), 0) != 0;
        }
    }

    /**
     * Binds to an ephemeral port with the source address a packet to {@code dst} carries (the
     * implicit bind of connect and sendto); keeps an existing binding.
     */
    final void autobind(IpAddr dst) throws ErrnoException {
        synchronized (this) {
            if (bound) {
                if (localAddr.isAny() && dst != null) localAddr = net.sourceFor(dst, v6);
                return;
            }
            int port = ports().bind(this, v6 ? IpAddr.ANY6 : IpAddr.ANY4, 0);
            localAddr = dst != null ? net.sourceFor(dst, v6) : (v6 ? IpAddr.ANY6 : IpAddr.ANY4);
            localPort = port;
            bound = true;
            autobound = true;
        }
    }

    /** Sets the local address (an accepted socket: the address the client connected to). */
    final synchronized void setLocal(IpAddr a, int port) {
        localAddr = a;
        localPort = port;
        bound = true;
    }

    final synchronized void setPeer(IpAddr a, int port) {
        peerAddr = a;
        peerPort = port;
    }

    /** Forgets the peer (AF_UNSPEC connect); an implicit binding is released, an address chosen for it reset. */
    final void disconnectAddresses(boolean keepPort) {
        synchronized (this) {
            peerAddr = v6 ? IpAddr.ANY6 : IpAddr.ANY4;
            peerPort = 0;
            if (autobound && !keepPort && bound) {
                ports().unbind(this, localPort);
                bound = false;
                autobound = false;
                localPort = 0;
            }
            if (autobound || !bound) localAddr = v6 ? IpAddr.ANY6 : IpAddr.ANY4;
        }
    }

    /** Leaves the port table (close). */
    final void unbind() {
        synchronized (this) {
            if (!bound) return;
            ports().unbind(this, localPort);
            bound = false;
        }
    }

    // ---------------------------------------------------------------- options

    /** Boolean SOL_SOCKET options an accepted socket takes over from its listener (sk_clone_lock copies them all). */
    private static final int[] INHERITED = {
        dev.jerla.abi.linux.Socket.SO_REUSEADDR, dev.jerla.abi.linux.Socket.SO_REUSEPORT,
        dev.jerla.abi.linux.Socket.SO_KEEPALIVE, dev.jerla.abi.linux.Socket.SO_OOBINLINE,
        dev.jerla.abi.linux.Socket.SO_DONTROUTE, dev.jerla.abi.linux.Socket.SO_BROADCAST
    };

    /** Copies the options of listener {@code l} into this new accepted socket. */
    final void inheritOptions(InetSocket l) {
        for (int name : INHERITED) {
            if (!l.option(name)) continue;
            try {
                setSocketOption(null, name, intBytes(1));
            } catch (ErrnoException e) {
                throw new IllegalStateException("boolean option " + name, e);
            }
        }
        rcvbufSet = l.rcvbufSet;
        synchronized (l) {
            Map<Integer, Integer> copy = new HashMap<>(l.ipOptions);
            synchronized (this) {
                ipOptions.putAll(copy);
                v6only = l.v6only;
            }
        }
    }

    /** The protocol's SO_RCVBUF before any setsockopt (tcp_rmem[1] for TCP, rmem_default otherwise). */
    int defaultRcvbuf() { return Socket.DEFAULT_BUFFER; }

    /** The receive buffer size in effect (sk_rcvbuf). */
    final int rcvLimit() {
        int v = rcvbufSet;
        return v >= 0 ? v : defaultRcvbuf();
    }

    /**
     * SOL_SOCKET options: SO_RCVBUF and SO_RCVBUFFORCE are kept here (doubled and clamped as
     * sk_setsockopt does, against rmem_max), the others go to the socket layer.
     */
    final void setSolSocket(Task t, int name, byte[] value) throws ErrnoException {
        if (name == dev.jerla.abi.linux.Socket.SO_RCVBUF || name == dev.jerla.abi.linux.Socket.SO_RCVBUFFORCE) {
            int val = intValue(value);
            long v;
            if (name == dev.jerla.abi.linux.Socket.SO_RCVBUFFORCE) {
                if (t.creds().euid() != 0) throw ErrnoException.of(Errno.EPERM);
                v = Math.max(val, 0);
            } else {
                v = Math.min(val & 0xFFFFFFFFL, Socket.MAX_BUFFER);
            }
            rcvbufSet = (int) Math.max(Math.min(v, Integer.MAX_VALUE / 2) * 2, Socket.MIN_RCVBUF);
            wakeUp();
            return;
        }
        setSocketOption(t, name, value);
    }

    /** SOL_SOCKET getsockopt with this socket's SO_RCVBUF. */
    final byte[] getSolSocket(Task t, int name, int optlen) throws ErrnoException {
        if (name == dev.jerla.abi.linux.Socket.SO_RCVBUF) return intBytes(rcvLimit());
        return getSocketOption(t, name, optlen);
    }

    private static int key(int level, int name) { return level << 16 | name; }

    /** An integer IP-level option as set, or {@code dflt}. */
    final synchronized int ipOption(int level, int name, int dflt) {
        return ipOptions.getOrDefault(key(level, name), dflt);
    }

    static int intValue(byte[] v) throws ErrnoException {
        if (v.length < 4) throw ErrnoException.of(Errno.EINVAL);
        return le(v).getInt(0);
    }

    /** do_ip_setsockopt: an int, or a single byte for the options that accept one. */
    private static int ipValue(byte[] v) throws ErrnoException {
        if (v.length >= 4) return le(v).getInt(0);
        if (v.length >= 1) return v[0] & 0xff;
        throw ErrnoException.of(Errno.EINVAL);
    }

    /** IP-level (SOL_IP, and SOL_IPV6 on IPv6 sockets) setsockopt (ip_setsockopt, ipv6_setsockopt). */
    final void setIpOption(int level, int name, byte[] value) throws ErrnoException {
        if (level == In.SOL_IPV6 && !v6) throw ErrnoException.of(Errno.ENOPROTOOPT);
        if (level == In.SOL_IP) {
            switch (name) {
                case In.IP_TOS -> {
                    int v = ipValue(value);
                    synchronized (this) {
                        ipOptions.put(key(level, name), v & 0xfc);
                    }
                }
                case In.IP_TTL -> {
                    int v = ipValue(value);
                    if (v == -1) v = 64;
                    if (v < 1 || v > 255) throw ErrnoException.of(Errno.EINVAL);
                    put(level, name, v);
                }
                case In.IP_MULTICAST_TTL -> {
                    int v = ipValue(value);
                    if (v == -1) v = 1;
                    if (v < 0 || v > 255) throw ErrnoException.of(Errno.EINVAL);
                    put(level, name, v);
                }
                case In.IP_MTU_DISCOVER -> {
                    int v = ipValue(value);
                    if (v < 0 || v > 5) throw ErrnoException.of(Errno.EINVAL);
                    put(level, name, v);
                }
                case In.IP_RECVERR, In.IP_PKTINFO, In.IP_RECVTOS, In.IP_RECVTTL, In.IP_FREEBIND,
                        In.IP_TRANSPARENT, In.IP_BIND_ADDRESS_NO_PORT, In.IP_MULTICAST_LOOP, In.IP_RECVOPTS,
                        In.IP_HDRINCL -> put(level, name, ipValue(value) != 0 ? 1 : 0);
                case In.IP_MULTICAST_IF, In.IP_ADD_MEMBERSHIP, In.IP_DROP_MEMBERSHIP, In.IP_OPTIONS -> {
                    if (name != In.IP_OPTIONS && value.length < 4) throw ErrnoException.of(Errno.EINVAL);
                }
                default -> throw ErrnoException.of(Errno.ENOPROTOOPT);
            }
            return;
        }
        int v = intValue(value);
        switch (name) {
            case In.IPV6_V6ONLY -> {
                synchronized (this) {
                    if (bound) throw ErrnoException.of(Errno.EINVAL);
                    v6only = v != 0;
                }
            }
            case In.IPV6_UNICAST_HOPS, In.IPV6_MULTICAST_HOPS, In.IPV6_TCLASS -> {
                if (v < -1 || v > 255) throw ErrnoException.of(Errno.EINVAL);
                put(level, name, v);
            }
            case In.IPV6_RECVPKTINFO, In.IPV6_RECVERR, In.IPV6_MULTICAST_LOOP, In.IPV6_RECVTCLASS,
                    In.IPV6_RECVHOPLIMIT, In.IPV6_2292HOPLIMIT -> put(level, name, v != 0 ? 1 : 0);
            case In.IPV6_MTU_DISCOVER -> {
                if (v < 0 || v > 5) throw ErrnoException.of(Errno.EINVAL);
                put(level, name, v);
            }
            case In.IPV6_MULTICAST_IF, In.IPV6_ADD_MEMBERSHIP, In.IPV6_DROP_MEMBERSHIP -> {}
            default -> throw ErrnoException.of(Errno.ENOPROTOOPT);
        }
    }

    private synchronized void put(int level, int name, int v) {
        ipOptions.put(key(level, name), v);
    }

    /** IP-level getsockopt (do_ip_getsockopt, do_ipv6_getsockopt). */
    final byte[] getIpOption(int level, int name) throws ErrnoException {
        if (level == In.SOL_IPV6 && !v6) throw ErrnoException.of(Errno.ENOPROTOOPT);
        if (level == In.SOL_IP) {
            return switch (name) {
                case In.IP_TOS -> intBytes(ipOption(level, name, 0));
                case In.IP_TTL -> intBytes(ipOption(level, name, 64));
                case In.IP_MULTICAST_TTL, In.IP_MULTICAST_LOOP -> intBytes(ipOption(level, name, 1));
                case In.IP_MTU_DISCOVER -> intBytes(ipOption(level, name, In.IP_PMTUDISC_WANT));
                case In.IP_RECVERR, In.IP_PKTINFO, In.IP_RECVTOS, In.IP_RECVTTL, In.IP_FREEBIND,
                        In.IP_TRANSPARENT, In.IP_BIND_ADDRESS_NO_PORT, In.IP_RECVOPTS, In.IP_HDRINCL ->
                        intBytes(ipOption(level, name, 0));
                case In.IP_MTU -> {
                    if (peerPort() == 0 && !connectedForMtu()) throw ErrnoException.of(Errno.ENOTCONN);
                    yield intBytes(Math.min(net.mtuFor(peerAddr()), 65535));
                }
                case In.IP_OPTIONS -> new byte[0];
                default -> throw ErrnoException.of(Errno.ENOPROTOOPT);
            };
        }
        return switch (name) {
            case In.IPV6_V6ONLY -> intBytes(v6only() ? 1 : 0);
            case In.IPV6_UNICAST_HOPS -> {
                int v = ipOption(level, name, -1);
                yield intBytes(v == -1 ? 64 : v);
            }
            case In.IPV6_MULTICAST_HOPS -> {
                int v = ipOption(level, name, -1);
                yield intBytes(v == -1 ? 1 : v);
            }
            case In.IPV6_TCLASS -> {
                int v = ipOption(level, name, -1);
                yield intBytes(v == -1 ? 0 : v);
            }
            case In.IPV6_MULTICAST_LOOP -> intBytes(ipOption(level, name, 1));
            case In.IPV6_RECVPKTINFO, In.IPV6_RECVERR, In.IPV6_RECVTCLASS, In.IPV6_RECVHOPLIMIT, In.IPV6_2292HOPLIMIT ->
                    intBytes(ipOption(level, name, 0));
            case In.IPV6_MTU_DISCOVER -> intBytes(ipOption(level, name, In.IP_PMTUDISC_WANT));
            case In.IPV6_MTU -> {
                if (peerPort() == 0 && !connectedForMtu()) throw ErrnoException.of(Errno.ENOTCONN);
                yield intBytes(Math.min(net.mtuFor(peerAddr()), 65535));
            }
            default -> throw ErrnoException.of(Errno.ENOPROTOOPT);
        };
    }

    /** True when the socket has a route for IP_MTU (connected). */
    boolean connectedForMtu() { return false; }

    // ---------------------------------------------------------------- ioctls

    /** Bytes ready to read (SIOCINQ) and not yet sent or acknowledged (SIOCOUTQ). */
    abstract int inq() throws ErrnoException;

    abstract int outq() throws ErrnoException;

    @Override
    public long ioctl(Task t, int cmd, long arg) throws ErrnoException {
        switch (cmd) {
            case Ioctl.FIONREAD -> {
                t.mem().writeInt(arg, inq());
                return 0;
            }
            case Ioctl.TIOCOUTQ -> {
                t.mem().writeInt(arg, outq());
                return 0;
            }
            default -> {
                return net.interfaces().ioctl(t, cmd, arg);
            }
        }
    }
}
