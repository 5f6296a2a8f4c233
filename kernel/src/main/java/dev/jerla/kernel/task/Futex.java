package dev.jerla.kernel.task;

import dev.jerla.abi.linux.Errno;
import dev.jerla.cpu.mem.AddressSpace;
import dev.jerla.cpu.mem.GuestFault;
import dev.jerla.kernel.ErrnoException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Fast user-space mutexes (kernel/futex/): tasks sleeping on a 32-bit guest word until another
 * wakes them. A private futex is keyed by address space and address; a shared one on a
 * MAP_SHARED page by the page frame, so that processes sharing the page meet (get_futex_key).
 * The value check and the enqueue happen under one lock, so a wake after the guest changed
 * the word is never lost.
 */
public final class Futex {
    private Futex() {}

    public static final int BITSET_ANY = 0xffffffff;

    private record Key(Object space, long addr) {}

    private static final class Waiter {
        final Task task;
        final int bitset;
        Key key;
        volatile boolean woken;
        /** Set by FUTEX_UNLOCK_PI when it hands the lock to this waiter. */
        volatile boolean acquired;

        Waiter(Task task, Key key, int bitset) {
            this.task = task;
            this.key = key;
            this.bitset = bitset;
        }
    }

    /** A stand-in "space" for keys of shared pages, which are named by host frame address. */
    private static final Object SHARED = new Object();

    // mu guards queues and every Waiter's key.
    private static final Object mu = new Object();
    private static final Map<Key, List<Waiter>> queues = new HashMap<>();

    private static Key key(Task t, long addr, boolean priv) throws ErrnoException {
        if ((addr & 3) != 0) throw ErrnoException.of(Errno.EINVAL);
        AddressSpace as = t.mem().addressSpace();
        if (!priv) {
            long e = as.entry(addr);
            if ((e & AddressSpace.PTE_SHARED) != 0) {
                try {
                    return new Key(SHARED, as.translate(addr, AddressSpace.ACCESS_READ));
                } catch (GuestFault f) {
                    throw ErrnoException.of(Errno.EFAULT);
                }
            }
        }
        return new Key(as, addr);
    }

    /**
     * FUTEX_WAIT / FUTEX_WAIT_BITSET: sleeps if the word at {@code addr} still holds {@code val}.
     *
     * @param deadlineNanos System.nanoTime() deadline, or Long.MAX_VALUE
     * @throws ErrnoException EAGAIN if the word differs, ETIMEDOUT, ERESTARTSYS on a signal
     */
    public static void wait(Task t, long addr, int val, long deadlineNanos, int bitset, boolean priv) throws ErrnoException {
        if (bitset == 0) throw ErrnoException.of(Errno.EINVAL);
        Waiter w;
        synchronized (mu) {
            int cur = t.mem().readInt(addr);
            Key k = key(t, addr, priv);
            if (cur != val) throw ErrnoException.of(Errno.EAGAIN);
            w = new Waiter(t, k, bitset);
            queues.computeIfAbsent(k, x -> new ArrayList<>()).add(w);
        }
        boolean ok = false;
        try {
            ok = t.waitInterruptibly(() -> w.woken, deadlineNanos);
        } finally {
            if (!w.woken) {
                synchronized (mu) { unqueue(w); }
            }
        }
        if (!ok && !w.woken) throw ErrnoException.of(Errno.ETIMEDOUT);
    }

    private static void unqueue(Waiter w) {
        List<Waiter> q = queues.get(w.key);
        if (q != null) {
            q.remove(w);
            if (q.isEmpty()) queues.remove(w.key);
        }
    }

    /** FUTEX_WAKE / FUTEX_WAKE_BITSET: wakes up to {@code n} waiters whose bitset intersects; returns how many. */
    public static int wake(Task t, long addr, int n, int bitset, boolean priv) throws ErrnoException {
        if (bitset == 0) throw ErrnoException.of(Errno.EINVAL);
        synchronized (mu) {
            return wakeLocked(key(t, addr, priv), n, bitset);
        }
    }

    private static int wakeLocked(Key k, int n, int bitset) {
        List<Waiter> q = queues.get(k);
        if (q == null) return 0;
        int woken = 0;
        for (Iterator<Waiter> it = q.iterator(); it.hasNext() && woken < n; ) {
            Waiter w = it.next();
            if ((w.bitset & bitset) == 0) continue;
            it.remove();
            w.woken = true;
            w.task.wake();
            woken++;
        }
        if (q.isEmpty()) queues.remove(k);
        return woken;
    }

