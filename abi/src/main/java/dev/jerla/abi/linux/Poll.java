package dev.jerla.abi.linux;

/** poll(2) events (include/uapi/asm-generic/poll.h) and epoll(7) constants (include/uapi/linux/eventpoll.h). */
public final class Poll {
    private Poll() {}

    public static final int POLLIN = 0x0001;
    public static final int POLLPRI = 0x0002;
    public static final int POLLOUT = 0x0004;
    public static final int POLLERR = 0x0008;
    public static final int POLLHUP = 0x0010;
    public static final int POLLNVAL = 0x0020;
    public static final int POLLRDNORM = 0x0040;
    public static final int POLLRDBAND = 0x0080;
    public static final int POLLWRNORM = 0x0100;
    public static final int POLLWRBAND = 0x0200;
    public static final int POLLMSG = 0x0400;
    public static final int POLLREMOVE = 0x1000;
    public static final int POLLRDHUP = 0x2000;

    /** What a file without a poll method reports (DEFAULT_POLLMASK of include/linux/poll.h). */
    public static final int DEFAULT_POLLMASK = POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;

    /** sizeof(struct pollfd): int fd, short events, short revents. */
    public static final int POLLFD_SIZE = 8;

    /** FD_SETSIZE of select(2). */
    public static final int FD_SETSIZE = 1024;

    public static final int EPOLL_CTL_ADD = 1;
    public static final int EPOLL_CTL_DEL = 2;
    public static final int EPOLL_CTL_MOD = 3;
    public static final int EPOLL_CLOEXEC = Fcntl.O_CLOEXEC;
    public static final int EPOLLIN = 0x001;
    public static final int EPOLLPRI = 0x002;
    public static final int EPOLLOUT = 0x004;
    public static final int EPOLLERR = 0x008;
    public static final int EPOLLHUP = 0x010;
    public static final int EPOLLRDNORM = 0x040;
    public static final int EPOLLRDBAND = 0x080;
    public static final int EPOLLWRNORM = 0x100;
    public static final int EPOLLWRBAND = 0x200;
    public static final int EPOLLMSG = 0x400;
    public static final int EPOLLRDHUP = 0x2000;
    public static final int EPOLLEXCLUSIVE = 1 << 28;
    public static final int EPOLLWAKEUP = 1 << 29;
    public static final int EPOLLONESHOT = 1 << 30;
    public static final int EPOLLET = 1 << 31;
    /** sizeof(struct epoll_event) on x86-64 (packed: u32 events, u64 data). */
    public static final int EPOLL_EVENT_SIZE = 12;

    /** eventfd(2) flags. */
    public static final int EFD_SEMAPHORE = 1;
    public static final int EFD_CLOEXEC = Fcntl.O_CLOEXEC;
    public static final int EFD_NONBLOCK = Fcntl.O_NONBLOCK;
}
