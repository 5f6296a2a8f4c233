package dev.jerla.kernel.fs.devfs;

import dev.jerla.abi.linux.Errno;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.vfs.FileDescription;
import dev.jerla.kernel.vfs.Inode;
import dev.jerla.kernel.vfs.Location;

import java.security.SecureRandom;
import java.util.Arrays;

/** The memory character devices of major 1 (drivers/char/mem.c) and the random devices. */
public final class MemDevice extends FileDescription {
    public static final int MEM_MAJOR = 1;

    /** Which device, by minor number. */
    public enum Kind {
        NULL(3), ZERO(5), FULL(7), RANDOM(8), URANDOM(9);

        public final int minor;

        Kind(int minor) { this.minor = minor; }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Kind kind;
    private final Location loc;

    public MemDevice(Kind kind, Location loc, int flags) {
        super(flags);
        this.kind = kind;
        this.loc = loc;
    }

    @Override public Location location() { return loc; }
    @Override public Inode inode() { return loc.inode(); }

    @Override
    public int read(Task t, byte[] dst, int off, int len) {
        return pread(dst, off, len, 0);
    }

    @Override
    public int pread(byte[] dst, int off, int len, long pos) {
        switch (kind) {
            case NULL -> { return 0; }
            case ZERO, FULL -> Arrays.fill(dst, off, off + len, (byte) 0);
            case RANDOM, URANDOM -> {
                byte[] r = new byte[len];
                RANDOM.nextBytes(r);
                System.arraycopy(r, 0, dst, off, len);
            }
        }
        return len;
    }

    @Override
    public int write(Task t, byte[] src, int off, int len) throws ErrnoException {
        return pwrite(src, off, len, 0);
    }

    @Override
    public int pwrite(byte[] src, int off, int len, long pos) throws ErrnoException {
        if (kind == Kind.FULL) throw ErrnoException.of(Errno.ENOSPC);
        return len;
    }

    /** null_lseek / full_lseek: the position stays 0. */
    @Override
    public long llseek(long offset, int whence) {
        return 0;
    }

    @Override public boolean isRegular() { return kind == Kind.ZERO || kind == Kind.FULL; }

    @Override public void fsync() {}
}
