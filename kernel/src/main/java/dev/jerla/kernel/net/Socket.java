package dev.jerla.kernel.net;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Signal;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.task.WaitQueue;
import dev.jerla.kernel.vfs.FileDescription;
import dev.jerla.kernel.vfs.Inode;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import static dev.jerla.abi.linux.Socket.*;

/**
 * A socket (struct socket with its struct sock): an open file description whose operations are
 * those of struct proto_ops. The base class holds what net/core/sock.c keeps for every family:
 * the SOL_SOCKET options, the pending error, the sockfs inode, and the wait queue and readiness
 * generation that poll, select and epoll watch. read and write are recvmsg and sendmsg without
 * flags, as sock_read_iter and sock_write_iter are.
 */
public abstract class Socket extends FileDescription {
    /** net.core.wmem_default and rmem_default. */
    public static final int DEFAULT_BUFFER = 212992;
    /** net.core.wmem_max and rmem_max: SO_SNDBUF/SO_RCVBUF requests are capped here before doubling. */
    public static final int MAX_BUFFER = 212992;
    /** SOCK_MIN_SNDBUF and SOCK_MIN_RCVBUF of include/net/sock.h on x86-64. */
    public static final int MIN_SNDBUF = 4608;
    public static final int MIN_RCVBUF = 2304;
    /** A timeout that never expires (MAX_SCHEDULE_TIMEOUT). */
    public static final long FOREVER = Long.MAX_VALUE;
    /** The deadline of an operation that must not sleep at all. */
    protected static final long NO_WAIT = Long.MIN_VALUE;

    private final int family;
    private final int type;
    private final int protocol;
    private final SockFs.SockInode inode = SockFs.INSTANCE.newInode();
    private final WaitQueue wq = new WaitQueue();
    private final AtomicLong generation = new AtomicLong();

    private volatile int sndbuf = DEFAULT_BUFFER;
    private volatile int rcvbuf = DEFAULT_BUFFER;
    /** SO_RCVTIMEO / SO_SNDTIMEO in nanoseconds; FOREVER when unset, 0 for "never wait". */
    private volatile long rcvTimeo = FOREVER;
    private volatile long sndTimeo = FOREVER;
    /** Boolean SOL_SOCKET options, bit = option number. */
    private volatile long boolOptions;
    private volatile int priority;
    private volatile int rcvlowat = 1;
    private volatile int mark;
    private volatile int lingerOnOff;
    private volatile int lingerSeconds;
    /** sk_err: the pending asynchronous error that SO_ERROR reads and clears (0 for none). */
    private volatile int error;

    protected Socket(int family, int type, int protocol, int flags) {
        super(flags);
        this.family = family;
        this.type = type;
        this.protocol = protocol;
    }

    public final int family() { return family; }

    /** The socket type without SOCK_NONBLOCK/SOCK_CLOEXEC. */
    public final int type() { return type; }

    public final int protocol() { return protocol; }

    public abstract void bind(Task t, byte[] addr) throws ErrnoException;

    /** Connects; blocking unless nonBlocking() (EINPROGRESS, EALREADY, EISCONN as the family says). */
    public abstract void connect(Task t, byte[] addr) throws ErrnoException;

    public abstract void listen(Task t, int backlog) throws ErrnoException;

    /** Blocks (interruptibly) for a connection; fileFlags are the new file's O_NONBLOCK. */
    public abstract Socket accept(Task t, int fileFlags) throws ErrnoException;

    /** getsockname: the full sockaddr bytes. */
    public abstract byte[] sockName() throws ErrnoException;

    /** getpeername: the full sockaddr bytes; ENOTCONN if none. */
    public abstract byte[] peerName() throws ErrnoException;

    /** sendmsg: returns the bytes sent; addr null when not given; msgFlags MSG_*; control may be null. */
    public abstract int sendmsg(Task t, byte[] data, int off, int len, byte[] addr, Control control, int msgFlags)
            throws ErrnoException;

