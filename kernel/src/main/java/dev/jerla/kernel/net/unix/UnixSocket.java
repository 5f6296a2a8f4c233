package dev.jerla.kernel.net.unix;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Fcntl;
import dev.jerla.abi.linux.Poll;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.net.Control;
import dev.jerla.kernel.net.RecvInfo;
import dev.jerla.kernel.net.Socket;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.vfs.FileDescription;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import static dev.jerla.abi.linux.Socket.*;

/**
 * One AF_UNIX socket (struct unix_sock of net/unix/af_unix.c). A socket's receive queue holds
 * the messages sent to it; each message is charged to its sender's send buffer until read, so a
 * writer blocks (or gets EAGAIN) once its messages in flight reach SO_SNDBUF. A listening
 * socket's queue holds the not yet accepted server ends ("embryos") that connect made.
 * Streams split writes into chunks and reads merge them; datagrams and sequenced packets keep
 * their boundaries.
 */
final class UnixSocket extends Socket {
    /** What a message costs its sender beyond its bytes (the sk_buff and skb_shared_info of its truesize). */
    private static final int SKB_OVERHEAD = 576;
    /** The largest chunk a stream write queues at once (SKB_MAX_HEAD plus the page fragments). */
    private static final int MAX_CHUNK = 65536;
    /** sk_shutdown bits. */
    private static final int RCV_SHUTDOWN = 1;
    private static final int SEND_SHUTDOWN = 2;
    private static final int SHUTDOWN_MASK = 3;
    /** The SCM_CREDENTIALS a receiver sees for a message sent without any (INVALID_UID munged to overflowuid). */
    private static final Control.Credentials NO_CREDS = new Control.Credentials(0, 65534, 65534);
    /** What a stream read that met no message reports (the zeroed scm_cookie of unix_stream_read_generic). */
    private static final Control.Credentials ZERO_CREDS = new Control.Credentials(0, 0, 0);

    private enum State { CLOSE, LISTEN, ESTABLISHED }

    /** One message in a receive queue (struct sk_buff with its unix_skb_parms). */
    private static final class Skb {
        final byte[] data;
        /** Bytes of a stream message already read. */
        int consumed;
        final UnixSocket sender;
        final int charge;
        final Control.Credentials creds;
        /** SCM_RIGHTS in flight: one reference per entry, or null. */
        List<FileDescription> rights;
        /** For a listener's queue: the server end of a connection waiting for accept. */
        final UnixSocket embryo;

        Skb(byte[] data, UnixSocket sender, Control.Credentials creds, List<FileDescription> rights, UnixSocket embryo) {
            this.data = data;
            this.sender = sender;
            this.charge = sender == null ? 0 : data.length + SKB_OVERHEAD;
            this.creds = creds;
            this.rights = rights;
            this.embryo = embryo;
        }

        int len() { return data.length - consumed; }
    }

    private final UnixFamily fam;
    /** Serializes bind (u->bindlock): the node is made outside fam.mu. */
    private final Object bindMu = new Object();
    // fam.mu guards the fields below.
    private State state = State.CLOSE;
    private UnixSocket peer;
    private UnixFamily.Address addr;
    private UnixFamily.InodeKey boundInode;
    private int shutdown;
    private boolean dead;
    private final ArrayDeque<Skb> queue = new ArrayDeque<>();
    /** sk_max_ack_backlog: listen's backlog, or max_dgram_qlen for datagram receivers. */
    private int backlog = UnixFamily.MAX_DGRAM_QLEN;
    /** SO_PEERCRED: the peer's identity at connect, listen or socketpair time. */
    private Control.Credentials peerCred;
    /** This socket's own identity recorded by listen, handed to connecting clients. */
    private Control.Credentials listenCred;
    /** sk_wmem_alloc: what this socket's unread messages cost. */
    private int wmem;
    /** Datagram sockets that found this socket's queue full when polling (unix_dgram_peer_wake_me). */
    private final Set<UnixSocket> peerWaiters = new LinkedHashSet<>();

