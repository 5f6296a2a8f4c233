package dev.jerla.kernel.vfs;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Fcntl;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.task.ThreadGroup;
import dev.jerla.kernel.task.WaitQueue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Advisory locks (fs/locks.c): POSIX record locks owned by a process (fcntl F_SETLK), open file
 * description locks (F_OFD_SETLK) and BSD flock locks, both owned by the open file description.
 * Locks are kept per file, keyed by filesystem and inode number so that every path to a file
 * meets the same locks. A lock whose owner is gone (process exited, description closed) no longer
 * conflicts and is dropped when next seen.
 */
public final class FileLocks {
    /** One lock: [start, end] inclusive; owner is a pid (Integer) or a FileDescription. */
    private record Lock(Object owner, int pid, int type, long start, long end, boolean flock) {
        boolean overlaps(long s, long e) { return start <= e && s <= end; }
    }

    private record Key(long dev, long ino) {}

    private static final Object MU = new Object();
    // MU guards LOCKS and WAITING. WQ is never woken while MU is held: a sleeper re-checks its
    // condition (which takes MU) under its own sleep lock, which waking takes.
    private static final Map<Key, List<Lock>> LOCKS = new HashMap<>();
    /** For each POSIX lock owner (a pid) asleep in F_SETLKW, the owner of the lock in its way (blocked_hash). */
    private static final Map<Object, Object> WAITING = new HashMap<>();
    /** How far a chain of waiters is followed looking for a cycle (MAX_DEADLK_ITERATIONS). */
    private static final int MAX_DEADLK_ITERATIONS = 10;
    private static final WaitQueue WQ = new WaitQueue();

    private FileLocks() {}

    /** A conflicting lock found by F_GETLK. */
    public record Conflict(int type, long start, long end, int pid) {}

    private static Key key(Inode i) {
        return new Key(i.fs().dev(), i.ino());
    }

    private static boolean alive(Lock l, Task t) {
        if (l.owner instanceof FileDescription f) return f.isOpen();
        ThreadGroup g = t.kernel() == null ? null : t.kernel().findProcess(l.pid);
        return g != null && !g.isZombie();
    }

    private static Lock conflict(List<Lock> locks, Object owner, int type, long s, long e, boolean flock, Task t) {
        for (Lock l : locks) {
            if (l.flock != flock || l.owner.equals(owner) || !l.overlaps(s, e)) continue;
            if (!alive(l, t)) continue;
            if (type == Fcntl.F_WRLCK || l.type == Fcntl.F_WRLCK) return l;
        }
        return null;
    }

    /** F_GETLK / F_OFD_GETLK: the first lock that would block {@code type} on [start, end], or null. */
    public static Conflict test(Task t, Inode inode, Object owner, int type, long start, long end) {
        Key k = key(inode);
        synchronized (MU) {
            List<Lock> locks = LOCKS.get(k);
            if (locks == null) return null;
            Lock c = conflict(locks, owner, type, start, end, false, t);
            return c == null ? null : new Conflict(c.type, c.start, c.end, c.owner instanceof FileDescription ? -1 : c.pid);
        }
    }

    /**
     * Sets, changes or removes (F_UNLCK) a record lock on [start, end] for {@code owner}; with
     * {@code wait} sleeps (interruptibly) until no other owner's lock is in the way, else EAGAIN.
     */
    public static void setRecord(Task t, Inode inode, Object owner, int type, long start, long end, boolean wait) throws ErrnoException {
        set(t, inode, owner, type, start, end, wait, false);
    }

    /** flock(2): LOCK_SH, LOCK_EX or LOCK_UN on the whole file for an open file description. */
    public static void flock(Task t, Inode inode, FileDescription f, int type, boolean wait) throws ErrnoException {
        set(t, inode, f, type, 0, Long.MAX_VALUE, wait, true);
    }

