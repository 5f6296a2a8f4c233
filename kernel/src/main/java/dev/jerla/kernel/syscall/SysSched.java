package dev.jerla.kernel.syscall;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Sched;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.time.Timespec;

/**
 * Scheduler system calls (kernel/sched/core.c). Every guest thread is a host thread scheduled by
 * the host: policies and affinities are validated and reported, and have no effect.
 */
public final class SysSched {
    private SysSched() {}

    private static ErrnoException err(Errno e) { return ErrnoException.of(e); }

    /** The CPUs the guest sees: the host's available processors (at most 64). */
    public static int cpus() {
        return Math.min(64, Runtime.getRuntime().availableProcessors());
    }

    private static void checkTask(Task t, long pid) throws ErrnoException {
        if ((int) pid < 0) throw err(Errno.EINVAL);
        if (pid != 0 && t.kernel().findTask((int) pid) == null) throw err(Errno.ESRCH);
    }

    public static long schedYield(Task t, long a0, long a1, long a2, long a3, long a4, long a5) {
        Thread.yield();
        return 0;
    }

    /** sched_getaffinity: every CPU; returns the size of the kernel's cpumask (8 bytes). */
    public static long schedGetaffinity(Task t, long pid, long len, long mask, long a3, long a4, long a5) throws ErrnoException {
        if ((len * 8) < cpus() || (len & 7) != 0) throw err(Errno.EINVAL);
        checkTask(t, pid);
        long bits = cpus() == 64 ? -1L : (1L << cpus()) - 1;
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) b[i] = (byte) (bits >>> (8 * i));
        t.mem().copyOut(mask, b);
        return 8;
    }

    public static long schedSetaffinity(Task t, long pid, long len, long mask, long a3, long a4, long a5) throws ErrnoException {
        checkTask(t, pid);
        byte[] b = t.mem().copyIn(mask, (int) Math.min(Math.max(len, 0), 8));
        long bits = 0;
        for (int i = 0; i < b.length; i++) bits |= (b[i] & 0xFFL) << (8 * i);
        long online = cpus() == 64 ? -1L : (1L << cpus()) - 1;
        if ((bits & online) == 0) throw err(Errno.EINVAL);
        return 0;
    }

    public static long schedGetscheduler(Task t, long pid, long a1, long a2, long a3, long a4, long a5) throws ErrnoException {
        checkTask(t, pid);
        return Sched.SCHED_NORMAL;
    }

    public static long schedSetscheduler(Task t, long pid, long policy, long param, long a3, long a4, long a5) throws ErrnoException {
        checkTask(t, pid);
        if (param == 0) throw err(Errno.EINVAL);
        int prio = t.mem().readInt(param);
        checkPolicy(t, (int) policy & ~Sched.SCHED_RESET_ON_FORK, prio);
        return 0;
    }

    private static void checkPolicy(Task t, int policy, int prio) throws ErrnoException {
        switch (policy) {
            case Sched.SCHED_NORMAL, Sched.SCHED_BATCH, Sched.SCHED_IDLE -> {
                if (prio != 0) throw err(Errno.EINVAL);
            }
            case Sched.SCHED_FIFO, Sched.SCHED_RR -> {
                if (prio < 1 || prio > 99) throw err(Errno.EINVAL);
                if (t.creds().euid() != 0) throw err(Errno.EPERM);
            }
            default -> throw err(Errno.EINVAL);
        }
    }

    public static long schedGetparam(Task t, long pid, long param, long a2, long a3, long a4, long a5) throws ErrnoException {
        if (param == 0) throw err(Errno.EINVAL);
        checkTask(t, pid);
        t.mem().writeInt(param, 0);
        return 0;
    }

    public static long schedSetparam(Task t, long pid, long param, long a2, long a3, long a4, long a5) throws ErrnoException {
        if (param == 0) throw err(Errno.EINVAL);
        checkTask(t, pid);
        if (t.mem().readInt(param) != 0) throw err(Errno.EINVAL);
        return 0;
    }

    public static long schedGetPriorityMax(Task t, long policy, long a1, long a2, long a3, long a4, long a5) throws ErrnoException {
        return switch ((int) policy) {
            case Sched.SCHED_FIFO, Sched.SCHED_RR -> 99;
            case Sched.SCHED_NORMAL, Sched.SCHED_BATCH, Sched.SCHED_IDLE, Sched.SCHED_DEADLINE -> 0;
            default -> throw err(Errno.EINVAL);
        };
    }

    public static long schedGetPriorityMin(Task t, long policy, long a1, long a2, long a3, long a4, long a5) throws ErrnoException {
        return switch ((int) policy) {
            case Sched.SCHED_FIFO, Sched.SCHED_RR -> 1;
            case Sched.SCHED_NORMAL, Sched.SCHED_BATCH, Sched.SCHED_IDLE, Sched.SCHED_DEADLINE -> 0;
            default -> throw err(Errno.EINVAL);
        };
    }

    /** sched_rr_get_interval: the round-robin time slice (RR_TIMESLICE, 100 ms). */
    public static long schedRrGetInterval(Task t, long pid, long tp, long a2, long a3, long a4, long a5) throws ErrnoException {
        checkTask(t, pid);
        Timespec.writeNanos(t.mem(), tp, 100_000_000L);
        return 0;
    }

    /** getcpu: a CPU number derived from the host thread (stable per thread), node 0. */
    public static long getcpu(Task t, long cpu, long node, long a2, long a3, long a4, long a5) throws ErrnoException {
        if (cpu != 0) t.mem().writeInt(cpu, (int) (Thread.currentThread().threadId() % cpus()));
        if (node != 0) t.mem().writeInt(node, 0);
        return 0;
    }
}
