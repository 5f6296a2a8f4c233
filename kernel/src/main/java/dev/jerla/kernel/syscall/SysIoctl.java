package dev.jerla.kernel.syscall;

import dev.jerla.abi.linux.Fcntl;
import dev.jerla.abi.linux.Ioctl;
import dev.jerla.abi.linux.Stat;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.vfs.FileDescription;

/**
 * ioctl(2): the generic requests of do_vfs_ioctl (FIOCLEX, FIONCLEX, FIONBIO, FIOASYNC,
 * FIONREAD and FIOQSIZE on regular files), then the file's own (terminals, pipes).
 */
public final class SysIoctl {
    private SysIoctl() {}

    public static long ioctl(Task t, int fd, int cmd, long arg) throws ErrnoException {
        FileDescription f = SysFd.file(t, fd);
        switch (cmd) {
            case Ioctl.FIOCLEX -> {
                t.files().setCloseOnExec(fd, true);
                return 0;
            }
            case Ioctl.FIONCLEX -> {
                t.files().setCloseOnExec(fd, false);
                return 0;
            }
            case Ioctl.FIONBIO -> {
                boolean on = t.mem().readInt(arg) != 0;
                f.setFlags(on ? f.flags() | Fcntl.O_NONBLOCK : f.flags() & ~Fcntl.O_NONBLOCK);
                return 0;
            }
            case Ioctl.FIOASYNC -> {
                boolean on = t.mem().readInt(arg) != 0;
                f.setFlags(on ? f.flags() | Fcntl.FASYNC : f.flags() & ~Fcntl.FASYNC);
                return 0;
            }
            case Ioctl.FIOQSIZE -> {
                int mode = f.inode().mode();
                if (!Stat.isReg(mode) && !Stat.isDir(mode) && !Stat.isLnk(mode)) break;
                t.mem().writeLong(arg, f.inode().getattr().size());
                return 0;
            }
            case Ioctl.FIONREAD -> {
                if (!Stat.isReg(f.inode().mode())) break;
                // file_ioctl: i_size - f_pos as an int, negative past the end.
                long left = f.inode().getattr().size() - f.pos();
                t.mem().writeInt(arg, (int) left);
                return 0;
            }
            default -> {}
        }
        return f.ioctl(t, cmd, arg);
    }
}