    UnixSocket(UnixFamily fam, int type, int fileFlags) {
        super(AF_UNIX, type, 0, fileFlags);
        this.fam = fam;
    }

    /** SO_PEERCRED's view of a task: thread-group id, effective uid and gid (cred_to_ucred). */
    static Control.Credentials credsOf(Task t) {
        return new Control.Credentials(t.group().pid(), t.creds().euid(), t.creds().egid());
    }

    /** What unix_maybe_add_creds attaches: thread-group id, real uid and gid. */
    private static Control.Credentials senderCreds(Task t) {
        return new Control.Credentials(t.group().pid(), t.creds().uid(), t.creds().gid());
    }

    /** Connects two fresh sockets to each other (unix_socketpair); the caller holds fam.mu. */
    void connectPair(UnixSocket other, Control.Credentials creds) {
        peer = other;
        other.peer = this;
        state = other.state = State.ESTABLISHED;
        peerCred = other.peerCred = creds;
    }

    private boolean connectionOriented() {
        return type() == SOCK_STREAM || type() == SOCK_SEQPACKET;
    }

    // ---------------------------------------------------------------- names

    /** unix_bind: a path makes a node, a leading NUL claims an abstract name, a bare family autobinds. */
    @Override
    public void bind(Task t, byte[] a) throws ErrnoException {
        UnixFamily.Address name = UnixFamily.parse(a);
        synchronized (bindMu) {
            synchronized (fam.mu) {
                if (addr != null || dead) throw ErrnoException.of(Errno.EINVAL);
                if (name == null) {
                    autobindLocked();
                    return;
                }
                if (name.path() == null) {
                    fam.bindAbstract(name.abstractName(), this);
                    addr = name;
                    return;
                }
            }
            UnixFamily.InodeKey key = fam.bindPath(t, name.path(), this);
            synchronized (fam.mu) {
                addr = name;
                boundInode = key;
            }
        }
    }

    private void autobindLocked() throws ErrnoException {
        UnixFamily.Address name = fam.autobindName(type());
        fam.bindAbstract(name.abstractName(), this);
        addr = name;
    }

    /** Binds an abstract name if unbound, as unix_autobind does before sending credentials. */
    private void autobindIfPassCred() throws ErrnoException {
        if (!passCred()) return;
        synchronized (bindMu) {
            synchronized (fam.mu) {
                if (addr == null && !dead) autobindLocked();
            }
        }
    }

    @Override
    public byte[] sockName() {
        synchronized (fam.mu) {
            return addressBytes(addr);
        }
    }

    @Override
    public byte[] peerName() throws ErrnoException {
        synchronized (fam.mu) {
            if (peer == null) throw ErrnoException.of(Errno.ENOTCONN);
            return addressBytes(peer.addr);
        }
    }

    private static byte[] addressBytes(UnixFamily.Address a) {
        return a != null ? a.bytes().clone() : new byte[] {AF_UNIX, 0};
    }

    // ---------------------------------------------------------------- connections

    @Override
    public void connect(Task t, byte[] a) throws ErrnoException {
        if (type() == SOCK_DGRAM) dgramConnect(t, a);
        else streamConnect(t, a);
    }

    /** unix_dgram_connect: sets the default destination; AF_UNSPEC dissolves the association. */
    private void dgramConnect(Task t, byte[] a) throws ErrnoException {
        if (a.length >= SA_FAMILY_SIZE && a[0] == AF_UNSPEC && a[1] == 0) {
            UnixSocket old;
            synchronized (fam.mu) {
                old = peer;
                peer = null;
                state = State.CLOSE;
            }
            if (old != null) old.wakeUp();
            wakeUp();
            return;
        }
        UnixFamily.Address name = UnixFamily.parse(a);
        if (name == null) throw ErrnoException.of(Errno.EINVAL);
        autobindIfPassCred();
        UnixSocket other = fam.find(t, name, type());
        synchronized (fam.mu) {
            if (other.dead) throw ErrnoException.of(Errno.ECONNREFUSED);
            if (other.peer != null && other.peer != this) throw ErrnoException.of(Errno.EPERM);
            peer = other;
            state = State.ESTABLISHED;
        }
        wakeUp();
    }

