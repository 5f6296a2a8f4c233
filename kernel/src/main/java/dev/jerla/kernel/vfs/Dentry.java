package dev.jerla.kernel.vfs;

import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * A name in the directory tree bound to an inode (struct dentry). Dentries give files a parent
 * and a name, so ".." and getcwd(2) work and mounts have a place to sit on. Children are cached
 * weakly: a dentry stays as long as someone holds it (an open file, a working directory, a mount,
 * a child) and is made again from the filesystem otherwise. Only positive dentries exist.
 */
public final class Dentry {
    private final Inode inode;
    // Changed only under Vfs.namespaceLock (rename, unlink).
    private volatile Dentry parent;
    private volatile String name;
    private volatile boolean deleted;
    // mu (children) guards the child cache.
    private final Map<String, WeakReference<Dentry>> children = new HashMap<>();

    private Dentry(Dentry parent, String name, Inode inode) {
        this.parent = parent;
        this.name = name;
        this.inode = inode;
    }

    /**
     * A name that is not in its parent's cache and never will be: an O_TMPFILE file or a memfd,
     * shown as "PARENT/NAME (deleted)" until linkat gives it a real name.
     */
    static Dentry detached(Dentry parent, String name, Inode inode) {
        Dentry d = new Dentry(parent, name, inode);
        d.deleted = true;
        return d;
    }

    /** The root dentry of a filesystem. */
    public static Dentry root(Inode inode) {
        return new Dentry(null, "/", inode);
    }

    public Inode inode() { return inode; }

    /** The parent, or null at a filesystem root. */
    public Dentry parent() { return parent; }

    public String name() { return name; }

    /** True once unlinked or removed (d_unlinked): getcwd fails and /proc shows " (deleted)". */
    public boolean deleted() { return deleted; }

    /** The cached child called {@code name} if it is still valid, else null. */
    Dentry cachedChild(String name) {
        synchronized (children) {
            WeakReference<Dentry> r = children.get(name);
            Dentry d = r == null ? null : r.get();
            if (d == null && r != null) children.remove(name);
            return d;
        }
    }

    /** Makes (and caches) the child dentry for an inode the filesystem looked up. */
    Dentry addChild(String name, Inode inode) {
        Dentry d = new Dentry(this, name, inode);
        synchronized (children) {
            if (children.size() > 64 && children.size() % 64 == 0) purge();
            children.put(name, new WeakReference<>(d));
        }
        return d;
    }

    /** Drops a cached child (after unlink, rmdir, or a failed revalidation). */
    void dropChild(String name) {
        synchronized (children) { children.remove(name); }
    }

    void markDeleted() { deleted = true; }

    /** Moves this dentry under {@code newParent} as {@code newName} (d_move, under the namespace lock). */
    void moveTo(Dentry newParent, String newName) {
        Dentry old = parent;
        if (old != null) {
            synchronized (old.children) {
                WeakReference<Dentry> r = old.children.get(name);
                if (r != null && r.get() == this) old.children.remove(name);
            }
        }
        parent = newParent;
        name = newName;
        synchronized (newParent.children) { newParent.children.put(newName, new WeakReference<>(this)); }
    }

    private void purge() {
        for (Iterator<WeakReference<Dentry>> it = children.values().iterator(); it.hasNext(); ) {
            if (it.next().get() == null) it.remove();
        }
    }

    @Override
    public String toString() { return "Dentry[" + name + "]"; }
}
