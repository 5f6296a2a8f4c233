package dev.jerla.kernel.vfs;

import dev.jerla.abi.linux.Dirent;
import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Fcntl;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.task.Task;

import java.util.ArrayList;
import java.util.List;

/**
 * An open directory. getdents reads a snapshot of the entries taken when iteration starts (offset
 * 0), with "." and ".." first; the offset is the index of the next entry, as dcache_readdir's
 * cursor. read(2) fails with EISDIR.
 */
public final class DirectoryFile extends FileDescription {
    private final Location loc;
    // posMu guards snapshot.
    private List<DirEntry> snapshot;

    /** Receives one entry and the offset of the next; returns false when the buffer is full. */
    @FunctionalInterface
    public interface Sink {
        boolean put(DirEntry e, long nextOffset) throws ErrnoException;
    }

    public DirectoryFile(Location loc, int flags) {
        super(flags);
        this.loc = loc;
    }

    @Override public Location location() { return loc; }
    @Override public Inode inode() { return loc.inode(); }

    @Override
    public int read(Task t, byte[] dst, int off, int len) throws ErrnoException {
        throw ErrnoException.of(Errno.EISDIR);
    }

    /** Emits entries from the current offset until the sink is full or the directory ends. */
    public void iterate(Sink sink) throws ErrnoException {
        synchronized (posMu) {
            if (snapshot == null || pos == 0) snapshot = entries();
            while (pos < snapshot.size()) {
                if (!sink.put(snapshot.get((int) pos), pos + 1)) return;
                pos++;
            }
        }
    }

    private List<DirEntry> entries() throws ErrnoException {
        if (loc.dentry().deleted()) return List.of();
        DirectoryInode dir = (DirectoryInode) loc.inode();
        List<DirEntry> list = new ArrayList<>();
        list.add(new DirEntry(".", dir.ino(), Dirent.DT_DIR));
        Location parent = loc.mount().vfs().parentOf(loc);
        list.add(new DirEntry("..", parent.inode().ino(), Dirent.DT_DIR));
        list.addAll(dir.readdir());
        return list;
    }

    @Override
    public long llseek(long offset, int whence) throws ErrnoException {
        synchronized (posMu) {
            long target = switch (whence) {
                case Fcntl.SEEK_SET -> offset;
                case Fcntl.SEEK_CUR -> pos + offset;
                default -> throw ErrnoException.of(Errno.EINVAL);
            };
            if (target < 0) throw ErrnoException.of(Errno.EINVAL);
            pos = target;
            return pos;
        }
    }

    @Override
    public void fsync() {}
}