    /**
     * recvmsg: fills buf and returns the byte count (the full datagram length when MSG_TRUNC is in
     * msgFlags); out receives the address, the control data and the msg_flags to return.
     */
    public abstract int recvmsg(Task t, byte[] buf, int off, int len, int msgFlags, RecvInfo out) throws ErrnoException;

    public abstract void shutdown(Task t, int how) throws ErrnoException;

    /** setsockopt with the raw option bytes; SOL_SOCKET options go to {@link #setSocketOption}. */
    public abstract void setsockopt(Task t, int level, int name, byte[] value) throws ErrnoException;

    /** getsockopt: the option bytes (the caller truncates to the guest's optlen). */
    public abstract byte[] getsockopt(Task t, int level, int name, int optlen) throws ErrnoException;

    // ---------------------------------------------------------------- file operations

    @Override public final Inode inode() { return inode; }

    @Override public final String anonName() { return "socket:[" + inode.ino() + "]"; }

    /** Records the creating task's fsuid/fsgid as the inode's owner (sock_alloc). */
    public final void setOwner(Task t) {
        inode.setOwner(t.creds().fsuid(), t.creds().fsgid());
    }

    @Override
    public int read(Task t, byte[] dst, int off, int len) throws ErrnoException {
        if (len == 0) return 0;
        return recvmsg(t, dst, off, len, 0, new RecvInfo());
    }

    /** sock_write_iter: sendmsg without flags. */
    @Override
    public int write(Task t, byte[] src, int off, int len) throws ErrnoException {
        try {
            return sendmsg(t, src, off, len, null, null, 0);
        } catch (ErrnoException e) {
            sigpipe(t, e, 0);
            throw e;
        }
    }

    /**
     * Raises SIGPIPE for an EPIPE of a stream socket unless MSG_NOSIGNAL, as unix_stream_sendmsg
     * and sk_stream_error do (datagram and seqpacket sockets fail quietly).
     */
    public final void sigpipe(Task t, ErrnoException e, int msgFlags) {
        if (e.code() == Errno.EPIPE.number() && type == SOCK_STREAM && (msgFlags & MSG_NOSIGNAL) == 0) {
            t.kernel().signalTask(t, Signal.SIGPIPE);
        }
    }

    @Override public WaitQueue pollQueue() { return wq; }

    @Override public long pollGeneration() { return generation.get(); }

    /** Records a change of readiness and wakes everyone waiting on this socket (sk_data_ready and friends). */
    public final void wakeUp() {
        generation.incrementAndGet();
        wq.wakeAll();
    }

    // ---------------------------------------------------------------- blocking

    /** The deadline of a receive: NO_WAIT when non-blocking, else from SO_RCVTIMEO (sock_rcvtimeo). */
    protected final long rcvDeadline(boolean dontWait) {
        return deadline(dontWait, rcvTimeo);
    }

    /** The deadline of a send: NO_WAIT when non-blocking, else from SO_SNDTIMEO (sock_sndtimeo). */
    protected final long sndDeadline(boolean dontWait) {
        return deadline(dontWait, sndTimeo);
    }

    private long deadline(boolean dontWait, long timeo) {
        if (dontWait || nonBlocking() || timeo == 0) return NO_WAIT;
        if (timeo == FOREVER) return FOREVER;
        long d = System.nanoTime() + timeo;
        return d == NO_WAIT || d == FOREVER ? d + 1 : d;
    }

    /**
     * Sleeps until {@code ready} holds, on this socket's queue and {@code more}. EAGAIN when the
     * deadline is NO_WAIT or passes; a signal gives ERESTARTSYS without a timeout and EINTR with
     * one (sock_intr_errno).
     */
    protected final void sleepUntil(Task t, BooleanSupplier ready, long deadline, WaitQueue... more)
            throws ErrnoException {
        if (ready.getAsBoolean()) return;
        if (deadline == NO_WAIT) throw ErrnoException.of(Errno.EAGAIN);
        WaitQueue[] queues = new WaitQueue[more.length + 1];
        queues[0] = wq;
        System.arraycopy(more, 0, queues, 1, more.length);
        boolean ok;
        try {
            ok = t.waitInterruptibly(ready, deadline, queues);
        } catch (ErrnoException e) {
            if (e.code() == ErrnoException.ERESTARTSYS && deadline != FOREVER) throw ErrnoException.of(Errno.EINTR);
            throw e;
        }
        if (!ok) throw ErrnoException.of(Errno.EAGAIN);
    }

