package dev.jerla.kernel.vfs;

import dev.jerla.kernel.GuestStrings;
import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Fcntl;
import dev.jerla.abi.linux.Stat;
import dev.jerla.abi.linux.Statfs;
import dev.jerla.abi.linux.Xattr;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.Kernel;
import dev.jerla.kernel.fs.notify.Fsnotify;
import dev.jerla.kernel.fs.tmpfs.TmpFs;
import dev.jerla.kernel.ipc.Pipe;
import dev.jerla.kernel.task.Credentials;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.tty.Ttys;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The virtual filesystem of one Jerla system: the mount tree, path resolution, and every
 * name-based operation (open, mkdir, unlink, rename, link, symlink, stat, chmod, ...), with
 * Linux's permission rules and errnos (fs/namei.c, fs/open.c, fs/attr.c, fs/namespace.c).
 * Booting it ({@link VfsBoot}) builds the tree from the kernel configuration.
 *
 * <p>Lock order: {@code nsMu} (every change to names or mounts), then a dentry's monitor (held
 * while a directory is looked up or changed), then a filesystem's own locks.
 */
public final class Vfs {
    private final Kernel kernel;
    // nsMu guards name creation/removal/rename and the mount table.
    private final Object nsMu = new Object();
    private final Map<MountKey, Mount> mountsByPoint = new ConcurrentHashMap<>();
    private final List<Mount> mounts = new CopyOnWriteArrayList<>();
    private final Mount rootMount;
    /** The internal tmpfs behind memfd_create (shm_mnt), and its mount. */
    private final TmpFs shm;
    private final Mount memfdMount;
    private final Map<Long, CharDevice> charDevices = new ConcurrentHashMap<>();
    private final Map<String, FileSystemType> fsTypes = new ConcurrentHashMap<>();
    private volatile Ttys ttys;

    private record MountKey(Mount parent, Dentry mountpoint) {}

    public Vfs(Kernel kernel, FileSystem rootFs, String rootSource) {
        this.kernel = kernel;
        this.rootMount = new Mount(this, rootFs, Dentry.root(rootFs.root()), rootSource, 0);
        mounts.add(rootMount);
        this.shm = new TmpFs();
        this.memfdMount = new Mount(this, shm, Dentry.root(shm.root()), "memfd", 0);
    }

    /** Builds the mount tree from the kernel's configuration (see {@link VfsBoot}). */
    public static Vfs boot(Kernel k) {
        return VfsBoot.boot(k);
    }

    public Kernel kernel() { return kernel; }

    public Mount rootMount() { return rootMount; }

    /** A root and working directory at "/" for the first process. */
    public FsContext rootContext() {
        Location r = followMounts(rootMount.rootLocation());
        return new FsContext(r, r);
    }

    /** The terminals (set once at boot). */
    public Ttys ttys() { return ttys; }

    void setTtys(Ttys t) {
        ttys = t;
        t.register(this);
    }

    /** /dev/console opened read-write for the first process of {@code jerla run}; it becomes its controlling terminal. */
    public FileDescription openConsole(Task t) throws ErrnoException {
        return ttys.openConsole(this, t);
    }

    /** Descriptors 0, 1 and 2 of the first process of {@code jerla exec}: the host's standard streams. */
    public FileDescription[] hostStdio() {
        return ttys.hostStdio(VfsBoot.find(this, "/dev/console"));
    }

    // ---------------------------------------------------------------- devices and filesystem types

    public void registerCharDevice(int major, int minor, CharDevice d) {
        charDevices.put(Stat.encodeDev(major, minor), d);
    }

    public void registerFileSystemType(FileSystemType type) {
        fsTypes.put(type.name(), type);
    }

    /** The registered filesystem types, as /proc/filesystems lists them. */
    public List<FileSystemType> fileSystemTypes() {
        return fsTypes.values().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList();
    }

    // ---------------------------------------------------------------- the mount tree

    /** Every mount, oldest first (the order of /proc/mounts). */
    public List<Mount> mounts() { return List.copyOf(mounts); }

    /** Attaches {@code fs} (or a subtree of it) at {@code where}; the mount's root is {@code root}. */
    public Mount attach(FileSystem fs, Dentry root, Location where, String source, long flags) throws ErrnoException {
        synchronized (nsMu) {
            if (where.isDirectory() != root.inode() instanceof DirectoryInode) throw ErrnoException.of(Errno.ENOTDIR);
            if (where.dentry().deleted()) throw ErrnoException.of(Errno.ENOENT);
            Mount m = new Mount(this, fs, root, source, flags);
            m.attach(where.mount(), where.dentry());
            mountsByPoint.put(new MountKey(where.mount(), where.dentry()), m);
            mounts.add(m);
            return m;
        }
    }

    /** Mounts a whole filesystem at {@code where}. */
    public Mount mount(FileSystem fs, Location where, String source, long flags) throws ErrnoException {
        return attach(fs, Dentry.root(fs.root()), where, source, flags);
    }

    /** Follows mounts stacked on a location down to the topmost mount's root (follow_mount). */
    public Location followMounts(Location l) {
        while (true) {
            Mount m = mountsByPoint.get(new MountKey(l.mount(), l.dentry()));
            if (m == null) return l;
            l = m.rootLocation();
        }
    }

    private boolean isMountpoint(Dentry d) {
        for (MountKey k : mountsByPoint.keySet()) if (k.mountpoint() == d) return true;
        return false;
    }

    /** The real parent of a directory in the mount tree, ignoring chroot (for the ".." entry). */
    public Location parentOf(Location cur) {
        while (true) {
            if (cur.dentry() != cur.mount().root() && cur.dentry().parent() != null) {
                return new Location(cur.mount(), cur.dentry().parent());
            }
            Mount parent = cur.mount().parent();
            if (parent == null) return cur;
            cur = new Location(parent, cur.mount().mountpoint());
        }
    }

    /** Looks up a child dentry, asking the filesystem on a cache miss or a failed revalidation. */
    Dentry lookupChild(Dentry parent, String name) throws ErrnoException {
        synchronized (parent) {
            Dentry d = parent.cachedChild(name);
            if (d != null) {
                if (d.inode().fs().revalidate(d)) return d;
                parent.dropChild(name);
            }
            if (parent.deleted()) return null;
            // The directory may have moved since it was looked up (an ancestor renamed).
            parent.inode().fs().revalidate(parent);
            Inode i = ((DirectoryInode) parent.inode()).lookup(name);
            return i == null ? null : parent.addChild(name, i);
        }
    }

