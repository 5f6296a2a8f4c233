package dev.jerla.kernel.net;

import dev.jerla.abi.linux.Errno;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.task.Task;

/** Creates sockets of one address family (struct net_proto_family). */
public interface SocketFamily {
    /**
     * socket(2): {@code type} without SOCK_NONBLOCK/SOCK_CLOEXEC, {@code fileFlags} O_RDWR plus
     * O_NONBLOCK; EPROTONOSUPPORT / ESOCKTNOSUPPORT as Linux.
     */
    Socket create(Task t, int type, int protocol, int fileFlags) throws ErrnoException;

    /** socketpair(2): two connected sockets; EOPNOTSUPP for families without pairs (sock_no_socketpair). */
    default Socket[] pair(Task t, int type, int protocol, int fileFlags) throws ErrnoException {
        throw ErrnoException.of(Errno.EOPNOTSUPP);
    }
}
