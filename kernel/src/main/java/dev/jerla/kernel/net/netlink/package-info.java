/**
 * AF_NETLINK sockets of the NETLINK_ROUTE protocol (net/netlink/af_netlink.c,
 * net/core/rtnetlink.c), as far as user space reads the network configuration through them: the
 * RTM_GETLINK, RTM_GETADDR and RTM_GETROUTE dumps behind glibc's getifaddrs and BusyBox's
 * {@code ip addr} and {@code ip route}. The interfaces and routes come from
 * {@link dev.jerla.kernel.net.inet.Interfaces}.
 *
 * <p>Lock order: a socket's monitor only; no other lock is taken while it is held.
 */
package dev.jerla.kernel.net.netlink;