    /**
     * unix_stream_connect: queues a new server end on the listener and connects to it at once;
     * a full backlog (more than backlog connections waiting) blocks, or fails with EAGAIN.
     */
    private void streamConnect(Task t, byte[] a) throws ErrnoException {
        UnixFamily.Address name = UnixFamily.parse(a);
        if (name == null) throw ErrnoException.of(Errno.EINVAL);
        autobindIfPassCred();
        long deadline = sndDeadline(false);
        while (true) {
            synchronized (fam.mu) {
                if (state == State.ESTABLISHED) throw ErrnoException.of(Errno.EISCONN);
                if (state == State.LISTEN) throw ErrnoException.of(Errno.EINVAL);
            }
            UnixSocket other = fam.find(t, name, type());
            UnixSocket newsk;
            synchronized (fam.mu) {
                if (state == State.ESTABLISHED) throw ErrnoException.of(Errno.EISCONN);
                if (other.dead || other.state != State.LISTEN || (other.shutdown & RCV_SHUTDOWN) != 0) {
                    throw ErrnoException.of(Errno.ECONNREFUSED);
                }
                if (other.queue.size() > other.backlog) {
                    newsk = null;
                } else {
                    newsk = new UnixSocket(fam, type(), Fcntl.O_RDWR);
                    newsk.state = State.ESTABLISHED;
                    newsk.peer = this;
                    newsk.peerCred = credsOf(t);
                    newsk.addr = other.addr;
                    peer = newsk;
                    state = State.ESTABLISHED;
                    peerCred = other.listenCred;
                    other.queue.add(new Skb(new byte[0], null, null, null, newsk));
                }
            }
            if (newsk != null) {
                other.wakeUp();
                wakeUp();
                return;
            }
            sleepUntil(t, () -> {
                synchronized (fam.mu) {
                    return other.dead || other.state != State.LISTEN || other.queue.size() <= other.backlog;
                }
            }, deadline, other.pollQueue());
        }
    }

    /** unix_listen: only bound stream and seqpacket sockets; the backlog may be changed later. */
    @Override
    public void listen(Task t, int backlog) throws ErrnoException {
        if (type() == SOCK_DGRAM) throw ErrnoException.of(Errno.EOPNOTSUPP);
        synchronized (fam.mu) {
            if (addr == null) throw ErrnoException.of(Errno.EINVAL);
            if (state != State.CLOSE && state != State.LISTEN) throw ErrnoException.of(Errno.EINVAL);
            this.backlog = backlog;
            state = State.LISTEN;
            listenCred = credsOf(t);
        }
        wakeUp();
    }

    /** unix_accept: takes the oldest waiting connection; the server end inherits SO_PASSCRED. */
    @Override
    public Socket accept(Task t, int fileFlags) throws ErrnoException {
        if (type() == SOCK_DGRAM) throw ErrnoException.of(Errno.EOPNOTSUPP);
        long deadline = rcvDeadline(false);
        while (true) {
            Skb s;
            synchronized (fam.mu) {
                if (state != State.LISTEN || (shutdown & RCV_SHUTDOWN) != 0) throw ErrnoException.of(Errno.EINVAL);
                s = queue.poll();
            }
            if (s != null) {
                pollQueue().wakeAll();
                UnixSocket newsk = s.embryo;
                newsk.setFlags(Fcntl.O_RDWR | (fileFlags & Fcntl.O_NONBLOCK));
                if (passCred()) newsk.setSocketOption(t, SO_PASSCRED, intBytes(1));
                return newsk;
            }
            sleepUntil(t, () -> {
                synchronized (fam.mu) {
                    return !queue.isEmpty() || state != State.LISTEN || (shutdown & RCV_SHUTDOWN) != 0;
                }
            }, deadline);
        }
    }

