package dev.jerla.kernel.task;

import dev.jerla.abi.linux.Signal;
import dev.jerla.abi.linux.Wait;
import dev.jerla.cpu.Cpu;
import dev.jerla.cpu.Trap;
import dev.jerla.cpu.mem.AddressSpace;
import dev.jerla.kernel.mm.MemoryManager;
import dev.jerla.kernel.signal.SigInfo;
import dev.jerla.kernel.signal.Signals;
import dev.jerla.kernel.syscall.Dispatcher;


/**
 * The life of a guest thread on its host platform thread (the entry code of arch/x86/entry and
 * the fault handlers of arch/x86/kernel/traps.c and mm/fault.c): run the CPU, dispatch system
 * calls, turn faults into signals, deliver signals before returning to guest code, and exit.
 */
public final class TaskRunner {
    private TaskRunner() {}

    /** x86 exception vectors, as sigcontext.trapno reports them. */
    private static final int X86_TRAP_DE = 0, X86_TRAP_DB = 1, X86_TRAP_BP = 3, X86_TRAP_UD = 6,
            X86_TRAP_GP = 13, X86_TRAP_PF = 14, X86_TRAP_XF = 19;
    /** Page-fault error code bits (X86_PF_*). */
    private static final int PF_PROT = 1, PF_WRITE = 2, PF_USER = 4, PF_INSTR = 16;

    /** Starts {@code t} on a new platform thread named jerla-PID-TID. */
    public static void start(Task t) {
        Thread th = Thread.ofPlatform()
                .name("jerla-" + t.group().pid() + "-" + t.tid())
                .daemon(true)
                .unstarted(() -> run(t));
        t.setThread(th);
        th.start();
    }

    /** The thread's loop: until it exits, return to guest code and handle what stops it. */
    static void run(Task t) {
        Cpu cpu = t.cpu();
        try {
            while (true) {
                Signals.exitToUser(t);
                if (t.exiting()) break;
                int trap = cpu.run();
                switch (trap) {
                    case Trap.SYSCALL -> Dispatcher.dispatch(t);
                    case Trap.INTERRUPT -> { }
                    default -> fault(t, trap);
                }
                if (t.exiting()) break;
            }
        } catch (Throwable e) {
            t.kernel().log().println("jerla: kernel bug in " + t + " of " + t.group() + ": " + e);
            e.printStackTrace(t.kernel().log());
            Signals.groupExit(t, Wait.signaled(Signal.SIGKILL, false));
        } finally {
            Exit.exitTask(t);
        }
    }

    /** Maps a CPU exception to the signal Linux sends for it (do_trap, do_error_trap, exc_page_fault). */
    private static void fault(Task t, int trap) {
        Cpu cpu = t.cpu();
        long rip = cpu.rip();
        switch (trap) {
            case Trap.PAGE_FAULT -> {
                long addr = cpu.faultAddress();
                int access = cpu.faultAccess();
                MemoryManager mm = t.mm();
                boolean mapped = mm != null && mm.find(addr) != null;
                int err = PF_USER | (mapped ? PF_PROT : 0)
                        | (access == AddressSpace.ACCESS_WRITE ? PF_WRITE : 0)
                        | (access == AddressSpace.ACCESS_EXEC ? PF_INSTR : 0);
                t.setFault(X86_TRAP_PF, err, addr);
                if (mapped && mm.busError(addr)) {
                    // A file mapping's page wholly beyond the end of the file (filemap_fault).
                    Signals.force(t, SigInfo.fault(Signal.SIGBUS, Signal.BUS_ADRERR, addr));
                    return;
                }
                Signals.force(t, SigInfo.fault(Signal.SIGSEGV, mapped ? Signal.SEGV_ACCERR : Signal.SEGV_MAPERR, addr));
            }
            case Trap.INVALID_OPCODE -> {
                logInvalidOpcode(t, rip);
                t.setFault(X86_TRAP_UD, 0, t.cr2());
                Signals.force(t, SigInfo.fault(Signal.SIGILL, Signal.ILL_ILLOPN, rip));
            }
            case Trap.DIVIDE_ERROR -> {
                t.setFault(X86_TRAP_DE, 0, t.cr2());
                Signals.force(t, SigInfo.fault(Signal.SIGFPE, Signal.FPE_INTDIV, rip));
            }
            case Trap.BREAKPOINT -> {
                t.setFault(X86_TRAP_BP, 0, t.cr2());
                Signals.force(t, SigInfo.kernel(Signal.SIGTRAP));
            }
            case Trap.SINGLE_STEP -> {
                t.setFault(X86_TRAP_DB, 0, t.cr2());
                Signals.force(t, SigInfo.fault(Signal.SIGTRAP, Signal.TRAP_TRACE, rip));
            }
            case Trap.FP_EXCEPTION -> {
                t.setFault(X86_TRAP_XF, 0, t.cr2());
                Signals.force(t, SigInfo.fault(Signal.SIGFPE, simdCode(cpu.fp.mxcsr), rip));
            }
            default -> {
                t.setFault(X86_TRAP_GP, 0, t.cr2());
                Signals.force(t, SigInfo.kernel(Signal.SIGSEGV));
            }
        }
    }

    /** The si_code for an unmasked SIMD exception (fpu__exception_code): the first raised, unmasked one. */
    static int simdCode(int mxcsr) {
        int raised = mxcsr & 0x3f & ~(mxcsr >>> 7);
        if ((raised & 0x01) != 0) return Signal.FPE_FLTINV;
        if ((raised & 0x02) != 0) return Signal.FPE_FLTUND;
        if ((raised & 0x04) != 0) return Signal.FPE_FLTDIV;
        if ((raised & 0x08) != 0) return Signal.FPE_FLTOVF;
        if ((raised & 0x10) != 0) return Signal.FPE_FLTUND;
        if ((raised & 0x20) != 0) return Signal.FPE_FLTRES;
        return 0;
    }

    /** Reports an undefined or unimplemented instruction once per process, with its bytes. */
    private static void logInvalidOpcode(Task t, long rip) {
        if (!t.group().noteInvalidOpcode()) return;
        t.kernel().log().printf("jerla: %s (pid %d): SIGILL: invalid or unimplemented instruction %s%n",
                t.comm(), t.group().pid(), t.cpu().describeInstructionAt(rip));
    }
}
