package dev.jerla.kernel.net.netlink;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.If;
import dev.jerla.abi.linux.Netlink;
import dev.jerla.abi.linux.Poll;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.net.Control;
import dev.jerla.kernel.net.RecvInfo;
import dev.jerla.kernel.net.Socket;
import dev.jerla.kernel.net.inet.Interfaces;
import dev.jerla.kernel.task.Task;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import static dev.jerla.abi.linux.Netlink.*;
import static dev.jerla.abi.linux.Socket.AF_INET;
import static dev.jerla.abi.linux.Socket.AF_INET6;
import static dev.jerla.abi.linux.Socket.AF_NETLINK;
import static dev.jerla.abi.linux.Socket.AF_UNSPEC;
import static dev.jerla.abi.linux.Socket.MSG_DONTWAIT;
import static dev.jerla.abi.linux.Socket.MSG_PEEK;
import static dev.jerla.abi.linux.Socket.MSG_TRUNC;
import static dev.jerla.abi.linux.Socket.SOL_SOCKET;

/**
 * A NETLINK_ROUTE socket: requests are answered at once into the socket's receive queue, one
 * datagram per reply chunk. Dumps are split into datagrams of at most {@link #DUMP_CHUNK} bytes
 * of whole messages, as netlink_dump fills one skb at a time (glibc's getifaddrs reads with a
 * 4096-byte buffer and gives up on MSG_TRUNC).
 */
final class NetlinkSocket extends Socket {
    /** The size a dump chunk stays under (NLMSG_GOODSIZE on 4 KiB pages). */
    private static final int DUMP_CHUNK = 3776;
    /** The most reply bytes queued before further requests fail with ENOBUFS. */
    private static final int MAX_QUEUED = 1 << 20;

    private final NetlinkFamily family;
    // mu (this) guards the fields below.
    private int portId;
    private boolean bound;
    private int groups;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private int queuedBytes;
    private final int[] options = new int[16];

    NetlinkSocket(NetlinkFamily family, int type, int protocol, int flags) {
        super(AF_NETLINK, type, protocol, flags);
        this.family = family;
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] sockaddrNl(int pid, int groups) {
        return le(SOCKADDR_NL_SIZE).putShort((short) AF_NETLINK).putShort((short) 0).putInt(pid).putInt(groups).array();
    }

    /** netlink_bind: a sockaddr_nl; port id 0 picks one. */
    @Override
    public void bind(Task t, byte[] addr) throws ErrnoException {
        if (addr.length < SOCKADDR_NL_SIZE) throw ErrnoException.of(Errno.EINVAL);
        ByteBuffer b = le(addr);
        if (b.getShort(0) != AF_NETLINK) throw ErrnoException.of(Errno.EINVAL);
        int pid = b.getInt(4);
        synchronized (this) {
            groups = b.getInt(8);
            if (bound) {
                if (pid != 0 && pid != portId) throw ErrnoException.of(Errno.EINVAL);
                return;
            }
            if (pid != 0) {
                if (!family.claim(pid)) throw ErrnoException.of(Errno.EADDRINUSE);
                portId = pid;
            } else {
                portId = family.autobind(t);
            }
            bound = true;
        }
    }

    private void autobind(Task t) {
        synchronized (this) {
            if (bound) return;
            portId = family.autobind(t);
            bound = true;
        }
    }

