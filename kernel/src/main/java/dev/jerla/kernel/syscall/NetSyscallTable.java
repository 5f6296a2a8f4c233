package dev.jerla.kernel.syscall;

import java.util.List;

/** The socket system call rows (socket, bind, connect, sendmsg, ...), after the file rows. */
public final class NetSyscallTable {
    private NetSyscallTable() {}

    public static final List<Syscall> ENTRIES = List.of();
}
