package dev.jerla.kernel.fs.hostfs;

import dev.jerla.kernel.GuestStrings;
import dev.jerla.abi.linux.Dirent;
import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Fcntl;
import dev.jerla.abi.linux.Stat;
import dev.jerla.abi.linux.Xattr;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.ipc.Pipe;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.vfs.Attr;
import dev.jerla.kernel.vfs.DirEntry;
import dev.jerla.kernel.vfs.DirectoryInode;
import dev.jerla.kernel.vfs.FileDescription;
import dev.jerla.kernel.vfs.FileSystem;
import dev.jerla.kernel.vfs.Inode;
import dev.jerla.kernel.vfs.Location;
import dev.jerla.kernel.vfs.NewInode;
import dev.jerla.kernel.vfs.SetAttr;
import dev.jerla.kernel.vfs.SymlinkInode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A host file seen through hostfs. Its host path is fixed at lookup (a rename through Jerla
 * moves it); attributes come from a no-follow stat and are refreshed on every revalidation.
 */
abstract sealed class HostInode implements Inode permits HostInode.Dir, HostInode.File, HostInode.Link, HostInode.Special {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
    private static final String ATTRS = "unix:dev,ino,mode,nlink,uid,gid,rdev,size,lastAccessTime,lastModifiedTime,ctime";

    final HostFs fs;
    /**
     * How long a looked-up name is trusted without asking the host again (like FUSE's
     * entry_timeout): changes made through Jerla update the name cache themselves, so this only
     * bounds how late a change made on the host outside Jerla is noticed.
     */
    static final long ENTRY_TIMEOUT_NANOS = 1_000_000_000L;

    // mu (this) guards path, the cached attributes and when they were checked.
    private Path path;
    private Attr attr;
    private long checkedAt;

    HostInode(HostFs fs, Path path, Attr attr) {
        this.fs = fs;
        this.path = path;
        this.attr = attr;
        this.checkedAt = System.nanoTime();
    }

    /** The inode for a host path, by its no-follow stat. */
    static HostInode of(HostFs fs, Path p) throws ErrnoException {
        Attr a = stat(p);
        return switch (a.mode() & Stat.S_IFMT) {
            case Stat.S_IFDIR -> new Dir(fs, p, a);
            case Stat.S_IFREG -> new File(fs, p, a);
            case Stat.S_IFLNK -> new Link(fs, p, a);
            default -> new Special(fs, p, a);
        };
    }

    static Attr stat(Path p) throws ErrnoException {
        if (HostNative.hasLstat()) return HostNative.lstat(p);
        try {
            Map<String, Object> m = Files.readAttributes(p, ATTRS, NOFOLLOW);
            long size = (Long) m.get("size");
            return new Attr((Long) m.get("dev"), (Long) m.get("ino"), (Integer) m.get("mode"), (Integer) m.get("nlink"),
                    (Integer) m.get("uid"), (Integer) m.get("gid"), (Long) m.get("rdev"), size,
                    (size + 4095) / 4096 * 8, 4096,
                    nanos(m.get("lastAccessTime")), nanos(m.get("lastModifiedTime")), nanos(m.get("ctime")), 0);
        } catch (IOException e) {
            throw HostErrno.of(e);
        }
    }

    private static long nanos(Object ft) {
        return ft == null ? 0 : ((FileTime) ft).to(TimeUnit.NANOSECONDS);
    }

    synchronized Path path() { return path; }

    synchronized void moveTo(Path p) { path = p; }

    synchronized Attr cached() { return attr; }

    /**
     * Whether the name still leads to this file: trusted for {@link #ENTRY_TIMEOUT_NANOS} after
     * the last check, then re-statted; false if it is gone or is now another file.
     */
    boolean revalidate() {
        synchronized (this) {
            if (System.nanoTime() - checkedAt < ENTRY_TIMEOUT_NANOS) return true;
        }
        return refresh();
    }

