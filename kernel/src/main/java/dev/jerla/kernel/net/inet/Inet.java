package dev.jerla.kernel.net.inet;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.In;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.Kernel;
import dev.jerla.kernel.net.Socket;
import dev.jerla.kernel.net.SocketFamily;
import dev.jerla.kernel.net.netlink.NetlinkFamily;
import dev.jerla.kernel.task.Task;

import static dev.jerla.abi.linux.Socket.AF_INET;
import static dev.jerla.abi.linux.Socket.AF_INET6;
import static dev.jerla.abi.linux.Socket.AF_NETLINK;
import static dev.jerla.abi.linux.Socket.SOCK_DGRAM;
import static dev.jerla.abi.linux.Socket.SOCK_RAW;
import static dev.jerla.abi.linux.Socket.SOCK_STREAM;

/**
 * The guest's internet stack: AF_INET and AF_INET6 sockets (TCP, UDP and ICMP echo "ping"
 * sockets) over an in-kernel loopback, the host-backed eth0 interface whose outbound traffic is
 * carried by host sockets ({@link Nat}), and the host ports forwarded to guest ports
 * ({@link PortForwards}). Addresses follow QEMU's user networking: the guest is 10.0.2.15/24, the
 * gateway 10.0.2.2 is the host's own 127.0.0.1.
 */
public final class Inet {
    /** The guest's address on eth0. */
    static final IpAddr GUEST = IpAddr.v4(0x0a00020f);
    /** The gateway; traffic to it reaches the host's loopback. */
    static final IpAddr GATEWAY = IpAddr.v4(0x0a000202);
    /** The DNS address of QEMU's user networking (answered by the host's resolver). */
    static final IpAddr DNS = IpAddr.v4(0x0a000203);
    /** The broadcast address of eth0's network. */
    static final IpAddr BROADCAST = IpAddr.v4(0x0a0002ff);

    private final boolean hostAccess;
    private final Interfaces interfaces;
    final PortTable tcpPorts = new PortTable(true);
    final PortTable udpPorts = new PortTable(false);
    final PortTable pingPorts = new PortTable(false);
    final Nat nat;
    private final PortForwards forwards;

    private Inet(Kernel kernel) {
        this.hostAccess = kernel.config().network() == null || kernel.config().network().hostAccess();
        this.interfaces = new Interfaces(hostAccess);
        this.nat = new Nat();
        this.forwards = new PortForwards(this, kernel.config().network() == null
                ? java.util.List.of() : kernel.config().network().forwards(), kernel.log());
    }

    /** The stack of each kernel, for {@link #shutdown(Kernel)}. */
    private static final java.util.Map<Kernel, Inet> STACKS =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /**
     * Registers AF_INET, AF_INET6 and AF_NETLINK with the kernel's socket layer and opens the
     * host listeners of the port forwards.
     */
    public static void install(Kernel k) {
        Inet net = new Inet(k);
        k.sockets().register(AF_INET, net.family(AF_INET));
        k.sockets().register(AF_INET6, net.family(AF_INET6));
        k.sockets().register(AF_NETLINK, new NetlinkFamily(net.interfaces));
        k.sockets().setDeviceIoctl(net.interfaces::ioctl);
        STACKS.put(k, net);
        net.forwards.start();
    }

    /** Closes the port forwards' host listeners and every host connection of kernel {@code k}. */
    public static void shutdown(Kernel k) {
        Inet net = STACKS.remove(k);
        if (net == null) return;
        net.forwards.stop();
        net.nat.stop();
    }

    boolean hostAccess() { return hostAccess; }

    Interfaces interfaces() { return interfaces; }

