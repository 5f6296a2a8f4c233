package dev.jerla.kernel.vfs;

import dev.jerla.abi.linux.Errno;
import dev.jerla.kernel.ErrnoException;

import java.util.Arrays;
import java.util.BitSet;

/**
 * A file descriptor table (struct files_struct): fd numbers to open file descriptions, with the
 * close-on-exec bit per fd. Shared between tasks with CLONE_FILES, copied by fork.
 */
public final class FdTable {
    // mu (this) guards files, cloexec.
    private FileDescription[] files = new FileDescription[64];
    private final BitSet cloexec = new BitSet();

    public FdTable() {}

    /** The description behind {@code fd}. @throws ErrnoException EBADF */
    public synchronized FileDescription get(int fd) throws ErrnoException {
        if (fd < 0 || fd >= files.length || files[fd] == null) throw ErrnoException.of(Errno.EBADF);
        return files[fd];
    }

    /**
     * Installs {@code f} at the lowest free fd at or above {@code min} below {@code limit}
     * (RLIMIT_NOFILE); the table takes over the caller's reference. @throws ErrnoException EMFILE
     */
    public synchronized int install(FileDescription f, boolean closeOnExec, int min, int limit) throws ErrnoException {
        for (int fd = min; fd < limit; fd++) {
            if (fd >= files.length) files = Arrays.copyOf(files, Math.max(fd + 1, files.length * 2));
            if (files[fd] == null) {
                files[fd] = f;
                cloexec.set(fd, closeOnExec);
                return fd;
            }
        }
        throw ErrnoException.of(Errno.EMFILE);
    }

    /**
     * Puts {@code f} at exactly {@code fd} (dup2), closing what was there; takes over the
     * caller's reference.
     */
    public void installAt(int fd, FileDescription f, boolean closeOnExec) {
        FileDescription old;
        synchronized (this) {
            if (fd >= files.length) files = Arrays.copyOf(files, Math.max(fd + 1, files.length * 2));
            old = files[fd];
            files[fd] = f;
            cloexec.set(fd, closeOnExec);
        }
        if (old != null) old.release();
    }

    /** Removes {@code fd} and returns its description (the caller releases it). @throws ErrnoException EBADF */
    public synchronized FileDescription remove(int fd) throws ErrnoException {
        FileDescription f = get(fd);
        files[fd] = null;
        cloexec.clear(fd);
        return f;
    }

    public synchronized boolean closeOnExec(int fd) { return cloexec.get(fd); }

    public synchronized void setCloseOnExec(int fd, boolean on) throws ErrnoException {
        get(fd);
        cloexec.set(fd, on);
    }

    /** The open fds in increasing order (for /proc/PID/fd). */
    public synchronized int[] openFds() {
        int n = 0;
        for (FileDescription f : files) if (f != null) n++;
        int[] out = new int[n];
        for (int fd = 0, i = 0; fd < files.length; fd++) if (files[fd] != null) out[i++] = fd;
        return out;
    }

    /** The highest open fd plus one. */
    public synchronized int size() {
        for (int fd = files.length - 1; fd >= 0; fd--) if (files[fd] != null) return fd + 1;
        return 0;
    }

    /** A copy for fork: every description gains a reference. */
    public synchronized FdTable fork() {
        FdTable t = new FdTable();
        t.files = files.clone();
        for (FileDescription f : t.files) if (f != null) f.retain();
        t.cloexec.or(cloexec);
        return t;
    }

    /** Closes every close-on-exec descriptor (execve). */
    public void closeOnExec() {
        for (int fd = cloexec.nextSetBit(0); fd >= 0; fd = cloexec.nextSetBit(fd + 1)) {
            FileDescription f;
            synchronized (this) {
                f = files[fd];
                files[fd] = null;
            }
            if (f != null) f.release();
        }
        synchronized (this) { cloexec.clear(); }
    }

    /** Closes everything (the last task using the table exited). */
    public void closeAll() {
        FileDescription[] old;
        synchronized (this) {
            old = files;
            files = new FileDescription[64];
            cloexec.clear();
        }
        for (FileDescription f : old) if (f != null) f.release();
    }
}
