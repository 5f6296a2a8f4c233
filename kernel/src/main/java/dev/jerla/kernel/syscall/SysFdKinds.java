package dev.jerla.kernel.syscall;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Fcntl;
import dev.jerla.abi.linux.Time;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.fs.notify.Fsnotify;
import dev.jerla.kernel.ipc.Pipe;
import dev.jerla.kernel.ipc.SignalFd;
import dev.jerla.kernel.ipc.Splice;
import dev.jerla.kernel.ipc.TimerFd;
import dev.jerla.kernel.mm.UserMemory;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.time.Clocks;
import dev.jerla.kernel.time.Timespec;
import dev.jerla.kernel.vfs.FileDescription;

/**
 * Files that are not files of a filesystem, and data moved between files in the kernel:
 * signalfd(4) (fs/signalfd.c), timerfd_create / timerfd_settime / timerfd_gettime
 * (fs/timerfd.c), and splice, tee and vmsplice (fs/splice.c).
 */
public final class SysFdKinds {
    private SysFdKinds() {}

    /** sizeof(sigset_t) for the kernel: 64 signals. */
    private static final int SIGSET_SIZE = 8;

    // ---------------------------------------------------------------- signalfd

    public static long signalfd(Task t, int ufd, long mask, long sizemask) throws ErrnoException {
        if (sizemask != SIGSET_SIZE) throw ErrnoException.of(Errno.EINVAL);
        return doSignalfd4(t, ufd, t.mem().readLong(mask), 0);
    }

    public static long signalfd4(Task t, int ufd, long mask, long sizemask, int flags) throws ErrnoException {
        if (sizemask != SIGSET_SIZE) throw ErrnoException.of(Errno.EINVAL);
        return doSignalfd4(t, ufd, t.mem().readLong(mask), flags);
    }

    /** do_signalfd4: a new signalfd for ufd -1, else a new mask for the signalfd ufd (flags then unused). */
    private static long doSignalfd4(Task t, int ufd, long mask, int flags) throws ErrnoException {
        if ((flags & ~(SignalFd.SFD_CLOEXEC | SignalFd.SFD_NONBLOCK)) != 0) throw ErrnoException.of(Errno.EINVAL);
        SignalFd.noteCurrent(t);
        if (ufd == -1) {
            SignalFd f = new SignalFd(t.kernel(), mask, flags);
            return SysFd.install(t, f, (flags & SignalFd.SFD_CLOEXEC) != 0);
        }
        if (!(SysFd.file(t, ufd) instanceof SignalFd f)) throw ErrnoException.of(Errno.EINVAL);
        f.setMask(t, mask);
        return ufd;
    }

    // ---------------------------------------------------------------- timerfd

    public static long timerfdCreate(Task t, int clockId, int flags) throws ErrnoException {
        if ((flags & ~(TimerFd.TFD_CLOEXEC | TimerFd.TFD_NONBLOCK)) != 0) throw ErrnoException.of(Errno.EINVAL);
        switch (clockId) {
            case Time.CLOCK_MONOTONIC, Time.CLOCK_REALTIME, Time.CLOCK_BOOTTIME -> { }
            case Time.CLOCK_REALTIME_ALARM, Time.CLOCK_BOOTTIME_ALARM -> {
                // CAP_WAKE_ALARM.
                if (t.creds().euid() != 0) throw ErrnoException.of(Errno.EPERM);
            }
            default -> throw ErrnoException.of(Errno.EINVAL);
        }
        TimerFd f = new TimerFd(t.kernel(), clockId, Clocks.timerSource(t, clockId), flags);
        return SysFd.install(t, f, (flags & TimerFd.TFD_CLOEXEC) != 0);
    }

    private static TimerFd timerfd(Task t, int ufd) throws ErrnoException {
        if (!(SysFd.file(t, ufd) instanceof TimerFd f)) throw ErrnoException.of(Errno.EINVAL);
        return f;
    }

