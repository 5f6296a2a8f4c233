package dev.jerla.kernel.signal;

import dev.jerla.abi.linux.Signal;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class SigPendingTest {
    @Test
    void standardSignalsAreNotQueuedTwiceButRealTimeSignalsAre() {
        SigPending p = new SigPending();
        p.add(SigInfo.kill(Signal.SIGUSR1, Signal.SI_USER, 10, 0));
        p.add(SigInfo.kill(Signal.SIGUSR1, Signal.SI_USER, 11, 0));
        p.add(SigInfo.kill(Signal.SIGRTMIN, Signal.SI_QUEUE, 20, 0));
        p.add(SigInfo.kill(Signal.SIGRTMIN, Signal.SI_QUEUE, 21, 0));
        assertEquals(10, p.take(Signal.SIGUSR1).pid());
        assertFalse(p.has(Signal.SIGUSR1));
        assertEquals(20, p.take(Signal.SIGRTMIN).pid());
        assertTrue(p.has(Signal.SIGRTMIN), "a second instance is still queued");
        assertEquals(21, p.take(Signal.SIGRTMIN).pid());
        assertFalse(p.has(Signal.SIGRTMIN));
    }

    @Test
    void synchronousSignalsComeFirstThenTheLowestNumber() {
        SigPending p = new SigPending();
        p.add(SigInfo.kernel(Signal.SIGINT));
        p.add(SigInfo.kernel(Signal.SIGTERM));
        p.add(SigInfo.fault(Signal.SIGSEGV, Signal.SEGV_MAPERR, 0));
        assertEquals(Signal.SIGSEGV, p.next(0));
        assertEquals(Signal.SIGINT, p.next(Signal.sigmask(Signal.SIGSEGV)));
        assertEquals(Signal.SIGTERM, p.next(Signal.sigmask(Signal.SIGSEGV) | Signal.sigmask(Signal.SIGINT)));
        p.remove(Signal.sigmask(Signal.SIGTERM));
        assertEquals(0, p.next(Signal.sigmask(Signal.SIGSEGV) | Signal.sigmask(Signal.SIGINT)));
    }

    @Test
    void defaultActionsFollowLinux() {
        assertTrue(Signals.defaultDumpsCore(Signal.SIGSEGV));
        assertTrue(Signals.defaultDumpsCore(Signal.SIGQUIT));
        assertFalse(Signals.defaultDumpsCore(Signal.SIGTERM));
        assertTrue(Signals.defaultStops(Signal.SIGTSTP));
        assertTrue(Signals.defaultIgnores(Signal.SIGCHLD));
        assertTrue(Signals.defaultIgnores(Signal.SIGWINCH));
        assertFalse(Signals.defaultIgnores(Signal.SIGRTMIN));
        assertFalse(Signals.defaultStops(Signal.SIGRTMIN + 3));
    }
}
