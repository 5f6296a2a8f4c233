package dev.jerla.kernel.syscall;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Mempolicy;
import dev.jerla.abi.linux.Sched;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.mm.MemoryManager;
import dev.jerla.kernel.task.MemPolicy;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.time.Timespec;

/**
 * Scheduler system calls (kernel/sched/core.c). Every guest thread is a host thread scheduled by
 * the host: policies and affinities are validated and reported, and have no effect.
 */
public final class SysSched {
    private SysSched() {}

    private static ErrnoException err(Errno e) { return ErrnoException.of(e); }

    // ---------------------------------------------------------------- memory policy (mm/mempolicy.c)

    /** nr_node_ids: one node, node 0, holds all memory. */
    private static final int NR_NODE_IDS = 1;
    private static final long NODES_ONLINE = 1;
    /** MAX_NUMNODES of a distribution kernel (CONFIG_NODES_SHIFT 10): bits of a user mask past it must be zero. */
    private static final long MAX_NUMNODES = 1024;

    /**
     * get_mempolicy(mode, nodemask, maxnode, addr, flags), as do_get_mempolicy on a one-node
     * system: the thread's policy (areas have none of their own), node 0 as the allowed set
     * and as the node of every mapped page.
     */
    public static long getMempolicy(Task t, long modeAddr, long nmask, long maxnode, long addr, long flags, long a5)
            throws ErrnoException {
        if (nmask != 0 && Long.compareUnsigned(maxnode, NR_NODE_IDS) < 0) throw err(Errno.EINVAL);
        if ((flags & ~(long) (Mempolicy.MPOL_F_NODE | Mempolicy.MPOL_F_ADDR | Mempolicy.MPOL_F_MEMS_ALLOWED)) != 0) {
            throw err(Errno.EINVAL);
        }
        MemPolicy pol = t.mempolicy();
        int mode;
        long nodes;
        if ((flags & Mempolicy.MPOL_F_MEMS_ALLOWED) != 0) {
            if ((flags & (Mempolicy.MPOL_F_NODE | Mempolicy.MPOL_F_ADDR)) != 0) throw err(Errno.EINVAL);
            mode = 0;
            nodes = NODES_ONLINE;
        } else {
            if ((flags & Mempolicy.MPOL_F_ADDR) != 0) {
                if (t.mm().find(addr) == null) throw err(Errno.EFAULT);
            } else if (addr != 0) {
                throw err(Errno.EINVAL);
            }
            if ((flags & Mempolicy.MPOL_F_NODE) != 0) {
                // The node of the page at addr, or the next interleave node: node 0 either way.
                if ((flags & Mempolicy.MPOL_F_ADDR) == 0 && pol.mode() != Mempolicy.MPOL_INTERLEAVE
                        && pol.mode() != Mempolicy.MPOL_WEIGHTED_INTERLEAVE) {
                    throw err(Errno.EINVAL);
                }
                mode = 0;
            } else {
                mode = pol.mode() | pol.flags();
            }
            nodes = pol.nodes();
        }
        if (modeAddr != 0) t.mem().writeInt(modeAddr, mode);
        if (nmask != 0) {
            // copy_nodes_to_user: ALIGN(maxnode - 1, 64) bits, the words past the kernel's mask cleared.
            long copy = ((maxnode - 1 + 63) & ~63L) / 8;
            if (copy > MemoryManager.PAGE_SIZE) throw err(Errno.EINVAL);
            byte[] b = new byte[(int) copy];
            for (int i = 0; i < Math.min(8, b.length); i++) b[i] = (byte) (nodes >>> (8 * i));
            t.mem().copyOut(nmask, b);
        }
        return 0;
    }