    /**
     * Where /proc/PID/fd/N leads: the file's own location, or for a file without a name a
     * detached place whose inode reopens the same object ({@link FileDescription#reopen}).
     */
    public Location reopenLocation(FileDescription f) {
        Location l = f.location();
        if (l != null) return l;
        Inode reopen = new ReopenInode(f);
        return new Mount(this, reopen.fs(), Dentry.root(reopen), "none", 0).rootLocation();
    }

    // ---------------------------------------------------------------- path resolution

    PathWalk walker(Task t) {
        return new PathWalk(this, t, t.creds(), t.fs().root());
    }

    /** Where a relative path starts: the working directory or the directory behind {@code dirfd}. */
    Location start(Task t, int dirfd, String path) throws ErrnoException {
        if (!path.isEmpty() && path.charAt(0) == '/') return t.fs().root();
        Location l;
        if (dirfd == Fcntl.AT_FDCWD) {
            l = t.fs().cwd();
        } else {
            FileDescription f = t.files().get(dirfd);
            l = f.location();
            if (l == null) throw ErrnoException.of(Errno.ENOTDIR);
            if (!path.isEmpty() && !l.isDirectory()) throw ErrnoException.of(Errno.ENOTDIR);
        }
        // A directory held open may have moved since (an ancestor renamed): names below it follow.
        l.dentry().inode().fs().revalidate(l.dentry());
        return l;
    }

    /**
     * Resolves {@code path} relative to {@code dirfd} with AT_SYMLINK_NOFOLLOW and AT_EMPTY_PATH
     * honoured (an empty path names the dirfd itself).
     */
    public Location lookup(Task t, int dirfd, String path, int atFlags) throws ErrnoException {
        if (path.isEmpty()) {
            if ((atFlags & Fcntl.AT_EMPTY_PATH) == 0) throw ErrnoException.of(Errno.ENOENT);
            if (dirfd == Fcntl.AT_FDCWD) return t.fs().cwd();
            Location l = t.files().get(dirfd).location();
            if (l == null) throw ErrnoException.of(Errno.EBADF);
            return l;
        }
        return walker(t).walk(start(t, dirfd, path), path, (atFlags & Fcntl.AT_SYMLINK_NOFOLLOW) == 0);
    }

    /** Resolves a path from the task's working directory, following a final symbolic link. */
    public Location lookup(Task t, String path) throws ErrnoException {
        return lookup(t, Fcntl.AT_FDCWD, path, 0);
    }

    // ---------------------------------------------------------------- open

    /** open(2)/openat(2): resolves, creates with O_CREAT, checks access, truncates, opens. */
    public FileDescription open(Task t, int dirfd, String path, int flags, int mode) throws ErrnoException {
        return open(t, dirfd, path, flags, mode, 0);
    }

    /** openat2(2): open with RESOLVE_* restrictions on the lookup. */
    public FileDescription open(Task t, int dirfd, String path, int flags, int mode, int resolve) throws ErrnoException {
        if ((flags & Fcntl.__O_TMPFILE) != 0) return openTmpfile(t, dirfd, path, flags, mode);
        if ((flags & Fcntl.O_PATH) != 0) {
            flags &= Fcntl.O_PATH | Fcntl.O_DIRECTORY | Fcntl.O_NOFOLLOW | Fcntl.O_CLOEXEC;
        }
        Location base = resolve == 0 ? null : dirfd == Fcntl.AT_FDCWD ? t.fs().cwd() : start(t, dirfd, "");
        PathWalk w = resolve == 0 ? walker(t) : new PathWalk(this, t, t.creds(), t.fs().root(), resolve, base);
        Location loc;
        boolean created = false;
        if ((flags & Fcntl.O_CREAT) != 0) {
            if ((flags & Fcntl.O_DIRECTORY) != 0) throw ErrnoException.of(Errno.EINVAL);
            Location from = resolve == 0 ? start(t, dirfd, path) : w.origin(base, path);
            String p = path;
            while (true) {
                PathWalk.Parent par = w.walkParent(from, p);
                if (par.type() != PathWalk.LastType.NORM || par.trailingSlash()) throw ErrnoException.of(Errno.EISDIR);
                SymlinkInode link;
                synchronized (nsMu) {
                    Location dir = par.dir();
                    Dentry d = lookupChild(dir.dentry(), par.last());
                    if (d == null) {
                        checkCreate(t, dir, par.last());
                        DirectoryInode di = (DirectoryInode) dir.inode();
                        NewInode n = newInode(t, di, Stat.S_IFREG | (mode & ~t.fs().umask() & Stat.S_IALLUGO), 0);
                        Inode created1 = di.create(par.last(), n);
                        synchronized (dir.dentry()) { d = dir.dentry().addChild(par.last(), created1); }
                        loc = new Location(dir.mount(), d);
                        created = true;
                        Fsnotify.create(di, par.last(), created1);
                        break;
                    }
                    if ((flags & Fcntl.O_EXCL) != 0) throw ErrnoException.of(Errno.EEXIST);
                    loc = followMounts(new Location(dir.mount(), d));
                    if (!(loc.inode() instanceof SymlinkInode l)) break;
                    if ((flags & Fcntl.O_NOFOLLOW) != 0) throw ErrnoException.of(Errno.ELOOP);
                    link = l;
                }
                p = w.linkBody(link);
                Location jump = link.jump(t);
                if (jump != null) { loc = w.checkJump(jump); break; }
                from = par.dir();
            }
        } else {
            boolean follow = (flags & Fcntl.O_NOFOLLOW) == 0;
            loc = w.walk(resolve == 0 ? start(t, dirfd, path) : w.origin(base, path), path, follow);
        }
        return openLocation(t, loc, flags, created);
    }

    /**
     * O_TMPFILE (do_tmpfile): an unnamed regular file in the directory {@code path}, opened for
     * writing; without O_EXCL linkat(2) may give it a name later.
     */
    private FileDescription openTmpfile(Task t, int dirfd, String path, int flags, int mode) throws ErrnoException {
        int acc = flags & Fcntl.O_ACCMODE;
        if ((flags & Fcntl.O_TMPFILE) != Fcntl.O_TMPFILE || (flags & Fcntl.O_CREAT) != 0) throw ErrnoException.of(Errno.EINVAL);
        if (acc != Fcntl.O_WRONLY && acc != Fcntl.O_RDWR) throw ErrnoException.of(Errno.EINVAL);
        Location dir = walker(t).walk(start(t, dirfd, path), path, true);
        if (!dir.isDirectory()) throw ErrnoException.of(Errno.ENOTDIR);
        Permission.check(t.creds(), dir.inode(), Permission.MAY_WRITE | Permission.MAY_EXEC);
        if (dir.mount().readOnly()) throw ErrnoException.of(Errno.EROFS);
        DirectoryInode di = (DirectoryInode) dir.inode();
        Inode inode = di.tmpfile(newInode(t, di, Stat.S_IFREG | (mode & ~t.fs().umask() & Stat.S_IALLUGO), 0),
                (flags & Fcntl.O_EXCL) == 0);
        Location loc = new Location(dir.mount(), Dentry.detached(dir.dentry(), "#" + inode.ino(), inode));
        FileDescription f = inode.open(loc, flags, t);
        f.setFlags(flags & ~(Fcntl.O_TMPFILE | Fcntl.O_EXCL | Fcntl.O_NOCTTY | Fcntl.O_CLOEXEC));
        return f;
    }

