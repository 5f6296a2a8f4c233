/**
 * AF_UNIX sockets (net/unix/af_unix.c): SOCK_STREAM, SOCK_DGRAM and SOCK_SEQPACKET, socketpair,
 * filesystem names (an S_IFSOCK node made through the VFS, found again by its inode) and abstract
 * names (a leading NUL), descriptor passing (SCM_RIGHTS) and credentials (SCM_CREDENTIALS,
 * SO_PEERCRED).
 *
 * <p>Lock order: one monitor per kernel, {@link dev.jerla.kernel.net.unix.UnixFamily#mu}, guards
 * the state of every AF_UNIX socket and the name tables (Linux takes per-socket state locks;
 * one lock keeps the peer-to-peer operations simple). It is never held while a task sleeps or
 * while guest memory is touched.
 */
package dev.jerla.kernel.net.unix;