    // ---------------------------------------------------------------- SOL_SOCKET options

    public final int sndbuf() { return sndbuf; }

    public final int rcvbuf() { return rcvbuf; }

    /** SO_PASSCRED is set. */
    public final boolean passCred() { return option(SO_PASSCRED); }

    /** A boolean SOL_SOCKET option (SO_REUSEADDR, SO_KEEPALIVE, SO_BROADCAST, ...). */
    public final boolean option(int name) { return (boolOptions & (1L << name)) != 0; }

    public final int rcvlowat() { return rcvlowat; }

    /** Sets sk_err (an errno number) and wakes pollers, as sk_error_report does. */
    public final void setError(int errno) {
        error = errno;
        wakeUp();
    }

    /** The pending error without clearing it (0 for none). */
    public final int pendingError() { return error; }

    /** Reads and clears the pending error (sock_error). */
    public final int takeError() {
        int e = error;
        error = 0;
        return e;
    }

    /** True for a listening socket (SO_ACCEPTCONN). */
    protected boolean isListening() { return false; }

    /** The peer's credentials for SO_PEERCRED, or null (then pid 0, uid and gid -1 as cred_to_ucred). */
    protected Control.Credentials peerCred() { return null; }

    private static final long BOOLEAN_OPTIONS = 1L << SO_DEBUG | 1L << SO_REUSEADDR | 1L << SO_DONTROUTE
            | 1L << SO_BROADCAST | 1L << SO_KEEPALIVE | 1L << SO_OOBINLINE | 1L << SO_REUSEPORT
            | 1L << SO_PASSCRED | 1L << SO_TIMESTAMP | 1L << SO_TIMESTAMPNS | 1L << SO_PASSSEC
            | 1L << SO_RXQ_OVFL | 1L << SO_ZEROCOPY;

    /** The generic SOL_SOCKET setsockopt (sk_setsockopt of net/core/sock.c); ENOPROTOOPT for unknown names. */
    protected final void setSocketOption(Task t, int name, byte[] value) throws ErrnoException {
        switch (name) {
            case SO_RCVTIMEO_OLD, SO_SNDTIMEO_OLD, SO_RCVTIMEO_NEW, SO_SNDTIMEO_NEW -> {
                long timeo = parseTimeval(value);
                if (name == SO_RCVTIMEO_OLD || name == SO_RCVTIMEO_NEW) rcvTimeo = timeo;
                else sndTimeo = timeo;
                return;
            }
            case SO_LINGER -> {
                if (value.length < 8) throw ErrnoException.of(Errno.EINVAL);
                ByteBuffer b = le(value);
                lingerOnOff = b.getInt(0) != 0 ? 1 : 0;
                lingerSeconds = b.getInt(4);
                return;
            }
            default -> {}
        }
        if (value.length < 4) throw ErrnoException.of(Errno.EINVAL);
        int val = le(value).getInt(0);
        if (name < 64 && (BOOLEAN_OPTIONS & (1L << name)) != 0) {
            synchronized (this) {
                boolOptions = val != 0 ? boolOptions | (1L << name) : boolOptions & ~(1L << name);
            }
            return;
        }
        boolean admin = t.creds().euid() == 0;
        switch (name) {
            case SO_SNDBUF, SO_SNDBUFFORCE -> {
                if (name == SO_SNDBUFFORCE && !admin) throw ErrnoException.of(Errno.EPERM);
                long v = name == SO_SNDBUF ? Math.min(val & 0xFFFFFFFFL, MAX_BUFFER) : Math.max(val, 0);
                sndbuf = (int) Math.max(Math.min(v, Integer.MAX_VALUE / 2) * 2, MIN_SNDBUF);
                wakeUp();
            }
            case SO_RCVBUF, SO_RCVBUFFORCE -> {
                if (name == SO_RCVBUFFORCE && !admin) throw ErrnoException.of(Errno.EPERM);
                long v = name == SO_RCVBUF ? Math.min(val & 0xFFFFFFFFL, MAX_BUFFER) : Math.max(val, 0);
                rcvbuf = (int) Math.max(Math.min(v, Integer.MAX_VALUE / 2) * 2, MIN_RCVBUF);
            }
            case SO_PRIORITY -> {
                if ((val < 0 || val > 6) && !admin) throw ErrnoException.of(Errno.EPERM);
                priority = val;
            }
            case SO_RCVLOWAT -> rcvlowat = val < 0 ? Integer.MAX_VALUE : Math.max(val, 1);
            case SO_MARK -> {
                if (!admin) throw ErrnoException.of(Errno.EPERM);
                mark = val;
            }
            default -> throw ErrnoException.of(Errno.ENOPROTOOPT);
        }
    }

