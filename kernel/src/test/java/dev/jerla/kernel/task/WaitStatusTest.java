package dev.jerla.kernel.task;

import dev.jerla.abi.linux.Signal;
import dev.jerla.abi.linux.Wait;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class WaitStatusTest {
    // The glibc macros of bits/waitstatus.h, applied to our encodings.
    private static boolean wifexited(int s) { return (s & 0x7f) == 0; }
    private static int wexitstatus(int s) { return (s & 0xff00) >> 8; }
    private static boolean wifsignaled(int s) { return ((byte) ((s & 0x7f) + 1) >> 1) > 0; }
    private static int wtermsig(int s) { return s & 0x7f; }
    private static boolean wcoredump(int s) { return (s & 0x80) != 0; }
    private static boolean wifstopped(int s) { return (s & 0xff) == 0x7f; }
    private static int wstopsig(int s) { return wexitstatus(s); }
    private static boolean wifcontinued(int s) { return s == 0xffff; }

    @Test
    void exitStatusKeepsTheLowEightBits() {
        int s = Wait.exited(0x1ff);
        assertEquals(0xff00, s);
        assertTrue(wifexited(s));
        assertEquals(255, wexitstatus(s));
        assertFalse(wifsignaled(s));
    }

    @Test
    void killedWithAndWithoutCore() {
        int s = Wait.signaled(Signal.SIGSEGV, true);
        assertEquals(0x8b, s);
        assertTrue(wifsignaled(s));
        assertEquals(Signal.SIGSEGV, wtermsig(s));
        assertTrue(wcoredump(s));
        assertFalse(wcoredump(Wait.signaled(Signal.SIGKILL, false)));
    }

    @Test
    void stoppedAndContinued() {
        int s = Wait.stopped(Signal.SIGTSTP);
        assertEquals(0x147f, s);
        assertTrue(wifstopped(s));
        assertEquals(Signal.SIGTSTP, wstopsig(s));
        assertFalse(wifsignaled(s));
        assertTrue(wifcontinued(Wait.CONTINUED));
        assertFalse(wifexited(Wait.CONTINUED));
    }
}
