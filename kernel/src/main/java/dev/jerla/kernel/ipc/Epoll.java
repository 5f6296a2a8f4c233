package dev.jerla.kernel.ipc;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Fcntl;
import dev.jerla.abi.linux.Poll;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.task.WaitQueue;
import dev.jerla.kernel.vfs.FileDescription;
import dev.jerla.kernel.vfs.Inode;
import dev.jerla.kernel.vfs.PseudoFs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An epoll instance (fs/eventpoll.c): an interest list of (fd, file) with event masks and user
 * data. Waiting scans the files' readiness; level-triggered items are reported while ready,
 * EPOLLET items once per change of the file's poll generation (which a file moves when it may
 * have become ready, as its wake-ups do: new data for a reader, freed room for a writer),
 * EPOLLONESHOT items once until re-armed with EPOLL_CTL_MOD. An item goes away when its file is
 * closed everywhere. Adding one epoll instance to another fails with ELOOP when it would close a
 * cycle or make a chain longer than EP_MAX_NESTS (ep_loop_check).
 *
 * <p>Limits: an epoll instance inside another one, or in poll/select, reports readiness but
 * does not wake the outer waiter when a member changes.
 */
public final class Epoll extends FileDescription {
    private static final int ALWAYS = Poll.EPOLLERR | Poll.EPOLLHUP;
    /** EP_MAX_NESTS: the longest chain of epoll instances inside one another. */
    private static final int EP_MAX_NESTS = 4;
    /** epnested_mutex: serialises adding one epoll instance to another, with its loop check. */
    private static final Object NESTED_MU = new Object();

    private record Key(int fd, FileDescription file) {}

    private static final class Item {
        final FileDescription file;
        int events;
        long data;
        boolean disarmed;
        long reportedGeneration = -1;

        Item(FileDescription file, int events, long data) {
            this.file = file;
            this.events = events;
            this.data = data;
        }
    }

    /** One reported event. */
    public record Event(int events, long data) {}

    private final Inode inode = PseudoFs.ANON_INODEFS.newInode(0600, 0, 0);
    private final WaitQueue wq = new WaitQueue();
    // mu (this) guards items.
    private final Map<Key, Item> items = new LinkedHashMap<>();
    /**
     * Epoll instances this one was added to, possibly closed or no longer holding it since (NESTED_MU
     * guards it).
     */
    private final Set<Epoll> parents = new LinkedHashSet<>();

    public Epoll(int flags) {
        super(Fcntl.O_RDWR | flags);
    }

    @Override public Inode inode() { return inode; }
    @Override public String anonName() { return "anon_inode:[eventpoll]"; }

    /** epoll_ctl(2). */
    public void ctl(int op, int fd, FileDescription target, int events, long data) throws ErrnoException {
        if (target == this) throw ErrnoException.of(Errno.EINVAL);
        if (!target.pollable()) throw ErrnoException.of(Errno.EPERM);
        if (op == Poll.EPOLL_CTL_ADD && target instanceof Epoll inner) {
            synchronized (NESTED_MU) {
                // ep_loop_check: no cycle, and no chain longer than EP_MAX_NESTS through the new link.
                if (inner.reaches(this) || upwardDepth() + 1 + inner.downwardDepth() > EP_MAX_NESTS) {
                    throw ErrnoException.of(Errno.ELOOP);
                }
                ctlLocked(op, fd, target, events, data);
            }
            return;
        }
        ctlLocked(op, fd, target, events, data);
    }

    /** The epoll instances directly in this one's interest list. */
    private synchronized List<Epoll> nested() {
        List<Epoll> l = new ArrayList<>();
        for (Item it : items.values()) {
            if (it.file instanceof Epoll e && e.isOpen()) l.add(e);
        }
        return l;
    }

    /** Whether {@code ep} is this instance or reachable through nested ones (under NESTED_MU). */
    private boolean reaches(Epoll ep) {
        if (ep == this) return true;
        for (Epoll e : nested()) if (e.reaches(ep)) return true;
        return false;
    }

    /** The longest chain of epoll instances below this one (under NESTED_MU). */
    private int downwardDepth() {
        int d = 0;
        for (Epoll e : nested()) d = Math.max(d, 1 + e.downwardDepth());
        return d;
    }

    /** The longest chain of open epoll instances holding this one (under NESTED_MU). */
    private int upwardDepth() {
        int d = 0;
        for (Epoll p : parents) {
            if (p.isOpen() && p.nested().contains(this)) d = Math.max(d, 1 + p.upwardDepth());
        }
        return d;
    }

    private void ctlLocked(int op, int fd, FileDescription target, int events, long data) throws ErrnoException {
        Key k = new Key(fd, target);
        synchronized (this) {
            Item it = items.get(k);
            switch (op) {
                case Poll.EPOLL_CTL_ADD -> {
                    if (it != null) throw ErrnoException.of(Errno.EEXIST);
                    items.put(k, new Item(target, events | ALWAYS, data));
                    if (target instanceof Epoll inner) inner.parents.add(this);
                }
                case Poll.EPOLL_CTL_MOD -> {
                    if (it == null) throw ErrnoException.of(Errno.ENOENT);
                    it.events = events | ALWAYS;
                    it.data = data;
                    it.disarmed = false;
                    it.reportedGeneration = -1;
                }
                case Poll.EPOLL_CTL_DEL -> {
                    if (it == null) throw ErrnoException.of(Errno.ENOENT);
                    items.remove(k);
                }
                default -> throw ErrnoException.of(Errno.EINVAL);
            }
        }
        wq.wakeAll();
    }

    /** The ready items, at most {@code max}; marks edge-triggered and one-shot items as reported. */
    private synchronized List<Event> collect(int max, boolean consume) {
        List<Event> out = new ArrayList<>();
        items.values().removeIf(it -> !it.file.isOpen());
        for (Item it : items.values()) {
            if (out.size() >= max) break;
            if (it.disarmed) continue;
            long gen = it.file.pollGeneration();
            int m = it.file.poll() & it.events;
            if (m == 0) continue;
            if ((it.events & Poll.EPOLLET) != 0 && gen == it.reportedGeneration) continue;
            out.add(new Event(m, it.data));
            if (consume) {
                it.reportedGeneration = gen;
                if ((it.events & Poll.EPOLLONESHOT) != 0) it.disarmed = true;
            }
        }
        return out;
    }

    private synchronized WaitQueue[] queues() {
        Set<WaitQueue> qs = new LinkedHashSet<>();
        qs.add(wq);
        for (Item it : items.values()) {
            WaitQueue q = it.file.pollQueue();
            if (q != null) qs.add(q);
        }
        return qs.toArray(new WaitQueue[0]);
    }

    /** epoll_wait: ready events, waiting until {@code deadline} (nanoTime) for the first. */
    public List<Event> await(Task t, int max, long deadline) throws ErrnoException {
        while (true) {
            List<Event> ev = collect(max, true);
            if (!ev.isEmpty() || (deadline != Long.MAX_VALUE && System.nanoTime() - deadline >= 0)) return ev;
            boolean ready = t.waitInterruptibly(() -> !collect(1, false).isEmpty(), deadline, queues());
            if (!ready) return List.of();
        }
    }

    @Override
    public int poll() {
        return collect(1, false).isEmpty() ? 0 : Poll.POLLIN | Poll.POLLRDNORM;
    }

    @Override public WaitQueue pollQueue() { return wq; }
}
