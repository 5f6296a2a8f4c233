package dev.jerla.kernel.fs.procfs;

import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.vfs.FileDescription;
import dev.jerla.kernel.vfs.Inode;
import dev.jerla.kernel.vfs.Location;

/** An open /proc file: the text generated at open, read and seeked like a regular file (seq_file). */
final class ProcFile extends FileDescription {
    private final Location loc;
    private final byte[] text;

    ProcFile(Location loc, byte[] text, int flags) {
        super(flags);
        this.loc = loc;
        this.text = text;
    }

    @Override public Location location() { return loc; }
    @Override public Inode inode() { return loc.inode(); }

    @Override
    public int read(Task t, byte[] dst, int off, int len) {
        synchronized (posMu) {
            int n = pread(dst, off, len, pos);
            pos += n;
            return n;
        }
    }

    @Override
    public int pread(byte[] dst, int off, int len, long p) {
        if (p >= text.length) return 0;
        int n = (int) Math.min(len, text.length - p);
        System.arraycopy(text, (int) p, dst, off, n);
        return n;
    }

    @Override
    public long llseek(long offset, int whence) throws ErrnoException {
        synchronized (posMu) {
            pos = seekTarget(offset, whence, text.length);
            return pos;
        }
    }
}
