package dev.jerla.kernel.syscall;

import dev.jerla.kernel.syscall.Syscall.Support;

import java.util.List;

import static dev.jerla.kernel.syscall.Syscall.Support.FULL;
import static dev.jerla.kernel.syscall.Syscall.Support.PARTIAL;

/** The socket system call rows (socket, bind, connect, sendmsg, ...), after the file rows. */
public final class NetSyscallTable {
    private NetSyscallTable() {}

    private static Syscall row(String name, SyscallHandler h, Support support, String note) {
        return new Syscall(SyscallNumbers.of(name), name, h, support, note);
    }

    private static int i(long v) { return (int) v; }

    public static final List<Syscall> ENTRIES = List.of(
        row("socket", (t, a, b, c, d, e, f) -> SysSocket.socket(t, i(a), i(b), i(c)), PARTIAL, "AF_UNIX; other families as registered"),
        row("socketpair", (t, a, b, c, d, e, f) -> SysSocket.socketpair(t, i(a), i(b), i(c), d), FULL, ""),
        row("bind", (t, a, b, c, d, e, f) -> SysSocket.bind(t, i(a), b, i(c)), PARTIAL, "AF_UNIX path names only on filesystems that hold socket nodes (not host directories)"),
        row("listen", (t, a, b, c, d, e, f) -> SysSocket.listen(t, i(a), i(b)), FULL, ""),
        row("accept", (t, a, b, c, d, e, f) -> SysSocket.accept(t, i(a), b, c), FULL, ""),
        row("accept4", (t, a, b, c, d, e, f) -> SysSocket.accept4(t, i(a), b, c, i(d)), FULL, ""),
        row("connect", (t, a, b, c, d, e, f) -> SysSocket.connect(t, i(a), b, i(c)), FULL, ""),
        row("getsockname", (t, a, b, c, d, e, f) -> SysSocket.getsockname(t, i(a), b, c), FULL, ""),
        row("getpeername", (t, a, b, c, d, e, f) -> SysSocket.getpeername(t, i(a), b, c), FULL, ""),
        row("sendto", (t, a, b, c, d, e, f) -> SysSocket.sendto(t, i(a), b, c, i(d), e, i(f)), FULL, ""),
        row("recvfrom", (t, a, b, c, d, e, f) -> SysSocket.recvfrom(t, i(a), b, c, i(d), e, f), PARTIAL, "at most 16 MiB per call"),
        row("sendmsg", (t, a, b, c, d, e, f) -> SysSocket.sendmsg(t, i(a), b, i(c)), PARTIAL, "SCM_RIGHTS and SCM_CREDENTIALS; other SOL_SOCKET cmsgs are EINVAL"),
        row("recvmsg", (t, a, b, c, d, e, f) -> SysSocket.recvmsg(t, i(a), b, i(c)), PARTIAL, "at most 16 MiB per call; MSG_ERRQUEUE and MSG_OOB unsupported"),
        row("sendmmsg", (t, a, b, c, d, e, f) -> SysSocket.sendmmsg(t, i(a), b, i(c), i(d)), FULL, ""),
        row("recvmmsg", (t, a, b, c, d, e, f) -> SysSocket.recvmmsg(t, i(a), b, i(c), i(d), e), FULL, ""),
        row("shutdown", (t, a, b, c, d, e, f) -> SysSocket.shutdown(t, i(a), i(b)), FULL, ""),
        row("setsockopt", (t, a, b, c, d, e, f) -> SysSocket.setsockopt(t, i(a), i(b), i(c), d, i(e)), PARTIAL, "common SOL_SOCKET options; SO_ATTACH_FILTER and SO_PEEK_OFF unsupported"),
        row("getsockopt", (t, a, b, c, d, e, f) -> SysSocket.getsockopt(t, i(a), i(b), i(c), d, e), FULL, "")
    );
}