    /**
     * memfd_create(2): a file with no name on an internal tmpfs, open read-write, shown as
     * "/memfd:NAME (deleted)" (memfd_alloc_file).
     */
    public FileDescription memfd(Task t, String name, boolean allowSealing) throws ErrnoException {
        NewInode n = new NewInode(Stat.S_IFREG | 0777, t.creds().fsuid(), t.creds().fsgid(), 0);
        Inode inode = shm.memfdFile(n, allowSealing);
        Location loc = new Location(memfdMount, Dentry.detached(memfdMount.root(), "memfd:" + name, inode));
        FileDescription f = inode.open(loc, Fcntl.O_RDWR, t);
        f.setFlags(Fcntl.O_RDWR | Fcntl.O_LARGEFILE);
        return f;
    }

    /** The checks and actions of may_open() and do_open() once the file is found. */
    private FileDescription openLocation(Task t, Location loc, int flags, boolean created) throws ErrnoException {
        Inode inode = loc.inode();
        int mode = inode.mode();
        if ((flags & Fcntl.O_PATH) != 0) {
            if ((flags & Fcntl.O_DIRECTORY) != 0 && !Stat.isDir(mode)) throw ErrnoException.of(Errno.ENOTDIR);
            return new PathFile(loc, flags);
        }
        int acc = flags & Fcntl.O_ACCMODE;
        if (Stat.isLnk(mode)) throw ErrnoException.of(Errno.ELOOP);
        if ((flags & Fcntl.O_DIRECTORY) != 0 && !Stat.isDir(mode)) throw ErrnoException.of(Errno.ENOTDIR);
        if (Stat.isDir(mode) && (acc != Fcntl.O_RDONLY || (flags & (Fcntl.O_CREAT | Fcntl.O_TRUNC)) != 0)) {
            throw ErrnoException.of(Errno.EISDIR);
        }
        if (!created) {
            int mask = switch (acc) {
                case Fcntl.O_RDONLY -> Permission.MAY_READ;
                case Fcntl.O_WRONLY -> Permission.MAY_WRITE;
                default -> Permission.MAY_READ | Permission.MAY_WRITE;
            };
            if ((flags & Fcntl.O_TRUNC) != 0) mask |= Permission.MAY_WRITE;
            Permission.check(t.creds(), inode, mask);
            if ((mask & Permission.MAY_WRITE) != 0 && (Stat.isReg(mode) || Stat.isDir(mode)) && loc.mount().readOnly()) {
                throw ErrnoException.of(Errno.EROFS);
            }
        }
        if ((Stat.isChr(mode) || Stat.isBlk(mode)) && (loc.mount().flags() & Statfs.MS_NODEV) != 0) {
            throw ErrnoException.of(Errno.EACCES);
        }
        if ((flags & Fcntl.O_TRUNC) != 0 && Stat.isReg(mode) && !created) {
            inode.setattr(SetAttr.size(0));
        }
        if ((flags & Fcntl.O_TRUNC) != 0 && Stat.isReg(mode) && !created) Fsnotify.modify(loc);
        FileDescription f = inode.open(loc, flags, t);
        f.setFlags(flags & ~(Fcntl.O_CREAT | Fcntl.O_EXCL | Fcntl.O_NOCTTY | Fcntl.O_TRUNC | Fcntl.O_CLOEXEC));
        Fsnotify.open(f);
        return f;
    }

    /** The generic open of an inode by file type (do_dentry_open with the default file operations). */
    static FileDescription openDefault(Inode inode, Location loc, int flags, Task t) throws ErrnoException {
        int mode = inode.mode();
        return switch (mode & Stat.S_IFMT) {
            case Stat.S_IFDIR -> new DirectoryFile(loc, flags);
            case Stat.S_IFREG -> {
                if (!(inode instanceof FileInode fi)) throw ErrnoException.of(Errno.EINVAL);
                yield new RegularFile(loc, fi, flags);
            }
            case Stat.S_IFIFO -> Pipe.openFifo(t, inode.fifo(), loc, flags);
            case Stat.S_IFCHR -> {
                CharDevice d = loc.mount().vfs().charDevices.get(inode.getattr().rdev());
                if (d == null) throw ErrnoException.of(Errno.ENXIO);
                yield d.open(loc, flags, t);
            }
            default -> throw ErrnoException.of(Errno.ENXIO);
        };
    }

    /**
     * The executable for execve(2): resolved from the task's working directory and root, a
     * regular file with execute permission on a mount without MS_NOEXEC, opened read-only.
     */
    public FileDescription openExec(Task t, String path) throws ErrnoException {
        Location loc = lookup(t, path);
        Inode inode = loc.inode();
        if (!Stat.isReg(inode.mode()) || (loc.mount().flags() & Statfs.MS_NOEXEC) != 0) {
            throw ErrnoException.of(Errno.EACCES);
        }
        Permission.check(t.creds(), inode, Permission.MAY_EXEC);
        FileDescription f = inode.open(loc, Fcntl.O_RDONLY, t);
        f.setFlags(Fcntl.O_RDONLY | Fcntl.O_LARGEFILE);
        return f;
    }

    // ---------------------------------------------------------------- creating names

    /** The checks of may_create(): the parent still exists, is writable and searchable, not read-only. */
    private void checkCreate(Task t, Location dir, String name) throws ErrnoException {
        if (dir.dentry().deleted()) throw ErrnoException.of(Errno.ENOENT);
        if (GuestStrings.byteLength(name) > Fcntl.NAME_MAX) {
            throw ErrnoException.of(Errno.ENAMETOOLONG);
        }
        Permission.check(t.creds(), dir.inode(), Permission.MAY_WRITE | Permission.MAY_EXEC);
        if (dir.mount().readOnly()) throw ErrnoException.of(Errno.EROFS);
    }

