package dev.jerla.kernel.ipc;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Poll;
import dev.jerla.abi.linux.Signal;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.signal.SigInfo;
import dev.jerla.kernel.signal.Signals;
import dev.jerla.kernel.vfs.TestKernel;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static dev.jerla.kernel.vfs.TestKernel.assertErrno;
import static org.junit.jupiter.api.Assertions.*;

/** signalfd as fs/signalfd.c: which siginfo fields land where in signalfd_siginfo, and what a read dequeues. */
class SignalFdTest {
    private static ByteBuffer record(SigInfo info) {
        byte[] out = new byte[SignalFd.SIGINFO_SIZE + 8];
        java.util.Arrays.fill(out, (byte) 0x55);
        SignalFd.toSignalfdSiginfo(info, out, 8);
        return ByteBuffer.wrap(out, 8, SignalFd.SIGINFO_SIZE).slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void childStatusLandsInSsiStatusAndTimesInUtimeStime() {
        ByteBuffer r = record(SigInfo.chld(Signal.CLD_EXITED, 1234, 1000, 7, 11, 22));
        assertEquals(Signal.SIGCHLD, r.getInt(0));
        assertEquals(Signal.CLD_EXITED, r.getInt(8));
        assertEquals(1234, r.getInt(12), "ssi_pid");
        assertEquals(1000, r.getInt(16), "ssi_uid");
        assertEquals(7, r.getInt(40), "ssi_status");
        assertEquals(11, r.getLong(56), "ssi_utime");
        assertEquals(22, r.getLong(64), "ssi_stime");
        assertEquals(0, r.getInt(44), "ssi_int stays zero");
        assertEquals(0, r.get(127), "the padding is cleared");
    }

    @Test
    void sigqueueValueLandsInSsiIntAndSsiPtr() {
        byte[] raw = new byte[SigInfo.SIZE];
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(8, Signal.SI_QUEUE).putInt(16, 55).putInt(20, 0).putLong(24, 0x1_0000_002AL);
        ByteBuffer r = record(SigInfo.fromGuest(40, raw));
        assertEquals(40, r.getInt(0));
        assertEquals(55, r.getInt(12), "ssi_pid");
        assertEquals(42, r.getInt(44), "ssi_int is the low half of the sigval");
        assertEquals(0x1_0000_002AL, r.getLong(48), "ssi_ptr is all of it");
    }

    @Test
    void timerAndFaultLayouts() {
        ByteBuffer t = record(SigInfo.timer(Signal.SIGALRM, Signal.SI_TIMER, 3, 9, 77));
        assertEquals(3, t.getInt(24), "ssi_tid");
        assertEquals(9, t.getInt(32), "ssi_overrun");
        assertEquals(77, t.getInt(44), "ssi_int");
        assertEquals(0, t.getInt(12), "no ssi_pid for a timer");
        ByteBuffer f = record(SigInfo.fault(Signal.SIGSEGV, 1, 0xdead000L));
        assertEquals(0xdead000L, f.getLong(72), "ssi_addr");
        assertEquals(0, f.getInt(12));
        ByteBuffer k = record(SigInfo.kill(Signal.SIGUSR1, Signal.SI_USER, 9, 8));
        assertEquals(9, k.getInt(12));
        assertEquals(8, k.getInt(16));
    }

    @Test
    void readTakesOnlyMaskedSignalsLowestFirstAndNeverWaitsForASecond() throws ErrnoException {
        TestKernel k = new TestKernel();
        // The test thread polls on behalf of the task, as the task's own thread would.
        SignalFd.noteCurrent(k.task);
        long usr = Signal.sigmask(Signal.SIGUSR1) | Signal.sigmask(Signal.SIGUSR2);
        Signals.setBlocked(k.task, usr | Signal.sigmask(Signal.SIGTERM));
        SignalFd f = new SignalFd(k.kernel, usr | Signal.sigmask(Signal.SIGKILL), SignalFd.SFD_NONBLOCK);
        assertEquals(usr, f.mask(), "SIGKILL is dropped from the mask");
        byte[] buf = new byte[4 * SignalFd.SIGINFO_SIZE];
        assertErrno(Errno.EAGAIN, () -> f.read(k.task, buf, 0, buf.length));
        assertErrno(Errno.EINVAL, () -> f.read(k.task, buf, 0, SignalFd.SIGINFO_SIZE - 1));
        assertEquals(0, f.poll());
        Signals.sendToTask(k.task, SigInfo.kill(Signal.SIGTERM, Signal.SI_USER, 1, 0));
        assertEquals(0, f.poll(), "SIGTERM is not in the mask");
        Signals.sendToGroup(k.task.group(), SigInfo.kill(Signal.SIGUSR2, Signal.SI_USER, 1, 0));
        Signals.sendToTask(k.task, SigInfo.kill(Signal.SIGUSR1, Signal.SI_USER, 1, 0));
        assertEquals(Poll.POLLIN, f.poll());
        assertEquals(2 * SignalFd.SIGINFO_SIZE, f.read(k.task, buf, 0, buf.length));
        ByteBuffer r = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(Signal.SIGUSR1, r.getInt(0), "the thread's own queue first");
        assertEquals(Signal.SIGUSR2, r.getInt(SignalFd.SIGINFO_SIZE));
        assertEquals(Signal.sigmask(Signal.SIGTERM), Signals.pendingSet(k.task), "SIGTERM stays pending");
    }
}
