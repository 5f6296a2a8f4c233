package dev.jerla.kernel.syscall;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Futex;
import dev.jerla.abi.linux.Time;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.time.Clocks;
import dev.jerla.kernel.time.Timespec;

/** futex(2) and the robust-futex list (kernel/futex/syscalls.c); the PI operations are not provided. */
public final class SysFutex {
    private SysFutex() {}

    private static ErrnoException err(Errno e) { return ErrnoException.of(e); }

    /** sizeof(struct robust_list_head). */
    private static final long ROBUST_LIST_HEAD_SIZE = 24;

    public static long futex(Task t, long uaddr, long op, long val, long utime, long uaddr2, long val3) throws ErrnoException {
        int o = (int) op;
        int cmd = o & Futex.FUTEX_CMD_MASK;
        boolean priv = (o & Futex.FUTEX_PRIVATE_FLAG) != 0;
        boolean realtime = (o & Futex.FUTEX_CLOCK_REALTIME) != 0;
        if (realtime && cmd != Futex.FUTEX_WAIT_BITSET && cmd != Futex.FUTEX_WAIT && cmd != Futex.FUTEX_LOCK_PI2) {
            throw err(Errno.ENOSYS);
        }
        switch (cmd) {
            case Futex.FUTEX_WAIT, Futex.FUTEX_WAIT_BITSET -> {
                int bitset = cmd == Futex.FUTEX_WAIT ? Futex.FUTEX_BITSET_MATCH_ANY : (int) val3;
                long deadline = Long.MAX_VALUE;
                if (utime != 0) {
                    Timespec ts = Timespec.read(t.mem(), utime);
                    if (cmd == Futex.FUTEX_WAIT) {
                        if (ts.sec() < 0) throw err(Errno.EINVAL);
                        deadline = System.nanoTime() + Math.min(ts.toNanos(), Long.MAX_VALUE / 4);
                    } else {
                        long now = realtime ? Clocks.now(t, Time.CLOCK_REALTIME) : System.nanoTime();
                        deadline = System.nanoTime() + Math.min(ts.toNanos() - now, Long.MAX_VALUE / 4);
                    }
                }
                return waitOn(t, uaddr, (int) val, deadline, bitset, priv);
            }
            case Futex.FUTEX_WAKE -> {
                return dev.jerla.kernel.task.Futex.wake(t, uaddr, (int) val, Futex.FUTEX_BITSET_MATCH_ANY, priv);
            }
            case Futex.FUTEX_WAKE_BITSET -> {
                return dev.jerla.kernel.task.Futex.wake(t, uaddr, (int) val, (int) val3, priv);
            }
            case Futex.FUTEX_REQUEUE -> {
                return dev.jerla.kernel.task.Futex.requeue(t, uaddr, uaddr2, (int) val, (int) utime, false, 0, priv);
            }
            case Futex.FUTEX_CMP_REQUEUE -> {
                return dev.jerla.kernel.task.Futex.requeue(t, uaddr, uaddr2, (int) val, (int) utime, true, (int) val3, priv);
            }
            case Futex.FUTEX_WAKE_OP -> {
                return dev.jerla.kernel.task.Futex.wakeOp(t, uaddr, uaddr2, (int) val, (int) utime, (int) val3, priv);
            }
            case Futex.FUTEX_LOCK_PI, Futex.FUTEX_LOCK_PI2, Futex.FUTEX_TRYLOCK_PI -> {
                long deadline = Long.MAX_VALUE;
                if (utime != 0 && cmd != Futex.FUTEX_TRYLOCK_PI) {
                    // An absolute time: CLOCK_REALTIME for LOCK_PI, CLOCK_MONOTONIC for LOCK_PI2 unless FUTEX_CLOCK_REALTIME.
                    long abs = Timespec.read(t.mem(), utime).toNanos();
                    boolean rt = cmd == Futex.FUTEX_LOCK_PI || realtime;
                    long now = rt ? Clocks.now(t, Time.CLOCK_REALTIME) : System.nanoTime();
                    deadline = System.nanoTime() + Math.min(abs - now, Long.MAX_VALUE / 4);
                }
                try {
                    dev.jerla.kernel.task.Futex.lockPi(t, uaddr, deadline, cmd == Futex.FUTEX_TRYLOCK_PI, priv);
                } catch (ErrnoException e) {
                    // A signal restarts the lock attempt (futex_lock_pi's -ERESTARTNOINTR).
                    if (e.code() == ErrnoException.ERESTARTSYS) throw ErrnoException.of(ErrnoException.ERESTARTNOINTR);
                    throw e;
                }
                return 0;
            }
            case Futex.FUTEX_UNLOCK_PI -> {
                dev.jerla.kernel.task.Futex.unlockPi(t, uaddr, priv);
                return 0;
            }
            default -> throw err(Errno.ENOSYS);
        }
    }

    /** A wait that, when a signal interrupts it, restarts (no timeout) or resumes with the same deadline. */
    private static long waitOn(Task t, long uaddr, int val, long deadline, int bitset, boolean priv) throws ErrnoException {
        try {
            dev.jerla.kernel.task.Futex.wait(t, uaddr, val, deadline, bitset, priv);
            return 0;
        } catch (ErrnoException e) {
            if (e.code() != ErrnoException.ERESTARTSYS || deadline == Long.MAX_VALUE) throw e;
            t.setRestartBlock(tt -> waitOn(tt, uaddr, val, deadline, bitset, priv));
            throw ErrnoException.of(ErrnoException.ERESTART_RESTARTBLOCK);
        }
    }

    public static long setRobustList(Task t, long head, long len, long a2, long a3, long a4, long a5) throws ErrnoException {
        if (len != ROBUST_LIST_HEAD_SIZE) throw err(Errno.EINVAL);
        t.setRobustList(head, len);
        return 0;
    }

    public static long getRobustList(Task t, long pid, long headPtr, long lenPtr, long a3, long a4, long a5) throws ErrnoException {
        Task target = pid == 0 ? t : t.kernel().findTask((int) pid);
        if (target == null) throw err(Errno.ESRCH);
        t.mem().writeLong(headPtr, target.robustList());
        t.mem().writeLong(lenPtr, ROBUST_LIST_HEAD_SIZE);
        return 0;
    }

    /** rseq: not provided; glibc and musl carry on without restartable sequences. */
    public static long rseq(Task t, long a0, long a1, long a2, long a3, long a4, long a5) throws ErrnoException {
        throw err(Errno.ENOSYS);
    }
}