    @Override
    protected boolean isListening() {
        synchronized (fam.mu) {
            return state == State.LISTEN;
        }
    }

    @Override
    protected Control.Credentials peerCred() {
        synchronized (fam.mu) {
            return peerCred;
        }
    }

    /** unix_shutdown: marks this end and, for connection-oriented sockets, the peer's opposite direction. */
    @Override
    public void shutdown(Task t, int how) throws ErrnoException {
        if (how < SHUT_RD || how > SHUT_RDWR) throw ErrnoException.of(Errno.EINVAL);
        int mode = how + 1;
        UnixSocket other;
        synchronized (fam.mu) {
            shutdown |= mode;
            other = peer;
            if (other != null && connectionOriented()) {
                int peerMode = ((mode & RCV_SHUTDOWN) != 0 ? SEND_SHUTDOWN : 0)
                        | ((mode & SEND_SHUTDOWN) != 0 ? RCV_SHUTDOWN : 0);
                other.shutdown |= peerMode;
            } else {
                other = null;
            }
        }
        wakeUp();
        if (other != null) other.wakeUp();
    }

    // ---------------------------------------------------------------- sending

    @Override
    public int sendmsg(Task t, byte[] data, int off, int len, byte[] a, Control control, int msgFlags)
            throws ErrnoException {
        if ((msgFlags & MSG_OOB) != 0) throw ErrnoException.of(Errno.EOPNOTSUPP);
        return switch (type()) {
            case SOCK_STREAM -> streamSend(t, data, off, len, a, control, msgFlags);
            case SOCK_SEQPACKET -> {
                synchronized (fam.mu) {
                    if (state != State.ESTABLISHED) throw ErrnoException.of(Errno.ENOTCONN);
                }
                yield dgramSend(t, data, off, len, null, control, msgFlags);
            }
            default -> dgramSend(t, data, off, len, a, control, msgFlags);
        };
    }

    /** The credentials a message carries: the ones given, or the sender's when either end has SO_PASSCRED. */
    private Control.Credentials messageCreds(Task t, Control control, UnixSocket other) {
        if (control != null && control.creds != null) return control.creds;
        if (passCred() || other.passCred()) return senderCreds(t);
        return null;
    }

    /** Takes the descriptors in flight out of the caller's control data (the queue owns them now). */
    private static List<FileDescription> takeRights(Control control) {
        if (control == null || control.rights == null || control.rights.isEmpty()) return null;
        List<FileDescription> r = control.rights;
        control.rights = null;
        return r;
    }

    private boolean cannotSendTo(UnixSocket other) {
        return (shutdown & SEND_SHUTDOWN) != 0 || other.dead || (other.shutdown & RCV_SHUTDOWN) != 0;
    }

    /**
     * unix_stream_sendmsg: queues the bytes in chunks as send buffer space allows; descriptors
     * travel with the first chunk. EPIPE once either direction is shut; a signal, a timeout or
     * O_NONBLOCK after some bytes went out returns the count.
     */
    private int streamSend(Task t, byte[] data, int off, int len, byte[] a, Control control, int msgFlags)
            throws ErrnoException {
        UnixSocket other;
        synchronized (fam.mu) {
            if (a != null) throw ErrnoException.of(state == State.ESTABLISHED ? Errno.EISCONN : Errno.EOPNOTSUPP);
            other = peer;
            if (state != State.ESTABLISHED || other == null) throw ErrnoException.of(Errno.ENOTCONN);
            if ((shutdown & SEND_SHUTDOWN) != 0) throw ErrnoException.of(Errno.EPIPE);
        }
        Control.Credentials creds = messageCreds(t, control, other);
        long deadline = sndDeadline((msgFlags & MSG_DONTWAIT) != 0);
        int sent = 0;
        while (sent < len) {
            int size = Math.min(len - sent, Math.min(Math.max(sndbuf() / 2 - 64, 1), MAX_CHUNK));
            try {
                sleepUntil(t, () -> {
                    synchronized (fam.mu) {
                        return wmem < sndbuf() || cannotSendTo(other);
                    }
                }, deadline);
            } catch (ErrnoException e) {
                if (sent > 0) return sent;
                throw e;
            }
            synchronized (fam.mu) {
                if (cannotSendTo(other)) {
                    if (sent > 0) return sent;
                    throw ErrnoException.of(Errno.EPIPE);
                }
                Skb s = new Skb(Arrays.copyOfRange(data, off + sent, off + sent + size), this, creds,
                        sent == 0 ? takeRights(control) : null, null);
                other.queue.add(s);
                wmem += s.charge;
            }
            other.wakeUp();
            sent += size;
        }
        return sent;
    }

