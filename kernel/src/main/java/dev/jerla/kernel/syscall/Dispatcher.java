package dev.jerla.kernel.syscall;

import dev.jerla.abi.linux.Errno;
import dev.jerla.cpu.Cpu;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.Kernel;
import dev.jerla.kernel.task.Task;

/**
 * The system call entry (do_syscall_64): the number in RAX, arguments in RDI, RSI, RDX, R10, R8,
 * R9, the handler from {@link SyscallTable}, and the one place where the result, or -errno, is
 * written back to RAX. Kernel-internal restart codes are left for the signal code, which turns
 * them into EINTR or a restart before the task returns to guest code. Unknown numbers are
 * ENOSYS, logged once per name; an exception escaping a handler is a kernel bug, logged with the
 * call and the pid, and the call fails with EINVAL.
 */
public final class Dispatcher {
    private Dispatcher() {}

    private static final Syscall[] TABLE = SyscallTable.byNumber();

    public static void dispatch(Task t) {
        Cpu cpu = t.cpu();
        long nr = cpu.reg(Cpu.RAX);
        long a0 = cpu.reg(Cpu.RDI), a1 = cpu.reg(Cpu.RSI), a2 = cpu.reg(Cpu.RDX);
        long a3 = cpu.reg(Cpu.R10), a4 = cpu.reg(Cpu.R8), a5 = cpu.reg(Cpu.R9);
        t.setSyscallNr(nr);
        Kernel k = t.kernel();
        boolean trace = k.config().trace();
        Syscall s = nr >= 0 && nr < TABLE.length ? TABLE[(int) nr] : null;
        String call = trace ? Trace.enter(t, nr, s, a0, a1, a2, a3, a4, a5) : null;
        long result;
        if (s == null) {
            if (k.firstUnimplemented(nr)) k.log().println("jerla: unimplemented system call " + SyscallNumbers.name(nr) + " (" + nr + ")");
            result = -Errno.ENOSYS.number();
        } else {
            try {
                result = s.handler().call(t, a0, a1, a2, a3, a4, a5);
            } catch (ErrnoException e) {
                result = -e.code();
            } catch (RuntimeException | StackOverflowError | AssertionError e) {
                k.log().println("jerla: KERNEL BUG: " + s.name() + " in pid " + t.group().pid() + " (tid " + t.tid() + ") threw " + e);
                e.printStackTrace(k.log());
                result = -Errno.EINVAL.number();
            }
        }
        cpu.setReg(Cpu.RAX, result);
        if (trace) Trace.exit(t, call, s, result, a0, a1, a2, a3, a4, a5);
    }
}
