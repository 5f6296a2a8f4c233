package dev.jerla.abi.linux;

/**
 * Internet protocol constants: protocol numbers, the IP, IPv6, TCP and UDP socket options, TCP
 * states and the sockaddr_in / sockaddr_in6 layouts (include/uapi/linux/in.h, in6.h, ipv6.h,
 * tcp.h, include/net/tcp_states.h).
 */
public final class In {
    private In() {}

    public static final int IPPROTO_IP = 0;
    public static final int IPPROTO_ICMP = 1;
    public static final int IPPROTO_TCP = 6;
    public static final int IPPROTO_UDP = 17;
    public static final int IPPROTO_IPV6 = 41;
    public static final int IPPROTO_ICMPV6 = 58;
    public static final int IPPROTO_UDPLITE = 136;
    public static final int IPPROTO_RAW = 255;

    /** Option levels: the protocol numbers (SOL_IP = IPPROTO_IP ...). */
    public static final int SOL_IP = 0;
    public static final int SOL_TCP = 6;
    public static final int SOL_UDP = 17;
    public static final int SOL_IPV6 = 41;
    public static final int SOL_ICMPV6 = 58;

    public static final int IP_TOS = 1;
    public static final int IP_TTL = 2;
    public static final int IP_HDRINCL = 3;
    public static final int IP_OPTIONS = 4;
    public static final int IP_RECVOPTS = 6;
    public static final int IP_RETOPTS = 7;
    public static final int IP_PKTINFO = 8;
    public static final int IP_MTU_DISCOVER = 10;
    public static final int IP_RECVERR = 11;
    public static final int IP_RECVTTL = 12;
    public static final int IP_RECVTOS = 13;
    public static final int IP_MTU = 14;
    public static final int IP_FREEBIND = 15;
    public static final int IP_TRANSPARENT = 19;
    public static final int IP_BIND_ADDRESS_NO_PORT = 24;
    public static final int IP_MULTICAST_IF = 32;
    public static final int IP_MULTICAST_TTL = 33;
    public static final int IP_MULTICAST_LOOP = 34;
    public static final int IP_ADD_MEMBERSHIP = 35;
    public static final int IP_DROP_MEMBERSHIP = 36;
    /** IP_PMTUDISC_* values of IP_MTU_DISCOVER. */
    public static final int IP_PMTUDISC_DONT = 0;
    public static final int IP_PMTUDISC_WANT = 1;
    public static final int IP_PMTUDISC_DO = 2;

    public static final int IPV6_ADDRFORM = 1;
    /** The RFC 2292 form of IPV6_RECVHOPLIMIT; its cmsg has this type too. */
    public static final int IPV6_2292HOPLIMIT = 8;
    public static final int IPV6_UNICAST_HOPS = 16;
    public static final int IPV6_MULTICAST_IF = 17;
    public static final int IPV6_MULTICAST_HOPS = 18;
    public static final int IPV6_MULTICAST_LOOP = 19;
    public static final int IPV6_ADD_MEMBERSHIP = 20;
    public static final int IPV6_DROP_MEMBERSHIP = 21;
    public static final int IPV6_MTU_DISCOVER = 23;
    public static final int IPV6_MTU = 24;
    public static final int IPV6_RECVERR = 25;
    public static final int IPV6_V6ONLY = 26;
    public static final int IPV6_RECVPKTINFO = 49;
    public static final int IPV6_PKTINFO = 50;
    public static final int IPV6_RECVHOPLIMIT = 51;
    public static final int IPV6_HOPLIMIT = 52;
    public static final int IPV6_RECVTCLASS = 66;
    public static final int IPV6_TCLASS = 67;

    public static final int TCP_NODELAY = 1;
    public static final int TCP_MAXSEG = 2;
    public static final int TCP_CORK = 3;
    public static final int TCP_KEEPIDLE = 4;
    public static final int TCP_KEEPINTVL = 5;
    public static final int TCP_KEEPCNT = 6;
    public static final int TCP_SYNCNT = 7;
    public static final int TCP_LINGER2 = 8;
    public static final int TCP_DEFER_ACCEPT = 9;
    public static final int TCP_WINDOW_CLAMP = 10;
    public static final int TCP_INFO = 11;
    public static final int TCP_QUICKACK = 12;
    public static final int TCP_CONGESTION = 13;
    public static final int TCP_USER_TIMEOUT = 18;
    public static final int TCP_FASTOPEN = 23;
    public static final int TCP_NOTSENT_LOWAT = 25;
    /** TCP_MAXSEG limits: the default MSS on loopback and the bounds of tcp_setsockopt. */
    public static final int TCP_MIN_MSS = 88;
    public static final int TCP_MAX_WINDOW = 32767;
    /** MAX_TCP_KEEPIDLE / MAX_TCP_KEEPINTVL / MAX_TCP_KEEPCNT of include/net/tcp.h. */
    public static final int MAX_TCP_KEEPIDLE = 32767;
    public static final int MAX_TCP_KEEPINTVL = 32767;
    public static final int MAX_TCP_KEEPCNT = 127;
    /** sizeof(struct tcp_info) as of Linux 6.x. */
    public static final int TCP_INFO_SIZE = 248;