    /** Re-stats the host file; false if it is gone or is now another file. */
    boolean refresh() {
        Path p = path();
        try {
            Attr a = stat(p);
            synchronized (this) {
                if (a.ino() != attr.ino() || a.dev() != attr.dev() || (a.mode() & Stat.S_IFMT) != (attr.mode() & Stat.S_IFMT)) {
                    return false;
                }
                attr = a;
                checkedAt = System.nanoTime();
            }
            return true;
        } catch (ErrnoException e) {
            return false;
        }
    }

    @Override public FileSystem fs() { return fs; }
    @Override public long ino() { return cached().ino(); }
    @Override public int mode() { return cached().mode(); }
    @Override public int uid() { return cached().uid(); }
    @Override public int gid() { return cached().gid(); }

    @Override
    public Attr getattr() throws ErrnoException {
        Attr a;
        try {
            a = stat(path());
        } catch (ErrnoException e) {
            if (e.errno() != Errno.ENOENT) throw e;
            // Unlinked while open (fstat of a deleted file): the last attributes, with no links left.
            Attr c = cached();
            long size = this instanceof File f ? f.openSize(c.size()) : c.size();
            return new Attr(c.dev(), c.ino(), c.mode(), 0, c.uid(), c.gid(), c.rdev(), size, (size + 511) / 512,
                    c.blksize(), c.atime(), c.mtime(), c.ctime(), c.btime());
        }
        synchronized (this) {
            attr = a;
            checkedAt = System.nanoTime();
        }
        return a;
    }

    @Override
    public boolean sameFile(Inode other) {
        return other instanceof HostInode h && h.cached().ino() == cached().ino() && h.cached().dev() == cached().dev();
    }

    void checkWritable() throws ErrnoException {
        if (fs.readOnly()) throw ErrnoException.of(Errno.EROFS);
    }

