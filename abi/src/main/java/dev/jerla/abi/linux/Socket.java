package dev.jerla.abi.linux;

/**
 * Socket constants: address families, socket types, message flags and socket-level options
 * (include/linux/socket.h, include/linux/net.h, include/uapi/asm-generic/socket.h,
 * include/uapi/linux/un.h), with the x86-64 values.
 */
public final class Socket {
    private Socket() {}

    public static final int AF_UNSPEC = 0;
    public static final int AF_UNIX = 1;
    public static final int AF_LOCAL = AF_UNIX;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int AF_NETLINK = 16;
    public static final int AF_PACKET = 17;
    /** One past the highest family number (AF_MAX); socket(2) fails with EAFNOSUPPORT at or above it. */
    public static final int AF_MAX = 46;

    public static final int SOCK_STREAM = 1;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_RAW = 3;
    public static final int SOCK_RDM = 4;
    public static final int SOCK_SEQPACKET = 5;
    public static final int SOCK_DCCP = 6;
    public static final int SOCK_PACKET = 10;
    /** The type bits of socket(2)'s type argument; the rest are SOCK_NONBLOCK and SOCK_CLOEXEC. */
    public static final int SOCK_TYPE_MASK = 0xf;
    public static final int SOCK_NONBLOCK = Fcntl.O_NONBLOCK;
    public static final int SOCK_CLOEXEC = Fcntl.O_CLOEXEC;

    public static final int MSG_OOB = 0x1;
    public static final int MSG_PEEK = 0x2;
    public static final int MSG_DONTROUTE = 0x4;
    public static final int MSG_CTRUNC = 0x8;
    public static final int MSG_PROXY = 0x10;
    public static final int MSG_TRUNC = 0x20;
    public static final int MSG_DONTWAIT = 0x40;
    public static final int MSG_EOR = 0x80;
    public static final int MSG_WAITALL = 0x100;
    public static final int MSG_FIN = 0x200;
    public static final int MSG_SYN = 0x400;
    public static final int MSG_CONFIRM = 0x800;
    public static final int MSG_RST = 0x1000;
    public static final int MSG_ERRQUEUE = 0x2000;
    public static final int MSG_NOSIGNAL = 0x4000;
    public static final int MSG_MORE = 0x8000;
    public static final int MSG_WAITFORONE = 0x10000;
    public static final int MSG_BATCH = 0x40000;
    public static final int MSG_ZEROCOPY = 0x4000000;
    public static final int MSG_FASTOPEN = 0x20000000;
    public static final int MSG_CMSG_CLOEXEC = 0x40000000;

    public static final int SOL_SOCKET = 1;
    /** The SOMAXCONN default of net.core.somaxconn (4096 since Linux 5.4); listen's backlog is capped to it. */
    public static final int SOMAXCONN = 4096;