    /** inet_create / inet6_create: the protocol for a type, as inetsw lists them. */
    private SocketFamily family(int family) {
        return (Task t, int type, int protocol, int fileFlags) -> {
            Socket s = switch (type) {
                case SOCK_STREAM -> {
                    if (protocol != 0 && protocol != In.IPPROTO_TCP) throw ErrnoException.of(Errno.EPROTONOSUPPORT);
                    yield new TcpSocket(this, t.creds().euid(), family, fileFlags);
                }
                case SOCK_DGRAM -> {
                    int icmp = family == AF_INET ? In.IPPROTO_ICMP : In.IPPROTO_ICMPV6;
                    if (protocol == icmp) yield new UdpSocket(this, t.creds().euid(), family, protocol, fileFlags, true);
                    if (protocol != 0 && protocol != In.IPPROTO_UDP) throw ErrnoException.of(Errno.EPROTONOSUPPORT);
                    yield new UdpSocket(this, t.creds().euid(), family, In.IPPROTO_UDP, fileFlags, false);
                }
                // Raw sockets need CAP_NET_RAW (root here); of them only ICMP (for ping) exists.
                case SOCK_RAW -> {
                    int icmp = family == AF_INET ? In.IPPROTO_ICMP : In.IPPROTO_ICMPV6;
                    if (t.creds().euid() != 0) throw ErrnoException.of(Errno.EPERM);
                    if (protocol != icmp) throw ErrnoException.of(Errno.EPROTONOSUPPORT);
                    yield new UdpSocket(this, t.creds().euid(), family, SOCK_RAW, protocol, fileFlags, true);
                }
                default -> throw ErrnoException.of(Errno.ESOCKTNOSUPPORT);
            };
            s.setOwner(t);
            return s;
        };
    }

    /** An address of one of the guest's interfaces (or the wildcard); multicast and broadcast too for UDP. */
    boolean isLocalAddress(IpAddr a, boolean udp) {
        if (a.isAny() || a.isLoopback()) return true;
        if (hostAccess && a.equals(GUEST)) return true;
        return udp && (a.isMulticast() || a.isBroadcast());
    }

    /** True when a packet to {@code dst} stays inside the guest (loopback, its own address, the wildcard). */
    boolean isLocalDestination(IpAddr dst) {
        return dst.isAny() || dst.isLoopback() || (hostAccess && dst.equals(GUEST));
    }

    /** The address a connection to the wildcard reaches: the loopback of the same family. */
    static IpAddr localTarget(IpAddr dst) {
        if (dst.equals(IpAddr.ANY4)) return IpAddr.LOOPBACK4;
        if (dst.equals(IpAddr.ANY6)) return IpAddr.LOOPBACK6;
        return dst;
    }

    /** Fails with ENETUNREACH for destinations no interface reaches. */
    void checkRoute(IpAddr dst) throws ErrnoException {
        if (isLocalDestination(dst)) return;
        if (!hostAccess || !dst.isV4()) throw ErrnoException.of(Errno.ENETUNREACH);
    }

    /** The source address of a packet to {@code dst} (the preferred source of its route). */
    IpAddr sourceFor(IpAddr dst, boolean v6) {
        IpAddr d = localTarget(dst);
        if (d.isLoopback()) return d.isV4() ? IpAddr.LOOPBACK4 : IpAddr.LOOPBACK6;
        if (d.isV4()) return hostAccess ? GUEST : IpAddr.LOOPBACK4;
        return IpAddr.LOOPBACK6;
    }

    int mtuFor(IpAddr dst) { return interfaces.mtuFor(dst); }

    /** A guest datagram answering a forwarded UDP port's host peer goes back through the forward. */
    boolean forwardReply(IpAddr dst, int port, byte[] payload) {
        return forwards.replyUdp(dst, port, payload);
    }

    /** The host address a guest packet to {@code dst} goes to: the gateway is the host's loopback. */
    static java.net.InetAddress hostAddress(IpAddr dst) {
        if (dst.equals(GATEWAY)) return IpAddr.LOOPBACK4.toHost();
        return dst.toHost();
    }

    /** The guest address a host packet from {@code src} appears to come from. */
    static IpAddr guestAddress(java.net.InetAddress src) {
        if (src.isLoopbackAddress()) return GATEWAY;
        return IpAddr.ofHost(src);
    }
}
