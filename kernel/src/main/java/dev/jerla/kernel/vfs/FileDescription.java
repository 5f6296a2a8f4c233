package dev.jerla.kernel.vfs;

import dev.jerla.abi.linux.Errno;
import dev.jerla.kernel.ErrnoException;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * An open file description (struct file): what an fd refers to, shared by dup and fork. Holds
 * the status flags and the reference count; each kind of file overrides the operations it
 * supports, and the defaults answer as Linux does when the file_operations slot is NULL.
 */
public abstract class FileDescription {
    private final AtomicInteger refs = new AtomicInteger(1);
    private volatile int flags;

    protected FileDescription(int flags) {
        this.flags = flags;
    }

    /** The O_* status and access-mode flags. */
    public int flags() { return flags; }

    public void setFlags(int flags) { this.flags = flags; }

    public final void retain() { refs.incrementAndGet(); }

    /** Drops a reference; the last one closes the file. */
    public final void release() {
        if (refs.decrementAndGet() == 0) onLastClose();
    }

    /** Called once when the last reference is dropped. */
    protected void onLastClose() {}

    /** Reads at an absolute position without moving the offset (pread64); ESPIPE by default. */
    public int pread(byte[] dst, int off, int len, long pos) throws ErrnoException {
        throw ErrnoException.of(Errno.ESPIPE);
    }
}
