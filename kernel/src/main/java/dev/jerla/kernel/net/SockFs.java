package dev.jerla.kernel.net;

import dev.jerla.abi.linux.Stat;
import dev.jerla.kernel.vfs.Attr;
import dev.jerla.kernel.vfs.DirEntry;
import dev.jerla.kernel.vfs.DirectoryInode;
import dev.jerla.kernel.vfs.FileSystem;
import dev.jerla.kernel.vfs.Inode;
import dev.jerla.kernel.vfs.SetAttr;
import dev.jerla.kernel.vfs.Times;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * sockfs (net/socket.c): the never-mounted filesystem that gives every socket its inode, so fstat
 * reports S_IFSOCK and /proc/PID/fd shows "socket:[INO]".
 */
public final class SockFs extends FileSystem {
    /** SOCKFS_MAGIC of include/uapi/linux/magic.h. */
    public static final long SOCKFS_MAGIC = 0x534F434BL;
    public static final SockFs INSTANCE = new SockFs();

    private final AtomicLong nextIno = new AtomicLong(1);
    private final DirectoryInode root;

    private SockFs() {
        SockInode r = new SockInode(this, Stat.S_IFDIR | 0555);
        this.root = new DirectoryInode() {
            @Override public FileSystem fs() { return SockFs.this; }
            @Override public long ino() { return r.ino(); }
            @Override public int mode() { return r.mode(); }
            @Override public int uid() { return 0; }
            @Override public int gid() { return 0; }
            @Override public Attr getattr() { return r.getattr(); }
            @Override public Inode lookup(String name) { return null; }
            @Override public List<DirEntry> readdir() { return List.of(); }
        };
    }

    @Override public String type() { return "sockfs"; }
    @Override public long magic() { return SOCKFS_MAGIC; }
    @Override public DirectoryInode root() { return root; }

    /** A new socket inode (sock_alloc): S_IFSOCK with every permission bit. */
    SockInode newInode() {
        return new SockInode(this, Stat.S_IFSOCK | 0777);
    }

    /** The inode of one socket; its owner is the creator's fsuid/fsgid. */
    public static final class SockInode implements Inode {
        private final SockFs fs;
        private final long ino;
        // mu (this) guards the attributes.
        private int mode;
        private int uid;
        private int gid;
        private long atime;
        private long mtime;
        private long ctime;

        SockInode(SockFs fs, int mode) {
            this.fs = fs;
            this.ino = fs.nextIno.getAndIncrement();
            this.mode = mode;
            this.atime = this.mtime = this.ctime = Times.now();
        }

        @Override public FileSystem fs() { return fs; }
        @Override public long ino() { return ino; }
        @Override public synchronized int mode() { return mode; }
        @Override public synchronized int uid() { return uid; }
        @Override public synchronized int gid() { return gid; }

        synchronized void setOwner(int uid, int gid) {
            this.uid = uid;
            this.gid = gid;
        }

        @Override
        public synchronized Attr getattr() {
            return new Attr(fs.dev(), ino, mode, 1, uid, gid, 0, 0, 0, 4096, atime, mtime, ctime, 0);
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
    }
}
