/**
 * The socket layer (net/socket.c, net/core/sock.c): {@link dev.jerla.kernel.net.Socket}, the open
 * file description every socket is, with the operations of struct proto_ops; the address families
 * registered in {@link dev.jerla.kernel.net.Sockets}; ancillary data ({@link dev.jerla.kernel.net.Control})
 * already converted from the guest's cmsg buffers by the system-call layer. AF_UNIX lives in
 * {@code net.unix}, AF_INET/AF_INET6 in {@code net.inet}, AF_NETLINK in {@code net.netlink}.
 *
 * <p>Lock order: a socket's own monitor before the monitor of its peer's receive queue; no monitor
 * is held while a task sleeps (waiters use {@code Task.waitInterruptibly} on the socket's
 * {@link dev.jerla.kernel.task.WaitQueue} and re-test their condition).
 */
package dev.jerla.kernel.net;
