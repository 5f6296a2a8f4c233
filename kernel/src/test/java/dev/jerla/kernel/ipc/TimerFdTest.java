package dev.jerla.kernel.ipc;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Poll;
import dev.jerla.abi.linux.Time;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.vfs.TestKernel;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static dev.jerla.kernel.vfs.TestKernel.assertErrno;
import static org.junit.jupiter.api.Assertions.*;

/** timerfd as fs/timerfd.c, on a clock the test moves: expiration counts, periodic catch-up, settime's old value. */
class TimerFdTest {
    private static long readCount(TestKernel k, TimerFd f) throws ErrnoException {
        byte[] b = new byte[8];
        assertEquals(8, f.read(k.task, b, 0, 8));
        return java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    }

    @Test
    void periodicTimerCountsThePeriodsMissedSinceItFired() throws ErrnoException {
        TestKernel k = new TestKernel();
        AtomicLong clock = new AtomicLong(1_000);
        TimerFd f = new TimerFd(k.kernel, Time.CLOCK_MONOTONIC, clock::get, TimerFd.TFD_NONBLOCK);
        assertArrayEquals(new long[] {0, 0}, f.set(0, 100, 10));
        assertArrayEquals(new long[] {100, 10}, f.get());
        assertEquals(0, f.poll());
        assertErrno(Errno.EAGAIN, () -> readCount(k, f));
        clock.set(2_000);
        assertEquals(Poll.POLLIN, f.poll(), "a timer past its expiry counts when looked at, timer thread or not");
        // Expired at 1100; periods end at 1110, 1120, ... 2000 has passed 91 of them.
        assertEquals(91, readCount(k, f));
        assertArrayEquals(new long[] {10, 10}, f.get(), "next expiry 2010");
        assertEquals(0, f.poll());
    }

    @Test
    void settimeReturnsTheOldSettingAndResetsTheCount() throws ErrnoException {
        TestKernel k = new TestKernel();
        AtomicLong clock = new AtomicLong(0);
        TimerFd f = new TimerFd(k.kernel, Time.CLOCK_BOOTTIME, clock::get, 0);
        f.set(TimerFd.TFD_TIMER_ABSTIME, 50, 0);
        clock.set(60);
        assertEquals(Poll.POLLIN, f.poll());
        assertArrayEquals(new long[] {0, 0}, f.get(), "an expired one-shot timer has no time left");
        assertArrayEquals(new long[] {0, 0}, f.set(0, 1_000_000, 0));
        assertEquals(0, f.poll(), "re-arming drops the unread expiration");
        clock.set(400_060);
        assertArrayEquals(new long[] {600_000, 0}, f.set(0, 0, 0));
        assertArrayEquals(new long[] {0, 0}, f.get());
    }

    @Test
    void anExpiryAlreadyPastCountsBeforeSettimeReturns() throws ErrnoException {
        TestKernel k = new TestKernel();
        AtomicLong clock = new AtomicLong(5_000);
        TimerFd f = new TimerFd(k.kernel, Time.CLOCK_MONOTONIC, clock::get, 0);
        f.set(TimerFd.TFD_TIMER_ABSTIME, 1_000, 1_000);
        assertEquals(Poll.POLLIN, f.poll());
        // Expired at 1000; 2000..5000 are four more periods, and the next is 6000.
        assertEquals(5, readCount(k, f));
        assertArrayEquals(new long[] {1_000, 1_000}, f.get());
        assertErrno(Errno.EINVAL, () -> f.read(k.task, new byte[8], 0, 7));
    }
}
