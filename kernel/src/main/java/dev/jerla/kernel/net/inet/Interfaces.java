package dev.jerla.kernel.net.inet;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.If;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.task.Task;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The guest's network interfaces and routes: the loopback "lo" (127.0.0.1/8, ::1/128) and, with
 * host access, "eth0" with the addresses QEMU's user networking gives a guest (10.0.2.15/24,
 * gateway 10.0.2.2, DNS 10.0.2.3). Answers the interface ioctls of net/core/dev_ioctl.c and
 * feeds the NETLINK_ROUTE dumps.
 */
public final class Interfaces {
    /** One interface (struct net_device as far as user space sees it). */
    public record Interface(String name, int index, int flags, int mtu, int type, byte[] hwaddr, byte[] broadcastHw,
            List<Address> addresses) {}

    /**
     * One address of an interface.
     *
     * @param family AF_INET or AF_INET6
     * @param addr 4 or 16 bytes
     * @param prefix the prefix length
     * @param broadcast the IPv4 broadcast address, or null
     * @param scope RT_SCOPE_HOST for loopback addresses, RT_SCOPE_UNIVERSE otherwise
     */
    public record Address(int family, byte[] addr, int prefix, byte[] broadcast, int scope) {}

    /**
     * One route of the main table.
     *
     * @param dst the destination (null for the default route), prefix its length
     * @param gateway the next hop, or null
     * @param prefsrc the preferred source, or null
     */
    public record Route(int family, byte[] dst, int prefix, byte[] gateway, int ifindex, byte[] prefsrc, int scope,
            int protocol) {}

