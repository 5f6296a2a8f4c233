package dev.jerla.kernel.vfs;

import dev.jerla.kernel.GuestStrings;
import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Fcntl;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.task.Credentials;
import dev.jerla.kernel.task.Task;

import java.util.ArrayList;
import java.util.List;

/**
 * One path lookup (struct nameidata of fs/namei.c): components are resolved left to right from
 * the root or the start directory; each directory passed needs search permission; "." stays,
 * ".." goes up without leaving the process root and crosses mount points; mounted-on dentries
 * lead into the mount; symbolic links are expanded (40 per lookup at most, then ELOOP), the last
 * component's only when asked or when a trailing slash follows it.
 */
final class PathWalk {
    /** What the last component of a path is (LAST_NORM, LAST_ROOT, LAST_DOT, LAST_DOTDOT). */
    enum LastType { NORM, ROOT, DOT, DOTDOT }

    /** A resolved parent directory and the unresolved last component. */
    record Parent(Location dir, String last, LastType type, boolean trailingSlash) {}

    private final Vfs vfs;
    private final Task task;
    private final Credentials creds;
    private final Location root;
    /** openat2's RESOLVE_* restrictions, and the directory they are relative to. */
    private final int resolve;
    private final Location base;
    private int links;

    PathWalk(Vfs vfs, Task task, Credentials creds, Location root) {
        this(vfs, task, creds, root, 0, null);
    }

    /**
     * A walk restricted by RESOLVE_* flags (fs/namei.c LOOKUP_NO_XDEV, LOOKUP_NO_MAGICLINKS,
     * LOOKUP_NO_SYMLINKS, LOOKUP_BENEATH, LOOKUP_IN_ROOT): {@code base} is the starting
     * directory, which RESOLVE_IN_ROOT also makes the root.
     */
    PathWalk(Vfs vfs, Task task, Credentials creds, Location root, int resolve, Location base) {
        this.vfs = vfs;
        this.task = task;
        this.creds = creds;
        this.root = (resolve & Fcntl.RESOLVE_IN_ROOT) != 0 ? base : root;
        this.resolve = resolve;
        this.base = base;
    }

    private boolean has(int flag) { return (resolve & flag) != 0; }

    /** RESOLVE_NO_XDEV: every place passed must be on the starting mount. */
    private Location checkXdev(Location l) throws ErrnoException {
        if (has(Fcntl.RESOLVE_NO_XDEV) && l.mount() != base.mount()) throw ErrnoException.of(Errno.EXDEV);
        return l;
    }

    /** A symbolic link is about to be followed: refused with RESOLVE_NO_SYMLINKS. */
    void checkSymlink() throws ErrnoException {
        if (has(Fcntl.RESOLVE_NO_SYMLINKS)) throw ErrnoException.of(Errno.ELOOP);
    }

    /** A /proc magic link is about to be followed (nd_jump_link). */
    Location checkJump(Location jump) throws ErrnoException {
        if (has(Fcntl.RESOLVE_NO_MAGICLINKS)) throw ErrnoException.of(Errno.ELOOP);
        checkXdev(jump);
        if (has(Fcntl.RESOLVE_BENEATH | Fcntl.RESOLVE_IN_ROOT)) throw ErrnoException.of(Errno.EXDEV);
        return jump;
    }

    /** Where a path starts: absolute ones at the root (EXDEV beneath a directory), others at {@code start}. */
    Location origin(Location start, String path) throws ErrnoException {
        if (path.isEmpty() || path.charAt(0) != '/') return start;
        if (has(Fcntl.RESOLVE_BENEATH)) throw ErrnoException.of(Errno.EXDEV);
        return checkXdev(root);
    }

    /** Resolves a whole path; {@code followLast} expands a final symbolic link. */
    Location walk(Location start, String path, boolean followLast) throws ErrnoException {
        Parent p = walkParent(start, path);
        return finish(p, followLast);
    }

    /** Resolves the last component of a parent lookup. */
    Location finish(Parent p, boolean followLast) throws ErrnoException {
        Location r = switch (p.type()) {
            case ROOT -> p.dir();
            case DOT, DOTDOT -> step(p.dir(), p.last(), true);
            case NORM -> step(p.dir(), p.last(), followLast || p.trailingSlash());
        };
        if (p.trailingSlash() && !r.isDirectory()) throw ErrnoException.of(Errno.ENOTDIR);
        return r;
    }

