package dev.jerla.kernel.fs.notify;

import dev.jerla.kernel.GuestStrings;
import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Fcntl;
import dev.jerla.abi.linux.Inotify;
import dev.jerla.abi.linux.Ioctl;
import dev.jerla.abi.linux.Poll;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.task.WaitQueue;
import dev.jerla.kernel.vfs.FileDescription;
import dev.jerla.kernel.vfs.Inode;
import dev.jerla.kernel.vfs.PseudoFs;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An inotify instance (fs/notify/inotify): watches by descriptor number and a queue of struct
 * inotify_event records that read(2) drains whole (EINVAL if the buffer cannot hold the next
 * one), poll(2) reports readable and FIONREAD counts. An event equal to the last queued one is
 * merged into it, as inotify_merge does; past max_queued_events one IN_Q_OVERFLOW is queued.
 */
public final class InotifyFile extends FileDescription {
    /** One watch: which inode, which events, and its descriptor number in its instance. */
    record Watch(InotifyFile owner, int wd, Fsnotify.Key key, int mask) {}

    private final Inode inode = PseudoFs.ANON_INODEFS.newInode(0600, 0, 0);
    private final WaitQueue wq = new WaitQueue();
    // mu (this) guards everything below.
    private final Map<Integer, Watch> byWd = new HashMap<>();
    private final Map<Fsnotify.Key, Watch> byKey = new HashMap<>();
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private int queuedBytes;
    private int nextWd = 1;
    private long generation;
    private boolean overflowed;

    public InotifyFile(int flags) {
        super(Fcntl.O_RDONLY | flags);
    }

    @Override public Inode inode() { return inode; }
    @Override public String anonName() { return "anon_inode:inotify"; }

    /**
     * inotify_add_watch on a resolved inode: a new watch, or the existing one with its mask
     * replaced (or extended with IN_MASK_ADD; EEXIST with IN_MASK_CREATE). Returns the wd.
     */
    public int addWatch(Inode target, int mask) throws ErrnoException {
        Fsnotify.Key k = Fsnotify.Key.of(target);
        int events = mask & (Inotify.IN_ALL_EVENTS | Inotify.IN_ONESHOT | Inotify.IN_EXCL_UNLINK);
        Watch old, w;
        synchronized (this) {
            old = byKey.get(k);
            if (old != null) {
                if ((mask & Inotify.IN_MASK_CREATE) != 0) throw ErrnoException.of(Errno.EEXIST);
                int m = (mask & Inotify.IN_MASK_ADD) != 0 ? old.mask() | events : events;
                w = new Watch(this, old.wd(), k, m);
            } else {
                if (byWd.size() >= Inotify.MAX_USER_WATCHES) throw ErrnoException.of(Errno.ENOSPC);
                w = new Watch(this, nextWd++, k, events);
            }
            byWd.put(w.wd(), w);
            byKey.put(k, w);
        }
        if (old != null) Fsnotify.remove(old);
        Fsnotify.add(w);
        return w.wd();
    }

    /** inotify_rm_watch: EINVAL for an unknown wd; the watch ends with IN_IGNORED. */
    public void rmWatch(int wd) throws ErrnoException {
        Watch w;
        synchronized (this) {
            w = byWd.get(wd);
            if (w == null) throw ErrnoException.of(Errno.EINVAL);
        }
        removeWatch(w);
    }

    /** Ends a watch: it leaves the table and IN_IGNORED is queued (inotify_freeing_mark). */
    void removeWatch(Watch w) {
        Fsnotify.remove(w);
        synchronized (this) {
            Watch cur = byWd.get(w.wd());
            if (cur == null || !cur.key().equals(w.key())) return;
            byWd.remove(w.wd());
            byKey.remove(w.key());
            enqueue(w.wd(), Inotify.IN_IGNORED, 0, null);
        }
    }

    /** An event for watch {@code w}; {@code name} is the child's name for events on a watched directory. */
    void deliver(Watch w, int mask, int cookie, String name) {
        int type = mask & Inotify.IN_ALL_EVENTS;
        Watch cur;
        synchronized (this) {
            cur = byWd.get(w.wd());
            if (cur == null || !cur.key().equals(w.key())) return;
            if ((cur.mask() & type) == 0) return;
            enqueue(cur.wd(), mask, cookie, name);
        }
        if ((cur.mask() & Inotify.IN_ONESHOT) != 0) removeWatch(cur);
    }

    private void enqueue(int wd, int mask, int cookie, String name) {
        byte[] nb = name == null ? new byte[0] : GuestStrings.encode(name);
        // The name is NUL-padded to a multiple of the event size (round_up(len + 1, sizeof event)).
        int len = nb.length == 0 ? 0 : (nb.length + Inotify.EVENT_SIZE) / Inotify.EVENT_SIZE * Inotify.EVENT_SIZE;
        byte[] e = new byte[Inotify.EVENT_SIZE + len];
        putInt(e, 0, wd);
        putInt(e, 4, mask);
        putInt(e, 8, cookie);
        putInt(e, 12, len);
        System.arraycopy(nb, 0, e, Inotify.EVENT_SIZE, nb.length);
        byte[] last = queue.peekLast();
        if (last != null && Arrays.equals(last, e)) return;
        if (queue.size() >= Inotify.MAX_QUEUED_EVENTS) {
            if (overflowed) return;
            overflowed = true;
            e = new byte[Inotify.EVENT_SIZE];
            putInt(e, 0, -1);
            putInt(e, 4, Inotify.IN_Q_OVERFLOW);
        }
        queue.addLast(e);
        queuedBytes += e.length;
        generation++;
        wq.wakeAll();
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }

    @Override
    public int read(Task t, byte[] dst, int off, int len) throws ErrnoException {
        while (true) {
            synchronized (this) {
                if (!queue.isEmpty()) {
                    int n = 0;
                    while (!queue.isEmpty() && queue.peekFirst().length <= len - n) {
                        byte[] e = queue.pollFirst();
                        System.arraycopy(e, 0, dst, off + n, e.length);
                        n += e.length;
                        queuedBytes -= e.length;
                    }
                    if (n == 0) throw ErrnoException.of(Errno.EINVAL);
                    if (queue.isEmpty()) overflowed = false;
                    return n;
                }
                if (nonBlocking()) throw ErrnoException.of(Errno.EAGAIN);
            }
            t.waitInterruptibly(() -> { synchronized (this) { return !queue.isEmpty(); } }, Long.MAX_VALUE, wq);
        }
    }

    @Override
    public long ioctl(Task t, int cmd, long arg) throws ErrnoException {
        if (cmd != Ioctl.FIONREAD) throw ErrnoException.of(Errno.ENOTTY);
        int n;
        synchronized (this) { n = queuedBytes; }
        t.mem().writeInt(arg, n);
        return 0;
    }

    @Override
    public synchronized int poll() {
        return queue.isEmpty() ? 0 : Poll.POLLIN | Poll.POLLRDNORM;
    }

    @Override public WaitQueue pollQueue() { return wq; }

    @Override public synchronized long pollGeneration() { return generation; }

    /** Closing the instance ends every watch. */
    @Override
    protected void onLastClose() {
        List<Watch> all;
        synchronized (this) { all = new ArrayList<>(byWd.values()); }
        for (Watch w : all) Fsnotify.remove(w);
    }
}