    /**
     * unix_dgram_sendmsg: one message to the given address or the connected peer. EMSGSIZE beyond
     * the send buffer; a full receive queue of a socket not connected back blocks or fails with
     * EAGAIN; EPERM when the receiver is connected to someone else; ECONNREFUSED when the
     * connected peer is gone (and the association is dropped).
     */
    private int dgramSend(Task t, byte[] data, int off, int len, byte[] a, Control control, int msgFlags)
            throws ErrnoException {
        UnixFamily.Address name = null;
        if (a != null) {
            name = UnixFamily.parse(a);
            if (name == null) throw ErrnoException.of(Errno.EINVAL);
        }
        UnixSocket connected;
        synchronized (fam.mu) {
            connected = peer;
        }
        if (name == null && connected == null) throw ErrnoException.of(Errno.ENOTCONN);
        autobindIfPassCred();
        if (len > sndbuf() - 32) throw ErrnoException.of(Errno.EMSGSIZE);
        long deadline = sndDeadline((msgFlags & MSG_DONTWAIT) != 0);
        sleepUntil(t, () -> {
            synchronized (fam.mu) {
                return wmem < sndbuf();
            }
        }, deadline);
        while (true) {
            UnixSocket other = name != null ? fam.find(t, name, type()) : connected;
            boolean queued;
            synchronized (fam.mu) {
                if ((shutdown & SEND_SHUTDOWN) != 0) throw ErrnoException.of(Errno.EPIPE);
                if (other.dead) {
                    if (type() == SOCK_SEQPACKET) throw ErrnoException.of(Errno.EPIPE);
                    if (peer == other) {
                        peer = null;
                        state = State.CLOSE;
                    }
                    throw ErrnoException.of(Errno.ECONNREFUSED);
                }
                if (other.peer != null && other.peer != this) throw ErrnoException.of(Errno.EPERM);
                if ((other.shutdown & RCV_SHUTDOWN) != 0) throw ErrnoException.of(Errno.EPIPE);
                queued = other == this || other.peer == this || other.queue.size() <= other.backlog;
                if (queued) {
                    Skb s = new Skb(Arrays.copyOfRange(data, off, off + len), this,
                            messageCreds(t, control, other), takeRights(control), null);
                    other.queue.add(s);
                    wmem += s.charge;
                }
            }
            if (queued) {
                other.wakeUp();
                return len;
            }
            sleepUntil(t, () -> {
                synchronized (fam.mu) {
                    return other.dead || other.queue.size() <= other.backlog || (other.shutdown & RCV_SHUTDOWN) != 0;
                }
            }, deadline, other.pollQueue());
        }
    }

    // ---------------------------------------------------------------- receiving

    @Override
    public int recvmsg(Task t, byte[] buf, int off, int len, int msgFlags, RecvInfo out) throws ErrnoException {
        if ((msgFlags & MSG_OOB) != 0) throw ErrnoException.of(Errno.EOPNOTSUPP);
        return switch (type()) {
            case SOCK_STREAM -> streamRecv(t, buf, off, len, msgFlags, out);
            case SOCK_SEQPACKET -> {
                synchronized (fam.mu) {
                    if (state != State.ESTABLISHED) throw ErrnoException.of(Errno.ENOTCONN);
                }
                yield dgramRecv(t, buf, off, len, msgFlags, out);
            }
            default -> dgramRecv(t, buf, off, len, msgFlags, out);
        };
    }