    private static void set(Task t, Inode inode, Object owner, int type, long start, long end, boolean wait, boolean flock)
            throws ErrnoException {
        Key k = key(inode);
        try {
            while (true) {
                synchronized (MU) {
                    List<Lock> locks = LOCKS.computeIfAbsent(k, x -> new ArrayList<>());
                    locks.removeIf(l -> !alive(l, t));
                    Lock c = type == Fcntl.F_UNLCK ? null : conflict(locks, owner, type, start, end, flock, t);
                    if (c == null) {
                        replace(locks, owner, t.group().pid(), type, start, end, flock);
                        if (locks.isEmpty()) LOCKS.remove(k);
                        break;
                    }
                    if (!wait) throw ErrnoException.of(Errno.EAGAIN);
                    if (!flock && owner instanceof Integer && c.owner instanceof Integer) {
                        if (deadlock(owner, c.owner)) throw ErrnoException.of(Errno.EDEADLK);
                        WAITING.put(owner, c.owner);
                    }
                }
                // Owners also vanish by exiting, which nobody announces here: look again now and then.
                t.waitInterruptibly(() -> {
                    synchronized (MU) {
                        List<Lock> locks = LOCKS.get(k);
                        return locks == null || conflict(locks, owner, type, start, end, flock, t) == null;
                    }
                }, System.nanoTime() + 100_000_000L, WQ);
            }
            // Outside MU: a waiter checks its condition under its own sleep lock, which wake takes.
            WQ.wakeAll();
        } finally {
            if (wait && !flock) {
                synchronized (MU) { WAITING.remove(owner); }
            }
        }
    }

    /**
     * posix_locks_deadlock: true if the owner of the lock in the way is (through a chain of
     * sleeping waiters) waiting for {@code owner}. Called under MU.
     */
    private static boolean deadlock(Object owner, Object blocker) {
        Object o = blocker;
        for (int i = 0; i < MAX_DEADLK_ITERATIONS && o != null; i++) {
            if (o.equals(owner)) return true;
            o = WAITING.get(o);
        }
        return false;
    }

    /**
     * Removes the owner's locks on [start, end] (splitting ones that stick out) and adds the new
     * one, merged with the owner's locks of the same type that touch it (posix_lock_inode).
     */
    private static void replace(List<Lock> locks, Object owner, int pid, int type, long start, long end, boolean flock) {
        List<Lock> keep = new ArrayList<>();
        for (Lock l : locks) {
            if (l.flock != flock || !l.owner.equals(owner) || !l.overlaps(start, end)) {
                keep.add(l);
                continue;
            }
            if (l.start < start) keep.add(new Lock(l.owner, l.pid, l.type, l.start, start - 1, flock));
            if (l.end > end) keep.add(new Lock(l.owner, l.pid, l.type, end + 1, l.end, flock));
        }
        if (type != Fcntl.F_UNLCK) {
            long s = start, e = end;
            for (var it = keep.iterator(); it.hasNext(); ) {
                Lock l = it.next();
                if (l.flock != flock || !l.owner.equals(owner) || l.type != type) continue;
                boolean touches = (s > 0 && l.end == s - 1) || (e < Long.MAX_VALUE && l.start == e + 1);
                if (!touches) continue;
                s = Math.min(s, l.start);
                e = Math.max(e, l.end);
                it.remove();
            }
            keep.add(new Lock(owner, pid, type, s, e, flock));
        }
        // An owner's locks are kept in order of their start, so F_GETLK reports the lowest conflict.
        keep.sort(Comparator.comparingLong(Lock::start));
        locks.clear();
        locks.addAll(keep);
    }

    /** Wakes lock waiters after an open file description went away (its locks went with it). */
    static void descriptionClosed() {
        if (WQ.hasWaiters()) WQ.wakeAll();
    }

    /** Drops a process's POSIX locks on a file (any close of the file by the process does this). */
    public static void closeFile(Task t, Inode inode) {
        Integer pid = t.group().pid();
        boolean removed;
        synchronized (MU) {
            if (LOCKS.isEmpty()) return;
            Key k = key(inode);
            List<Lock> locks = LOCKS.get(k);
            if (locks == null) return;
            removed = locks.removeIf(l -> l.owner.equals(pid));
            if (locks.isEmpty()) LOCKS.remove(k);
        }
        if (removed) WQ.wakeAll();
    }
}