    /** Owner and mode of a new inode: fsuid, and fsgid unless the directory is setgid (inode_init_owner). */
    private static NewInode newInode(Task t, DirectoryInode dir, int mode, long rdev) {
        Credentials c = t.creds();
        int gid = c.fsgid();
        if ((dir.mode() & Stat.S_ISGID) != 0) {
            gid = dir.gid();
            if (Stat.isDir(mode)) mode |= Stat.S_ISGID;
        } else if (Stat.isDir(mode)) {
            mode &= ~Stat.S_ISGID;
        }
        return new NewInode(mode, c.fsuid(), gid, rdev);
    }

    /** A parent lookup for creating a name (filename_create): EEXIST for existing names and "."/"..". */
    private Location prepareCreate(Task t, PathWalk.Parent p, boolean isDir) throws ErrnoException {
        if (p.type() != PathWalk.LastType.NORM) throw ErrnoException.of(Errno.EEXIST);
        if (lookupChild(p.dir().dentry(), p.last()) != null) throw ErrnoException.of(Errno.EEXIST);
        if (!isDir && p.trailingSlash()) throw ErrnoException.of(Errno.ENOENT);
        checkCreate(t, p.dir(), p.last());
        return p.dir();
    }

    public void mkdir(Task t, int dirfd, String path, int mode) throws ErrnoException {
        PathWalk.Parent p = walker(t).walkParent(start(t, dirfd, path), path);
        synchronized (nsMu) {
            Location dir = prepareCreate(t, p, true);
            DirectoryInode di = (DirectoryInode) dir.inode();
            NewInode n = newInode(t, di, Stat.S_IFDIR | (mode & ~t.fs().umask() & 01777), 0);
            Inode i = di.mkdir(p.last(), n);
            synchronized (dir.dentry()) { dir.dentry().addChild(p.last(), i); }
            Fsnotify.create(di, p.last(), i);
        }
    }

    /** mknod(2): regular files, FIFOs, sockets, and (for root) device nodes. */
    public void mknod(Task t, int dirfd, String path, int mode, long dev) throws ErrnoException {
        int type = mode & Stat.S_IFMT;
        switch (type) {
            case 0, Stat.S_IFREG, Stat.S_IFIFO, Stat.S_IFSOCK -> {}
            case Stat.S_IFCHR, Stat.S_IFBLK -> {
                if (t.creds().euid() != 0) throw ErrnoException.of(Errno.EPERM);
            }
            case Stat.S_IFDIR -> throw ErrnoException.of(Errno.EPERM);
            default -> throw ErrnoException.of(Errno.EINVAL);
        }
        if (type == 0) type = Stat.S_IFREG;
        PathWalk.Parent p = walker(t).walkParent(start(t, dirfd, path), path);
        synchronized (nsMu) {
            Location dir = prepareCreate(t, p, false);
            DirectoryInode di = (DirectoryInode) dir.inode();
            NewInode n = newInode(t, di, type | (mode & ~t.fs().umask() & Stat.S_IALLUGO),
                    type == Stat.S_IFCHR || type == Stat.S_IFBLK ? dev : 0);
            Inode i = type == Stat.S_IFREG ? di.create(p.last(), n) : di.mknod(p.last(), n);
            synchronized (dir.dentry()) { dir.dentry().addChild(p.last(), i); }
            Fsnotify.create(di, p.last(), i);
        }
    }

    public void symlink(Task t, String target, int dirfd, String path) throws ErrnoException {
        if (target.isEmpty()) throw ErrnoException.of(Errno.ENOENT);
        PathWalk.Parent p = walker(t).walkParent(start(t, dirfd, path), path);
        synchronized (nsMu) {
            Location dir = prepareCreate(t, p, false);
            DirectoryInode di = (DirectoryInode) dir.inode();
            Inode i = di.symlink(p.last(), target, newInode(t, di, Stat.S_IFLNK | 0777, 0));
            synchronized (dir.dentry()) { dir.dentry().addChild(p.last(), i); }
            Fsnotify.create(di, p.last(), i);
        }
    }

    /** linkat(2): AT_SYMLINK_FOLLOW and AT_EMPTY_PATH select how the old name resolves. */
    public void link(Task t, int olddirfd, String oldpath, int newdirfd, String newpath, int flags) throws ErrnoException {
        if ((flags & ~(Fcntl.AT_SYMLINK_FOLLOW | Fcntl.AT_EMPTY_PATH)) != 0) throw ErrnoException.of(Errno.EINVAL);
        int lf = (flags & Fcntl.AT_SYMLINK_FOLLOW) != 0 ? 0 : Fcntl.AT_SYMLINK_NOFOLLOW;
        if ((flags & Fcntl.AT_EMPTY_PATH) != 0) lf |= Fcntl.AT_EMPTY_PATH;
        Location old = lookup(t, olddirfd, oldpath, lf);
        PathWalk.Parent p = walker(t).walkParent(start(t, newdirfd, newpath), newpath);
        synchronized (nsMu) {
            Location dir = prepareCreate(t, p, false);
            if (dir.mount() != old.mount()) throw ErrnoException.of(Errno.EXDEV);
            Inode target = old.inode();
            if (Stat.isDir(target.mode())) throw ErrnoException.of(Errno.EPERM);
            DirectoryInode di = (DirectoryInode) dir.inode();
            di.link(p.last(), target);
            synchronized (dir.dentry()) { dir.dentry().addChild(p.last(), target); }
            Fsnotify.link(di, p.last(), target);
        }
    }

    // ---------------------------------------------------------------- removing and renaming names

    /** The checks of may_delete(): write+search on the directory, sticky rule, read-only mount, mount points. */
    private void checkDelete(Task t, Location dir, Dentry victim) throws ErrnoException {
        Permission.check(t.creds(), dir.inode(), Permission.MAY_WRITE | Permission.MAY_EXEC);
        Permission.checkSticky(t.creds(), dir.inode(), victim.inode());
        if (dir.mount().readOnly()) throw ErrnoException.of(Errno.EROFS);
        if (isMountpoint(victim)) throw ErrnoException.of(Errno.EBUSY);
    }

