package dev.jerla.kernel.net.inet;

import dev.jerla.abi.linux.Errno;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The host side of eth0: guest TCP connections to other hosts become host SocketChannels, guest
 * UDP sockets get a host DatagramChannel ({@link HostUdp}); 10.0.2.2 is the host's 127.0.0.1.
 * Host I/O runs on virtual threads that feed the connection's queues, so a guest thread only
 * ever waits, interruptibly, on its own socket. The number of host connections is bounded.
 */
final class Nat {
    /** The most host connections (TCP and UDP) open at once; further ones fail with ENOBUFS. */
    static final int MAX_HOST_CONNECTIONS = 1024;
    /** How long a host connect may take before the guest sees ETIMEDOUT. */
    private static final int CONNECT_TIMEOUT_MS = 20_000;
    private static final int CHUNK = 64 * 1024;

    private final AtomicInteger open = new AtomicInteger();
    private final Map<TcpSocket, SocketChannel> connecting = new ConcurrentHashMap<>();
    private final Set<java.nio.channels.Channel> channels = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;

    /** Starts a host connection for {@code s}; false when too many are open. */
    boolean connect(TcpSocket s, IpAddr dst, int port) {
        if (stopped || open.incrementAndGet() > MAX_HOST_CONNECTIONS) {
            open.decrementAndGet();
            return false;
        }
        Thread.ofVirtual().name("jerla-nat-connect").start(() -> {
            SocketChannel ch = null;
            try {
                ch = SocketChannel.open();
                channels.add(ch);
                connecting.put(s, ch);
                ch.socket().connect(new InetSocketAddress(Inet.hostAddress(dst), port), CONNECT_TIMEOUT_MS);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            } catch (IOException e) {
                connecting.remove(s);
                if (ch == null) open.decrementAndGet();
                close(ch);
                s.refused(errnoOf(e));
                return;
            }
            connecting.remove(s);
            if (s.isClosed()) {
                close(ch);
                return;
            }
            TcpConnection c = new TcpConnection(s, null);
            s.established(c, 0);
            pump(c, 1, ch, false);
        });
        return true;
    }

    private static int errnoOf(IOException e) {
        if (e instanceof ConnectException) return Errno.ECONNREFUSED.number();
        if (e instanceof SocketTimeoutException) return Errno.ETIMEDOUT.number();
        if (e instanceof NoRouteToHostException) return Errno.EHOSTUNREACH.number();
        return Errno.ENETUNREACH.number();
    }

    /** The guest gave up a connect in progress: the host attempt is closed. */
    void abandon(TcpSocket s) {
        SocketChannel ch = connecting.remove(s);
        if (ch != null) close(ch);
    }

    /**
     * Carries connection {@code c} over host channel {@code ch}, which is end {@code hostEnd}:
     * one thread copies host bytes into the guest's queue, one copies the guest's bytes out; a
     * FIN travels as a half-close, a reset as a close with SO_LINGER 0. {@code counted} says the
     * connection was not yet counted against the limit (port forwards).
     */
    void pump(TcpConnection c, int hostEnd, SocketChannel ch, boolean counted) {
        if (counted) open.incrementAndGet();
        channels.add(ch);
        int guestEnd = 1 - hostEnd;
        AtomicInteger running = new AtomicInteger(2);
        Runnable done = () -> {
            if (running.decrementAndGet() == 0) close(ch);
        };
        Thread.ofVirtual().name("jerla-nat-in").start(() -> {
            ByteBuffer buf = ByteBuffer.allocate(CHUNK);
            try {
                while (true) {
                    buf.clear();
                    int n = ch.read(buf);
                    if (n < 0) {
                        c.shutdown(hostEnd, false, true);
                        break;
                    }
                    if (!c.hostDeliver(hostEnd, buf.array(), 0, n)) {
                        abort(ch);
                        break;
                    }
                }
            } catch (IOException e) {
                c.reset(guestEnd);
                close(ch);
            } catch (InterruptedException e) {
                close(ch);
            }
            done.run();
        });
        Thread.ofVirtual().name("jerla-nat-out").start(() -> {
            byte[] buf = new byte[CHUNK];
            try {
                while (true) {
                    int n = c.hostTake(hostEnd, buf);
                    if (n < 0) {
                        abort(ch);
                        break;
                    }
                    if (n == 0) {
                        ch.shutdownOutput();
                        break;
                    }
                    ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
                    while (b.hasRemaining()) ch.write(b);
                }
            } catch (IOException e) {
                c.reset(guestEnd);
                close(ch);
            } catch (InterruptedException e) {
                close(ch);
            }
            done.run();
        });
    }

    /** Closes with a reset (SO_LINGER 0), as a guest abort becomes on the host. */
    private void abort(SocketChannel ch) {
        try {
            if (ch.isOpen()) ch.setOption(StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException ignored) {
            // The channel is already gone: nothing to reset.
        }
        close(ch);
    }

    void close(java.nio.channels.Channel ch) {
        if (ch == null) return;
        if (channels.remove(ch)) open.decrementAndGet();
        try {
            ch.close();
        } catch (IOException ignored) {
            // Closing a host channel cannot fail in a way the guest could observe.
        }
    }

    /** A host datagram channel for a guest UDP socket; ENOBUFS when too many are open. */
    HostUdp openUdp(UdpSocket s) throws dev.jerla.kernel.ErrnoException {
        if (stopped || open.incrementAndGet() > MAX_HOST_CONNECTIONS) {
            open.decrementAndGet();
            throw dev.jerla.kernel.ErrnoException.of(Errno.ENOBUFS);
        }
        try {
            HostUdp h = new HostUdp(this, s);
            channels.add(h.channel());
            return h;
        } catch (IOException e) {
            open.decrementAndGet();
            throw dev.jerla.kernel.ErrnoException.of(Errno.ENOBUFS);
        }
    }

    /** Closes every host channel (kernel shutdown). */
    void stop() {
        stopped = true;
        for (java.nio.channels.Channel ch : channels) close(ch);
    }
}