    /** Gives a message's charge back to its sender; the caller holds fam.mu and wakes the sender. */
    private static void uncharge(Skb s, Set<UnixSocket> wake) {
        if (s.sender == null) return;
        s.sender.wmem -= s.charge;
        wake.add(s.sender);
    }

    private static List<FileDescription> dupRights(List<FileDescription> rights) {
        for (FileDescription f : rights) f.retain();
        return new ArrayList<>(rights);
    }

    /** Wakes the senders whose buffer space came back and the datagram writers that waited for queue room. */
    private void wakeAfterRead(Set<UnixSocket> wake) {
        List<UnixSocket> waiters;
        synchronized (fam.mu) {
            waiters = new ArrayList<>(peerWaiters);
            peerWaiters.clear();
        }
        for (UnixSocket s : wake) s.wakeUp();
        for (UnixSocket s : waiters) s.wakeUp();
        // Writers blocked on this queue's room sleep here too (Linux's peer_wait); reading does
        // not change this socket's own readiness edge, so the generation stays.
        pollQueue().wakeAll();
    }

    /**
     * unix_stream_read_generic: copies across messages until the buffer is full or, when data
     * stops coming, at least SO_RCVLOWAT bytes (all of them with MSG_WAITALL) arrived. Never
     * merges messages with different credentials when SO_PASSCRED is on, and stops after a
     * message that carried descriptors. EOF once the peer shut its sending side.
     */
    private int streamRecv(Task t, byte[] buf, int off, int len, int msgFlags, RecvInfo out) throws ErrnoException {
        synchronized (fam.mu) {
            if (state != State.ESTABLISHED) throw ErrnoException.of(Errno.EINVAL);
        }
        boolean peek = (msgFlags & MSG_PEEK) != 0;
        int target = (msgFlags & MSG_WAITALL) != 0 ? len : Math.min(rcvlowat(), len);
        if (target == 0) target = 1;
        long deadline = rcvDeadline((msgFlags & MSG_DONTWAIT) != 0);
        int copied = 0;
        boolean haveCreds = false;
        Control.Credentials creds = null;
        boolean haveAddr = false;
        List<FileDescription> rights = null;
        while (true) {
            Set<UnixSocket> wake = new LinkedHashSet<>();
            boolean done = false;
            boolean consumed = false;
            int err = 0;
            synchronized (fam.mu) {
                int skip = peek ? copied : 0;
                Iterator<Skb> it = queue.iterator();
                while (copied < len && it.hasNext()) {
                    Skb s = it.next();
                    int avail = s.len();
                    if (skip >= avail) {
                        skip -= avail;
                        continue;
                    }
                    if (passCred()) {
                        if (!haveCreds) {
                            creds = s.creds;
                            haveCreds = true;
                        } else if (!Objects.equals(creds, s.creds)) {
                            done = true;
                            break;
                        }
                    }
                    if (!haveAddr) {
                        out.addr = s.sender != null && s.sender.addr != null ? s.sender.addr.bytes().clone() : null;
                        haveAddr = true;
                    }
                    int n = Math.min(avail - skip, len - copied);
                    System.arraycopy(s.data, s.consumed + skip, buf, off + copied, n);
                    copied += n;
                    skip = 0;
                    if (!peek) {
                        s.consumed += n;
                        consumed = true;
                        if (s.rights != null && rights == null) {
                            rights = s.rights;
                            s.rights = null;
                        }
                        if (s.len() > 0) break;
                        it.remove();
                        uncharge(s, wake);
                        if (rights != null) {
                            done = true;
                            break;
                        }
                    } else if (s.rights != null) {
                        if (rights == null) rights = dupRights(s.rights);
                        done = true;
                        break;
                    }
                }
                if (copied >= target || (len == 0 && !queue.isEmpty())) done = true;
                if (!done) {
                    err = takeError();
                    if (err != 0 || (shutdown & RCV_SHUTDOWN) != 0) done = true;
                }
            }
            if (!wake.isEmpty() || consumed) wakeAfterRead(wake);
            if (done) {
                if (err != 0 && copied == 0) throw ErrnoException.of(err);
                break;
            }
            final int have = copied;
            try {
                sleepUntil(t, () -> {
                    synchronized (fam.mu) {
                        int bytes = 0;
                        for (Skb s : queue) bytes += s.len();
                        return bytes > (peek ? have : 0) || pendingError() != 0 || (shutdown & RCV_SHUTDOWN) != 0
                                || state != State.ESTABLISHED;
                    }
                }, deadline);
            } catch (ErrnoException e) {
                if (copied > 0) break;
                if (rights != null) for (FileDescription f : rights) f.release();
                throw e;
            }
        }
        fillControl(out, !haveCreds ? ZERO_CREDS : creds != null ? creds : NO_CREDS, rights);
        return copied;
    }