    /**
     * set_mempolicy(mode, nodemask, maxnode): sanitize_mpol_flags, get_nodes and mpol_new on a
     * one-node system. The policy is kept for get_mempolicy and children; memory comes from node 0.
     */
    public static long setMempolicy(Task t, long modeArg, long nmask, long maxnode, long a3, long a4, long a5)
            throws ErrnoException {
        int flags = (int) modeArg & Mempolicy.MPOL_MODE_FLAGS;
        int mode = (int) modeArg & ~Mempolicy.MPOL_MODE_FLAGS;
        if (Integer.compareUnsigned(mode, Mempolicy.MPOL_MAX) >= 0) throw err(Errno.EINVAL);
        boolean staticOrRelative = (flags & (Mempolicy.MPOL_F_STATIC_NODES | Mempolicy.MPOL_F_RELATIVE_NODES)) != 0;
        if ((flags & Mempolicy.MPOL_F_STATIC_NODES) != 0 && (flags & Mempolicy.MPOL_F_RELATIVE_NODES) != 0) {
            throw err(Errno.EINVAL);
        }
        if ((flags & Mempolicy.MPOL_F_NUMA_BALANCING) != 0
                && mode != Mempolicy.MPOL_BIND && mode != Mempolicy.MPOL_PREFERRED_MANY) {
            throw err(Errno.EOPNOTSUPP);
        }
        long user = userNodes(t, nmask, maxnode);
        if (mode == Mempolicy.MPOL_DEFAULT) {
            if (user != 0) throw err(Errno.EINVAL);
            t.setMempolicy(MemPolicy.DEFAULT);
            return 0;
        }
        if (mode == Mempolicy.MPOL_PREFERRED && user == 0) {
            if (staticOrRelative) throw err(Errno.EINVAL);
            mode = Mempolicy.MPOL_LOCAL;
        } else if (mode == Mempolicy.MPOL_LOCAL) {
            if (user != 0 || staticOrRelative) throw err(Errno.EINVAL);
        } else if (user == 0) {
            throw err(Errno.EINVAL);
        }
        long nodes = 0;
        if (mode != Mempolicy.MPOL_LOCAL) {
            // mpol_set_nodemask: the nodes with memory among those named (relative ones map onto them).
            nodes = (flags & Mempolicy.MPOL_F_RELATIVE_NODES) != 0 ? NODES_ONLINE : user & NODES_ONLINE;
            if (nodes == 0) throw err(Errno.EINVAL);
            if (staticOrRelative) nodes = user;
        }
        t.setMempolicy(new MemPolicy(mode, flags, nodes));
        return 0;
    }

    /**
     * get_nodes: maxnode - 1 bits from {@code nmask}; bits past MAX_NUMNODES must be zero. A node
     * named at 64 or above (none exists here) is kept as bit 63, so the mask is not empty.
     */
    private static long userNodes(Task t, long nmask, long maxnode) throws ErrnoException {
        long bits = maxnode - 1;
        if (maxnode == 0 || nmask == 0) return 0;
        if (Long.compareUnsigned(bits, MemoryManager.PAGE_SIZE * 8) > 0) throw err(Errno.EINVAL);
        int words = (int) ((bits + 63) / 64);
        long first = 0;
        for (int w = 0; w < words; w++) {
            long word = t.mem().readLong(nmask + 8L * w);
            long valid = Math.min(64, bits - 64L * w);
            if (valid < 64) word &= (1L << valid) - 1;
            if (w == 0) first = word;
            else if (word != 0 && 64L * w >= MAX_NUMNODES) throw err(Errno.EINVAL);
            else if (word != 0) first |= 1L << 63;
        }
        return first;
    }

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

    /** The thread {@code pid} names (0: the caller); ESRCH if there is none. */
    private static Task target(Task t, long pid) throws ErrnoException {
        checkTask(t, pid);
        return pid == 0 ? t : t.kernel().findTask((int) pid);
    }

    private static long onlineMask() {
        return cpus() == 64 ? -1L : (1L << cpus()) - 1;
    }

    /** sched_getaffinity: the thread's mask of online CPUs; returns the size of the kernel's cpumask (8 bytes). */
    public static long schedGetaffinity(Task t, long pid, long len, long mask, long a3, long a4, long a5) throws ErrnoException {
        if ((len * 8) < cpus() || (len & 7) != 0) throw err(Errno.EINVAL);
        long bits = target(t, pid).cpuAffinity() & onlineMask();
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) b[i] = (byte) (bits >>> (8 * i));
        t.mem().copyOut(mask, b);
        return 8;
    }

    /**
     * sched_setaffinity: the mask is kept for the thread (and inherited by its children) and
     * read back by sched_getaffinity; EINVAL without an online CPU in it, EPERM for another
     * user's thread without CAP_SYS_NICE (kernel/sched/core.c, sched_setaffinity). Jerla's
     * threads still run wherever the host schedules them.
     */
    public static long schedSetaffinity(Task t, long pid, long len, long mask, long a3, long a4, long a5) throws ErrnoException {
        Task target = target(t, pid);
        byte[] b = t.mem().copyIn(mask, (int) Math.min(Math.max(len, 0), 8));
        long bits = 0;
        for (int i = 0; i < b.length; i++) bits |= (b[i] & 0xFFL) << (8 * i);
        if (target != t && t.creds().euid() != 0 && t.creds().euid() != target.creds().euid()
                && t.creds().euid() != target.creds().uid()) {
            throw err(Errno.EPERM);
        }
        if ((bits & onlineMask()) == 0) throw err(Errno.EINVAL);
        target.setCpuAffinity(bits & onlineMask());
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