    /** Resolves every component but the last. */
    Parent walkParent(Location start, String path) throws ErrnoException {
        if (path.isEmpty()) throw ErrnoException.of(Errno.ENOENT);
        if (GuestStrings.byteLength(path) >= Fcntl.PATH_MAX) throw ErrnoException.of(Errno.ENAMETOOLONG);
        Location cur = origin(start, path);
        List<String> comps = split(path);
        if (comps.isEmpty()) return new Parent(cur, "/", LastType.ROOT, false);
        for (int i = 0; i < comps.size() - 1; i++) {
            cur = step(cur, comps.get(i), true);
            if (!cur.isDirectory()) throw ErrnoException.of(Errno.ENOTDIR);
        }
        String last = comps.getLast();
        LastType type = last.equals(".") ? LastType.DOT : last.equals("..") ? LastType.DOTDOT : LastType.NORM;
        if (!cur.isDirectory()) throw ErrnoException.of(Errno.ENOTDIR);
        return new Parent(cur, last, type, path.charAt(path.length() - 1) == '/');
    }

    /** Resolves one component in directory {@code dir}. */
    Location step(Location dir, String name, boolean follow) throws ErrnoException {
        checkSearchable(dir);
        if (name.equals(".")) return dir;
        if (name.equals("..")) return dotdot(dir);
        if (GuestStrings.byteLength(name) > Fcntl.NAME_MAX) throw ErrnoException.of(Errno.ENAMETOOLONG);
        Dentry d = vfs.lookupChild(dir.dentry(), name);
        if (d == null) throw ErrnoException.of(Errno.ENOENT);
        Location child = checkXdev(vfs.followMounts(new Location(dir.mount(), d)));
        if (follow && child.inode() instanceof SymlinkInode link) return followLink(dir, link);
        return child;
    }

    /** Expands a symbolic link found in {@code dir}. */
    Location followLink(Location dir, SymlinkInode link) throws ErrnoException {
        checkSymlink();
        if (++links > Fcntl.MAXSYMLINKS) throw ErrnoException.of(Errno.ELOOP);
        Location jump = link.jump(task);
        if (jump != null) return checkJump(jump);
        String target = link.readlink(task);
        if (target.isEmpty()) throw ErrnoException.of(Errno.ENOENT);
        return walk(dir, target, true);
    }

    /** Counts one expansion of {@code link} and returns its body (for O_CREAT's own loop). */
    String linkBody(SymlinkInode link) throws ErrnoException {
        checkSymlink();
        if (++links > Fcntl.MAXSYMLINKS) throw ErrnoException.of(Errno.ELOOP);
        String target = link.readlink(task);
        if (target.isEmpty()) throw ErrnoException.of(Errno.ENOENT);
        return target;
    }

    /** ".." (follow_dotdot): stop at the process root, climb out of mounts at their root. */
    Location dotdot(Location cur) throws ErrnoException {
        // RESOLVE_BENEATH: climbing out of the starting directory is an escape.
        if (has(Fcntl.RESOLVE_BENEATH) && cur.mount() == base.mount() && cur.dentry() == base.dentry()) {
            throw ErrnoException.of(Errno.EXDEV);
        }
        while (true) {
            if (cur.mount() == root.mount() && cur.dentry() == root.dentry()) return cur;
            if (cur.dentry() != cur.mount().root() && cur.dentry().parent() != null) {
                return checkXdev(vfs.followMounts(new Location(cur.mount(), cur.dentry().parent())));
            }
            Mount parent = cur.mount().parent();
            if (parent == null) return cur;
            cur = checkXdev(new Location(parent, cur.mount().mountpoint()));
        }
    }

    private void checkSearchable(Location dir) throws ErrnoException {
        if (!dir.isDirectory()) throw ErrnoException.of(Errno.ENOTDIR);
        Permission.check(creds, dir.inode(), Permission.MAY_EXEC);
    }

    /** The non-empty components of a path ("a//b/" gives a, b). */
    static List<String> split(String path) {
        List<String> out = new ArrayList<>();
        int i = 0, n = path.length();
        while (i < n) {
            while (i < n && path.charAt(i) == '/') i++;
            int j = i;
            while (j < n && path.charAt(j) != '/') j++;
            if (j > i) out.add(path.substring(i, j));
            i = j;
        }
        return out;
    }
}