    /** netlink_connect: only the kernel (port 0) is a useful peer here; AF_UNSPEC disconnects. */
    @Override
    public void connect(Task t, byte[] addr) throws ErrnoException {
        if (addr.length < 2) throw ErrnoException.of(Errno.EINVAL);
        if (addr[0] == AF_UNSPEC && addr[1] == 0) return;
        if (addr.length < SOCKADDR_NL_SIZE || le(addr).getShort(0) != AF_NETLINK) throw ErrnoException.of(Errno.EINVAL);
        autobind(t);
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
    public synchronized byte[] sockName() {
        return sockaddrNl(portId, groups);
    }

    @Override
    public byte[] peerName() {
        return sockaddrNl(0, 0);
    }

    /** netlink_sendmsg to the kernel: every request message is answered (rtnetlink_rcv_msg). */
    @Override
    public int sendmsg(Task t, byte[] data, int off, int len, byte[] addr, Control control, int msgFlags)
            throws ErrnoException {
        if (addr != null) {
            if (addr.length < SOCKADDR_NL_SIZE || le(addr).getShort(0) != AF_NETLINK) throw ErrnoException.of(Errno.EINVAL);
            if (le(addr).getInt(4) != 0) throw ErrnoException.of(Errno.EPERM);
        }
        autobind(t);
        synchronized (this) {
            if (queuedBytes > MAX_QUEUED) throw ErrnoException.of(Errno.ENOBUFS);
        }
        ByteBuffer b = le(java.util.Arrays.copyOfRange(data, off, off + len));
        int pos = 0;
        while (pos + NLMSG_HDRLEN <= len) {
            int mlen = b.getInt(pos);
            if (mlen < NLMSG_HDRLEN || pos + mlen > len) break;
            int type = b.getShort(pos + 4) & 0xffff;
            int flags = b.getShort(pos + 6) & 0xffff;
            int seq = b.getInt(pos + 8);
            byte[] msg = java.util.Arrays.copyOfRange(b.array(), pos, pos + mlen);
            if ((flags & NLM_F_REQUEST) != 0 && type >= RTM_NEWLINK) answer(msg, type, flags, seq);
            pos += Netlink.align(mlen);
        }
        wakeUp();
        return len;
    }

    private void answer(byte[] req, int type, int flags, int seq) {
        int pid = portId();
        int fam = req.length > NLMSG_HDRLEN ? req[NLMSG_HDRLEN] & 0xff : AF_UNSPEC;
        boolean dump = (flags & NLM_F_DUMP) == NLM_F_DUMP;
        List<byte[]> msgs = new ArrayList<>();
        Interfaces ifs = family.interfaces();
        switch (type) {
            case RTM_GETLINK -> {
                int index = req.length >= NLMSG_HDRLEN + IFINFOMSG_SIZE ? le(req).getInt(NLMSG_HDRLEN + 4) : 0;
                for (Interfaces.Interface i : ifs.interfaces()) {
                    if (dump || index == 0 || i.index() == index) msgs.add(link(i, seq, pid, dump));
                }
                if (!dump && msgs.isEmpty()) {
                    error(req, seq, pid, -Errno.ENODEV.number());
                    return;
                }
                if (!dump) msgs = msgs.subList(0, 1);
            }
            case RTM_GETADDR -> {
                if (!dump) {
                    error(req, seq, pid, -Errno.EOPNOTSUPP.number());
                    return;
                }
                for (Interfaces.Interface i : ifs.interfaces()) {
                    for (Interfaces.Address a : i.addresses()) {
                        if (fam == AF_UNSPEC || fam == a.family()) msgs.add(address(i, a, seq, pid));
                    }
                }
            }
            case RTM_GETROUTE -> {
                if (!dump) {
                    error(req, seq, pid, -Errno.EOPNOTSUPP.number());
                    return;
                }
                for (Interfaces.Route r : ifs.routes()) {
                    if (fam == AF_UNSPEC || fam == r.family()) msgs.add(route(r, seq, pid));
                }
            }
            default -> {
                error(req, seq, pid, -Errno.EOPNOTSUPP.number());
                return;
            }
        }
        if (dump) {
            msgs = new ArrayList<>(msgs);
            msgs.add(header(NLMSG_DONE, NLM_F_MULTI, seq, pid, le(4).putInt(0).array()));
            ByteArrayOutputStream chunk = new ByteArrayOutputStream();
            for (byte[] m : msgs) {
                if (chunk.size() > 0 && chunk.size() + m.length > DUMP_CHUNK) {
                    enqueue(chunk.toByteArray());
                    chunk.reset();
                }
                chunk.writeBytes(m);
            }
            enqueue(chunk.toByteArray());
        } else {
            for (byte[] m : msgs) enqueue(m);
            if ((flags & NLM_F_ACK) != 0) error(req, seq, pid, 0);
        }
    }

    /** An NLMSG_ERROR (an acknowledgement when err is 0, carrying only the request's header). */
    private void error(byte[] req, int seq, int pid, int err) {
        int n = err == 0 ? NLMSG_HDRLEN : req.length;
        ByteBuffer p = le(4 + n).putInt(err).put(req, 0, n);
        enqueue(header(NLMSG_ERROR, 0, seq, pid, p.array()));
    }

    private synchronized void enqueue(byte[] datagram) {
        queue.add(datagram);
        queuedBytes += datagram.length;
    }

    private synchronized int portId() { return portId; }

    private static byte[] header(int type, int flags, int seq, int pid, byte[] payload) {
        int len = NLMSG_HDRLEN + payload.length;
        ByteBuffer b = le(Netlink.align(len));
        b.putInt(len).putShort((short) type).putShort((short) flags).putInt(seq).putInt(pid).put(payload);
        return b.array();
    }

    /** Appends one rtattr. */
    private static void attr(ByteArrayOutputStream out, int type, byte[] v) {
        int len = RTA_HDRLEN + v.length;
        ByteBuffer b = le(Netlink.align(len));
        b.putShort((short) len).putShort((short) type).put(v);
        out.writeBytes(b.array());
    }

    private static byte[] u32(int v) { return le(4).putInt(v).array(); }

    private static byte[] cstring(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return java.util.Arrays.copyOf(b, b.length + 1);
    }

    /** RTM_NEWLINK for one interface (rtnl_fill_ifinfo). */
    private static byte[] link(Interfaces.Interface i, int seq, int pid, boolean dump) {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.writeBytes(le(IFINFOMSG_SIZE).put((byte) AF_UNSPEC).put((byte) 0).putShort((short) i.type())
                .putInt(i.index()).putInt(i.flags()).putInt(0).array());
        attr(p, IFLA_IFNAME, cstring(i.name()));
        attr(p, IFLA_TXQLEN, u32(1000));
        attr(p, IFLA_OPERSTATE, new byte[] {(byte) (i.type() == If.ARPHRD_LOOPBACK ? If.IF_OPER_UNKNOWN : If.IF_OPER_UP)});
        attr(p, IFLA_LINKMODE, new byte[] {0});
        attr(p, IFLA_MTU, u32(i.mtu()));
        attr(p, IFLA_QDISC, cstring(i.type() == If.ARPHRD_LOOPBACK ? "noqueue" : "pfifo_fast"));
        attr(p, IFLA_ADDRESS, i.hwaddr());
        attr(p, IFLA_BROADCAST, i.broadcastHw());
        attr(p, IFLA_STATS, new byte[96]);
        return header(RTM_NEWLINK, dump ? NLM_F_MULTI : 0, seq, pid, p.toByteArray());
    }

    /** RTM_NEWADDR for one address (inet_fill_ifaddr, inet6_fill_ifaddr). */
    private static byte[] address(Interfaces.Interface i, Interfaces.Address a, int seq, int pid) {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.writeBytes(le(IFADDRMSG_SIZE).put((byte) a.family()).put((byte) a.prefix()).put((byte) IFA_F_PERMANENT)
                .put((byte) a.scope()).putInt(i.index()).array());
        attr(p, IFA_ADDRESS, a.addr());
        if (a.family() == AF_INET) {
            attr(p, IFA_LOCAL, a.addr());
            if (a.broadcast() != null) attr(p, IFA_BROADCAST, a.broadcast());
            attr(p, IFA_LABEL, cstring(i.name()));
        }
        attr(p, IFA_CACHEINFO, le(16).putInt(-1).putInt(-1).putInt(0).putInt(0).array());
        attr(p, IFA_FLAGS, u32(IFA_F_PERMANENT));
        return header(RTM_NEWADDR, NLM_F_MULTI, seq, pid, p.toByteArray());
    }

    /** RTM_NEWROUTE for one route of the main table (fib_dump_info). */
    private static byte[] route(Interfaces.Route r, int seq, int pid) {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.writeBytes(le(RTMSG_SIZE).put((byte) r.family()).put((byte) r.prefix()).put((byte) 0).put((byte) 0)
                .put((byte) RT_TABLE_MAIN).put((byte) r.protocol()).put((byte) r.scope()).put((byte) RTN_UNICAST)
                .putInt(0).array());
        attr(p, RTA_TABLE, u32(RT_TABLE_MAIN));
        if (r.dst() != null) attr(p, RTA_DST, r.dst());
        if (r.family() == AF_INET6) attr(p, RTA_PRIORITY, u32(256));
        if (r.prefsrc() != null) attr(p, RTA_PREFSRC, r.prefsrc());
        if (r.gateway() != null) attr(p, RTA_GATEWAY, r.gateway());
        attr(p, RTA_OIF, u32(r.ifindex()));
        return header(RTM_NEWROUTE, NLM_F_MULTI, seq, pid, p.toByteArray());
    }

    @Override
    public int recvmsg(Task t, byte[] buf, int off, int len, int msgFlags, RecvInfo out) throws ErrnoException {
        boolean peek = (msgFlags & MSG_PEEK) != 0;
        sleepUntil(t, () -> {
            synchronized (this) { return !queue.isEmpty(); }
        }, rcvDeadline((msgFlags & MSG_DONTWAIT) != 0));
        byte[] d;
        synchronized (this) {
            d = peek ? queue.peek() : queue.poll();
            if (d == null) throw ErrnoException.of(Errno.EAGAIN);
            if (!peek) queuedBytes -= d.length;
        }
        int n = Math.min(len, d.length);
        System.arraycopy(d, 0, buf, off, n);
        if (d.length > len) out.msgFlags |= MSG_TRUNC;
        out.addr = sockaddrNl(0, 0);
        return (msgFlags & MSG_TRUNC) != 0 ? d.length : n;
    }

    @Override
    public void shutdown(Task t, int how) throws ErrnoException {
        throw ErrnoException.of(Errno.EOPNOTSUPP);
    }

    @Override
    public void setsockopt(Task t, int level, int name, byte[] value) throws ErrnoException {
        if (level == SOL_SOCKET) {
            setSocketOption(t, name, value);
            return;
        }
        if (level != SOL_NETLINK) throw ErrnoException.of(Errno.ENOPROTOOPT);
        if (value.length < 4) throw ErrnoException.of(Errno.EINVAL);
        int v = le(value).getInt(0);
        switch (name) {
            case NETLINK_ADD_MEMBERSHIP, NETLINK_DROP_MEMBERSHIP -> {}
            case NETLINK_PKTINFO, NETLINK_BROADCAST_ERROR, NETLINK_NO_ENOBUFS, NETLINK_CAP_ACK, NETLINK_EXT_ACK,
                    NETLINK_GET_STRICT_CHK -> {
                synchronized (this) { options[name] = v != 0 ? 1 : 0; }
            }
            default -> throw ErrnoException.of(Errno.ENOPROTOOPT);
        }
    }

    @Override
    public byte[] getsockopt(Task t, int level, int name, int optlen) throws ErrnoException {
        if (level == SOL_SOCKET) return getSocketOption(t, name, optlen);
        if (level != SOL_NETLINK) throw ErrnoException.of(Errno.ENOPROTOOPT);
        return switch (name) {
            case NETLINK_PKTINFO, NETLINK_BROADCAST_ERROR, NETLINK_NO_ENOBUFS, NETLINK_CAP_ACK, NETLINK_EXT_ACK,
                    NETLINK_GET_STRICT_CHK -> {
                synchronized (this) { yield intBytes(options[name]); }
            }
            default -> throw ErrnoException.of(Errno.ENOPROTOOPT);
        };
    }

    @Override
    public int poll() {
        synchronized (this) {
            return (queue.isEmpty() ? 0 : Poll.POLLIN | Poll.POLLRDNORM) | Poll.POLLOUT | Poll.POLLWRNORM;
        }
    }

    @Override
    protected void onLastClose() {
        synchronized (this) {
            queue.clear();
            if (bound) family.release(portId);
            bound = false;
        }
    }
}