    /**
     * unix_dgram_recvmsg: one message; a shorter buffer gets its head and MSG_TRUNC, and the
     * MSG_TRUNC flag makes the call return the full length. 0 once the receiving side is shut.
     */
    private int dgramRecv(Task t, byte[] buf, int off, int len, int msgFlags, RecvInfo out) throws ErrnoException {
        boolean peek = (msgFlags & MSG_PEEK) != 0;
        long deadline = rcvDeadline((msgFlags & MSG_DONTWAIT) != 0);
        while (true) {
            Set<UnixSocket> wake = new LinkedHashSet<>();
            int result = -1;
            Control.Credentials creds = null;
            List<FileDescription> rights = null;
            synchronized (fam.mu) {
                Skb s = queue.peekFirst();
                if (s != null && s.embryo == null) {
                    int n = Math.min(s.len(), len);
                    System.arraycopy(s.data, 0, buf, off, n);
                    if (s.len() > len) out.msgFlags |= MSG_TRUNC;
                    out.addr = s.sender != null && s.sender.addr != null ? s.sender.addr.bytes().clone() : null;
                    creds = s.creds != null ? s.creds : NO_CREDS;
                    if (peek) {
                        if (s.rights != null) rights = dupRights(s.rights);
                    } else {
                        rights = s.rights;
                        s.rights = null;
                        queue.pollFirst();
                        uncharge(s, wake);
                    }
                    result = (msgFlags & MSG_TRUNC) != 0 ? s.len() : n;
                } else {
                    int err = takeError();
                    if (err != 0) throw ErrnoException.of(err);
                    if ((shutdown & RCV_SHUTDOWN) != 0) result = 0;
                }
            }
            if (result >= 0) {
                if (!peek) wakeAfterRead(wake);
                if (creds != null) fillControl(out, creds, rights);
                return result;
            }
            sleepUntil(t, () -> {
                synchronized (fam.mu) {
                    return !queue.isEmpty() || pendingError() != 0 || (shutdown & RCV_SHUTDOWN) != 0;
                }
            }, deadline);
        }
    }

    /** scm_recv: SCM_CREDENTIALS when SO_PASSCRED is on, then the descriptors. */
    private void fillControl(RecvInfo out, Control.Credentials creds, List<FileDescription> rights) {
        boolean wantCreds = passCred();
        if (!wantCreds && rights == null) return;
        Control c = new Control();
        if (wantCreds) c.creds = creds != null ? creds : NO_CREDS;
        c.rights = rights;
        out.control = c;
    }

    // ---------------------------------------------------------------- readiness, ioctl, options

