package dev.jerla.kernel.fs.notify;

import dev.jerla.abi.linux.Inotify;
import dev.jerla.abi.linux.Stat;
import dev.jerla.kernel.vfs.Dentry;
import dev.jerla.kernel.vfs.FileDescription;
import dev.jerla.kernel.vfs.FileSystem;
import dev.jerla.kernel.vfs.Inode;
import dev.jerla.kernel.vfs.Location;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The notification hooks of include/linux/fsnotify.h: the VFS reports each change once, here,
 * and every inotify watch on the inode (and, for events about a child, on its parent directory,
 * with the child's name) receives it. With no watch anywhere each hook returns at once.
 */
public final class Fsnotify {
    private Fsnotify() {}

    /** A watched inode: its filesystem and inode number. */
    record Key(FileSystem fs, long ino) {
        static Key of(Inode i) { return new Key(i.fs(), i.ino()); }
    }

    // mu guards watches.
    private static final Object mu = new Object();
    private static final Map<Key, List<InotifyFile.Watch>> watches = new HashMap<>();
    private static volatile int count;
    private static final AtomicInteger cookies = new AtomicInteger();

    static void add(InotifyFile.Watch w) {
        synchronized (mu) {
            watches.computeIfAbsent(w.key(), k -> new ArrayList<>()).add(w);
            count++;
        }
    }

    static void remove(InotifyFile.Watch w) {
        synchronized (mu) {
            List<InotifyFile.Watch> l = watches.get(w.key());
            if (l != null && l.remove(w)) {
                count--;
                if (l.isEmpty()) watches.remove(w.key());
            }
        }
    }

    private static List<InotifyFile.Watch> on(Inode i) {
        synchronized (mu) {
            List<InotifyFile.Watch> l = watches.get(Key.of(i));
            return l == null ? List.of() : new ArrayList<>(l);
        }
    }

    /** Delivers {@code mask} about inode {@code i} to its own watches. */
    private static void self(Inode i, int mask, int cookie) {
        for (InotifyFile.Watch w : on(i)) w.owner().deliver(w, mask, cookie, null);
    }

    /** Delivers {@code mask} about child {@code name} to the watches of directory {@code dir}. */
    private static void child(Inode dir, int mask, int cookie, String name) {
        for (InotifyFile.Watch w : on(dir)) w.owner().deliver(w, mask, cookie, name);
    }

    private static int dirFlag(Inode i) {
        return Stat.isDir(i.mode()) ? Inotify.IN_ISDIR : 0;
    }

    /** An event about a file: to its watches, and to its parent's with its name (fsnotify_parent). */
    private static void file(Inode i, Dentry d, int mask) {
        if (count == 0) return;
        mask |= dirFlag(i);
        // fsnotify_handle_event: the parent's watch (with the name) hears first, then the file's own.
        Dentry parent = d == null ? null : d.parent();
        if (parent != null && !d.deleted()) child(parent.inode(), mask, 0, d.name());
        self(i, mask, 0);
    }

    private static void file(FileDescription f, int mask) {
        if (count == 0) return;
        Location l = f.location();
        if (l == null) return;
        file(l.inode(), l.dentry(), mask);
    }

    /** read(2) and the like (IN_ACCESS). */
    public static void access(FileDescription f) { file(f, Inotify.IN_ACCESS); }

    /** write(2), truncate(2) and the like (IN_MODIFY). */
    public static void modify(FileDescription f) { file(f, Inotify.IN_MODIFY); }

    /** A change of contents by name (truncate(2)). */
    public static void modify(Location l) {
        if (count != 0) file(l.inode(), l.dentry(), Inotify.IN_MODIFY);
    }

    public static void open(FileDescription f) { file(f, Inotify.IN_OPEN); }

    /** The last reference to an open file is gone. */
    public static void close(FileDescription f) {
        file(f, f.writable() ? Inotify.IN_CLOSE_WRITE : Inotify.IN_CLOSE_NOWRITE);
    }

    /** chmod, chown, utimes, xattrs, link count changes (IN_ATTRIB); {@code l} may be null (an fd). */
    public static void attrib(Inode i, Location l) {
        if (count == 0) return;
        file(i, l == null ? null : l.dentry(), Inotify.IN_ATTRIB);
    }

    /** A name was made in {@code dir} (IN_CREATE). */
    public static void create(Inode dir, String name, Inode created) {
        if (count == 0) return;
        child(dir, Inotify.IN_CREATE | dirFlag(created), 0, name);
    }

    /** A hard link was made: the file's link count changed and a name appeared. */
    public static void link(Inode dir, String name, Inode target) {
        if (count == 0) return;
        self(target, Inotify.IN_ATTRIB, 0);
        child(dir, Inotify.IN_CREATE, 0, name);
    }

    /**
     * A name was removed (fsnotify_link_count's IN_ATTRIB, then fsnotify_delete); when no names
     * are left the victim's watches see IN_DELETE_SELF and are removed (IN_IGNORED) first, even
     * while the file is still open, as dentry_unlink_inode does.
     */
    public static void delete(Inode dir, String name, Inode victim, boolean lastName) {
        if (count == 0) return;
        boolean isDir = Stat.isDir(victim.mode());
        if (!isDir) self(victim, Inotify.IN_ATTRIB, 0);
        // d_delete drops the last link (fsnotify_inoderemove) before fsnotify_delete tells the directory.
        if (lastName || isDir) gone(victim);
        child(dir, Inotify.IN_DELETE | dirFlag(victim), 0, name);
    }

    /** The inode is gone: IN_DELETE_SELF, then every watch on it ends with IN_IGNORED. */
    private static void gone(Inode victim) {
        for (InotifyFile.Watch w : on(victim)) {
            w.owner().deliver(w, Inotify.IN_DELETE_SELF, 0, null);
            w.owner().removeWatch(w);
        }
    }

    /**
     * A rename (fsnotify_move): IN_MOVED_FROM and IN_MOVED_TO with one cookie, IN_MOVE_SELF for
     * the moved inode, and the end of a replaced target.
     */
    public static void move(Inode oldDir, String oldName, Inode newDir, String newName, Inode moved,
                            Inode replaced, boolean replacedGone) {
        if (count == 0) return;
        int cookie = cookies.incrementAndGet();
        int flag = dirFlag(moved);
        child(oldDir, Inotify.IN_MOVED_FROM | flag, cookie, oldName);
        child(newDir, Inotify.IN_MOVED_TO | flag, cookie, newName);
        if (replaced != null) self(replaced, Inotify.IN_ATTRIB, 0);
        self(moved, Inotify.IN_MOVE_SELF, 0);
        if (replaced != null && replacedGone) gone(replaced);
    }
}
