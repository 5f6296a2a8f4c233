package dev.jerla.kernel.syscall;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Fcntl;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.ipc.Pipe;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.vfs.FileDescription;

/** pipe(2) and pipe2(2) (fs/pipe.c). */
public final class SysPipe {
    private SysPipe() {}

    public static long pipe(Task t, long fds) throws ErrnoException {
        return pipe2(t, fds, 0);
    }

    /** pipe2 with O_CLOEXEC and O_NONBLOCK (O_DIRECT packet mode is refused with EINVAL). */
    public static long pipe2(Task t, long fds, int flags) throws ErrnoException {
        if ((flags & ~(Fcntl.O_CLOEXEC | Fcntl.O_NONBLOCK)) != 0) throw ErrnoException.of(Errno.EINVAL);
        FileDescription[] ends = Pipe.create(t, flags);
        boolean cloexec = (flags & Fcntl.O_CLOEXEC) != 0;
        int r, w;
        try {
            r = SysFd.install(t, ends[0], cloexec);
        } catch (ErrnoException e) {
            ends[1].release();
            throw e;
        }
        try {
            w = SysFd.install(t, ends[1], cloexec);
        } catch (ErrnoException e) {
            t.files().remove(r).release();
            throw e;
        }
        byte[] b = new byte[8];
        SysStat.put32(b, 0, r);
        SysStat.put32(b, 4, w);
        try {
            t.mem().copyOut(fds, b);
        } catch (ErrnoException e) {
            t.files().remove(r).release();
            t.files().remove(w).release();
            throw e;
        }
        return 0;
    }
}