    public void unlink(Task t, int dirfd, String path) throws ErrnoException {
        PathWalk.Parent p = walker(t).walkParent(start(t, dirfd, path), path);
        if (p.type() != PathWalk.LastType.NORM) throw ErrnoException.of(Errno.EISDIR);
        synchronized (nsMu) {
            Location dir = p.dir();
            Dentry d = lookupChild(dir.dentry(), p.last());
            if (d == null) throw ErrnoException.of(Errno.ENOENT);
            if (Stat.isDir(d.inode().mode())) throw ErrnoException.of(Errno.EISDIR);
            if (p.trailingSlash()) throw ErrnoException.of(Errno.ENOTDIR);
            checkDelete(t, dir, d);
            boolean lastName = lastName(d.inode());
            synchronized (dir.dentry()) {
                ((DirectoryInode) dir.inode()).unlink(p.last(), d.inode());
                dir.dentry().dropChild(p.last());
            }
            d.markDeleted();
            Fsnotify.delete(dir.inode(), p.last(), d.inode(), lastName);
        }
    }

    public void rmdir(Task t, int dirfd, String path) throws ErrnoException {
        PathWalk.Parent p = walker(t).walkParent(start(t, dirfd, path), path);
        switch (p.type()) {
            case DOT -> throw ErrnoException.of(Errno.EINVAL);
            case DOTDOT -> throw ErrnoException.of(Errno.ENOTEMPTY);
            case ROOT -> throw ErrnoException.of(Errno.EBUSY);
            case NORM -> {}
        }
        synchronized (nsMu) {
            Location dir = p.dir();
            Dentry d = lookupChild(dir.dentry(), p.last());
            if (d == null) throw ErrnoException.of(Errno.ENOENT);
            if (!(d.inode() instanceof DirectoryInode victim)) throw ErrnoException.of(Errno.ENOTDIR);
            checkDelete(t, dir, d);
            synchronized (dir.dentry()) {
                ((DirectoryInode) dir.inode()).rmdir(p.last(), victim);
                dir.dentry().dropChild(p.last());
            }
            d.markDeleted();
            Fsnotify.delete(dir.inode(), p.last(), victim, true);
        }
    }

    /** renameat2(2) with RENAME_NOREPLACE and RENAME_EXCHANGE (fs/namei.c do_renameat2, vfs_rename). */
    public void rename(Task t, int olddirfd, String oldpath, int newdirfd, String newpath, int flags) throws ErrnoException {
        if ((flags & ~(Fcntl.RENAME_NOREPLACE | Fcntl.RENAME_EXCHANGE | Fcntl.RENAME_WHITEOUT)) != 0
                || ((flags & Fcntl.RENAME_EXCHANGE) != 0 && (flags & (Fcntl.RENAME_NOREPLACE | Fcntl.RENAME_WHITEOUT)) != 0)) {
            throw ErrnoException.of(Errno.EINVAL);
        }
        if ((flags & Fcntl.RENAME_WHITEOUT) != 0) throw ErrnoException.of(Errno.EINVAL);
        boolean exchange = (flags & Fcntl.RENAME_EXCHANGE) != 0;
        PathWalk w = walker(t);
        PathWalk.Parent op = w.walkParent(start(t, olddirfd, oldpath), oldpath);
        PathWalk.Parent np = w.walkParent(start(t, newdirfd, newpath), newpath);
        if (op.dir().mount() != np.dir().mount()) throw ErrnoException.of(Errno.EXDEV);
        if (op.type() != PathWalk.LastType.NORM) throw ErrnoException.of(Errno.EBUSY);
        if (np.type() != PathWalk.LastType.NORM) {
            throw ErrnoException.of((flags & Fcntl.RENAME_NOREPLACE) != 0 ? Errno.EEXIST : Errno.EBUSY);
        }
        if (op.dir().mount().readOnly()) throw ErrnoException.of(Errno.EROFS);
        synchronized (nsMu) {
            Location odir = op.dir(), ndir = np.dir();
            Dentry od = lookupChild(odir.dentry(), op.last());
            if (od == null) throw ErrnoException.of(Errno.ENOENT);
            Dentry nd = lookupChild(ndir.dentry(), np.last());
            if (exchange && nd == null) throw ErrnoException.of(Errno.ENOENT);
            if ((flags & Fcntl.RENAME_NOREPLACE) != 0 && nd != null) throw ErrnoException.of(Errno.EEXIST);
            boolean oldIsDir = Stat.isDir(od.inode().mode());
            if (!oldIsDir && (op.trailingSlash() || (np.trailingSlash() && !exchange))) throw ErrnoException.of(Errno.ENOTDIR);
            if (exchange && nd != null && !Stat.isDir(nd.inode().mode()) && np.trailingSlash()) throw ErrnoException.of(Errno.ENOTDIR);
            // Source is an ancestor of the target: EINVAL; target an ancestor of the source: ENOTEMPTY.
            if (isAncestor(od, ndir.dentry())) throw ErrnoException.of(Errno.EINVAL);
            if (nd != null && isAncestor(nd, odir.dentry())) throw ErrnoException.of(exchange ? Errno.EINVAL : Errno.ENOTEMPTY);
            if (nd != null && od.inode().sameFile(nd.inode())) return;
            checkDelete(t, odir, od);
            if (nd != null) {
                checkDelete(t, ndir, nd);
                boolean newIsDir = Stat.isDir(nd.inode().mode());
                if (!exchange) {
                    if (oldIsDir && !newIsDir) throw ErrnoException.of(Errno.ENOTDIR);
                    if (!oldIsDir && newIsDir) throw ErrnoException.of(Errno.EISDIR);
                }
            } else {
                checkCreate(t, ndir, np.last());
            }
            // Moving a directory to another parent rewrites its "..": it must be writable.
            if (odir.dentry() != ndir.dentry()) {
                if (oldIsDir) Permission.check(t.creds(), od.inode(), Permission.MAY_WRITE);
                if (exchange && Stat.isDir(nd.inode().mode())) Permission.check(t.creds(), nd.inode(), Permission.MAY_WRITE);
            }
            boolean replacedLast = nd != null && !exchange && lastName(nd.inode());
            ((DirectoryInode) odir.inode()).rename(op.last(), (DirectoryInode) ndir.inode(), np.last(), flags);
            synchronized (odir.dentry()) {
                synchronized (ndir.dentry()) {
                    odir.dentry().dropChild(op.last());
                    ndir.dentry().dropChild(np.last());
                    if (exchange) {
                        nd.moveTo(odir.dentry(), op.last());
                    } else if (nd != null) {
                        nd.markDeleted();
                    }
                    od.moveTo(ndir.dentry(), np.last());
                }
            }
            Fsnotify.move(odir.inode(), op.last(), ndir.inode(), np.last(), od.inode(),
                    exchange ? null : nd == null ? null : nd.inode(), replacedLast);
            if (exchange) Fsnotify.move(ndir.inode(), np.last(), odir.inode(), op.last(), nd.inode(), null, false);
        }
    }

