package dev.jerla.kernel.fs.procfs;

import dev.jerla.abi.linux.Dirent;
import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Fcntl;
import dev.jerla.abi.linux.Stat;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.vfs.Attr;
import dev.jerla.kernel.vfs.DirEntry;
import dev.jerla.kernel.vfs.DirectoryInode;
import dev.jerla.kernel.vfs.FileDescription;
import dev.jerla.kernel.vfs.FileSystem;
import dev.jerla.kernel.vfs.Inode;
import dev.jerla.kernel.vfs.Location;
import dev.jerla.kernel.vfs.SymlinkInode;

import java.util.ArrayList;
import java.util.List;

/** The three kinds of /proc inodes: generated files, links, and directories computed on lookup. */
final class ProcInodes {
    private ProcInodes() {}

    /** Makes a file's text for the task that opens it. */
    @FunctionalInterface
    interface Content {
        byte[] generate(Task caller) throws ErrnoException;
    }

    /** A link's body, and for magic links the place it leads. */
    interface Link {
        String body(Task caller) throws ErrnoException;

        default Location jump(Task caller) throws ErrnoException { return null; }
    }

    /** A directory's children. */
    interface Children {
        List<String> names() throws ErrnoException;

        /** The child, or null. */
        Inode lookup(String name) throws ErrnoException;
    }

    /** Who owns an entry (a process's entries belong to its effective ids). */
    record Owner(int uid, int gid) {
        static final Owner ROOT = new Owner(0, 0);
    }

    abstract static class Base implements Inode {
        final ProcFs fs;
        final long ino;
        final int mode;
        final Owner owner;

        Base(ProcFs fs, long ino, int mode, Owner owner) {
            this.fs = fs;
            this.ino = ino;
            this.mode = mode;
            this.owner = owner;
        }

        @Override public FileSystem fs() { return fs; }
        @Override public long ino() { return ino; }
        @Override public int mode() { return mode; }
        @Override public int uid() { return owner.uid(); }
        @Override public int gid() { return owner.gid(); }

        @Override
        public Attr getattr() {
            long t = fs.bootEpochNanos();
            return new Attr(fs.dev(), ino, mode, Stat.isDir(mode) ? 2 : 1, owner.uid(), owner.gid(), 0, 0, 0, 1024, t, t, t, t);
        }
    }

    static final class File extends Base {
        private final Content content;

        File(ProcFs fs, long ino, int perm, Owner owner, Content content) {
            super(fs, ino, Stat.S_IFREG | perm, owner);
            this.content = content;
        }

        @Override
        public FileDescription open(Location loc, int flags, Task t) throws ErrnoException {
            if ((flags & Fcntl.O_ACCMODE) != Fcntl.O_RDONLY) throw ErrnoException.of(Errno.EACCES);
            return new ProcFile(loc, content.generate(t), flags);
        }
    }

    static final class Symlink extends Base implements SymlinkInode {
        private final Link link;

        Symlink(ProcFs fs, long ino, Owner owner, Link link) {
            super(fs, ino, Stat.S_IFLNK | 0777, owner);
            this.link = link;
        }

        @Override public String readlink(Task caller) throws ErrnoException { return link.body(caller); }

        @Override public Location jump(Task caller) throws ErrnoException { return link.jump(caller); }
    }

    static final class Dir extends Base implements DirectoryInode {
        private final Children children;

        Dir(ProcFs fs, long ino, int perm, Owner owner, Children children) {
            super(fs, ino, Stat.S_IFDIR | perm, owner);
            this.children = children;
        }

        @Override
        public Inode lookup(String name) throws ErrnoException {
            return children.lookup(name);
        }

        @Override
        public List<DirEntry> readdir() throws ErrnoException {
            List<DirEntry> out = new ArrayList<>();
            for (String n : children.names()) {
                Inode i = children.lookup(n);
                if (i != null) out.add(new DirEntry(n, i.ino(), Dirent.typeOf(i.mode())));
            }
            return out;
        }
    }
}
