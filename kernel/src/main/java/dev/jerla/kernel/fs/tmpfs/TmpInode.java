package dev.jerla.kernel.fs.tmpfs;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Stat;
import dev.jerla.abi.linux.Xattr;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.vfs.Attr;
import dev.jerla.kernel.vfs.FileSystem;
import dev.jerla.kernel.vfs.Inode;
import dev.jerla.kernel.vfs.NewInode;
import dev.jerla.kernel.vfs.SetAttr;

import java.util.LinkedHashMap;
import java.util.List;

/** What every tmpfs inode has: number, mode, owner, link count and the four timestamps. */
abstract sealed class TmpInode implements Inode permits TmpDir, TmpFile, TmpSymlink, TmpSpecial {
    final TmpFs fs;
    private final long ino;
    private final long rdev;
    // mu (this) guards the metadata below.
    private int mode;
    private int uid;
    private int gid;
    private int nlink;
    private long atime;
    private long mtime;
    private long ctime;
    private final long btime;

    TmpInode(TmpFs fs, NewInode n) {
        this.fs = fs;
        this.ino = fs.newIno();
        this.mode = n.mode();
        this.uid = n.uid();
        this.gid = n.gid();
        this.rdev = n.rdev();
        long now = TmpFs.now();
        this.atime = this.mtime = this.ctime = this.btime = now;
    }

    @Override public FileSystem fs() { return fs; }
    @Override public long ino() { return ino; }
    @Override public synchronized int mode() { return mode; }
    @Override public synchronized int uid() { return uid; }
    @Override public synchronized int gid() { return gid; }

    synchronized int nlink() { return nlink; }

    synchronized void addLink(int delta) {
        nlink += delta;
        ctime = TmpFs.now();
        if (nlink == 0) fs.freeIno();
    }

    /** Records a change of contents (mtime and ctime). */
    synchronized void touchModify() {
        mtime = ctime = TmpFs.now();
    }

    synchronized void touchChange() {
        ctime = TmpFs.now();
    }

    /** relatime: the access time moves only when it is older than the last change, or a day old. */
    synchronized void touchAccess() {
        long now = TmpFs.now();
        if (atime <= mtime || atime <= ctime || now - atime > 86_400_000_000_000L) atime = now;
    }

    /** Extended attributes by full name (simple_xattrs of fs/xattr.c), in creation order. */
    private LinkedHashMap<String, byte[]> xattrs;

    @Override
    public synchronized byte[] getxattr(String name) {
        byte[] v = xattrs == null ? null : xattrs.get(name);
        return v == null ? null : v.clone();
    }

    @Override
    public synchronized void setxattr(String name, byte[] value, int flags) throws ErrnoException {
        boolean present = xattrs != null && xattrs.containsKey(name);
        if ((flags & Xattr.XATTR_CREATE) != 0 && present) throw ErrnoException.of(Errno.EEXIST);
        if ((flags & Xattr.XATTR_REPLACE) != 0 && !present) throw ErrnoException.of(Errno.ENODATA);
        if (xattrs == null) xattrs = new LinkedHashMap<>();
        xattrs.put(name, value.clone());
        ctime = TmpFs.now();
    }

    @Override
    public synchronized List<String> listxattr() {
        return xattrs == null ? List.of() : List.copyOf(xattrs.keySet());
    }

    @Override
    public synchronized void removexattr(String name) throws ErrnoException {
        if (xattrs == null || xattrs.remove(name) == null) throw ErrnoException.of(Errno.ENODATA);
        ctime = TmpFs.now();
    }

    /** Bytes and 512-byte blocks for stat. */
    abstract long size();

    long blocks() { return 0; }

    @Override
    public synchronized Attr getattr() {
        return new Attr(fs.dev(), ino, mode, nlink, uid, gid, rdev, size(), blocks(), TmpFs.PAGE,
                atime, mtime, ctime, btime);
    }

    @Override
    public void setattr(SetAttr c) throws ErrnoException {
        if (c.changesSize()) {
            if (!(this instanceof TmpFile f)) throw ErrnoException.of(Errno.EINVAL);
            f.truncate(c.size());
        }
        synchronized (this) {
            if (c.changesMode()) mode = (mode & Stat.S_IFMT) | ((int) c.mode() & Stat.S_IALLUGO);
            if (c.changesUid()) uid = (int) c.uid();
            if (c.changesGid()) gid = (int) c.gid();
            if (c.changesAtime()) atime = c.atime();
            if (c.changesMtime()) mtime = c.mtime();
            ctime = TmpFs.now();
        }
    }
}
