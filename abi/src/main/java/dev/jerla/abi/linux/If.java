package dev.jerla.abi.linux;

/**
 * Network interface constants: the interface ioctls (include/uapi/linux/sockios.h), struct ifreq
 * and struct ifconf (include/uapi/linux/if.h), interface flags and hardware types
 * (include/uapi/linux/if_arp.h).
 */
public final class If {
    private If() {}

    public static final int SIOCGIFNAME = 0x8910;
    public static final int SIOCGIFCONF = 0x8912;
    public static final int SIOCGIFFLAGS = 0x8913;
    public static final int SIOCSIFFLAGS = 0x8914;
    public static final int SIOCGIFADDR = 0x8915;
    public static final int SIOCGIFDSTADDR = 0x8917;
    public static final int SIOCGIFBRDADDR = 0x8919;
    public static final int SIOCGIFNETMASK = 0x891b;
    public static final int SIOCGIFMETRIC = 0x891d;
    public static final int SIOCGIFMTU = 0x8921;
    public static final int SIOCGIFHWADDR = 0x8927;
    public static final int SIOCGIFINDEX = 0x8933;
    public static final int SIOCGIFTXQLEN = 0x8942;

    /** IFNAMSIZ: interface names are at most 15 bytes and a NUL. */
    public static final int IFNAMSIZ = 16;
    /** sizeof(struct ifreq): the name and a 24-byte union. */
    public static final int IFREQ_SIZE = 40;
    /** sizeof(struct ifconf): int ifc_len, padding, the buffer pointer. */
    public static final int IFCONF_SIZE = 16;

    public static final int IFF_UP = 0x1;
    public static final int IFF_BROADCAST = 0x2;
    public static final int IFF_LOOPBACK = 0x8;
    public static final int IFF_RUNNING = 0x40;
    public static final int IFF_MULTICAST = 0x1000;
    public static final int IFF_LOWER_UP = 0x10000;

    public static final int ARPHRD_ETHER = 1;
    public static final int ARPHRD_LOOPBACK = 772;

    /** IF_OPER_* of IFLA_OPERSTATE. */
    public static final int IF_OPER_UNKNOWN = 0;
    public static final int IF_OPER_UP = 6;
}
