package dev.jerla.kernel.syscall;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Fcntl;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.mm.UserMemory;
import dev.jerla.kernel.net.Control;
import dev.jerla.kernel.net.RecvInfo;
import dev.jerla.kernel.net.Socket;
import dev.jerla.kernel.net.SocketFamily;
import dev.jerla.kernel.task.Credentials;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.time.Timespec;
import dev.jerla.kernel.vfs.FileDescription;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static dev.jerla.abi.linux.Socket.*;

/**
 * The socket system calls (net/socket.c, net/core/scm.c): they copy addresses, iovecs and
 * control messages between guest memory and the kernel's forms (sockaddr bytes,
 * {@link Control}), turn descriptors into file descriptions and back, and call the
 * {@link Socket} operations.
 */
public final class SysSocket {
    private SysSocket() {}

    /** The most bytes one send or receive moves through kernel memory at once. */
    private static final int CHUNK = 1 << 20;
    /** The largest receive buffer handed to a socket (bigger requests read less, as a short read). */
    private static final int MAX_RECV = 16 << 20;
    /** The most option bytes copied in for setsockopt. */
    private static final int MAX_OPTLEN = 4096;
    /** The socket types below SOCK_MAX; others are EINVAL before the family is asked. */
    private static final int SOCK_MAX = SOCK_PACKET + 1;

    /** A size_t byte count capped at MAX_RW_COUNT (import_ubuf). */
    private static long unsignedCount(long len) {
        return len < 0 || len > SysReadWrite.MAX_RW_COUNT ? SysReadWrite.MAX_RW_COUNT : len;
    }

    /** The socket behind {@code fd}: EBADF, or ENOTSOCK for other files (sockfd_lookup). */
    static Socket socket(Task t, int fd) throws ErrnoException {
        FileDescription f = SysFd.file(t, fd);
        if (!(f instanceof Socket s)) throw ErrnoException.of(Errno.ENOTSOCK);
        return s;
    }