    /** True if removing one name of the inode leaves it with none (asked before the removal). */
    private static boolean lastName(Inode i) {
        try {
            return Stat.isDir(i.mode()) || i.getattr().nlink() <= 1;
        } catch (ErrnoException e) {
            return true;
        }
    }

    private static boolean isAncestor(Dentry ancestor, Dentry d) {
        for (Dentry x = d; x != null; x = x.parent()) if (x == ancestor) return true;
        return false;
    }

    // ---------------------------------------------------------------- reading names and attributes

    /** readlinkat(2): EINVAL if the path is not a symbolic link. */
    public String readlink(Task t, int dirfd, String path) throws ErrnoException {
        Location l = lookup(t, dirfd, path, Fcntl.AT_SYMLINK_NOFOLLOW | (path.isEmpty() ? Fcntl.AT_EMPTY_PATH : 0));
        if (!(l.inode() instanceof SymlinkInode s)) throw ErrnoException.of(Errno.EINVAL);
        return s.readlink(t);
    }

    /** faccessat2(2): F_OK or R_OK|W_OK|X_OK, with the real ids unless AT_EACCESS. */
    public void access(Task t, int dirfd, String path, int mode, int flags) throws ErrnoException {
        if ((mode & ~7) != 0) throw ErrnoException.of(Errno.EINVAL);
        if ((flags & ~(Fcntl.AT_EACCESS | Fcntl.AT_SYMLINK_NOFOLLOW | Fcntl.AT_EMPTY_PATH)) != 0) {
            throw ErrnoException.of(Errno.EINVAL);
        }
        Credentials c = (flags & Fcntl.AT_EACCESS) != 0 ? t.creds() : Permission.realIds(t.creds());
        PathWalk w = new PathWalk(this, t, c, t.fs().root());
        Location l;
        if (path.isEmpty()) {
            l = lookup(t, dirfd, path, flags);
        } else {
            l = w.walk(start(t, dirfd, path), path, (flags & Fcntl.AT_SYMLINK_NOFOLLOW) == 0);
        }
        if (mode == 0) return;
        Permission.check(c, l.inode(), mode);
        int type = l.inode().mode();
        if ((mode & Fcntl.W_OK) != 0 && l.mount().readOnly() && (Stat.isReg(type) || Stat.isDir(type) || Stat.isLnk(type))) {
            throw ErrnoException.of(Errno.EROFS);
        }
    }

    public void chmod(Task t, Inode inode, Location l, int mode) throws ErrnoException {
        if (!Permission.ownerOrRoot(t.creds(), inode)) throw ErrnoException.of(Errno.EPERM);
        if (l != null && l.mount().readOnly()) throw ErrnoException.of(Errno.EROFS);
        mode &= Stat.S_IALLUGO;
        // A non-root owner outside the file's group cannot set the setgid bit (inode_change_ok).
        if (t.creds().fsuid() != 0 && !t.creds().inGroup(inode.gid())) mode &= ~Stat.S_ISGID;
        inode.setattr(SetAttr.mode(mode));
        Fsnotify.attrib(inode, l);
    }

    /**
     * chown(2) family: root changes anything; an owner may only change the group to one of its
     * groups. A change clears setuid, and setgid of group-executable files (should_remove_suid).
     */
    public void chown(Task t, Inode inode, Location l, int uid, int gid) throws ErrnoException {
        Credentials c = t.creds();
        boolean root = c.fsuid() == 0;
        if (uid != -1 && !root && (c.fsuid() != inode.uid() || uid != inode.uid())) throw ErrnoException.of(Errno.EPERM);
        if (gid != -1 && !root && (c.fsuid() != inode.uid() || (gid != inode.gid() && !c.inGroup(gid)))) {
            throw ErrnoException.of(Errno.EPERM);
        }
        if (l != null && l.mount().readOnly()) throw ErrnoException.of(Errno.EROFS);
        // chown_common: even "-1, -1" is a change of attributes (ctime, and the set-id bits below),
        // and dropping set-id bits is a mode change only the owner may make.
        int mode = inode.mode();
        int kill = Stat.isDir(mode) ? 0 : Permission.setidToKill(mode);
        if (uid == -1 && gid == -1) {
            if (kill != 0 && !Permission.ownerOrRoot(c, inode)) throw ErrnoException.of(Errno.EPERM);
        } else {
            inode.setattr(SetAttr.owner(uid == -1 ? SetAttr.KEEP : uid & 0xFFFFFFFFL, gid == -1 ? SetAttr.KEEP : gid & 0xFFFFFFFFL));
        }
        if (kill != 0) inode.setattr(SetAttr.mode(mode & ~kill & Stat.S_IALLUGO));
        Fsnotify.attrib(inode, l);
    }

    /**
     * utimensat(2): each time is nanoseconds since the epoch, {@link SetAttr#KEEP} (UTIME_OMIT), or
     * {@code now}. Setting both to "now" needs ownership or write access; explicit times need ownership.
     */
    public void utimes(Task t, Inode inode, Location l, long atime, long mtime, boolean explicit) throws ErrnoException {
        if (l != null && l.mount().readOnly()) throw ErrnoException.of(Errno.EROFS);
        if (!Permission.ownerOrRoot(t.creds(), inode)) {
            if (explicit) throw ErrnoException.of(Errno.EPERM);
            Permission.check(t.creds(), inode, Permission.MAY_WRITE);
        }
        if (atime == SetAttr.KEEP && mtime == SetAttr.KEEP) return;
        inode.setattr(SetAttr.times(atime, mtime));
        Fsnotify.attrib(inode, l);
    }

    // ---------------------------------------------------------------- extended attributes (fs/xattr.c)

    /**
     * xattr_permission: trusted.* is root's (EPERM to write, ENODATA to read otherwise), user.*
     * only on regular files and directories (and a sticky directory's only for its owner), then
     * the file's own permission bits; EOPNOTSUPP for unknown namespaces, EINVAL for a bare prefix.
     */
    private static void xattrPermission(Task t, Inode inode, String name, int mask) throws ErrnoException {
        boolean write = (mask & Permission.MAY_WRITE) != 0;
        String prefix = null;
        for (String p : new String[] {Xattr.XATTR_USER_PREFIX, Xattr.XATTR_TRUSTED_PREFIX, Xattr.XATTR_SECURITY_PREFIX,
                Xattr.XATTR_SYSTEM_PREFIX}) {
            if (name.startsWith(p)) prefix = p;
        }
        if (prefix == null) throw ErrnoException.of(Errno.EOPNOTSUPP);
        if (prefix.equals(Xattr.XATTR_TRUSTED_PREFIX) && t.creds().euid() != 0) {
            throw ErrnoException.of(write ? Errno.EPERM : Errno.ENODATA);
        }
        if (prefix.equals(Xattr.XATTR_USER_PREFIX)) {
            int mode = inode.mode();
            if (!Stat.isReg(mode) && !Stat.isDir(mode)) throw ErrnoException.of(write ? Errno.EPERM : Errno.ENODATA);
            if (Stat.isDir(mode) && (mode & Stat.S_ISVTX) != 0 && write && !Permission.ownerOrRoot(t.creds(), inode)) {
                throw ErrnoException.of(Errno.EPERM);
            }
        }
        Permission.check(t.creds(), inode, mask);
        if (name.length() == prefix.length()) throw ErrnoException.of(Errno.EINVAL);
        if (prefix.equals(Xattr.XATTR_SYSTEM_PREFIX)) throw ErrnoException.of(Errno.EOPNOTSUPP);
    }