    /**
     * FUTEX_REQUEUE / FUTEX_CMP_REQUEUE: wakes {@code nrWake} waiters of {@code addr} and moves up
     * to {@code nrRequeue} others to {@code addr2}. With {@code checkVal}, fails with EAGAIN unless
     * the word at {@code addr} holds {@code val}. Returns woken plus requeued.
     */
    public static int requeue(Task t, long addr, long addr2, int nrWake, int nrRequeue, boolean checkVal, int val,
                              boolean priv) throws ErrnoException {
        if (nrWake < 0 || nrRequeue < 0) throw ErrnoException.of(Errno.EINVAL);
        synchronized (mu) {
            Key k1 = key(t, addr, priv), k2 = key(t, addr2, priv);
            if (checkVal && t.mem().readInt(addr) != val) throw ErrnoException.of(Errno.EAGAIN);
            int woken = wakeLocked(k1, nrWake, BITSET_ANY);
            List<Waiter> q = queues.get(k1);
            int moved = 0;
            if (q != null && !k1.equals(k2)) {
                List<Waiter> dst = queues.computeIfAbsent(k2, x -> new ArrayList<>());
                for (Iterator<Waiter> it = q.iterator(); it.hasNext() && moved < nrRequeue; ) {
                    Waiter w = it.next();
                    it.remove();
                    w.key = k2;
                    dst.add(w);
                    moved++;
                }
                if (q.isEmpty()) queues.remove(k1);
            }
            return woken + moved;
        }
    }

    /**
     * FUTEX_WAKE_OP: atomically applies {@code op} to the word at {@code addr2}, wakes up to
     * {@code n} waiters of {@code addr}, and, if the old value of addr2 passes the comparison
     * encoded in {@code op}, up to {@code n2} waiters of {@code addr2}.
     */
    public static int wakeOp(Task t, long addr, long addr2, int n, int n2, int op, boolean priv) throws ErrnoException {
        int kind = (op >>> 28) & 7;
        boolean shiftArg = (op & (8 << 28)) != 0;
        int cmp = (op >>> 24) & 15;
        int oparg = (op << 8) >> 20;
        int cmparg = (op << 20) >> 20;
        if (shiftArg) {
            if (oparg < 0 || oparg > 31) throw ErrnoException.of(Errno.EINVAL);
            oparg = 1 << oparg;
        }
        if (kind > 4 || cmp > 5) throw ErrnoException.of(Errno.ENOSYS);
        if ((addr2 & 3) != 0) throw ErrnoException.of(Errno.EINVAL);
        synchronized (mu) {
            Key k1 = key(t, addr, priv), k2 = key(t, addr2, priv);
            int old;
            try {
                var mmu = t.cpu().mmu();
                while (true) {
                    old = (int) mmu.readSized(addr2, 4);
                    int nv = switch (kind) {
                        case 0 -> oparg;
                        case 1 -> old + oparg;
                        case 2 -> old | oparg;
                        case 3 -> old & ~oparg;
                        default -> old ^ oparg;
                    };
                    if ((int) mmu.cmpxchg(addr2, 4, old & 0xffffffffL, nv & 0xffffffffL) == old) break;
                }
            } catch (GuestFault f) {
                throw ErrnoException.of(Errno.EFAULT);
            }
            int woken = wakeLocked(k1, n, BITSET_ANY);
            boolean pass = switch (cmp) {
                case 0 -> old == cmparg;
                case 1 -> old != cmparg;
                case 2 -> old < cmparg;
                case 3 -> old <= cmparg;
                case 4 -> old > cmparg;
                default -> old >= cmparg;
            };
            if (pass) woken += wakeLocked(k2, n2, BITSET_ANY);
            return woken;
        }
    }

    // ---------------------------------------------------------------- PI futexes (kernel/futex/pi.c)

    private static final int TID_MASK = dev.jerla.abi.linux.Futex.FUTEX_TID_MASK;
    private static final int WAITERS = dev.jerla.abi.linux.Futex.FUTEX_WAITERS;
    private static final int OWNER_DIED = dev.jerla.abi.linux.Futex.FUTEX_OWNER_DIED;

    private static int cmpxchg(Task t, long addr, int expect, int update) throws ErrnoException {
        try {
            return (int) t.cpu().mmu().cmpxchg(addr, 4, expect & 0xffffffffL, update & 0xffffffffL);
        } catch (GuestFault f) {
            throw ErrnoException.of(Errno.EFAULT);
        }
    }