    /** The flag bits of socket(2)'s type argument; EINVAL for anything but SOCK_NONBLOCK and SOCK_CLOEXEC. */
    private static int typeFlags(int type) throws ErrnoException {
        int flags = type & ~SOCK_TYPE_MASK;
        if ((flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK)) != 0) throw ErrnoException.of(Errno.EINVAL);
        return flags;
    }

    private static SocketFamily family(Task t, int domain, int type) throws ErrnoException {
        if (domain < 0 || domain >= AF_MAX) throw ErrnoException.of(Errno.EAFNOSUPPORT);
        if (type < 0 || type >= SOCK_MAX) throw ErrnoException.of(Errno.EINVAL);
        return t.kernel().sockets().family(domain);
    }

    public static long socket(Task t, int domain, int type, int protocol) throws ErrnoException {
        int flags = typeFlags(type);
        int ty = type & SOCK_TYPE_MASK;
        Socket s = family(t, domain, ty).create(t, ty, protocol, Fcntl.O_RDWR | (flags & SOCK_NONBLOCK));
        s.setOwner(t);
        return SysFd.install(t, s, (flags & SOCK_CLOEXEC) != 0);
    }

    public static long socketpair(Task t, int domain, int type, int protocol, long sv) throws ErrnoException {
        int flags = typeFlags(type);
        int ty = type & SOCK_TYPE_MASK;
        Socket[] pair = family(t, domain, ty).pair(t, ty, protocol, Fcntl.O_RDWR | (flags & SOCK_NONBLOCK));
        pair[0].setOwner(t);
        pair[1].setOwner(t);
        boolean cloexec = (flags & SOCK_CLOEXEC) != 0;
        int a;
        try {
            a = SysFd.install(t, pair[0], cloexec);
        } catch (ErrnoException e) {
            pair[1].release();
            throw e;
        }
        int b;
        try {
            b = SysFd.install(t, pair[1], cloexec);
        } catch (ErrnoException e) {
            t.files().remove(a).release();
            throw e;
        }
        byte[] out = new byte[8];
        SysStat.put32(out, 0, a);
        SysStat.put32(out, 4, b);
        try {
            t.mem().copyOut(sv, out);
        } catch (ErrnoException e) {
            t.files().remove(a).release();
            t.files().remove(b).release();
            throw e;
        }
        return 0;
    }

    // ---------------------------------------------------------------- addresses

    /** move_addr_to_kernel: EINVAL for a negative length or one beyond sockaddr_storage. */
    private static byte[] addrIn(Task t, long addr, int len) throws ErrnoException {
        if (len < 0 || len > SOCKADDR_STORAGE_SIZE) throw ErrnoException.of(Errno.EINVAL);
        if (len == 0) return new byte[0];
        return t.mem().copyIn(addr, len);
    }

    /**
     * move_addr_to_user: copies at most *lenPtr bytes of the address and stores its full length
     * in *lenPtr; EINVAL for a negative *lenPtr. A null address has length 0.
     */
    private static void addrOut(Task t, byte[] a, long addr, long lenPtr) throws ErrnoException {
        int klen = a == null ? 0 : a.length;
        int ulen = t.mem().readInt(lenPtr);
        if (ulen < 0) throw ErrnoException.of(Errno.EINVAL);
        int n = Math.min(ulen, klen);
        if (n > 0) t.mem().copyOut(addr, a, 0, n);
        t.mem().writeInt(lenPtr, klen);
    }

    public static long bind(Task t, int fd, long addr, int addrlen) throws ErrnoException {
        Socket s = socket(t, fd);
        s.bind(t, addrIn(t, addr, addrlen));
        return 0;
    }

    public static long connect(Task t, int fd, long addr, int addrlen) throws ErrnoException {
        Socket s = socket(t, fd);
        s.connect(t, addrIn(t, addr, addrlen));
        return 0;
    }

    /** listen(2): a backlog above net.core.somaxconn (or negative, as unsigned) is capped to it. */
    public static long listen(Task t, int fd, int backlog) throws ErrnoException {
        Socket s = socket(t, fd);
        if (Integer.compareUnsigned(backlog, SOMAXCONN) > 0) backlog = SOMAXCONN;
        s.listen(t, backlog);
        return 0;
    }

    public static long accept(Task t, int fd, long addr, long addrlen) throws ErrnoException {
        return accept4(t, fd, addr, addrlen, 0);
    }

    /** do_accept: the peer's address is copied out before the new fd exists (ECONNABORTED if it has none). */
    public static long accept4(Task t, int fd, long addr, long addrlen, int flags) throws ErrnoException {
        if ((flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK)) != 0) throw ErrnoException.of(Errno.EINVAL);
        Socket s = socket(t, fd);
        requireFreeFd(t);
        Socket n = s.accept(t, flags & SOCK_NONBLOCK);
        n.setOwner(t);
        if (addr != 0) {
            try {
                byte[] peer;
                try {
                    peer = n.peerName();
                } catch (ErrnoException e) {
                    throw ErrnoException.of(Errno.ECONNABORTED);
                }
                addrOut(t, peer, addr, addrlen);
            } catch (ErrnoException e) {
                n.release();
                throw e;
            }
        }
        return SysFd.install(t, n, (flags & SOCK_CLOEXEC) != 0);
    }

    /** do_accept takes the fd (get_unused_fd_flags) before dequeuing: at RLIMIT_NOFILE the connection stays queued (EMFILE). */
    private static void requireFreeFd(Task t) throws ErrnoException {
        int limit = SysFd.limit(t), below = 0;
        for (int open : t.files().openFds()) if (open < limit) below++;
        if (below >= limit) throw ErrnoException.of(Errno.EMFILE);
    }

    public static long getsockname(Task t, int fd, long addr, long addrlen) throws ErrnoException {
        Socket s = socket(t, fd);
        addrOut(t, s.sockName(), addr, addrlen);
        return 0;
    }

    public static long getpeername(Task t, int fd, long addr, long addrlen) throws ErrnoException {
        Socket s = socket(t, fd);
        addrOut(t, s.peerName(), addr, addrlen);
        return 0;
    }

    // ---------------------------------------------------------------- sending

    /**
     * One sendmsg on the socket: O_NONBLOCK becomes MSG_DONTWAIT; a stream send larger than
     * CHUNK goes out in pieces (the control data with the first); EPIPE raises SIGPIPE where
     * Linux does. Descriptors the socket did not take are released.
     */
    private static long send(Task t, Socket s, byte[] data, byte[] addr, Control control, int flags)
            throws ErrnoException {
        if (s.nonBlocking()) flags |= MSG_DONTWAIT;
        try {
            return s.sendmsg(t, data, 0, data.length, addr, control, flags);
        } catch (ErrnoException e) {
            s.sigpipe(t, e, flags);
            throw e;
        } finally {
            if (control != null) control.releaseRights();
        }
    }

    /** Sends guest bytes from one buffer; big stream writes are split into CHUNK pieces. */
    private static long sendFrom(Task t, Socket s, long buf, long len, byte[] addr, Control control, int flags)
            throws ErrnoException {
        len = unsignedCount(len);
        if (len <= CHUNK || s.type() != SOCK_STREAM) {
            if (len > Integer.MAX_VALUE - 64) throw ErrnoException.of(Errno.EMSGSIZE);
            return send(t, s, t.mem().copyIn(buf, (int) len), addr, control, flags);
        }
        long total = 0;
        while (total < len) {
            int want = (int) Math.min(CHUNK, len - total);
            long n;
            try {
                // Once bytes went out, a broken pipe ends the call with the count and no SIGPIPE.
                n = send(t, s, t.mem().copyIn(buf + total, want), addr, total == 0 ? control : null,
                        total == 0 ? flags : flags | MSG_NOSIGNAL);
            } catch (ErrnoException e) {
                if (total > 0) return total;
                throw e;
            }
            total += n;
            if (n < want) break;
        }
        return total;
    }

    public static long sendto(Task t, int fd, long buf, long len, int flags, long addr, int addrlen)
            throws ErrnoException {
        Socket s = socket(t, fd);
        byte[] a = addr != 0 ? addrIn(t, addr, addrlen) : null;
        return sendFrom(t, s, buf, len, a, null, flags);
    }

    /** struct msghdr as read from the guest. */
    private record MsgHdr(long name, int namelen, long iov, long iovlen, long control, long controllen) {
        static MsgHdr read(Task t, long p) throws ErrnoException {
            ByteBuffer b = ByteBuffer.wrap(t.mem().copyIn(p, MSGHDR_SIZE)).order(ByteOrder.LITTLE_ENDIAN);
            long name = b.getLong(0);
            int namelen = name == 0 ? 0 : b.getInt(8);
            return new MsgHdr(name, namelen, b.getLong(16), b.getLong(24), b.getLong(32), b.getLong(40));
        }

        /** copy_msghdr_from_user: EINVAL for a negative name length, EMSGSIZE beyond UIO_MAXIOV iovecs. */
        UserMemory.Iovec[] iovecs(Task t) throws ErrnoException {
            if (namelen < 0) throw ErrnoException.of(Errno.EINVAL);
            if (iovlen < 0 || iovlen > UIO_MAXIOV) throw ErrnoException.of(Errno.EMSGSIZE);
            UserMemory.Iovec[] v = t.mem().readIovecs(iov, (int) iovlen);
            long total = 0;
            for (UserMemory.Iovec x : v) {
                total += x.len();
                if (total < 0 || total > SysReadWrite.MAX_RW_COUNT) throw ErrnoException.of(Errno.EINVAL);
            }
            return v;
        }

        int nameLen() { return Math.min(namelen, SOCKADDR_STORAGE_SIZE); }
    }

    private static long sendmsgOne(Task t, Socket s, long msg, int flags) throws ErrnoException {
        MsgHdr h = MsgHdr.read(t, msg);
        UserMemory.Iovec[] v = h.iovecs(t);
        if (h.controllen() > Integer.MAX_VALUE) throw ErrnoException.of(Errno.ENOBUFS);
        byte[] addr = h.name() != 0 && h.nameLen() > 0 ? addrIn(t, h.name(), h.nameLen()) : null;
        Control control = h.controllen() > 0 ? controlIn(t, s, h.control(), (int) h.controllen()) : null;
        long total = 0;
        for (UserMemory.Iovec x : v) total += x.len();
        byte[] data;
        try {
            if (total > MAX_RECV) throw ErrnoException.of(Errno.EMSGSIZE);
            data = new byte[(int) total];
            int at = 0;
            for (UserMemory.Iovec x : v) {
                t.mem().copyIn(x.base(), data, at, (int) x.len());
                at += (int) x.len();
            }
        } catch (ErrnoException e) {
            if (control != null) control.releaseRights();
            throw e;
        }
        return send(t, s, data, addr, control, flags);
    }

    public static long sendmsg(Task t, int fd, long msg, int flags) throws ErrnoException {
        Socket s = socket(t, fd);
        return sendmsgOne(t, s, msg, flags);
    }

    /** sendmmsg(2): sends until one fails; the count sent so far wins over a later error. */
    public static long sendmmsg(Task t, int fd, long vec, int vlen, int flags) throws ErrnoException {
        Socket s = socket(t, fd);
        if (Integer.compareUnsigned(vlen, UIO_MAXIOV) > 0) vlen = UIO_MAXIOV;
        int done = 0;
        while (done < vlen) {
            long entry = vec + (long) done * MMSGHDR_SIZE;
            long n;
            try {
                n = sendmsgOne(t, s, entry, flags);
                t.mem().writeInt(entry + MSGHDR_SIZE, (int) n);
            } catch (ErrnoException e) {
                if (done > 0) break;
                throw e;
            }
            done++;
        }
        return done;
    }

    /**
     * __scm_send: parses the cmsg chain (EINVAL for a malformed header). SCM_RIGHTS (AF_UNIX only)
     * takes a reference on each descriptor (EBADF, EINVAL beyond SCM_MAX_FD); SCM_CREDENTIALS
     * must name the caller unless privileged (EPERM, ESRCH); cmsgs of other levels go to the
     * protocol untouched.
     */
    private static Control controlIn(Task t, Socket s, long ptr, int len) throws ErrnoException {
        if (len < CMSGHDR_SIZE) return null;
        byte[] raw = t.mem().copyIn(ptr, len);
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        Control c = new Control();
        try {
            int at = 0;
            while (at + CMSGHDR_SIZE <= len) {
                long clen = b.getLong(at);
                if (clen < CMSGHDR_SIZE || clen > len - at) throw ErrnoException.of(Errno.EINVAL);
                int level = b.getInt(at + 8);
                int type = b.getInt(at + 12);
                int dataLen = (int) clen - CMSGHDR_SIZE;
                int data = at + CMSGHDR_SIZE;
                if (level != SOL_SOCKET) {
                    if (c.other == null) c.other = new ArrayList<>();
                    byte[] d = new byte[dataLen];
                    System.arraycopy(raw, data, d, 0, dataLen);
                    c.other.add(new Control.Raw(level, type, d));
                } else if (type == SCM_RIGHTS) {
                    if (s.family() != AF_UNIX) throw ErrnoException.of(Errno.EINVAL);
                    int num = dataLen / 4;
                    if (num > 0) {
                        if (c.rights == null) c.rights = new ArrayList<>();
                        if (c.rights.size() + num > SCM_MAX_FD) throw ErrnoException.of(Errno.EINVAL);
                        for (int i = 0; i < num; i++) {
                            FileDescription f = t.files().get(b.getInt(data + 4 * i));
                            f.retain();
                            c.rights.add(f);
                        }
                    }
                } else if (type == SCM_CREDENTIALS) {
                    if (dataLen != UCRED_SIZE) throw ErrnoException.of(Errno.EINVAL);
                    c.creds = checkCreds(t, b.getInt(data), b.getInt(data + 4), b.getInt(data + 8));
                } else {
                    throw ErrnoException.of(Errno.EINVAL);
                }
                long next = at + cmsgAlign((int) clen);
                if (next > len) break;
                at = (int) next;
            }
        } catch (ErrnoException e) {
            c.releaseRights();
            throw e;
        }
        return c.isEmpty() ? null : c;
    }

    /** scm_check_creds: one's own pid, and a uid and gid among one's real, effective and saved ids, unless root. */
    private static Control.Credentials checkCreds(Task t, int pid, int uid, int gid) throws ErrnoException {
        Credentials c = t.creds();
        boolean root = c.euid() == 0;
        boolean ok = (pid == t.group().pid() || root)
                && (uid == c.uid() || uid == c.euid() || uid == c.suid() || root)
                && (gid == c.gid() || gid == c.egid() || gid == c.sgid() || root);
        if (!ok) throw ErrnoException.of(Errno.EPERM);
        if (t.kernel().findProcess(pid) == null) throw ErrnoException.of(Errno.ESRCH);
        return new Control.Credentials(pid, uid, gid);
    }

    // ---------------------------------------------------------------- receiving

    public static long recvfrom(Task t, int fd, long buf, long len, int flags, long addr, long addrlen)
            throws ErrnoException {
        Socket s = socket(t, fd);
        if (s.nonBlocking()) flags |= MSG_DONTWAIT;
        byte[] b = new byte[(int) Math.min(unsignedCount(len), MAX_RECV)];
        RecvInfo info = new RecvInfo();
        int n = s.recvmsg(t, b, 0, b.length, flags & ~MSG_CMSG_CLOEXEC, info);
        if (info.control != null) info.control.releaseRights();
        t.mem().copyOut(buf, b, 0, Math.min(n, b.length));
        if (addr != 0) addrOut(t, info.addr, addr, addrlen);
        return n;
    }

    private static long recvmsgOne(Task t, Socket s, long msg, int flags) throws ErrnoException {
        MsgHdr h = MsgHdr.read(t, msg);
        UserMemory.Iovec[] v = h.iovecs(t);
        if (s.nonBlocking()) flags |= MSG_DONTWAIT;
        long total = 0;
        for (UserMemory.Iovec x : v) total += x.len();
        byte[] b = new byte[(int) Math.min(total, MAX_RECV)];
        RecvInfo info = new RecvInfo();
        int n = s.recvmsg(t, b, 0, b.length, flags & ~MSG_CMSG_CLOEXEC, info);
        int msgFlags = info.msgFlags;
        try {
            int left = Math.min(n, b.length);
            int at = 0;
            for (UserMemory.Iovec x : v) {
                if (at >= left) break;
                int k = (int) Math.min(x.len(), left - at);
                t.mem().copyOut(x.base(), b, at, k);
                at += k;
            }
            if (h.name() != 0) {
                int klen = info.addr == null ? 0 : info.addr.length;
                int k = Math.min(h.nameLen(), klen);
                if (k > 0) t.mem().copyOut(h.name(), info.addr, 0, k);
                t.mem().writeInt(msg + 8, klen);
            }
            long used = 0;
            if (info.control != null) {
                ControlWriter w = new ControlWriter(t, h.control(), h.controllen());
                w.put(info.control, (flags & MSG_CMSG_CLOEXEC) != 0);
                used = w.used();
                if (w.truncated()) msgFlags |= MSG_CTRUNC;
            }
            t.mem().writeLong(msg + 40, used);
            t.mem().writeInt(msg + 48, msgFlags);
        } finally {
            if (info.control != null) info.control.releaseRights();
        }
        return n;
    }

    public static long recvmsg(Task t, int fd, long msg, int flags) throws ErrnoException {
        Socket s = socket(t, fd);
        return recvmsgOne(t, s, msg, flags);
    }

    /**
     * recvmmsg(2): MSG_WAITFORONE makes every receive after the first non-blocking; the timeout
     * is checked after each message (as Linux does) and its remainder written back.
     */
    public static long recvmmsg(Task t, int fd, long vec, int vlen, int flags, long timeout) throws ErrnoException {
        Socket s = socket(t, fd);
        long end = 0;
        if (timeout != 0) {
            Timespec ts = Timespec.read(t.mem(), timeout);
            if (ts.sec() < 0) throw ErrnoException.of(Errno.EINVAL);
            end = System.nanoTime() + ts.toNanos();
        }
        if (Integer.compareUnsigned(vlen, UIO_MAXIOV) > 0) vlen = UIO_MAXIOV;
        int done = 0;
        while (done < vlen) {
            long entry = vec + (long) done * MMSGHDR_SIZE;
            long n;
            try {
                n = recvmsgOne(t, s, entry, flags);
                t.mem().writeInt(entry + MSGHDR_SIZE, (int) n);
            } catch (ErrnoException e) {
                if (done > 0) break;
                throw e;
            }
            done++;
            if ((flags & MSG_WAITFORONE) != 0) flags |= MSG_DONTWAIT;
            if (timeout != 0 && System.nanoTime() - end >= 0) break;
        }
        if (timeout != 0 && done > 0) Timespec.writeNanos(t.mem(), timeout, Math.max(0, end - System.nanoTime()));
        return done;
    }

    /**
     * Lays out received control messages in the guest's buffer as put_cmsg and scm_detach_fds
     * do: CMSG_ALIGN spacing, MSG_CTRUNC when a message does not fit (a header whose length
     * says what was cut), descriptors installed only as far as room allows (the rest closed).
     */
    private static final class ControlWriter {
        private final Task t;
        private long ptr;
        private long left;
        private final long start;
        private boolean truncated;

        ControlWriter(Task t, long ptr, long len) {
            this.t = t;
            this.ptr = ptr;
            this.left = ptr == 0 ? 0 : len;
            this.start = this.left;
        }

        long used() { return start - left; }

        boolean truncated() { return truncated; }

        void put(Control c, boolean cloexec) throws ErrnoException {
            if (c.creds != null) {
                ByteBuffer b = ByteBuffer.allocate(UCRED_SIZE).order(ByteOrder.LITTLE_ENDIAN);
                b.putInt(c.creds.pid()).putInt(c.creds.uid()).putInt(c.creds.gid());
                cmsg(SOL_SOCKET, SCM_CREDENTIALS, b.array());
            }
            if (c.rights != null) rights(c.rights, cloexec);
            c.rights = null;
            if (c.other != null) for (Control.Raw r : c.other) cmsg(r.level(), r.type(), r.data());
        }

        private void cmsg(int level, int type, byte[] data) throws ErrnoException {
            if (left < CMSGHDR_SIZE) {
                truncated = true;
                return;
            }
            long cmlen = cmsgLen(data.length);
            if (left < cmlen) {
                truncated = true;
                cmlen = left;
            }
            byte[] out = new byte[(int) cmlen];
            ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
            b.putLong(cmlen).putInt(level).putInt(type);
            System.arraycopy(data, 0, out, CMSGHDR_SIZE, (int) cmlen - CMSGHDR_SIZE);
            t.mem().copyOut(ptr, out);
            long step = Math.min(cmsgSpace(data.length), left);
            ptr += step;
            left -= step;
        }

        /** scm_detach_fds: installs as many descriptors as fit; the description references move to the fds. */
        private void rights(List<FileDescription> files, boolean cloexec) throws ErrnoException {
            int fdmax = left > CMSGHDR_SIZE ? (int) Math.min((left - CMSGHDR_SIZE) / 4, Integer.MAX_VALUE) : 0;
            List<Integer> fds = new ArrayList<>();
            int i = 0;
            try {
                for (; i < files.size() && i < fdmax; i++) {
                    int fd;
                    try {
                        fd = t.files().install(files.get(i), cloexec, 0, SysFd.limit(t));
                    } catch (ErrnoException e) {
                        break;
                    }
                    fds.add(fd);
                }
                if (!fds.isEmpty()) {
                    int cmlen = cmsgLen(fds.size() * 4);
                    ByteBuffer b = ByteBuffer.allocate(cmlen).order(ByteOrder.LITTLE_ENDIAN);
                    b.putLong(cmlen).putInt(SOL_SOCKET).putInt(SCM_RIGHTS);
                    for (int fd : fds) b.putInt(fd);
                    t.mem().copyOut(ptr, b.array());
                    long step = Math.min(cmsgSpace(fds.size() * 4), left);
                    ptr += step;
                    left -= step;
                }
            } finally {
                if (i < files.size()) truncated = true;
                for (int k = i; k < files.size(); k++) files.get(k).release();
            }
        }
    }

    // ---------------------------------------------------------------- shutdown and options

    public static long shutdown(Task t, int fd, int how) throws ErrnoException {
        socket(t, fd).shutdown(t, how);
        return 0;
    }

    public static long setsockopt(Task t, int fd, int level, int name, long optval, int optlen) throws ErrnoException {
        Socket s = socket(t, fd);
        if (optlen < 0) throw ErrnoException.of(Errno.EINVAL);
        byte[] value = optlen == 0 ? new byte[0] : t.mem().copyIn(optval, Math.min(optlen, MAX_OPTLEN));
        s.setsockopt(t, level, name, value);
        return 0;
    }

    /** getsockopt(2): the value is cut to *optlen, which then says how much was written. */
    public static long getsockopt(Task t, int fd, int level, int name, long optval, long optlen) throws ErrnoException {
        Socket s = socket(t, fd);
        int len = t.mem().readInt(optlen);
        if (len < 0) throw ErrnoException.of(Errno.EINVAL);
        byte[] v = s.getsockopt(t, level, name, len);
        int n = Math.min(len, v.length);
        if (n > 0) t.mem().copyOut(optval, v, 0, n);
        t.mem().writeInt(optlen, n);
        return 0;
    }
}