    /** timerfd_settime with struct itimerspec {it_interval, it_value}; the old setting goes to {@code old} if not NULL. */
    public static long timerfdSettime(Task t, int ufd, int flags, long value, long old) throws ErrnoException {
        Timespec interval = Timespec.read(t.mem(), value);
        Timespec first = Timespec.read(t.mem(), value + Timespec.SIZE);
        if ((flags & ~(TimerFd.TFD_TIMER_ABSTIME | TimerFd.TFD_TIMER_CANCEL_ON_SET)) != 0
                || interval.sec() < 0 || first.sec() < 0) {
            throw ErrnoException.of(Errno.EINVAL);
        }
        long[] prev = timerfd(t, ufd).set(flags, first.toNanos(), interval.toNanos());
        if (old != 0) writeItimerspec(t, old, prev);
        return 0;
    }

    public static long timerfdGettime(Task t, int ufd, long cur) throws ErrnoException {
        writeItimerspec(t, cur, timerfd(t, ufd).get());
        return 0;
    }

    /** Writes {value, interval} as struct itimerspec {it_interval, it_value}. */
    private static void writeItimerspec(Task t, long addr, long[] setting) throws ErrnoException {
        Timespec.writeNanos(t.mem(), addr, setting[1]);
        Timespec.writeNanos(t.mem(), addr + Timespec.SIZE, setting[0]);
    }

    // ---------------------------------------------------------------- splice, tee, vmsplice

    /** A size_t length as a non-negative long (anything above LONG_MAX is as good as infinite). */
    private static long sizeT(long len) {
        return len < 0 ? Long.MAX_VALUE : len;
    }

    /** rw_verify_area: a negative count, position or end is EINVAL. */
    private static void verifyArea(long pos, long len) throws ErrnoException {
        if (len < 0 || pos < 0 || pos + len < 0) throw ErrnoException.of(Errno.EINVAL);
    }

    /**
     * An explicit offset needs a file that can be read or written at a position (FMODE_PREAD,
     * FMODE_PWRITE); without one it is EINVAL. Regular files have them; other files are asked
     * with a zero-length pread/pwrite.
     */
    private static void checkPositional(FileDescription f, long pos, boolean write) throws ErrnoException {
        if (f.isRegular()) return;
        try {
            if (write) f.pwrite(new byte[0], 0, 0, Math.max(0, pos));
            else f.pread(new byte[0], 0, 0, Math.max(0, pos));
        } catch (ErrnoException e) {
            if (e.errno() == Errno.ESPIPE) throw ErrnoException.of(Errno.EINVAL);
        }
    }

    /** splice(2): between a pipe and any file, either way, or between two pipes (__do_splice, do_splice). */
    public static long splice(Task t, int fdIn, long offIn, int fdOut, long offOut, long len, int flags)
            throws ErrnoException {
        if (len == 0) return 0;
        if ((flags & ~Splice.SPLICE_F_ALL) != 0) throw ErrnoException.of(Errno.EINVAL);
        FileDescription in = SysFd.file(t, fdIn);
        FileDescription out = SysFd.file(t, fdOut);
        Pipe ipipe = Splice.pipeOf(in), opipe = Splice.pipeOf(out);
        if ((ipipe != null && offIn != 0) || (opipe != null && offOut != 0)) throw ErrnoException.of(Errno.ESPIPE);
        long outPos = offOut != 0 ? t.mem().readLong(offOut) : -1;
        long inPos = offIn != 0 ? t.mem().readLong(offIn) : -1;
        if (!in.readable() || !out.writable()) throw ErrnoException.of(Errno.EBADF);
        boolean nonblock = (flags & Splice.SPLICE_F_NONBLOCK) != 0;
        long count = sizeT(len);
        long ret;
        if (ipipe != null && opipe != null) {
            if (ipipe == opipe) throw ErrnoException.of(Errno.EINVAL);
            ret = Splice.pipeToPipe(t, ipipe, opipe, count, nonblock || in.nonBlocking() || out.nonBlocking());
        } else if (ipipe != null) {
            if (offOut != 0) checkPositional(out, outPos, true);
            if ((out.flags() & Fcntl.O_APPEND) != 0) throw ErrnoException.of(Errno.EINVAL);
            verifyArea(offOut != 0 ? outPos : out.pos(), len);
            if (!Splice.spliceable(out)) throw ErrnoException.of(Errno.EINVAL);
            ret = Splice.pipeToFile(t, ipipe, out, offOut != 0 ? outPos : -1, count, nonblock || in.nonBlocking());
            if (offOut != 0) t.mem().writeLong(offOut, outPos + ret);
        } else if (opipe != null) {
            if (offIn != 0) checkPositional(in, inPos, false);
            verifyArea(offIn != 0 ? inPos : in.pos(), len);
            if (!Splice.spliceable(in)) throw ErrnoException.of(Errno.EINVAL);
            ret = Splice.fileToPipe(t, in, offIn != 0 ? inPos : -1, opipe, count, nonblock || out.nonBlocking());
            if (offIn != 0) t.mem().writeLong(offIn, inPos + ret);
        } else {
            throw ErrnoException.of(Errno.EINVAL);
        }
        if (ret > 0) {
            Fsnotify.modify(out);
            Fsnotify.access(in);
        }
        return ret;
    }