    public static final int SO_DEBUG = 1;
    public static final int SO_REUSEADDR = 2;
    public static final int SO_TYPE = 3;
    public static final int SO_ERROR = 4;
    public static final int SO_DONTROUTE = 5;
    public static final int SO_BROADCAST = 6;
    public static final int SO_SNDBUF = 7;
    public static final int SO_RCVBUF = 8;
    public static final int SO_KEEPALIVE = 9;
    public static final int SO_OOBINLINE = 10;
    public static final int SO_NO_CHECK = 11;
    public static final int SO_PRIORITY = 12;
    public static final int SO_LINGER = 13;
    public static final int SO_BSDCOMPAT = 14;
    public static final int SO_REUSEPORT = 15;
    public static final int SO_PASSCRED = 16;
    public static final int SO_PEERCRED = 17;
    public static final int SO_RCVLOWAT = 18;
    public static final int SO_SNDLOWAT = 19;
    public static final int SO_RCVTIMEO_OLD = 20;
    public static final int SO_SNDTIMEO_OLD = 21;
    public static final int SO_RCVTIMEO = SO_RCVTIMEO_OLD;
    public static final int SO_SNDTIMEO = SO_SNDTIMEO_OLD;
    public static final int SO_BINDTODEVICE = 25;
    public static final int SO_ATTACH_FILTER = 26;
    public static final int SO_DETACH_FILTER = 27;
    public static final int SO_PEERNAME = 28;
    public static final int SO_TIMESTAMP_OLD = 29;
    public static final int SO_TIMESTAMP = SO_TIMESTAMP_OLD;
    public static final int SO_ACCEPTCONN = 30;
    public static final int SO_PEERSEC = 31;
    public static final int SO_SNDBUFFORCE = 32;
    public static final int SO_RCVBUFFORCE = 33;
    public static final int SO_PASSSEC = 34;
    public static final int SO_TIMESTAMPNS_OLD = 35;
    public static final int SO_TIMESTAMPNS = SO_TIMESTAMPNS_OLD;
    public static final int SO_MARK = 36;
    public static final int SO_TIMESTAMPING_OLD = 37;
    public static final int SO_TIMESTAMPING = SO_TIMESTAMPING_OLD;
    public static final int SO_PROTOCOL = 38;
    public static final int SO_DOMAIN = 39;
    public static final int SO_RXQ_OVFL = 40;
    public static final int SO_PEEK_OFF = 42;
    public static final int SO_BUSY_POLL = 46;
    public static final int SO_INCOMING_CPU = 49;
    public static final int SO_PEERGROUPS = 59;
    public static final int SO_ZEROCOPY = 60;
    public static final int SO_BINDTOIFINDEX = 62;
    public static final int SO_RCVTIMEO_NEW = 66;
    public static final int SO_SNDTIMEO_NEW = 67;
    public static final int SO_NETNS_COOKIE = 71;
    public static final int SO_BUF_LOCK = 72;

    public static final int SCM_RIGHTS = 1;
    public static final int SCM_CREDENTIALS = 2;
    public static final int SCM_TIMESTAMP = SO_TIMESTAMP;
    public static final int SCM_TIMESTAMPNS = SO_TIMESTAMPNS;
    /** SCM_MAX_FD of include/net/scm.h: at most this many descriptors in one SCM_RIGHTS message. */
    public static final int SCM_MAX_FD = 253;

    public static final int SHUT_RD = 0;
    public static final int SHUT_WR = 1;
    public static final int SHUT_RDWR = 2;

    /** SIOCINQ = FIONREAD and SIOCOUTQ = TIOCOUTQ (include/uapi/linux/sockios.h). */
    public static final int SIOCINQ = 0x541B;
    public static final int SIOCOUTQ = 0x5411;
    public static final int SIOCGSTAMP = 0x8906;
    public static final int SIOCGSTAMPNS = 0x8907;

    /** sizeof(sa_family_t). */
    public static final int SA_FAMILY_SIZE = 2;
    /** sizeof(struct sockaddr_storage). */
    public static final int SOCKADDR_STORAGE_SIZE = 128;
    /** sizeof(sun_path) of struct sockaddr_un. */
    public static final int UNIX_PATH_MAX = 108;
    /** sizeof(struct sockaddr_un). */
    public static final int SOCKADDR_UN_SIZE = SA_FAMILY_SIZE + UNIX_PATH_MAX;

    /** struct msghdr: name, namelen, iov, iovlen, control, controllen, flags (56 bytes). */
    public static final int MSGHDR_SIZE = 56;
    /** struct mmsghdr: a msghdr and the unsigned msg_len (64 bytes with padding). */
    public static final int MMSGHDR_SIZE = 64;
    /** struct cmsghdr: size_t cmsg_len, int cmsg_level, int cmsg_type. */
    public static final int CMSGHDR_SIZE = 16;
    /** struct ucred: pid, uid, gid. */
    public static final int UCRED_SIZE = 12;
    /** UIO_MAXIOV: the most iovecs one call takes. */
    public static final int UIO_MAXIOV = 1024;

    /** CMSG_ALIGN: cmsg headers and payloads are aligned to sizeof(long). */
    public static int cmsgAlign(int len) { return (len + 7) & ~7; }

    /** CMSG_SPACE: the room a cmsg with {@code len} payload bytes takes, with padding. */
    public static int cmsgSpace(int len) { return CMSGHDR_SIZE + cmsgAlign(len); }

    /** CMSG_LEN: cmsg_len for a payload of {@code len} bytes. */
    public static int cmsgLen(int len) { return CMSGHDR_SIZE + len; }
}
