package dev.jerla.kernel.fs.devpts;

import dev.jerla.abi.linux.Dirent;
import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Stat;
import dev.jerla.abi.linux.Statfs;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.vfs.Attr;
import dev.jerla.kernel.vfs.Dentry;
import dev.jerla.kernel.vfs.DirEntry;
import dev.jerla.kernel.vfs.DirectoryInode;
import dev.jerla.kernel.vfs.FileDescription;
import dev.jerla.kernel.vfs.FileSystem;
import dev.jerla.kernel.vfs.FileSystemType;
import dev.jerla.kernel.vfs.Inode;
import dev.jerla.kernel.vfs.Location;
import dev.jerla.kernel.vfs.SetAttr;
import dev.jerla.kernel.vfs.Times;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The devpts instance (struct pts_fs_info). Slave nodes get the mount defaults of a Debian
 * system ({@code gid=5,mode=620}): owner the opener's uid, group tty, mode 0620, which is what
 * glibc's grantpt expects to find; ptmx is mode 0666 so that /dev/pts/ptmx works as well.
 */
public final class DevPts extends FileSystem {
    public static final int UNIX98_PTY_SLAVE_MAJOR = 136;
    /** The tty group of Debian's /etc/group, the devpts gid= option. */
    public static final int TTY_GID = 5;
    private static final int PTS_MODE = 0620;
    /** The most pseudo-terminals at once (the default /proc/sys/kernel/pty/max is 4096). */
    public static final int PTY_MAX = 4096;
    private static final long ROOT_INO = 1;
    private static final long PTMX_INO = 2;

    /** What a slave node opens: the pseudo-terminal's slave side (pty.c's pts_unix98 driver). */
    @FunctionalInterface
    public interface Slave {
        FileDescription open(Location loc, int flags, Task t) throws ErrnoException;
    }

    private final Root root = new Root();
    private final Node ptmx;
    // mu (this) guards indices and nodes.
    private final BitSet indices = new BitSet();
    private final Map<Integer, Node> nodes = new TreeMap<>();

    public DevPts() {
        ptmx = new Node(this, PTMX_INO, Stat.S_IFCHR | 0666, 0, 0, Stat.encodeDev(5, 2), null);
    }

    /** The mount(2) type "devpts": every mount shows this one instance. */
    public FileSystemType fsType() {
        return new FileSystemType() {
            @Override public String name() { return "devpts"; }
            @Override public FileSystem mount(String source, String data) { return DevPts.this; }
        };
    }

    @Override public String type() { return "devpts"; }
    @Override public long magic() { return Statfs.DEVPTS_SUPER_MAGIC; }
    @Override public DirectoryInode root() { return root; }
    @Override public String options() { return "gid=5,mode=620,ptmxmode=666"; }

    /** A node whose pseudo-terminal is gone is looked up afresh (and not found). */
    @Override
    public boolean revalidate(Dentry d) {
        if (d.inode() == ptmx || d.inode() == root) return true;
        synchronized (this) {
            return d.inode() instanceof Node n && nodes.get(n.index()) == n;
        }
    }

    /** The lowest free index (devpts_new_index); ENOSPC when PTY_MAX are in use. */
    public synchronized int newIndex() throws ErrnoException {
        int i = indices.nextClearBit(0);
        if (i >= PTY_MAX) throw ErrnoException.of(Errno.ENOSPC);
        indices.set(i);
        return i;
    }

    /** Frees an index once both sides of its pair are gone (devpts_kill_index). */
    public synchronized void killIndex(int index) {
        indices.clear(index);
    }

    /** Adds node {@code index} owned by the opener (devpts_pty_new). */
    public synchronized void addNode(int index, int uid, Slave slave) {
        long ino = index + 3L;
        nodes.put(index, new Node(this, ino, Stat.S_IFCHR | PTS_MODE, uid, TTY_GID,
                Stat.encodeDev(UNIX98_PTY_SLAVE_MAJOR, index), slave));
    }

    /** Removes node {@code index} (devpts_pty_kill); files already open stay usable. */
    public synchronized void removeNode(int index) {
        nodes.remove(index);
    }

    private synchronized Node node(int index) {
        return nodes.get(index);
    }

    private synchronized List<Node> nodeList() {
        return new ArrayList<>(nodes.values());
    }

    /** The root directory: ptmx and the slaves, created and removed only by the pty driver. */
    private final class Root implements DirectoryInode {
        private final long ctime = Times.now();

        @Override public FileSystem fs() { return DevPts.this; }
        @Override public long ino() { return ROOT_INO; }
        @Override public int mode() { return Stat.S_IFDIR | 0755; }
        @Override public int uid() { return 0; }
        @Override public int gid() { return 0; }

        @Override
        public Attr getattr() {
            return new Attr(dev(), ROOT_INO, mode(), 2, 0, 0, 0, 0, 0, 1024, ctime, ctime, ctime, 0);
        }

        @Override
        public Inode lookup(String name) {
            if (name.equals("ptmx")) return ptmx;
            if (name.isEmpty() || name.length() > 5 || (name.length() > 1 && name.charAt(0) == '0')) return null;
            for (int i = 0; i < name.length(); i++) if (!Character.isDigit(name.charAt(i))) return null;
            return node(Integer.parseInt(name));
        }

        @Override
        public List<DirEntry> readdir() {
            List<DirEntry> l = new ArrayList<>();
            l.add(new DirEntry("ptmx", PTMX_INO, Dirent.DT_CHR));
            for (Node n : nodeList()) l.add(new DirEntry(Integer.toString(n.index()), n.ino(), Dirent.DT_CHR));
            return l;
        }
    }

    /** ptmx or a slave node: a character device with a changeable mode and owner. */
    private static final class Node implements Inode {
        private final DevPts fs;
        private final long ino;
        private final long rdev;
        private final Slave slave;
        // mu (this) guards the attributes.
        private int mode;
        private int uid;
        private int gid;
        private long atime;
        private long mtime;
        private long ctime;

        Node(DevPts fs, long ino, int mode, int uid, int gid, long rdev, Slave slave) {
            this.fs = fs;
            this.ino = ino;
            this.mode = mode;
            this.uid = uid;
            this.gid = gid;
            this.rdev = rdev;
            this.slave = slave;
            this.atime = this.mtime = this.ctime = Times.now();
        }

        int index() { return Stat.minor(rdev); }

        @Override public FileSystem fs() { return fs; }
        @Override public long ino() { return ino; }
        @Override public synchronized int mode() { return mode; }
        @Override public synchronized int uid() { return uid; }
        @Override public synchronized int gid() { return gid; }

        @Override
        public synchronized Attr getattr() {
            return new Attr(fs.dev(), ino, mode, 1, uid, gid, rdev, 0, 0, 1024, atime, mtime, ctime, 0);
        }

        @Override
        public synchronized void setattr(SetAttr c) {
            if (c.changesMode()) mode = (mode & Stat.S_IFMT) | ((int) c.mode() & Stat.S_IALLUGO);
            if (c.changesUid()) uid = (int) c.uid();
            if (c.changesGid()) gid = (int) c.gid();
            if (c.changesAtime()) atime = c.atime();
            if (c.changesMtime()) mtime = c.mtime();
            ctime = Times.now();
        }

        /** A slave node opens its pseudo-terminal; ptmx goes to the driver registered for 5:2. */
        @Override
        public FileDescription open(Location loc, int flags, Task t) throws ErrnoException {
            if (slave == null) return Inode.super.open(loc, flags, t);
            return slave.open(loc, flags, t);
        }
    }
}
