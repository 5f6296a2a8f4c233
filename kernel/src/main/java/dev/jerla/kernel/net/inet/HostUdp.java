package dev.jerla.kernel.net.inet;

import dev.jerla.abi.linux.Errno;
import dev.jerla.kernel.ErrnoException;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The host datagram channel of one guest UDP socket: datagrams to other hosts leave through it
 * (10.0.2.2 is the host's loopback, 10.0.2.3 the host's DNS server), and a virtual thread queues
 * the answers of the hosts it sent to on the guest socket, with the source translated back.
 */
final class HostUdp {
    private static final InetAddress RESOLVER = hostResolver();

    /** The most host peers one socket keeps a mapping for. */
    private static final int MAX_PEERS = 4096;

    private final Nat nat;
    private final DatagramChannel ch;
    /**
     * The host addresses this socket sent to: only they may answer (a restricted-cone NAT, as
     * conntrack lets replies in), so the guest is not reachable from elsewhere.
     */
    private final java.util.Set<InetSocketAddress> peers = java.util.concurrent.ConcurrentHashMap.newKeySet();

    HostUdp(Nat nat, UdpSocket s) throws IOException {
        this.nat = nat;
        this.ch = DatagramChannel.open();
        ch.bind(new InetSocketAddress(0));
        Thread.ofVirtual().name("jerla-nat-udp").start(() -> {
            ByteBuffer buf = ByteBuffer.allocate(65536);
            try {
                while (true) {
                    buf.clear();
                    InetSocketAddress from = (InetSocketAddress) ch.receive(buf);
                    if (from == null || !peers.contains(from)) continue;
                    byte[] data = java.util.Arrays.copyOf(buf.array(), buf.position());
                    IpAddr src = RESOLVER != null && from.getAddress().equals(RESOLVER) && from.getPort() == 53
                            ? Inet.DNS : Inet.guestAddress(from.getAddress());
                    s.deliver(new UdpSocket.Datagram(data, src, from.getPort(), Inet.GUEST));
                }
            } catch (IOException e) {
                close();
            }
        });
    }

    DatagramChannel channel() { return ch; }

    /** Sends one datagram to a host; host errors the guest cannot see on a real network are dropped. */
    void send(IpAddr dst, int port, byte[] payload) throws ErrnoException {
        InetAddress to = dst.equals(Inet.DNS) ? RESOLVER : Inet.hostAddress(dst);
        if (to == null) return;
        InetSocketAddress peer = new InetSocketAddress(to, port);
        if (peers.size() < MAX_PEERS) peers.add(peer);
        try {
            ch.send(ByteBuffer.wrap(payload), peer);
        } catch (java.nio.channels.ClosedChannelException e) {
            throw ErrnoException.of(Errno.EBADF);
        } catch (IOException e) {
            throw ErrnoException.of(Errno.ENETUNREACH);
        }
    }

    void close() {
        nat.close(ch);
    }

    /** The first nameserver of the host's /etc/resolv.conf, or null. */
    private static InetAddress hostResolver() {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/resolv.conf"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 2 && f[0].equals("nameserver")) return InetAddress.getByName(f[1]);
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }
}
