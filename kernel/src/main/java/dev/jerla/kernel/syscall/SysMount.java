package dev.jerla.kernel.syscall;

import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.task.Task;

/** mount(2) and umount2(2) (fs/namespace.c). */
public final class SysMount {
    private SysMount() {}

    public static long mount(Task t, long source, long target, long type, long flags, long data) throws ErrnoException {
        String src = source == 0 ? null : t.mem().readString(source, 4095);
        String fstype = type == 0 ? null : t.mem().readString(type, 255);
        String opts = data == 0 ? null : t.mem().readString(data, 4095);
        t.kernel().vfs().mount(t, src, SysFile.path(t, target), fstype, flags, opts);
        return 0;
    }

    public static long umount2(Task t, long target, int flags) throws ErrnoException {
        t.kernel().vfs().umount(t, SysFile.path(t, target), flags);
        return 0;
    }
}
