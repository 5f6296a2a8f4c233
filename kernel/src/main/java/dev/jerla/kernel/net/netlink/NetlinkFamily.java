package dev.jerla.kernel.net.netlink;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Netlink;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.net.Socket;
import dev.jerla.kernel.net.SocketFamily;
import dev.jerla.kernel.net.inet.Interfaces;
import dev.jerla.kernel.task.Task;

import java.util.concurrent.atomic.AtomicInteger;

import static dev.jerla.abi.linux.Socket.SOCK_DGRAM;
import static dev.jerla.abi.linux.Socket.SOCK_RAW;

/** Creates AF_NETLINK sockets (netlink_create): SOCK_RAW or SOCK_DGRAM, NETLINK_ROUTE only. */
public final class NetlinkFamily implements SocketFamily {
    private final Interfaces interfaces;
    /** Port ids handed out to sockets that bind without one (netlink_autobind's negative ids). */
    private final AtomicInteger nextPortId = new AtomicInteger(-4096);

    public NetlinkFamily(Interfaces interfaces) {
        this.interfaces = interfaces;
    }

    @Override
    public Socket create(Task t, int type, int protocol, int fileFlags) throws ErrnoException {
        if (type != SOCK_RAW && type != SOCK_DGRAM) throw ErrnoException.of(Errno.ESOCKTNOSUPPORT);
        if (protocol < 0 || protocol >= 32) throw ErrnoException.of(Errno.EPROTONOSUPPORT);
        if (protocol != Netlink.NETLINK_ROUTE) throw ErrnoException.of(Errno.EPROTONOSUPPORT);
        NetlinkSocket s = new NetlinkSocket(this, type, protocol, fileFlags);
        s.setOwner(t);
        return s;
    }

    Interfaces interfaces() { return interfaces; }

    /** Port ids in use. */
    private final java.util.Set<Integer> used = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Claims a chosen port id; false if another socket has it. */
    boolean claim(int id) { return used.add(id); }

    void release(int id) { used.remove(id); }

    /** A port id for a socket of {@code t} that did not choose one: the process id first, as netlink_autobind. */
    int autobind(Task t) {
        if (claim(t.group().pid())) return t.group().pid();
        while (true) {
            int id = nextPortId.getAndDecrement();
            if (claim(id)) return id;
        }
    }
}
