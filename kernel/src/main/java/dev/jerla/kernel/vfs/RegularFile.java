package dev.jerla.kernel.vfs;

import dev.jerla.abi.linux.Fcntl;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.mm.PageCache;
import dev.jerla.kernel.task.Task;

/** An open regular file whose data lives in a {@link FileInode} (generic_file_read_iter / write_iter). */
public final class RegularFile extends FileDescription {
    private final Location loc;
    private final FileInode inode;

    public RegularFile(Location loc, FileInode inode, int flags) {
        super(flags);
        this.loc = loc;
        this.inode = inode;
    }

    @Override public Location location() { return loc; }
    @Override public Inode inode() { return inode; }
    @Override public boolean isRegular() { return true; }
    @Override public PageCache pageCache() { return inode.pageCache(); }

    @Override
    public int read(Task t, byte[] dst, int off, int len) throws ErrnoException {
        synchronized (posMu) {
            int n = inode.read(pos, dst, off, len);
            pos += n;
            return n;
        }
    }

    @Override
    public int write(Task t, byte[] src, int off, int len) throws ErrnoException {
        synchronized (posMu) {
            // O_APPEND: the position moves to the end atomically with the write (generic_write_checks).
            synchronized (inode) {
                if ((flags() & Fcntl.O_APPEND) != 0) pos = inode.size();
                int n = inode.write(pos, src, off, len);
                pos += n;
                return n;
            }
        }
    }

    @Override
    public int pread(byte[] dst, int off, int len, long pos) throws ErrnoException {
        return inode.read(pos, dst, off, len);
    }

    @Override
    public int pwrite(byte[] src, int off, int len, long pos) throws ErrnoException {
        // Linux quirk kept: pwrite on an O_APPEND file appends (man 2 pwrite, BUGS).
        synchronized (inode) {
            long at = (flags() & Fcntl.O_APPEND) != 0 ? inode.size() : pos;
            return inode.write(at, src, off, len);
        }
    }

    @Override
    public long llseek(long offset, int whence) throws ErrnoException {
        synchronized (posMu) {
            if (whence == Fcntl.SEEK_DATA || whence == Fcntl.SEEK_HOLE) {
                pos = inode.seekData(offset, whence == Fcntl.SEEK_HOLE);
                return pos;
            }
            pos = seekTarget(offset, whence, inode.size());
            return pos;
        }
    }

    @Override
    public void fsync() {}

    @Override
    protected void onLastClose() {
        inode.released();
    }
}