    /** unix_poll for streams, unix_dgram_poll for datagrams and sequenced packets. */
    @Override
    public int poll() {
        synchronized (fam.mu) {
            int mask = 0;
            if (pendingError() != 0) mask |= Poll.POLLERR;
            if (shutdown == SHUTDOWN_MASK) mask |= Poll.POLLHUP;
            if ((shutdown & RCV_SHUTDOWN) != 0) mask |= Poll.POLLRDHUP | Poll.POLLIN | Poll.POLLRDNORM;
            if (!queue.isEmpty()) mask |= Poll.POLLIN | Poll.POLLRDNORM;
            if (type() != SOCK_DGRAM && state == State.CLOSE) mask |= Poll.POLLHUP;
            boolean writable = state != State.LISTEN && (long) wmem * 4 <= sndbuf();
            if (writable && type() != SOCK_STREAM) {
                UnixSocket other = peer;
                if (other != null && other.peer != this && other.queue.size() > other.backlog) {
                    writable = false;
                    other.peerWaiters.add(this);
                }
            }
            if (writable) mask |= Poll.POLLOUT | Poll.POLLWRNORM | Poll.POLLWRBAND;
            return mask;
        }
    }

    /** SIOCINQ (unread bytes; the first datagram's length) and SIOCOUTQ (send buffer in use). */
    @Override
    public long ioctl(Task t, int cmd, long arg) throws ErrnoException {
        switch (cmd) {
            case SIOCINQ -> {
                int n = 0;
                synchronized (fam.mu) {
                    if (state == State.LISTEN) throw ErrnoException.of(Errno.EINVAL);
                    if (type() == SOCK_STREAM) {
                        for (Skb s : queue) n += s.len();
                    } else if (!queue.isEmpty()) {
                        n = queue.peekFirst().len();
                    }
                }
                t.mem().writeInt(arg, n);
                return 0;
            }
            case SIOCOUTQ -> {
                int n;
                synchronized (fam.mu) {
                    n = wmem;
                }
                t.mem().writeInt(arg, n);
                return 0;
            }
            default -> {
                return t.kernel().sockets().deviceIoctl(t, cmd, arg);
            }
        }
    }

    /** AF_UNIX has only SOL_SOCKET options (unix_stream_ops has no setsockopt: EOPNOTSUPP). */
    @Override
    public void setsockopt(Task t, int level, int name, byte[] value) throws ErrnoException {
        if (level != SOL_SOCKET) throw ErrnoException.of(Errno.EOPNOTSUPP);
        setSocketOption(t, name, value);
    }

    @Override
    public byte[] getsockopt(Task t, int level, int name, int optlen) throws ErrnoException {
        if (level != SOL_SOCKET) throw ErrnoException.of(Errno.EOPNOTSUPP);
        return getSocketOption(t, name, optlen);
    }

    // ---------------------------------------------------------------- release

    @Override
    protected void onLastClose() {
        release(false);
    }

    /**
     * unix_release_sock: drops the names, tells a connected peer that nothing more comes
     * (ECONNRESET when unread data or an unaccepted connection is thrown away), returns the send
     * buffer charges of the discarded messages, closes the descriptors in flight and the
     * connections nobody accepted.
     */
    private void release(boolean embryo) {
        List<FileDescription> drop = new ArrayList<>();
        List<UnixSocket> embryos = new ArrayList<>();
        Set<UnixSocket> wake = new LinkedHashSet<>();
        synchronized (fam.mu) {
            if (dead) return;
            dead = true;
            fam.unbind(addr != null && addr.path() == null ? addr.abstractName() : null, boundInode, this);
            UnixSocket skpair = peer;
            boolean unread = !queue.isEmpty();
            state = State.CLOSE;
            shutdown = SHUTDOWN_MASK;
            if (skpair != null) {
                if (connectionOriented()) {
                    skpair.shutdown = SHUTDOWN_MASK;
                    if (unread || embryo) skpair.setError(Errno.ECONNRESET.number());
                }
                wake.add(skpair);
            }
            for (Skb s : queue) {
                if (s.embryo != null) embryos.add(s.embryo);
                if (s.rights != null) drop.addAll(s.rights);
                s.rights = null;
                uncharge(s, wake);
            }
            queue.clear();
            wake.addAll(peerWaiters);
            peerWaiters.clear();
        }
        for (UnixSocket s : wake) s.wakeUp();
        wakeUp();
        for (FileDescription f : drop) f.release();
        for (UnixSocket e : embryos) e.release(true);
    }
}