    /** TCP states (include/net/tcp_states.h), as tcp_info.tcpi_state reports them. */
    public static final int TCP_ESTABLISHED = 1;
    public static final int TCP_SYN_SENT = 2;
    public static final int TCP_SYN_RECV = 3;
    public static final int TCP_FIN_WAIT1 = 4;
    public static final int TCP_FIN_WAIT2 = 5;
    public static final int TCP_TIME_WAIT = 6;
    public static final int TCP_CLOSE = 7;
    public static final int TCP_CLOSE_WAIT = 8;
    public static final int TCP_LAST_ACK = 9;
    public static final int TCP_LISTEN = 10;
    public static final int TCP_CLOSING = 11;

    public static final int UDP_CORK = 1;

    public static final int INADDR_ANY = 0;
    public static final int INADDR_BROADCAST = 0xffffffff;
    public static final int INADDR_LOOPBACK = 0x7f000001;

    /** sizeof(struct sockaddr_in): family, port (big endian), address, 8 bytes of zero. */
    public static final int SOCKADDR_IN_SIZE = 16;
    /** sizeof(struct sockaddr_in6): family, port, flowinfo, address (16), scope id. */
    public static final int SOCKADDR_IN6_SIZE = 28;
    /** SIN6_LEN_RFC2133: the old sockaddr_in6 without sin6_scope_id, still accepted. */
    public static final int SIN6_LEN_RFC2133 = 24;

    /** The ephemeral port range (net.ipv4.ip_local_port_range). */
    public static final int EPHEMERAL_LOW = 32768;
    public static final int EPHEMERAL_HIGH = 60999;
    /** Ports below this need CAP_NET_BIND_SERVICE (net.ipv4.ip_unprivileged_port_start). */
    public static final int PROT_SOCK = 1024;

    /** ICMP echo types for datagram ICMP sockets (include/uapi/linux/icmp.h, icmpv6.h). */
    public static final int ICMP_ECHOREPLY = 0;
    public static final int ICMP_ECHO = 8;
    public static final int ICMPV6_ECHO_REQUEST = 128;
    public static final int ICMPV6_ECHO_REPLY = 129;
    /** ICMP6_FILTER, the SOL_ICMPV6 option of raw ICMPv6 sockets, and sizeof(struct icmp6_filter). */
    public static final int ICMP6_FILTER = 1;
    public static final int ICMP6_FILTER_SIZE = 32;

    /** A sockaddr_in for {@code addr} (host byte order value) and {@code port}. */
    public static byte[] sockaddrIn(int addr, int port) {
        byte[] b = new byte[SOCKADDR_IN_SIZE];
        b[0] = (byte) Socket.AF_INET;
        b[2] = (byte) (port >> 8);
        b[3] = (byte) port;
        b[4] = (byte) (addr >>> 24);
        b[5] = (byte) (addr >>> 16);
        b[6] = (byte) (addr >>> 8);
        b[7] = (byte) addr;
        return b;
    }

    /** A sockaddr_in6 for the 16-byte {@code addr}, {@code port} and scope id. */
    public static byte[] sockaddrIn6(byte[] addr, int port, int scopeId) {
        byte[] b = new byte[SOCKADDR_IN6_SIZE];
        b[0] = (byte) Socket.AF_INET6;
        b[2] = (byte) (port >> 8);
        b[3] = (byte) port;
        System.arraycopy(addr, 0, b, 8, 16);
        b[24] = (byte) scopeId;
        b[25] = (byte) (scopeId >> 8);
        b[26] = (byte) (scopeId >> 16);
        b[27] = (byte) (scopeId >> 24);
        return b;
    }

    /** The port of a sockaddr_in or sockaddr_in6 (network byte order in the struct). */
    public static int port(byte[] sa) {
        return ((sa[2] & 0xff) << 8) | (sa[3] & 0xff);
    }
}
