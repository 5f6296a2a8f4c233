package dev.jerla.kernel.signal;

import dev.jerla.abi.linux.Signal;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class SignalFrameTest {
    @Test
    void frameOffsetsMatchLinuxStructRtSigframe() {
        // offsetof() values of struct rt_sigframe, ucontext and sigcontext on x86-64 Linux.
        assertEquals(440, SignalFrame.FRAME_SIZE);
        assertEquals(8, SignalFrame.UC);
        assertEquals(8, SignalFrame.UC_FLAGS);
        assertEquals(16, SignalFrame.UC_LINK);
        assertEquals(24, SignalFrame.UC_STACK);
        assertEquals(48, SignalFrame.UC_MCONTEXT);
        assertEquals(304, SignalFrame.UC_SIGMASK);
        assertEquals(312, SignalFrame.INFO);
        // glibc's REG_* order: gregs[i] is at 8 * i.
        int[] gregs = {SignalFrame.SC_R8, SignalFrame.SC_R9, SignalFrame.SC_R10, SignalFrame.SC_R11,
                SignalFrame.SC_R12, SignalFrame.SC_R13, SignalFrame.SC_R14, SignalFrame.SC_R15, SignalFrame.SC_RDI,
                SignalFrame.SC_RSI, SignalFrame.SC_RBP, SignalFrame.SC_RBX, SignalFrame.SC_RDX, SignalFrame.SC_RAX,
                SignalFrame.SC_RCX, SignalFrame.SC_RSP, SignalFrame.SC_RIP, SignalFrame.SC_EFLAGS,
                SignalFrame.SC_CSGSFS, SignalFrame.SC_ERR, SignalFrame.SC_TRAPNO, SignalFrame.SC_OLDMASK,
                SignalFrame.SC_CR2};
        for (int i = 0; i < gregs.length; i++) assertEquals(8 * i, gregs[i], "greg " + i);
        assertEquals(23 * 8, SignalFrame.SC_FPSTATE, "fpregs pointer follows the 23 gregs");
        assertEquals(0x6, SignalFrame.UC_FLAGS_VALUE, "UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS");
    }

    @Test
    void frameSitsBelowTheRedZoneWithHandlerAlignmentAndAnAlignedFpImage() {
        for (long rsp = 0x7fffffffe000L; rsp > 0x7fffffffdf00L; rsp -= 8) {
            SignalFrame.Placement p = SignalFrame.place(rsp, false, 0, 0, Signal.SS_DISABLE);
            assertEquals(0, (p.frame() + 8) % 16, "rsp+8 is 16-aligned at the handler's entry");
            assertEquals(0, p.fpstate() % 64);
            assertTrue(p.fpstate() + Fxsave.SIZE <= rsp - 128, "nothing is written into the red zone");
            assertTrue(p.frame() + SignalFrame.FRAME_SIZE <= p.fpstate());
            assertTrue(p.fpstate() - (p.frame() + SignalFrame.FRAME_SIZE) < 64 + 16);
        }
    }

    @Test
    void saOnstackMovesTheFrameToTheAlternateStackOnce() {
        long alt = 0x10000000L, size = 0x10000;
        SignalFrame.Placement p = SignalFrame.place(0x7fffffffe000L, true, alt, size, 0);
        assertTrue(p.frame() > alt && p.frame() < alt + size);
        long onAlt = p.frame();
        SignalFrame.Placement nested = SignalFrame.place(onAlt, true, alt, size, 0);
        assertTrue(nested.frame() < onAlt, "a nested signal stays below the current frame");
        SignalFrame.Placement overflow = SignalFrame.place(alt + 600, true, alt, size, 0);
        assertEquals(-1, overflow.frame(), "overflowing the alternate stack fails (SIGSEGV)");
    }

    @Test
    void sasSsFlagsReportsDisabledOnstackAndAutodisarm() {
        assertEquals(Signal.SS_DISABLE, SignalFrame.sasSsFlags(0x1000, 0, 0, Signal.SS_DISABLE));
        assertEquals(Signal.SS_ONSTACK, SignalFrame.sasSsFlags(0x10800, 0x10000, 0x1000, 0));
        assertEquals(0, SignalFrame.sasSsFlags(0x20000, 0x10000, 0x1000, 0));
        assertEquals(0, SignalFrame.sasSsFlags(0x10800, 0x10000, 0x1000, Signal.SS_AUTODISARM));
    }

    @Test
    void sigactionAndSiginfoCodecsUseTheKernelLayout() {
        SigAction a = new SigAction(0x401000, Signal.SA_SIGINFO | Signal.SA_RESTORER, 0x402000, 0x5);
        byte[] b = a.toBytes();
        assertEquals(32, b.length);
        assertEquals(a, SigAction.fromBytes(b));
        assertEquals(0x04, b[8], "SA_SIGINFO in the low byte of sa_flags at offset 8");
        assertEquals(0x04, b[8 + 3], "SA_RESTORER in its fourth byte");
        assertEquals(0x20, b[16 + 1], "sa_restorer at offset 16");
        assertEquals(0x05, b[24], "sa_mask at offset 24");
        SigInfo f = SigInfo.fault(Signal.SIGSEGV, Signal.SEGV_MAPERR, 0xdeadbeefL);
        byte[] raw = f.bytes();
        assertEquals(128, raw.length);
        assertEquals(Signal.SIGSEGV, raw[0]);
        assertEquals(Signal.SEGV_MAPERR, raw[8]);
        assertEquals(0xdeadbeefL, f.addr());
        SigInfo c = SigInfo.chld(Signal.CLD_EXITED, 42, 0, 3, 0, 0);
        assertEquals(42, c.pid());
        assertEquals(3, c.bytes()[24]);
    }
}