    /** tee(2): copies data queued in one pipe into another without consuming it (do_tee). */
    public static long tee(Task t, int fdIn, int fdOut, long len, int flags) throws ErrnoException {
        if ((flags & ~Splice.SPLICE_F_ALL) != 0) throw ErrnoException.of(Errno.EINVAL);
        if (len == 0) return 0;
        FileDescription in = SysFd.file(t, fdIn);
        FileDescription out = SysFd.file(t, fdOut);
        if (!in.readable() || !out.writable()) throw ErrnoException.of(Errno.EBADF);
        Pipe ipipe = Splice.pipeOf(in), opipe = Splice.pipeOf(out);
        if (ipipe == null || opipe == null || ipipe == opipe) throw ErrnoException.of(Errno.EINVAL);
        boolean nonblock = (flags & Splice.SPLICE_F_NONBLOCK) != 0 || in.nonBlocking() || out.nonBlocking();
        long ret = Splice.tee(t, ipipe, opipe, sizeT(len), nonblock);
        if (ret > 0) {
            Fsnotify.access(in);
            Fsnotify.modify(out);
        }
        return ret;
    }

    /**
     * vmsplice(2): user memory into a pipe open for writing, or out of a pipe open only for
     * reading into user memory. Copies; SPLICE_F_GIFT is accepted as a hint.
     */
    public static long vmsplice(Task t, int fd, long iov, long nrSegs, int flags) throws ErrnoException {
        if ((flags & ~Splice.SPLICE_F_ALL) != 0) throw ErrnoException.of(Errno.EINVAL);
        FileDescription f = SysFd.file(t, fd);
        boolean toPipe;
        if (f.writable()) toPipe = true;
        else if (f.readable()) toPipe = false;
        else throw ErrnoException.of(Errno.EBADF);
        if (nrSegs < 0 || nrSegs > 1024) throw ErrnoException.of(Errno.EINVAL);
        UserMemory.Iovec[] v = t.mem().readIovecs(iov, (int) nrSegs);
        long total = 0;
        for (UserMemory.Iovec x : v) {
            total += x.len();
            if (total < 0 || total > SysReadWrite.MAX_RW_COUNT) throw ErrnoException.of(Errno.EINVAL);
        }
        if (total == 0) return 0;
        Pipe p = Splice.pipeOf(f);
        if (p == null) throw ErrnoException.of(Errno.EBADF);
        // Only SPLICE_F_NONBLOCK keeps vmsplice from waiting: O_NONBLOCK on the pipe does not.
        boolean nonblock = (flags & Splice.SPLICE_F_NONBLOCK) != 0;
        if (toPipe) return Splice.userToPipe(t, p, v, nonblock);
        long ret = Splice.pipeToUser(t, p, v, nonblock);
        if (ret > 0) Fsnotify.access(f);
        return ret;
    }
}