    /** setxattr(2) family on a resolved file ({@code l} null for an fd without a location). */
    public void setxattr(Task t, Inode inode, Location l, String name, byte[] value, int flags) throws ErrnoException {
        if (l != null && l.mount().readOnly()) throw ErrnoException.of(Errno.EROFS);
        xattrPermission(t, inode, name, Permission.MAY_WRITE);
        inode.setxattr(name, value, flags);
        Fsnotify.attrib(inode, l);
    }

    /** getxattr(2) family: ENODATA if there is no such attribute. */
    public byte[] getxattr(Task t, Inode inode, String name) throws ErrnoException {
        xattrPermission(t, inode, name, Permission.MAY_READ);
        byte[] v = inode.getxattr(name);
        if (v == null) throw ErrnoException.of(Errno.ENODATA);
        return v;
    }

    /** listxattr(2) family: the names the caller may see (trusted.* only for root). */
    public List<String> listxattr(Task t, Inode inode) throws ErrnoException {
        List<String> out = new ArrayList<>();
        for (String n : inode.listxattr()) {
            if (n.startsWith(Xattr.XATTR_TRUSTED_PREFIX) && t.creds().euid() != 0) continue;
            out.add(n);
        }
        return out;
    }

    public void removexattr(Task t, Inode inode, Location l, String name) throws ErrnoException {
        if (l != null && l.mount().readOnly()) throw ErrnoException.of(Errno.EROFS);
        xattrPermission(t, inode, name, Permission.MAY_WRITE);
        inode.removexattr(name);
        Fsnotify.attrib(inode, l);
    }

    /** truncate(2) by name: write permission, a regular file, a non-negative length. */
    public void truncate(Task t, Location l, long length) throws ErrnoException {
        if (length < 0) throw ErrnoException.of(Errno.EINVAL);
        Inode inode = l.inode();
        if (Stat.isDir(inode.mode())) throw ErrnoException.of(Errno.EISDIR);
        if (!Stat.isReg(inode.mode())) throw ErrnoException.of(Errno.EINVAL);
        Permission.check(t.creds(), inode, Permission.MAY_WRITE);
        if (l.mount().readOnly()) throw ErrnoException.of(Errno.EROFS);
        Permission.removePrivs(t.creds(), inode);
        inode.setattr(SetAttr.size(length));
        Fsnotify.modify(l);
    }

    // ---------------------------------------------------------------- working directory and paths

    /** chdir(2) for the task. */
    public void chdir(Task t, String path) throws ErrnoException {
        Location l = lookup(t, path);
        if (!l.isDirectory()) throw ErrnoException.of(Errno.ENOTDIR);
        Permission.check(t.creds(), l.inode(), Permission.MAY_EXEC);
        t.fs().setCwd(l);
    }

    /** chroot(2) for the task (root only). */
    public void chroot(Task t, String path) throws ErrnoException {
        Location l = lookup(t, path);
        if (!l.isDirectory()) throw ErrnoException.of(Errno.ENOTDIR);
        Permission.check(t.creds(), l.inode(), Permission.MAY_EXEC);
        if (t.creds().euid() != 0) throw ErrnoException.of(Errno.EPERM);
        t.fs().setRoot(l);
    }

    /** getcwd(2): ENOENT once the working directory has been removed. */
    public String getcwd(Task t) throws ErrnoException {
        Location cwd = t.fs().cwd();
        if (cwd.dentry().deleted()) throw ErrnoException.of(Errno.ENOENT);
        return pathOf(cwd, t.fs().root());
    }

    /**
     * The path of {@code loc} seen from {@code root} (d_path): "/a/b", with " (deleted)" appended
     * for removed names and "(unreachable)" prepended for places outside the root.
     */
    public String pathOf(Location loc, Location root) {
        Deque<String> names = new ArrayDeque<>();
        Location cur = loc;
        boolean unreachable = false;
        while (!(cur.mount() == root.mount() && cur.dentry() == root.dentry())) {
            if (cur.dentry() == cur.mount().root() || cur.dentry().parent() == null) {
                Mount parent = cur.mount().parent();
                if (parent == null) { unreachable = true; break; }
                cur = new Location(parent, cur.mount().mountpoint());
                continue;
            }
            names.push(cur.dentry().name());
            cur = new Location(cur.mount(), cur.dentry().parent());
        }
        // Internal mounts (memfd, reopened anonymous files) are nowhere in the tree: plain "/NAME", as shmem's.
        if (unreachable && cur.mount() != rootMount) unreachable = false;
        StringBuilder sb = new StringBuilder(unreachable ? "(unreachable)" : "");
        for (String n : names) sb.append('/').append(n);
        if (sb.isEmpty() || unreachable && names.isEmpty()) sb.append('/');
        if (loc.dentry().deleted()) sb.append(" (deleted)");
        return sb.toString();
    }

    /** The absolute guest path of an open file (for /proc/PID/exe and AT_EXECFN), or its anonymous name. */
    public String pathOf(FileDescription f) {
        Location l = f.location();
        return l == null ? f.anonName() : pathOf(l, followMounts(rootMount.rootLocation()));
    }

    // ---------------------------------------------------------------- mount(2), umount2(2), statfs(2)

    public FileSystem.StatfsInfo statfs(Location l) {
        return l.mount().fs().statfs();
    }

    /** The ST_* flags statfs(2) reports for the mount of {@code l}. */
    public static long statfsFlags(Location l) {
        long f = l.mount().flags(), st = Statfs.ST_RELATIME;
        if ((f & Statfs.MS_RDONLY) != 0) st |= Statfs.ST_RDONLY;
        if ((f & Statfs.MS_NOSUID) != 0) st |= Statfs.ST_NOSUID;
        if ((f & Statfs.MS_NODEV) != 0) st |= Statfs.ST_NODEV;
        if ((f & Statfs.MS_NOEXEC) != 0) st |= Statfs.ST_NOEXEC;
        return st;
    }

