/**
 * AF_INET and AF_INET6 sockets (net/ipv4, net/ipv6): TCP, UDP and ICMP echo sockets (the
 * datagram "ping" kind, and root's raw ICMP sockets for ping) over a simulated stack. Nothing is packetised: a connection inside the guest is a pair of byte queues
 * ({@link dev.jerla.kernel.net.inet.TcpConnection}), a datagram goes straight into the receiving
 * socket's queue. The guest sees the loopback interface and, unless {@code --net none}, eth0 with
 * QEMU's user-networking addresses; its traffic to other hosts is carried by host sockets
 * ({@link dev.jerla.kernel.net.inet.Nat}), and host ports reach guest ports only through explicit
 * forwards ({@link dev.jerla.kernel.net.inet.PortForwards}).
 *
 * <p>Lock order: a socket's monitor, then a listening socket's monitor, then a connection's
 * monitor; a port table's monitor is taken with at most a socket's monitor held, and a task never
 * sleeps holding any of them (waiters use the socket's wait queue and re-test).
 */
package dev.jerla.kernel.net.inet;