    @Override
    public void setattr(SetAttr c) throws ErrnoException {
        checkWritable();
        Path p = path();
        try {
            if (c.changesSize()) {
                if (!(this instanceof File)) throw ErrnoException.of(Errno.EINVAL);
                long cur;
                FileChannel unlinked = ((File) this).unlinkedWritable(p);
                if (unlinked != null) {
                    // The name is gone but a descriptor open for writing keeps the file (ftruncate after unlink).
                    cur = resize(unlinked, c.size());
                } else {
                    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                        cur = resize(ch, c.size());
                    }
                }
                HostPages hp = fs.pages(this, null);
                if (hp != null && c.size() < cur) hp.cache.truncate(c.size());
            }
            // chmod has no no-follow form on Linux; the path's last component is known not to be a link.
            if (c.changesMode() && !(this instanceof Link)) Files.setAttribute(p, "unix:mode", (int) c.mode());
            if (c.changesUid()) Files.setAttribute(p, "unix:uid", (int) c.uid(), NOFOLLOW);
            if (c.changesGid()) Files.setAttribute(p, "unix:gid", (int) c.gid(), NOFOLLOW);
            if (c.changesAtime() || c.changesMtime()) {
                // Only a link needs the no-follow form (which may open the file: never for a FIFO).
                LinkOption[] how = this instanceof Link ? NOFOLLOW : new LinkOption[0];
                BasicFileAttributeView v = Files.getFileAttributeView(p, BasicFileAttributeView.class, how);
                v.setTimes(c.changesMtime() ? FileTime.from(c.mtime(), TimeUnit.NANOSECONDS) : null,
                        c.changesAtime() ? FileTime.from(c.atime(), TimeUnit.NANOSECONDS) : null, null);
            }
        } catch (IOException e) {
            throw HostErrno.of(e);
        }
        getattr();
    }

    // ---------------------------------------------------------------- extended attributes

    /** The host's user.* attributes (the only namespace an unprivileged host process reaches). */
    private UserDefinedFileAttributeView userXattrs(String name) throws ErrnoException {
        if (name != null && !name.startsWith(Xattr.XATTR_USER_PREFIX)) throw ErrnoException.of(Errno.EOPNOTSUPP);
        UserDefinedFileAttributeView v = Files.getFileAttributeView(path(), UserDefinedFileAttributeView.class, NOFOLLOW);
        if (v == null) throw ErrnoException.of(Errno.EOPNOTSUPP);
        return v;
    }

    private static String bare(String name) {
        return name.substring(Xattr.XATTR_USER_PREFIX.length());
    }

    @Override
    public byte[] getxattr(String name) throws ErrnoException {
        UserDefinedFileAttributeView v = userXattrs(name);
        try {
            if (!v.list().contains(bare(name))) return null;
            ByteBuffer b = ByteBuffer.allocate(v.size(bare(name)));
            v.read(bare(name), b);
            return Arrays.copyOf(b.array(), b.position());
        } catch (IOException e) {
            throw HostErrno.of(e);
        }
    }

    @Override
    public void setxattr(String name, byte[] value, int flags) throws ErrnoException {
        checkWritable();
        UserDefinedFileAttributeView v = userXattrs(name);
        try {
            boolean present = v.list().contains(bare(name));
            if ((flags & Xattr.XATTR_CREATE) != 0 && present) throw ErrnoException.of(Errno.EEXIST);
            if ((flags & Xattr.XATTR_REPLACE) != 0 && !present) throw ErrnoException.of(Errno.ENODATA);
            v.write(bare(name), ByteBuffer.wrap(value));
        } catch (IOException e) {
            throw HostErrno.of(e);
        }
    }

    @Override
    public List<String> listxattr() throws ErrnoException {
        try {
            List<String> out = new ArrayList<>();
            for (String n : userXattrs(null).list()) out.add(Xattr.XATTR_USER_PREFIX + n);
            return out;
        } catch (IOException e) {
            throw HostErrno.of(e);
        }
    }

    @Override
    public void removexattr(String name) throws ErrnoException {
        checkWritable();
        UserDefinedFileAttributeView v = userXattrs(name);
        try {
            if (!v.list().contains(bare(name))) throw ErrnoException.of(Errno.ENODATA);
            v.delete(bare(name));
        } catch (IOException e) {
            throw HostErrno.of(e);
        }
    }

    /** A host directory. */
    static final class Dir extends HostInode implements DirectoryInode {
        Dir(HostFs fs, Path p, Attr a) { super(fs, p, a); }

        /**
         * The host path of a child; names are single components, checked by the VFS. The host's
         * file API takes names as text, so a name with bytes that are not valid UTF-8 cannot be
         * made on the host: EILSEQ, as file systems that store names as text answer.
         */
        private Path child(String name) throws ErrnoException {
            if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
                throw ErrnoException.of(Errno.EINVAL);
            }
            if (GuestStrings.hasEscapes(name)) throw ErrnoException.of(Errno.EILSEQ);
            return path().resolve(name);
        }

        @Override
        public Inode lookup(String name) throws ErrnoException {
            if (GuestStrings.hasEscapes(name)) return null;
            Path p = child(name);
            try {
                return of(fs, p);
            } catch (ErrnoException e) {
                if (e.errno() == Errno.ENOENT) return null;
                throw e;
            }
        }

        @Override
        public List<DirEntry> readdir() throws ErrnoException {
            List<DirEntry> out = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(path())) {
                for (Path p : ds) {
                    try {
                        Attr a = stat(p);
                        out.add(new DirEntry(p.getFileName().toString(), a.ino(), Dirent.typeOf(a.mode())));
                    } catch (ErrnoException e) {
                        // Removed on the host while listing: skip it, as a racing unlink would.
                    }
                }
            } catch (IOException e) {
                throw HostErrno.of(e);
            }
            return out;
        }

        private HostInode created(Path p, NewInode n) throws ErrnoException {
            try {
                // chmod(2) by path: the no-follow form would open the file, which blocks on a FIFO.
                Files.setAttribute(p, "unix:mode", n.mode() & Stat.S_IALLUGO);
            } catch (IOException e) {
                throw HostErrno.of(e);
            }
            return owned(p, n);
        }

        /**
         * The new file belongs to the creating guest user (inode_init_owner) when the host allows
         * it (Jerla runs as root); otherwise it keeps the host user's ids.
         */
        private HostInode owned(Path p, NewInode n) throws ErrnoException {
            HostInode i = of(fs, p);
            Attr a = i.cached();
            if (a.uid() == n.uid() && a.gid() == n.gid()) return i;
            try {
                if (a.uid() != n.uid()) Files.setAttribute(p, "unix:uid", n.uid(), NOFOLLOW);
                if (a.gid() != n.gid()) Files.setAttribute(p, "unix:gid", n.gid(), NOFOLLOW);
            } catch (IOException | SecurityException e) {
                return i;
            }
            return of(fs, p);
        }

        @Override
        public Inode create(String name, NewInode n) throws ErrnoException {
            checkWritable();
            Path p = child(name);
            try {
                Files.createFile(p);
            } catch (IOException e) {
                throw HostErrno.of(e);
            }
            return created(p, n);
        }

        @Override
        public DirectoryInode mkdir(String name, NewInode n) throws ErrnoException {
            checkWritable();
            Path p = child(name);
            try {
                Files.createDirectory(p);
            } catch (IOException e) {
                throw HostErrno.of(e);
            }
            return (DirectoryInode) created(p, n);
        }

        /**
         * Only FIFOs and socket nodes can be made on the host (neither needs privilege; device
         * nodes would). A socket node is only a name: AF_UNIX binds find the socket by its inode.
         */
        @Override
        public Inode mknod(String name, NewInode n) throws ErrnoException {
            checkWritable();
            if (!Stat.isFifo(n.mode()) && !Stat.isSock(n.mode())) throw ErrnoException.of(Errno.EPERM);
            Path p = child(name);
            if (Stat.isSock(n.mode())) HostNative.mknod(p, n.mode());
            else HostNative.mkfifo(p, n.mode() & Stat.S_IALLUGO);
            return created(p, n);
        }

        @Override
        public Inode symlink(String name, String target, NewInode n) throws ErrnoException {
            checkWritable();
            Path p = child(name);
            if (GuestStrings.hasEscapes(target)) throw ErrnoException.of(Errno.EILSEQ);
            try {
                Files.createSymbolicLink(p, Path.of(target));
            } catch (IOException e) {
                throw HostErrno.of(e);
            }
            return owned(p, n);
        }

        @Override
        public void link(String name, Inode target) throws ErrnoException {
            checkWritable();
            if (!(target instanceof HostInode h) || h.fs != fs) throw ErrnoException.of(Errno.EXDEV);
            try {
                Files.createLink(child(name), h.path());
            } catch (IOException e) {
                throw HostErrno.of(e);
            }
        }

        @Override
        public void unlink(String name, Inode victim) throws ErrnoException {
            checkWritable();
            Path p = child(name);
            try {
                Files.delete(p);
            } catch (IOException e) {
                throw HostErrno.of(e);
            }
            if (victim instanceof File f && f.cached().nlink() > 1) f.followOtherLink(path());
        }

        @Override
        public void rmdir(String name, DirectoryInode victim) throws ErrnoException {
            checkWritable();
            Path p = child(name);
            try {
                if (!Files.isDirectory(p, NOFOLLOW)) throw ErrnoException.of(Errno.ENOTDIR);
                Files.delete(p);
            } catch (IOException e) {
                throw HostErrno.of(e);
            }
        }

        @Override
        public void rename(String oldName, DirectoryInode newDir, String newName, int flags) throws ErrnoException {
            checkWritable();
            Path from = child(oldName), to = ((Dir) newDir).child(newName);
            HostInode moved = (HostInode) lookup(oldName);
            if ((flags & (Fcntl.RENAME_EXCHANGE | Fcntl.RENAME_NOREPLACE)) != 0) {
                HostInode other = (flags & Fcntl.RENAME_EXCHANGE) != 0 ? (HostInode) ((Dir) newDir).lookup(newName) : null;
                HostNative.renameat2(from, to, flags & (Fcntl.RENAME_EXCHANGE | Fcntl.RENAME_NOREPLACE));
                if (moved != null) moved.moveTo(to);
                if (other != null) other.moveTo(from);
                return;
            }
            try {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw HostErrno.of(e);
            }
            if (moved != null) moved.moveTo(to);
        }
    }

    /** Sets the size of an open host file; returns the size before. */
    private static long resize(FileChannel ch, long size) throws IOException {
        long cur = ch.size();
        if (size < cur) ch.truncate(size);
        else if (size > cur) ch.write(ByteBuffer.allocate(1), size - 1);
        return cur;
    }

    /** A host regular file: opened as a host file channel. */
    static final class File extends HostInode {
        /** The channel of the latest open, to size the file once its name is gone. */
        private volatile FileChannel lastOpen;
        /** The channel of the latest open for writing, to resize the file once its name is gone. */
        private volatile FileChannel lastWritable;

        File(HostFs fs, Path p, Attr a) { super(fs, p, a); }

        long openSize(long otherwise) {
            FileChannel c = lastOpen;
            try {
                return c != null && c.isOpen() ? c.size() : otherwise;
            } catch (IOException e) {
                return otherwise;
            }
        }

        /**
         * After one of several names was unlinked, moves to another name of the same file in
         * {@code dir} if there is one, so that fstat and truncate of an open descriptor still
         * reach the file (links in other directories are not searched).
         */
        void followOtherLink(Path dir) {
            Attr a = cached();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path p : ds) {
                    Attr b;
                    try {
                        b = stat(p);
                    } catch (ErrnoException e) {
                        continue;
                    }
                    if (b.ino() == a.ino() && b.dev() == a.dev()) {
                        moveTo(p);
                        refresh();
                        return;
                    }
                }
            } catch (IOException e) {
                // The directory cannot be listed: the file keeps its old name and last attributes.
            }
        }

        /** The open writable channel of this file when its host name no longer exists, else null. */
        FileChannel unlinkedWritable(Path p) {
            FileChannel c = lastWritable;
            return c != null && c.isOpen() && !Files.exists(p, LinkOption.NOFOLLOW_LINKS) ? c : null;
        }

        @Override
        public FileDescription open(Location loc, int flags, Task t) throws ErrnoException {
            Set<OpenOption> opts = new HashSet<>();
            opts.add(LinkOption.NOFOLLOW_LINKS);
            switch (flags & Fcntl.O_ACCMODE) {
                case Fcntl.O_RDONLY -> opts.add(StandardOpenOption.READ);
                case Fcntl.O_WRONLY -> opts.add(StandardOpenOption.WRITE);
                default -> {
                    opts.add(StandardOpenOption.READ);
                    opts.add(StandardOpenOption.WRITE);
                }
            }
            if (opts.contains(StandardOpenOption.WRITE)) checkWritable();
            try {
                FileChannel c = FileChannel.open(path(), opts);
                lastOpen = c;
                if (opts.contains(StandardOpenOption.WRITE)) lastWritable = c;
                return new HostFile(loc, this, c, flags);
            } catch (IOException e) {
                throw HostErrno.of(e);
            }
        }
    }

    /** A host symbolic link; the VFS resolves its body in the guest's name space. */
    static final class Link extends HostInode implements SymlinkInode {
        Link(HostFs fs, Path p, Attr a) { super(fs, p, a); }

        @Override
        public String readlink(Task caller) throws ErrnoException {
            try {
                return Files.readSymbolicLink(path()).toString();
            } catch (IOException e) {
                throw HostErrno.of(e);
            }
        }
    }

    /**
     * A host FIFO, socket or device node. A FIFO is a Jerla pipe shared by every guest opener of
     * that host file (host processes on the other side are not connected); a device node opens
     * Jerla's driver for its number, as any device node does.
     */
    static final class Special extends HostInode {
        Special(HostFs fs, Path p, Attr a) { super(fs, p, a); }

        @Override
        public Pipe fifo() throws ErrnoException {
            if (!Stat.isFifo(mode())) throw ErrnoException.of(Errno.ENXIO);
            return fs.fifo(this);
        }
    }
}