    private static final long PER_MOUNT_FLAGS = Statfs.MS_RDONLY | Statfs.MS_NOSUID | Statfs.MS_NODEV | Statfs.MS_NOEXEC;

    /** mount(2): new filesystems by type, MS_BIND, MS_REMOUNT (flags and options), MS_MOVE; propagation flags are accepted. */
    public void mount(Task t, String source, String target, String type, long flags, String data) throws ErrnoException {
        if ((flags & Statfs.MS_MGC_MSK) == Statfs.MS_MGC_VAL) flags &= ~Statfs.MS_MGC_MSK;
        // do_mount: the target is looked up first, then may_mount() refuses the unprivileged.
        Location where = lookup(t, target);
        if (t.creds().euid() != 0) throw ErrnoException.of(Errno.EPERM);
        if ((flags & Statfs.MS_REMOUNT) != 0) {
            if (where.dentry() != where.mount().root()) throw ErrnoException.of(Errno.EINVAL);
            if ((flags & Statfs.MS_BIND) == 0) where.mount().fs().remount(data == null ? "" : data);
            where.mount().setFlags((where.mount().flags() & ~PER_MOUNT_FLAGS) | (flags & PER_MOUNT_FLAGS));
            return;
        }
        if ((flags & (Statfs.MS_SHARED | Statfs.MS_PRIVATE | Statfs.MS_SLAVE)) != 0 && (flags & Statfs.MS_BIND) == 0) {
            return;
        }
        if ((flags & Statfs.MS_BIND) != 0) {
            Location src = lookup(t, source);
            if (src.isDirectory() != where.isDirectory()) throw ErrnoException.of(Errno.ENOTDIR);
            Mount copy = attach(src.mount().fs(), src.dentry(), where, src.mount().source(), flags & PER_MOUNT_FLAGS);
            if ((flags & Statfs.MS_REC) != 0) copySubmounts(src.mount(), src.dentry(), copy);
            return;
        }
        if ((flags & Statfs.MS_MOVE) != 0) {
            Location src = lookup(t, source);
            Mount m = src.mount();
            if (src.dentry() != m.root() || m.parent() == null) throw ErrnoException.of(Errno.EINVAL);
            synchronized (nsMu) {
                mountsByPoint.remove(new MountKey(m.parent(), m.mountpoint()));
                m.attach(where.mount(), where.dentry());
                mountsByPoint.put(new MountKey(where.mount(), where.dentry()), m);
            }
            return;
        }
        if (!where.isDirectory()) throw ErrnoException.of(Errno.ENOTDIR);
        FileSystemType ft = type == null ? null : fsTypes.get(type);
        if (ft == null) throw ErrnoException.of(Errno.ENODEV);
        FileSystem fs = ft.mount(source, data == null ? "" : data);
        mount(fs, where, source == null ? "none" : source, flags & PER_MOUNT_FLAGS);
    }

    /** MS_BIND|MS_REC (copy_tree): the mounts below {@code below} in {@code from} are copied onto {@code to}. */
    private void copySubmounts(Mount from, Dentry below, Mount to) throws ErrnoException {
        for (Mount c : mounts) {
            if (c.parent() != from || c == to || !isAncestor(below, c.mountpoint())) continue;
            Mount cc = attach(c.fs(), c.root(), new Location(to, c.mountpoint()), c.source(), c.flags() & PER_MOUNT_FLAGS);
            copySubmounts(c, c.root(), cc);
        }
    }

    /**
     * True if something outside the mount tree still uses {@code m} or a mount below it (an open
     * file, a working or root directory, a mapped file): propagate_mount_busy's EBUSY.
     */
    private boolean busy(Mount m) {
        Set<Mount> tree = new HashSet<>();
        tree.add(m);
        for (boolean grew = true; grew; ) {
            grew = false;
            for (Mount c : mounts) if (c.parent() != null && tree.contains(c.parent()) && tree.add(c)) grew = true;
        }
        for (var g : kernel.processes()) {
            for (Task th : g.threads()) {
                if (tree.contains(th.fs().cwd().mount()) || tree.contains(th.fs().root().mount())) return true;
                for (int fd : th.files().openFds()) {
                    try {
                        Location l = th.files().get(fd).location();
                        if (l != null && tree.contains(l.mount())) return true;
                    } catch (ErrnoException e) {
                        // Closed meanwhile.
                    }
                }
                if (th.mm() != null) {
                    for (var v : th.mm().areas()) {
                        Location l = v.file() == null ? null : v.file().location();
                        if (l != null && tree.contains(l.mount())) return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * umount2(2): the location must be a mount's root; EBUSY while other mounts sit on it or
     * something uses it, unless MNT_DETACH (lazy: it leaves the tree now, its users keep it).
     */
    public void umount(Task t, String target, int flags) throws ErrnoException {
        if ((flags & ~(Statfs.MNT_FORCE | Statfs.MNT_DETACH | Statfs.MNT_EXPIRE | Statfs.UMOUNT_NOFOLLOW)) != 0) {
            throw ErrnoException.of(Errno.EINVAL);
        }
        if ((flags & Statfs.MNT_EXPIRE) != 0 && (flags & (Statfs.MNT_FORCE | Statfs.MNT_DETACH)) != 0) {
            throw ErrnoException.of(Errno.EINVAL);
        }
        Location l = lookup(t, Fcntl.AT_FDCWD, target, (flags & Statfs.UMOUNT_NOFOLLOW) != 0 ? Fcntl.AT_SYMLINK_NOFOLLOW : 0);
        if (t.creds().euid() != 0) throw ErrnoException.of(Errno.EPERM);
        Mount m = l.mount();
        if (l.dentry() != m.root()) throw ErrnoException.of(Errno.EINVAL);
        if (m.parent() == null) throw ErrnoException.of(Errno.EBUSY);
        synchronized (nsMu) {
            List<Mount> children = new ArrayList<>();
            for (Mount c : mounts) if (c.parent() == m) children.add(c);
            if ((flags & Statfs.MNT_DETACH) == 0 && (!children.isEmpty() || busy(m))) throw ErrnoException.of(Errno.EBUSY);
            detach(m);
        }
    }

    private void detach(Mount m) {
        for (Mount c : mounts) if (c.parent() == m) detach(c);
        mountsByPoint.remove(new MountKey(m.parent(), m.mountpoint()));
        mounts.remove(m);
    }
}