    /** The guest's Ethernet address: QEMU's default 52:54:00:12:34:56. */
    private static final byte[] ETH_HWADDR = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};

    private final List<Interface> list = new ArrayList<>();
    private final List<Route> routes = new ArrayList<>();

    Interfaces(boolean hostAccess) {
        int loFlags = If.IFF_UP | If.IFF_LOOPBACK | If.IFF_RUNNING | If.IFF_LOWER_UP;
        list.add(new Interface("lo", 1, loFlags, 65536, If.ARPHRD_LOOPBACK, new byte[6], new byte[6], List.of(
                new Address(dev.jerla.abi.linux.Socket.AF_INET, IpAddr.LOOPBACK4.bytes4(), 8, null, 254),
                new Address(dev.jerla.abi.linux.Socket.AF_INET6, IpAddr.LOOPBACK6.bytes16(), 128, null, 254))));
        if (hostAccess) {
            int ethFlags = If.IFF_UP | If.IFF_BROADCAST | If.IFF_RUNNING | If.IFF_MULTICAST | If.IFF_LOWER_UP;
            byte[] bcast = IpAddr.v4(Inet.GUEST.v4() | 0xff).bytes4();
            list.add(new Interface("eth0", 2, ethFlags, 1500, If.ARPHRD_ETHER, ETH_HWADDR.clone(),
                    new byte[] {-1, -1, -1, -1, -1, -1}, List.of(
                    new Address(dev.jerla.abi.linux.Socket.AF_INET, Inet.GUEST.bytes4(), 24, bcast, 0))));
            routes.add(new Route(dev.jerla.abi.linux.Socket.AF_INET, null, 0, Inet.GATEWAY.bytes4(), 2, null, 0,
                    dev.jerla.abi.linux.Netlink.RTPROT_BOOT));
            routes.add(new Route(dev.jerla.abi.linux.Socket.AF_INET, IpAddr.v4(Inet.GUEST.v4() & 0xffffff00).bytes4(), 24,
                    null, 2, Inet.GUEST.bytes4(), dev.jerla.abi.linux.Netlink.RT_SCOPE_LINK,
                    dev.jerla.abi.linux.Netlink.RTPROT_KERNEL));
        }
        routes.add(new Route(dev.jerla.abi.linux.Socket.AF_INET6, IpAddr.LOOPBACK6.bytes16(), 128, null, 1, null, 0,
                dev.jerla.abi.linux.Netlink.RTPROT_KERNEL));
    }

    /** The interfaces in index order. */
    public List<Interface> interfaces() { return list; }

    /** The main routing table. */
    public List<Route> routes() { return routes; }

    private Interface byName(String name) throws ErrnoException {
        for (Interface i : list) if (i.name().equals(name)) return i;
        throw ErrnoException.of(Errno.ENODEV);
    }

    private static Address ipv4(Interface i) {
        for (Address a : i.addresses()) if (a.family() == dev.jerla.abi.linux.Socket.AF_INET) return a;
        return null;
    }

    private static void putSockaddrIn(byte[] ifr, byte[] addr4) {
        ifr[16] = (byte) dev.jerla.abi.linux.Socket.AF_INET;
        ifr[17] = 0;
        System.arraycopy(addr4, 0, ifr, 20, 4);
    }

    /** True for the interface ioctls answered here. */
    static boolean handles(int cmd) {
        return switch (cmd) {
            case If.SIOCGIFCONF, If.SIOCGIFNAME, If.SIOCGIFFLAGS, If.SIOCGIFADDR, If.SIOCGIFDSTADDR,
                    If.SIOCGIFBRDADDR, If.SIOCGIFNETMASK, If.SIOCGIFMETRIC, If.SIOCGIFMTU, If.SIOCGIFHWADDR,
                    If.SIOCGIFINDEX, If.SIOCGIFTXQLEN, If.SIOCSIFFLAGS -> true;
            default -> false;
        };
    }

    /** The interface ioctls on a socket (dev_ioctl, dev_ifconf); ENOTTY for other commands. */
    long ioctl(Task t, int cmd, long arg) throws ErrnoException {
        if (!handles(cmd)) throw ErrnoException.of(Errno.ENOTTY);
        if (cmd == If.SIOCGIFCONF) return ifconf(t, arg);
        byte[] ifr = t.mem().copyIn(arg, If.IFREQ_SIZE);
        if (cmd == If.SIOCGIFNAME) {
            int index = le32(ifr, 16);
            for (Interface i : list) {
                if (i.index() == index) {
                    java.util.Arrays.fill(ifr, 0, If.IFNAMSIZ, (byte) 0);
                    byte[] n = i.name().getBytes(StandardCharsets.US_ASCII);
                    System.arraycopy(n, 0, ifr, 0, n.length);
                    t.mem().copyOut(arg, ifr);
                    return 0;
                }
            }
            throw ErrnoException.of(Errno.ENODEV);
        }
        int end = 0;
        while (end < If.IFNAMSIZ && ifr[end] != 0) end++;
        Interface i = byName(new String(ifr, 0, end, StandardCharsets.US_ASCII));
        java.util.Arrays.fill(ifr, 16, If.IFREQ_SIZE, (byte) 0);
        switch (cmd) {
            case If.SIOCGIFFLAGS -> {
                ifr[16] = (byte) i.flags();
                ifr[17] = (byte) (i.flags() >> 8);
            }
            case If.SIOCSIFFLAGS -> {
                if (t.creds().euid() != 0) throw ErrnoException.of(Errno.EPERM);
                return 0;
            }
            case If.SIOCGIFADDR, If.SIOCGIFNETMASK, If.SIOCGIFBRDADDR, If.SIOCGIFDSTADDR -> {
                Address a = ipv4(i);
                if (a == null) throw ErrnoException.of(Errno.EADDRNOTAVAIL);
                byte[] v = switch (cmd) {
                    case If.SIOCGIFADDR, If.SIOCGIFDSTADDR -> a.addr();
                    case If.SIOCGIFNETMASK -> IpAddr.v4(a.prefix() == 0 ? 0 : -1 << (32 - a.prefix())).bytes4();
                    default -> a.broadcast() != null ? a.broadcast() : new byte[4];
                };
                putSockaddrIn(ifr, v);
            }
            case If.SIOCGIFMTU -> put32(ifr, 16, i.mtu());
            case If.SIOCGIFMETRIC -> put32(ifr, 16, 0);
            case If.SIOCGIFINDEX -> put32(ifr, 16, i.index());
            case If.SIOCGIFTXQLEN -> put32(ifr, 16, 1000);
            case If.SIOCGIFHWADDR -> {
                ifr[16] = (byte) i.type();
                ifr[17] = (byte) (i.type() >> 8);
                System.arraycopy(i.hwaddr(), 0, ifr, 18, 6);
            }
            default -> throw ErrnoException.of(Errno.ENOTTY);
        }
        t.mem().copyOut(arg, ifr);
        return 0;
    }

    /** SIOCGIFCONF: an ifreq per IPv4 address; a null buffer asks for the length needed. */
    private long ifconf(Task t, long arg) throws ErrnoException {
        byte[] ifc = t.mem().copyIn(arg, If.IFCONF_SIZE);
        int len = le32(ifc, 0);
        long buf = le64(ifc, 8);
        int done = 0;
        for (Interface i : list) {
            Address a = ipv4(i);
            if (a == null) continue;
            if (buf != 0) {
                if (len - done < If.IFREQ_SIZE) break;
                byte[] ifr = new byte[If.IFREQ_SIZE];
                byte[] n = i.name().getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(n, 0, ifr, 0, n.length);
                putSockaddrIn(ifr, a.addr());
                t.mem().copyOut(buf + done, ifr);
            }
            done += If.IFREQ_SIZE;
        }
        t.mem().writeInt(arg, done);
        return 0;
    }

    private static int le32(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    private static long le64(byte[] b, int off) {
        return (le32(b, off) & 0xffffffffL) | (long) le32(b, off + 4) << 32;
    }

    private static void put32(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >> 8);
        b[off + 2] = (byte) (v >> 16);
        b[off + 3] = (byte) (v >> 24);
    }

    /** The MTU of the interface a packet to {@code dst} leaves by. */
    int mtuFor(IpAddr dst) {
        return dst.isLoopback() || dst.equals(Inet.GUEST) || list.size() < 2 ? 65536 : 1500;
    }
}
