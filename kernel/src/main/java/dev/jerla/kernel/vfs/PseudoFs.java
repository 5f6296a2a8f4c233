package dev.jerla.kernel.vfs;

import dev.jerla.abi.linux.Stat;
import dev.jerla.abi.linux.Statfs;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A filesystem that is never mounted and only gives inodes to files without names: pipefs for
 * pipes, anon_inodefs for eventfd and epoll (fs/pipe.c, fs/anon_inodes.c).
 */
public final class PseudoFs extends FileSystem {
    public static final PseudoFs PIPEFS = new PseudoFs("pipefs", Statfs.PIPEFS_MAGIC);
    public static final PseudoFs ANON_INODEFS = new PseudoFs("anon_inodefs", Statfs.ANON_INODE_FS_MAGIC);

    private final String type;
    private final long magic;
    private final AtomicLong nextIno = new AtomicLong(1);
    private final DirectoryInode root;

    private PseudoFs(String type, long magic) {
        this.type = type;
        this.magic = magic;
        PseudoInode r = new PseudoInode(this, Stat.S_IFDIR | 0700, 0, 0);
        this.root = new DirectoryInode() {
            @Override public FileSystem fs() { return PseudoFs.this; }
            @Override public long ino() { return r.ino(); }
            @Override public int mode() { return r.mode(); }
            @Override public int uid() { return 0; }
            @Override public int gid() { return 0; }
            @Override public Attr getattr() { return r.getattr(); }
            @Override public Inode lookup(String name) { return null; }
            @Override public List<DirEntry> readdir() { return List.of(); }
        };
    }

    @Override public String type() { return type; }
    @Override public long magic() { return magic; }
    @Override public DirectoryInode root() { return root; }

    /** A new inode of this filesystem. */
    public PseudoInode newInode(int mode, int uid, int gid) {
        return new PseudoInode(this, mode, uid, gid);
    }

    long nextIno() { return nextIno.getAndIncrement(); }

    /** An inode of a pseudo filesystem: fixed type, changeable mode, owner and times. */
    public static final class PseudoInode implements Inode {
        private final PseudoFs fs;
        private final long ino;
        // mu (this) guards the attributes.
        private int mode;
        private int uid;
        private int gid;
        private long atime;
        private long mtime;
        private long ctime;

        PseudoInode(PseudoFs fs, int mode, int uid, int gid) {
            this.fs = fs;
            this.ino = fs.nextIno();
            this.mode = mode;
            this.uid = uid;
            this.gid = gid;
            this.atime = this.mtime = this.ctime = Times.now();
        }

        @Override public FileSystem fs() { return fs; }
        @Override public long ino() { return ino; }
        @Override public synchronized int mode() { return mode; }
        @Override public synchronized int uid() { return uid; }
        @Override public synchronized int gid() { return gid; }

        @Override
        public synchronized Attr getattr() {
            return new Attr(fs.dev(), ino, mode, 1, uid, gid, 0, 0, 0, 4096, atime, mtime, ctime, ctime);
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

        /** Records a write (mtime, ctime), as pipe_write does. */
        public synchronized void touchModify() {
            mtime = ctime = Times.now();
        }
    }
}
