package dev.jerla.kernel.fs.tmpfs;

import dev.jerla.kernel.GuestStrings;
import dev.jerla.abi.linux.Dirent;
import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Fcntl;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.vfs.DirEntry;
import dev.jerla.kernel.vfs.DirectoryInode;
import dev.jerla.kernel.vfs.Inode;
import dev.jerla.kernel.vfs.NewInode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tmpfs directory: names in creation order (the order readdir returns, as shmem's
 * offset-based directories do). Its link count is 2 plus the number of subdirectories.
 */
final class TmpDir extends TmpInode implements DirectoryInode {
    // mu (this) guards entries.
    private final Map<String, TmpInode> entries = new LinkedHashMap<>();

    TmpDir(TmpFs fs, NewInode n) {
        super(fs, n);
        addLink(2);
    }

    @Override long size() { return 4096; }

    @Override
    public synchronized Inode lookup(String name) {
        return entries.get(name);
    }

    @Override
    public synchronized List<DirEntry> readdir() {
        List<DirEntry> out = new ArrayList<>(entries.size());
        for (var e : entries.entrySet()) {
            out.add(new DirEntry(e.getKey(), e.getValue().ino(), Dirent.typeOf(e.getValue().mode())));
        }
        touchAccess();
        return out;
    }

    synchronized boolean isEmpty() { return entries.isEmpty(); }

    private synchronized void add(String name, TmpInode i) throws ErrnoException {
        if (entries.containsKey(name)) throw ErrnoException.of(Errno.EEXIST);
        entries.put(name, i);
        i.addLink(1);
        if (i instanceof TmpDir) addLink(1);
        touchModify();
    }

    private synchronized TmpInode remove(String name) throws ErrnoException {
        TmpInode i = entries.remove(name);
        if (i == null) throw ErrnoException.of(Errno.ENOENT);
        touchModify();
        return i;
    }

    @Override
    public Inode create(String name, NewInode n) throws ErrnoException {
        fs.checkMutable(Errno.EACCES);
        fs.checkInodeFree();
        TmpFile f = new TmpFile(fs, n);
        add(name, f);
        return f;
    }

    /** O_TMPFILE (shmem_tmpfile): a file with no name yet; its pages count once it is linked. */
    @Override
    public Inode tmpfile(NewInode n, boolean linkable) throws ErrnoException {
        fs.checkMutable(Errno.EOPNOTSUPP);
        fs.checkInodeFree();
        TmpFile f = new TmpFile(fs, n);
        f.orphan();
        if (linkable) f.makeLinkable();
        return f;
    }

    @Override
    public DirectoryInode mkdir(String name, NewInode n) throws ErrnoException {
        fs.checkMutable(Errno.EPERM);
        fs.checkInodeFree();
        TmpDir d = new TmpDir(fs, n);
        d.addLink(-1);
        add(name, d);
        return d;
    }

    @Override
    public Inode mknod(String name, NewInode n) throws ErrnoException {
        fs.checkMutable(Errno.EPERM);
        fs.checkInodeFree();
        TmpSpecial s = new TmpSpecial(fs, n);
        add(name, s);
        return s;
    }

    @Override
    public Inode symlink(String name, String target, NewInode n) throws ErrnoException {
        fs.checkMutable(Errno.EPERM);
        if (GuestStrings.byteLength(target) >= Fcntl.PATH_MAX) {
            throw ErrnoException.of(Errno.ENAMETOOLONG);
        }
        fs.checkInodeFree();
        TmpSymlink s = new TmpSymlink(fs, n, target);
        add(name, s);
        return s;
    }

    @Override
    public void link(String name, Inode target) throws ErrnoException {
        fs.checkMutable(Errno.EPERM);
        if (!(target instanceof TmpInode t) || t.fs != fs) throw ErrnoException.of(Errno.EXDEV);
        if (t.nlink() == 0 && !(t instanceof TmpFile f && f.takeLinkable())) throw ErrnoException.of(Errno.ENOENT);
        boolean extra = t.nlink() > 0;
        if (extra) fs.reserveLink();
        add(name, t);
    }

    @Override
    public void unlink(String name, Inode victim) throws ErrnoException {
        fs.checkMutable(Errno.EPERM);
        TmpInode i = remove(name);
        dropLink(i);
    }

    @Override
    public void rmdir(String name, DirectoryInode victim) throws ErrnoException {
        fs.checkMutable(Errno.EPERM);
        TmpDir d = (TmpDir) victim;
        synchronized (this) {
            if (!d.isEmpty()) throw ErrnoException.of(Errno.ENOTEMPTY);
            remove(name);
            addLink(-1);
        }
        d.addLink(-2);
    }

    private static void dropLink(TmpInode i) {
        // The last name frees the inode itself (addLink); earlier ones give back their link's share.
        if (i.nlink() > 1) i.fs.freeIno();
        i.addLink(-1);
        if (i.nlink() == 0 && i instanceof TmpFile f) f.orphan();
    }

    @Override
    public void rename(String oldName, DirectoryInode newDirInode, String newName, int flags) throws ErrnoException {
        fs.checkMutable(Errno.EPERM);
        TmpDir newDir = (TmpDir) newDirInode;
        TmpInode moved = lookupOwn(oldName);
        TmpInode target = newDir.lookupOwn(newName);
        if ((flags & Fcntl.RENAME_EXCHANGE) != 0) {
            synchronized (this) { entries.put(oldName, target); }
            synchronized (newDir) { newDir.entries.put(newName, moved); }
            if (this != newDir && (moved instanceof TmpDir) != (target instanceof TmpDir)) {
                int delta = moved instanceof TmpDir ? 1 : -1;
                newDir.addLink(delta);
                addLink(-delta);
            }
            touchModify();
            newDir.touchModify();
            moved.touchChange();
            target.touchChange();
            return;
        }
        if (target instanceof TmpDir td && !td.isEmpty()) throw ErrnoException.of(Errno.ENOTEMPTY);
        synchronized (this) { entries.remove(oldName); }
        synchronized (newDir) {
            newDir.entries.remove(newName);
            newDir.entries.put(newName, moved);
        }
        if (target != null) {
            if (target instanceof TmpDir td) {
                td.addLink(-2);
                newDir.addLink(-1);
            } else {
                dropLink(target);
            }
        }
        if (moved instanceof TmpDir && this != newDir) {
            addLink(-1);
            newDir.addLink(1);
        }
        touchModify();
        newDir.touchModify();
        moved.touchChange();
    }

    private synchronized TmpInode lookupOwn(String name) {
        return entries.get(name);
    }
}