    /**
     * FUTEX_LOCK_PI, FUTEX_LOCK_PI2 and FUTEX_TRYLOCK_PI: takes the lock word for the caller
     * (its tid, keeping FUTEX_OWNER_DIED), or marks it FUTEX_WAITERS and sleeps until
     * FUTEX_UNLOCK_PI hands it over. Jerla does not boost the owner's priority: the host
     * scheduler runs every thread.
     *
     * @throws ErrnoException EDEADLK if the caller owns it, EAGAIN for a failed trylock,
     *         ESRCH if the owner does not exist, ETIMEDOUT, ERESTARTSYS on a signal
     */
    public static void lockPi(Task t, long addr, long deadlineNanos, boolean tryOnly, boolean priv) throws ErrnoException {
        while (true) {
            Waiter w;
            synchronized (mu) {
                Key k = key(t, addr, priv);
                int uval = t.mem().readInt(addr);
                int owner = uval & TID_MASK;
                if (owner == 0) {
                    List<Waiter> q = queues.get(k);
                    int nv = (uval & OWNER_DIED) | t.tid() | (q != null && !q.isEmpty() ? WAITERS : 0);
                    if (cmpxchg(t, addr, uval, nv) == uval) return;
                    continue;
                }
                if (owner == t.tid()) throw ErrnoException.of(Errno.EDEADLK);
                if (tryOnly) throw ErrnoException.of(Errno.EAGAIN);
                Task o = t.kernel().processTable().task(owner);
                if (o == null && (uval & OWNER_DIED) == 0) throw ErrnoException.of(Errno.ESRCH);
                if ((uval & WAITERS) == 0 && cmpxchg(t, addr, uval, uval | WAITERS) != uval) continue;
                w = new Waiter(t, k, BITSET_ANY);
                queues.computeIfAbsent(k, x -> new ArrayList<>()).add(w);
            }
            boolean ok;
            try {
                ok = t.waitInterruptibly(() -> w.woken, deadlineNanos);
            } finally {
                synchronized (mu) {
                    if (!w.woken) unqueue(w);
                }
            }
            if (w.acquired) return;
            if (!ok && !w.woken) throw ErrnoException.of(Errno.ETIMEDOUT);
        }
    }

    /**
     * FUTEX_UNLOCK_PI: the owner releases the word; the first waiter becomes the owner (its tid
     * with FUTEX_WAITERS) and wakes, or the word becomes 0. @throws ErrnoException EPERM if the
     * caller is not the owner
     */
    public static void unlockPi(Task t, long addr, boolean priv) throws ErrnoException {
        synchronized (mu) {
            Key k = key(t, addr, priv);
            while (true) {
                int uval = t.mem().readInt(addr);
                if ((uval & TID_MASK) != t.tid()) throw ErrnoException.of(Errno.EPERM);
                List<Waiter> q = queues.get(k);
                Waiter next = q == null || q.isEmpty() ? null : q.getFirst();
                int nv = next == null ? 0 : next.task.tid() | WAITERS;
                if (cmpxchg(t, addr, uval, nv) != uval) continue;
                if (next != null) {
                    unqueue(next);
                    next.acquired = true;
                    next.woken = true;
                    next.task.wake();
                }
                return;
            }
        }
    }

    /** ROBUST_LIST_LIMIT: how many entries exit_robust_list walks at most. */
    private static final int ROBUST_LIST_LIMIT = 2048;

    /**
     * exit_robust_list: for every robust mutex the dying thread still holds (its tid in the
     * futex word), sets FUTEX_OWNER_DIED and wakes one waiter. Runs on the dying thread; a bad
     * list just stops the walk.
     */
    static void exitRobustList(Task t) {
        long head = t.robustList();
        if (head == 0) return;
        try {
            long entry = t.mem().readLong(head);
            long offset = t.mem().readLong(head + 8);
            long pending = t.mem().readLong(head + 16) & ~1L;
            for (int n = 0; (entry & ~1L) != head && n < ROBUST_LIST_LIMIT; n++) {
                long e = entry & ~1L;
                long next = t.mem().readLong(e);
                if (e != pending) futexDeath(t, e + offset);
                entry = next;
            }
            if (pending != 0) futexDeath(t, pending + offset);
        } catch (ErrnoException | GuestFault e) {
            // A corrupt or unmapped list is abandoned, as the kernel does.
        }
    }

    /** handle_futex_death: marks the owner dead if it is the dying thread and wakes a waiter. */
    private static void futexDeath(Task t, long uaddr) throws ErrnoException {
        if ((uaddr & 3) != 0) return;
        var mmu = t.cpu().mmu();
        while (true) {
            int uval = (int) mmu.readSized(uaddr, 4);
            if ((uval & dev.jerla.abi.linux.Futex.FUTEX_TID_MASK) != t.tid()) return;
            int mval = (uval & dev.jerla.abi.linux.Futex.FUTEX_WAITERS) | dev.jerla.abi.linux.Futex.FUTEX_OWNER_DIED;
            if ((int) mmu.cmpxchg(uaddr, 4, uval & 0xffffffffL, mval & 0xffffffffL) != uval) continue;
            if ((uval & dev.jerla.abi.linux.Futex.FUTEX_WAITERS) != 0) wake(t, uaddr, 1, BITSET_ANY, false);
            return;
        }
    }
}
