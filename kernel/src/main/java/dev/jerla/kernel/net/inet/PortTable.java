package dev.jerla.kernel.net.inet;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.In;
import dev.jerla.kernel.ErrnoException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The bound sockets of one protocol by local port (the bind hash of inet_hashtables.c and
 * udp_table): bind conflicts with SO_REUSEADDR / SO_REUSEPORT and IPV6_V6ONLY as
 * inet_csk_bind_conflict and udp_lib_lport_inuse decide them, ephemeral port choice, and the
 * lookup of the socket a packet to (address, port) reaches.
 */
final class PortTable {
    private final boolean tcp;
    // mu (this) guards ports.
    private final Map<Integer, List<InetSocket>> ports = new HashMap<>();

    PortTable(boolean tcp) {
        this.tcp = tcp;
    }

    /** The IPv4 part a socket bound to {@code a} covers: null for none, ANY4 for all. */
    private static IpAddr space4(InetSocket s, IpAddr a) {
        if (!s.v6()) return a;
        if (a.equals(IpAddr.ANY6)) return s.v6only() ? null : IpAddr.ANY4;
        return a.isV4() ? a : null;
    }

    /** The IPv6 part a socket bound to {@code a} covers: null for none, ANY6 for all. */
    private static IpAddr space6(InetSocket s, IpAddr a) {
        if (!s.v6() || a.isV4()) return null;
        return a;
    }

    private static boolean overlap(IpAddr x, IpAddr y, IpAddr any) {
        return x != null && y != null && (x.equals(any) || y.equals(any) || x.equals(y));
    }

    private static boolean overlaps(InetSocket s, IpAddr a, InetSocket o) {
        IpAddr b = o.localAddr();
        return overlap(space4(s, a), space4(o, b), IpAddr.ANY4) || overlap(space6(s, a), space6(o, b), IpAddr.ANY6);
    }

    private boolean conflicts(InetSocket s, IpAddr a, InetSocket o, boolean listening) {
        if (o == s || !overlaps(s, a, o)) return false;
        if (s.reusePort() && o.reusePort() && s.ownerUid() == o.ownerUid()) return false;
        if (s.reuseAddr() && o.reuseAddr()) return tcp && (listening || o.listening());
        return true;
    }

    /** Binds {@code s} to (a, port); port 0 picks an ephemeral port. Returns the port. */
    synchronized int bind(InetSocket s, IpAddr a, int port) throws ErrnoException {
        if (port == 0) {
            int range = In.EPHEMERAL_HIGH - In.EPHEMERAL_LOW + 1;
            int start = ThreadLocalRandom.current().nextInt(range);
            for (int i = 0; i < range; i++) {
                int p = In.EPHEMERAL_LOW + (start + i) % range;
                if (!ports.containsKey(p)) {
                    port = p;
                    break;
                }
            }
            if (port == 0) throw ErrnoException.of(Errno.EADDRINUSE);
        } else {
            for (InetSocket o : ports.getOrDefault(port, List.of())) {
                if (conflicts(s, a, o, false)) throw ErrnoException.of(Errno.EADDRINUSE);
            }
        }
        ports.computeIfAbsent(port, k -> new ArrayList<>(2)).add(s);
        return port;
    }

    /** Adds an accepted socket beside its listener (it shares the listener's port). */
    synchronized void addChild(InetSocket s, int port) {
        ports.computeIfAbsent(port, k -> new ArrayList<>(2)).add(s);
    }

    /** listen(2) re-checks the port against other listeners (inet_csk_get_port from inet_csk_listen_start). */
    synchronized void checkListen(InetSocket s, int port) throws ErrnoException {
        for (InetSocket o : ports.getOrDefault(port, List.of())) {
            if (o != s && o.listening() && conflicts(s, s.localAddr(), o, true)) throw ErrnoException.of(Errno.EADDRINUSE);
        }
    }

    synchronized void unbind(InetSocket s, int port) {
        List<InetSocket> l = ports.get(port);
        if (l == null) return;
        l.remove(s);
        if (l.isEmpty()) ports.remove(port);
    }

    private static boolean matches(InetSocket s, IpAddr dst) {
        IpAddr space = dst.isV4() ? space4(s, s.localAddr()) : space6(s, s.localAddr());
        if (space == null) return false;
        return space.equals(dst.isV4() ? IpAddr.ANY4 : IpAddr.ANY6) || space.equals(dst);
    }

    /**
     * The socket a packet from (src, srcPort) to (dst, port) reaches: listening sockets only for
     * TCP; for UDP the best match by specificity (compute_score), connected sockets only from
     * their peer. Among equals (SO_REUSEPORT groups) the source port picks one.
     */
    synchronized InetSocket lookup(IpAddr dst, int port, IpAddr src, int srcPort) {
        List<InetSocket> l = ports.get(port);
        if (l == null) return null;
        List<InetSocket> best = new ArrayList<>();
        int bestScore = -1;
        for (InetSocket s : l) {
            if (tcp && !s.listening()) continue;
            if (!matches(s, dst)) continue;
            int score = s.localAddr().isAny() ? 1 : 2;
            if (!tcp && s.peerPort() != 0) {
                if (!s.peerAddr().equals(src) || s.peerPort() != srcPort) continue;
                score += 2;
            }
            if (!s.v6() && dst.isV4()) score += 1;
            if (score > bestScore) {
                best.clear();
                bestScore = score;
            }
            if (score == bestScore) best.add(s);
        }
        if (best.isEmpty()) return null;
        return best.get(Math.floorMod(srcPort * 31 + src.hashCode(), best.size()));
    }
}
