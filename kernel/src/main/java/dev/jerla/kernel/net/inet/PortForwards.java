package dev.jerla.kernel.net.inet;

import dev.jerla.kernel.KernelConfig.PortForward;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The host ports forwarded into the guest ({@code -p HOSTPORT:GUESTPORT[/udp]}), like QEMU's
 * hostfwd: Jerla listens on the host's 127.0.0.1:HOSTPORT; each host TCP connection becomes a
 * connection to the guest listener on GUESTPORT, seen by the guest as coming from 10.0.2.2 to
 * 10.0.2.15 (from and to 127.0.0.1 with {@code --net none}); nothing listening there closes the
 * host connection. Each host UDP peer becomes a flow: its datagrams reach the guest socket on
 * GUESTPORT from 10.0.2.2:PEERPORT, and guest datagrams to that address go back to the peer.
 */
final class PortForwards {
    private final Inet net;
    private final List<PortForward> forwards;
    private final PrintStream log;
    private final List<java.nio.channels.Channel> listeners = new ArrayList<>();
    /** UDP flows by the guest-visible source port: the forward's channel and the host peer. */
    private final Map<Integer, Flow> flows = new ConcurrentHashMap<>();

    private record Flow(DatagramChannel ch, InetSocketAddress peer) {}

    PortForwards(Inet net, List<PortForward> forwards, PrintStream log) {
        this.net = net;
        this.forwards = forwards;
        this.log = log;
    }

    private IpAddr guestSide() { return net.hostAccess() ? Inet.GUEST : IpAddr.LOOPBACK4; }

    private IpAddr hostSide() { return net.hostAccess() ? Inet.GATEWAY : IpAddr.LOOPBACK4; }

    /** Opens the host listeners; a port that cannot be bound is reported and skipped. */
    void start() {
        for (PortForward f : forwards) {
            try {
                if (f.udp()) startUdp(f);
                else startTcp(f);
            } catch (IOException e) {
                log.println("jerla: cannot forward host port " + f.hostPort() + (f.udp() ? "/udp" : "") + ": "
                        + e.getMessage());
            }
        }
    }

    private void startTcp(PortForward f) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        server.bind(new InetSocketAddress(IpAddr.LOOPBACK4.toHost(), f.hostPort()), 128);
        synchronized (listeners) { listeners.add(server); }
        Thread th = new Thread(() -> {
            while (server.isOpen()) {
                try {
                    SocketChannel ch = server.accept();
                    ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    connect(ch, f.guestPort());
                } catch (IOException e) {
                    if (!server.isOpen()) return;
                }
            }
        }, "jerla-forward-" + f.hostPort());
        th.setDaemon(true);
        th.start();
    }

    /** One host connection to a forwarded port: into the guest listener's accept queue, or closed. */
    private void connect(SocketChannel ch, int guestPort) throws IOException {
        int srcPort = ((InetSocketAddress) ch.getRemoteAddress()).getPort();
        IpAddr dst = guestSide();
        IpAddr src = hostSide();
        InetSocket l = net.tcpPorts.lookup(dst, guestPort, src, srcPort);
        TcpConnection c = l instanceof TcpSocket listener ? listener.offerFromHost(src, srcPort, dst, guestPort) : null;
        if (c == null) {
            ch.setOption(StandardSocketOptions.SO_LINGER, 0);
            ch.close();
            return;
        }
        net.nat.pump(c, 0, ch, true);
    }

    private void startUdp(PortForward f) throws IOException {
        DatagramChannel ch = DatagramChannel.open();
        ch.bind(new InetSocketAddress(IpAddr.LOOPBACK4.toHost(), f.hostPort()));
        synchronized (listeners) { listeners.add(ch); }
        Thread th = new Thread(() -> {
            ByteBuffer buf = ByteBuffer.allocate(65536);
            while (ch.isOpen()) {
                try {
                    buf.clear();
                    InetSocketAddress from = (InetSocketAddress) ch.receive(buf);
                    if (from == null) continue;
                    flows.put(from.getPort(), new Flow(ch, from));
                    byte[] data = java.util.Arrays.copyOf(buf.array(), buf.position());
                    IpAddr dst = guestSide();
                    IpAddr src = hostSide();
                    InetSocket s = net.udpPorts.lookup(dst, f.guestPort(), src, from.getPort());
                    if (s instanceof UdpSocket u) u.deliver(new UdpSocket.Datagram(data, src, from.getPort(), dst));
                } catch (IOException e) {
                    if (!ch.isOpen()) return;
                }
            }
        }, "jerla-forward-" + f.hostPort() + "-udp");
        th.setDaemon(true);
        th.start();
    }

    /**
     * Sends a guest datagram back to the host peer of a UDP flow; false if {@code (dst, port)}
     * is not a flow's address.
     */
    boolean replyUdp(IpAddr dst, int port, byte[] payload) {
        if (!dst.equals(hostSide())) return false;
        Flow flow = flows.get(port);
        if (flow == null) return false;
        try {
            flow.ch().send(ByteBuffer.wrap(payload), flow.peer());
        } catch (IOException e) {
            flows.remove(port);
        }
        return true;
    }

    /** Closes the host listeners. */
    void stop() {
        synchronized (listeners) {
            for (java.nio.channels.Channel c : listeners) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // Closing a listener cannot fail in a way anyone could observe.
                }
            }
            listeners.clear();
        }
    }
}