    /** The generic SOL_SOCKET getsockopt (sk_getsockopt); ENOPROTOOPT for unknown names. */
    protected final byte[] getSocketOption(Task t, int name, int optlen) throws ErrnoException {
        if (name < 64 && (BOOLEAN_OPTIONS & (1L << name)) != 0) return intBytes(option(name) ? 1 : 0);
        return switch (name) {
            case SO_TYPE -> intBytes(type);
            case SO_DOMAIN -> intBytes(family);
            case SO_PROTOCOL -> intBytes(protocol);
            case SO_ERROR -> intBytes(takeError());
            case SO_SNDBUF -> intBytes(sndbuf);
            case SO_RCVBUF -> intBytes(rcvbuf);
            case SO_PRIORITY -> intBytes(priority);
            case SO_RCVLOWAT -> intBytes(rcvlowat);
            case SO_SNDLOWAT -> intBytes(1);
            case SO_MARK -> intBytes(mark);
            case SO_ACCEPTCONN -> intBytes(isListening() ? 1 : 0);
            case SO_LINGER -> {
                ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
                b.putInt(lingerOnOff).putInt(lingerSeconds);
                yield b.array();
            }
            case SO_RCVTIMEO_OLD, SO_RCVTIMEO_NEW -> timevalBytes(rcvTimeo);
            case SO_SNDTIMEO_OLD, SO_SNDTIMEO_NEW -> timevalBytes(sndTimeo);
            case SO_PEERCRED -> {
                Control.Credentials c = peerCred();
                ByteBuffer b = ByteBuffer.allocate(UCRED_SIZE).order(ByteOrder.LITTLE_ENDIAN);
                if (c == null) b.putInt(0).putInt(-1).putInt(-1);
                else b.putInt(c.pid()).putInt(c.uid()).putInt(c.gid());
                yield b.array();
            }
            case SO_PEERNAME -> {
                byte[] a = peerName();
                if (a.length < optlen) throw ErrnoException.of(Errno.EINVAL);
                yield a;
            }
            default -> throw ErrnoException.of(Errno.ENOPROTOOPT);
        };
    }

    /** sock_set_timeout: struct timeval; EDOM for a bad tv_usec, zero means forever, negative never waits. */
    private static long parseTimeval(byte[] value) throws ErrnoException {
        if (value.length < 16) throw ErrnoException.of(Errno.EINVAL);
        ByteBuffer b = le(value);
        long sec = b.getLong(0);
        long usec = b.getLong(8);
        if (usec < 0 || usec >= 1_000_000) throw ErrnoException.of(Errno.EDOM);
        if (sec < 0) return 0;
        if (sec == 0 && usec == 0) return FOREVER;
        if (sec >= Long.MAX_VALUE / 1_000_000_000L - 1) return FOREVER;
        return sec * 1_000_000_000L + usec * 1000;
    }

    private static byte[] timevalBytes(long timeo) {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        if (timeo != FOREVER) b.putLong(timeo / 1_000_000_000L).putLong(timeo % 1_000_000_000L / 1000);
        return b.array();
    }

    /** A little-endian int as option bytes. */
    protected static byte[] intBytes(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
    }

    /** A little-endian view of option or address bytes. */
    protected static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }
}
