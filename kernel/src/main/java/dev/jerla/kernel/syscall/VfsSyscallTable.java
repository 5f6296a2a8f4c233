package dev.jerla.kernel.syscall;

import dev.jerla.kernel.syscall.Syscall.Support;

import java.util.List;

import static dev.jerla.kernel.syscall.Syscall.Support.FULL;
import static dev.jerla.kernel.syscall.Syscall.Support.NOOP;
import static dev.jerla.kernel.syscall.Syscall.Support.PARTIAL;

/**
 * The rows of the system call table for files, descriptors, directories, pipes, polling,
 * terminals and mounts. Each row decodes the raw argument registers into typed arguments (an
 * int for fds, flags and modes, a long for addresses, sizes and offsets) and calls the family
 * method named after the system call.
 */
public final class VfsSyscallTable {
    private VfsSyscallTable() {}

    private static Syscall row(String name, SyscallHandler h, Support support, String note) {
        return new Syscall(SyscallNumbers.of(name), name, h, support, note);
    }

    private static int i(long v) { return (int) v; }

    public static final List<Syscall> ENTRIES = List.of(
        // read/write
        row("read", (t, a, b, c, d, e, f) -> SysReadWrite.read(t, i(a), b, c), FULL, ""),
        row("write", (t, a, b, c, d, e, f) -> SysReadWrite.write(t, i(a), b, c), FULL, ""),
        row("pread64", (t, a, b, c, d, e, f) -> SysReadWrite.pread64(t, i(a), b, c, d), FULL, ""),
        row("pwrite64", (t, a, b, c, d, e, f) -> SysReadWrite.pwrite64(t, i(a), b, c, d), FULL, ""),
        row("readv", (t, a, b, c, d, e, f) -> SysReadWrite.readv(t, i(a), b, i(c)), PARTIAL, "at most 16 MiB per call"),
        row("writev", (t, a, b, c, d, e, f) -> SysReadWrite.writev(t, i(a), b, i(c)), PARTIAL, "at most 16 MiB per call"),
        row("preadv", (t, a, b, c, d, e, f) -> SysReadWrite.preadv2(t, i(a), b, i(c), d, 0, false), PARTIAL, "at most 16 MiB per call"),
        row("pwritev", (t, a, b, c, d, e, f) -> SysReadWrite.pwritev2(t, i(a), b, i(c), d, 0, false), PARTIAL, "at most 16 MiB per call"),
        row("preadv2", (t, a, b, c, d, e, f) -> SysReadWrite.preadv2(t, i(a), b, i(c), d, i(f), true), PARTIAL, "RWF_NOWAIT on pipes, sockets and host files; HIPRI and the SYNC flags are hints"),
        row("pwritev2", (t, a, b, c, d, e, f) -> SysReadWrite.pwritev2(t, i(a), b, i(c), d, i(f), true), PARTIAL, "RWF_APPEND; RWF_NOWAIT on pipes, sockets and host files; HIPRI and the SYNC flags are hints"),
        row("lseek", (t, a, b, c, d, e, f) -> SysReadWrite.lseek(t, i(a), b, i(c)), FULL, "SEEK_DATA/SEEK_HOLE see tmpfs holes"),
        row("sendfile", (t, a, b, c, d, e, f) -> SysReadWrite.sendfile(t, i(a), i(b), c, d), FULL, ""),
        row("copy_file_range", (t, a, b, c, d, e, f) -> SysReadWrite.copyFileRange(t, i(a), b, i(c), d, e, i(f)), FULL, ""),
        // open, close, attributes
        row("open", (t, a, b, c, d, e, f) -> SysFile.open(t, a, i(b), i(c)), PARTIAL, "O_TMPFILE on tmpfs only"),
        row("openat", (t, a, b, c, d, e, f) -> SysFile.openat(t, i(a), b, i(c), i(d)), PARTIAL, "O_TMPFILE on tmpfs only"),
        row("openat2", (t, a, b, c, d, e, f) -> SysFile.openat2(t, i(a), b, c, d), FULL, "RESOLVE_CACHED never fails a lookup"),
        row("creat", (t, a, b, c, d, e, f) -> SysFile.creat(t, a, i(b)), FULL, ""),
        row("memfd_create", (t, a, b, c, d, e, f) -> SysFile.memfdCreate(t, a, i(b)), PARTIAL, "no MFD_HUGETLB"),
        row("close", (t, a, b, c, d, e, f) -> SysFd.close(t, i(a)), FULL, ""),
        row("close_range", (t, a, b, c, d, e, f) -> SysFd.closeRange(t, i(a), i(b), i(c)), FULL, ""),
        row("truncate", (t, a, b, c, d, e, f) -> SysFile.truncate(t, a, b), FULL, ""),
        row("ftruncate", (t, a, b, c, d, e, f) -> SysFile.ftruncate(t, i(a), b), FULL, ""),
        row("fallocate", (t, a, b, c, d, e, f) -> SysFile.fallocate(t, i(a), i(b), c, d), PARTIAL, "KEEP_SIZE and PUNCH_HOLE; host files get zeros, not holes"),
        row("fsync", (t, a, b, c, d, e, f) -> SysFile.fsync(t, i(a)), FULL, "host files: mapped pages written back, then forced to disk"),
        row("fdatasync", (t, a, b, c, d, e, f) -> SysFile.fsync(t, i(a)), FULL, ""),
        row("sync", (t, a, b, c, d, e, f) -> SysFile.sync(t), NOOP, "memory filesystems have nothing to write back"),
        row("syncfs", (t, a, b, c, d, e, f) -> SysFile.syncfs(t, i(a)), NOOP, "memory filesystems have nothing to write back"),
        row("fadvise64", (t, a, b, c, d, e, f) -> SysFile.fadvise64(t, i(a), b, c, i(d)), NOOP, "advice accepted"),
        row("readahead", (t, a, b, c, d, e, f) -> SysFile.readahead(t, i(a), b, c), NOOP, "nothing to read ahead"),
        row("chmod", (t, a, b, c, d, e, f) -> SysFile.chmod(t, a, i(b)), FULL, ""),
        row("fchmod", (t, a, b, c, d, e, f) -> SysFile.fchmod(t, i(a), i(b)), FULL, ""),
        row("fchmodat", (t, a, b, c, d, e, f) -> SysFile.fchmodat(t, i(a), b, i(c), 0), FULL, ""),
        row("chown", (t, a, b, c, d, e, f) -> SysFile.chown(t, a, i(b), i(c)), FULL, ""),
        row("fchown", (t, a, b, c, d, e, f) -> SysFile.fchown(t, i(a), i(b), i(c)), FULL, ""),
        row("lchown", (t, a, b, c, d, e, f) -> SysFile.lchown(t, a, i(b), i(c)), FULL, ""),
        row("fchownat", (t, a, b, c, d, e, f) -> SysFile.fchownat(t, i(a), b, i(c), i(d), i(e)), FULL, ""),
        row("utime", (t, a, b, c, d, e, f) -> SysFile.utime(t, a, b), FULL, ""),
        row("utimes", (t, a, b, c, d, e, f) -> SysFile.utimes(t, a, b), FULL, ""),
        row("futimesat", (t, a, b, c, d, e, f) -> SysFile.futimesat(t, i(a), b, c), FULL, ""),
        row("utimensat", (t, a, b, c, d, e, f) -> SysFile.utimensat(t, i(a), b, c, i(d)), FULL, ""),
        row("chroot", (t, a, b, c, d, e, f) -> SysFile.chroot(t, a), FULL, ""),
        // status
        row("stat", (t, a, b, c, d, e, f) -> SysStat.stat(t, a, b), FULL, ""),
        row("fstat", (t, a, b, c, d, e, f) -> SysStat.fstat(t, i(a), b), FULL, ""),
        row("lstat", (t, a, b, c, d, e, f) -> SysStat.lstat(t, a, b), FULL, ""),
        row("newfstatat", (t, a, b, c, d, e, f) -> SysStat.newfstatat(t, i(a), b, c, i(d)), FULL, ""),
        row("statx", (t, a, b, c, d, e, f) -> SysStat.statx(t, i(a), b, i(c), i(d), e), FULL, ""),
        row("statfs", (t, a, b, c, d, e, f) -> SysStat.statfs(t, a, b), FULL, ""),
        row("fstatfs", (t, a, b, c, d, e, f) -> SysStat.fstatfs(t, i(a), b), FULL, ""),
        row("access", (t, a, b, c, d, e, f) -> SysStat.access(t, a, i(b)), FULL, ""),
        row("faccessat", (t, a, b, c, d, e, f) -> SysStat.faccessat(t, i(a), b, i(c)), FULL, ""),
        row("faccessat2", (t, a, b, c, d, e, f) -> SysStat.faccessat2(t, i(a), b, i(c), i(d)), FULL, ""),
        row("readlink", (t, a, b, c, d, e, f) -> SysStat.readlink(t, a, b, i(c)), FULL, ""),
        row("readlinkat", (t, a, b, c, d, e, f) -> SysStat.readlinkat(t, i(a), b, c, i(d)), FULL, ""),
        // descriptors
        row("dup", (t, a, b, c, d, e, f) -> SysFd.dup(t, i(a)), FULL, ""),
        row("dup2", (t, a, b, c, d, e, f) -> SysFd.dup2(t, i(a), i(b)), FULL, ""),
        row("dup3", (t, a, b, c, d, e, f) -> SysFd.dup3(t, i(a), i(b), i(c)), FULL, ""),
        row("fcntl", (t, a, b, c, d, e, f) -> SysFd.fcntl(t, i(a), i(b), c), PARTIAL,
                "no leases, F_NOTIFY or SIGIO ownership; record locks without deadlock detection"),
        row("flock", (t, a, b, c, d, e, f) -> SysFd.flock(t, i(a), i(b)), FULL, ""),
        row("ioctl", (t, a, b, c, d, e, f) -> SysIoctl.ioctl(t, i(a), i(b), c), PARTIAL, "generic, tty and pipe requests"),
        // extended attributes
        row("setxattr", (t, a, b, c, d, e, f) -> SysXattr.setxattr(t, a, b, c, d, i(e)), PARTIAL, "tmpfs; user.* on host directories"),
        row("lsetxattr", (t, a, b, c, d, e, f) -> SysXattr.lsetxattr(t, a, b, c, d, i(e)), PARTIAL, "tmpfs; user.* on host directories"),
        row("fsetxattr", (t, a, b, c, d, e, f) -> SysXattr.fsetxattr(t, i(a), b, c, d, i(e)), PARTIAL, "tmpfs; user.* on host directories"),
        row("getxattr", (t, a, b, c, d, e, f) -> SysXattr.getxattr(t, a, b, c, d), PARTIAL, "tmpfs; user.* on host directories"),
        row("lgetxattr", (t, a, b, c, d, e, f) -> SysXattr.lgetxattr(t, a, b, c, d), PARTIAL, "tmpfs; user.* on host directories"),
        row("fgetxattr", (t, a, b, c, d, e, f) -> SysXattr.fgetxattr(t, i(a), b, c, d), PARTIAL, "tmpfs; user.* on host directories"),
        row("listxattr", (t, a, b, c, d, e, f) -> SysXattr.listxattr(t, a, b, c), PARTIAL, "tmpfs; user.* on host directories"),
        row("llistxattr", (t, a, b, c, d, e, f) -> SysXattr.llistxattr(t, a, b, c), PARTIAL, "tmpfs; user.* on host directories"),
        row("flistxattr", (t, a, b, c, d, e, f) -> SysXattr.flistxattr(t, i(a), b, c), PARTIAL, "tmpfs; user.* on host directories"),
        row("removexattr", (t, a, b, c, d, e, f) -> SysXattr.removexattr(t, a, b), PARTIAL, "tmpfs; user.* on host directories"),
        row("lremovexattr", (t, a, b, c, d, e, f) -> SysXattr.lremovexattr(t, a, b), PARTIAL, "tmpfs; user.* on host directories"),
        row("fremovexattr", (t, a, b, c, d, e, f) -> SysXattr.fremovexattr(t, i(a), b), PARTIAL, "tmpfs; user.* on host directories"),
        // directories and names
        row("getdents", (t, a, b, c, d, e, f) -> SysDir.getdents(t, i(a), b, i(c)), FULL, ""),
        row("getdents64", (t, a, b, c, d, e, f) -> SysDir.getdents64(t, i(a), b, i(c)), FULL, ""),
        row("mkdir", (t, a, b, c, d, e, f) -> SysDir.mkdir(t, a, i(b)), FULL, ""),
        row("mkdirat", (t, a, b, c, d, e, f) -> SysDir.mkdirat(t, i(a), b, i(c)), FULL, ""),
        row("rmdir", (t, a, b, c, d, e, f) -> SysDir.rmdir(t, a), FULL, ""),
        row("unlink", (t, a, b, c, d, e, f) -> SysDir.unlink(t, a), FULL, ""),
        row("unlinkat", (t, a, b, c, d, e, f) -> SysDir.unlinkat(t, i(a), b, i(c)), FULL, ""),
        row("rename", (t, a, b, c, d, e, f) -> SysDir.rename(t, a, b), FULL, ""),
        row("renameat", (t, a, b, c, d, e, f) -> SysDir.renameat(t, i(a), b, i(c), d), FULL, ""),
        row("renameat2", (t, a, b, c, d, e, f) -> SysDir.renameat2(t, i(a), b, i(c), d, i(e)), PARTIAL, "no RENAME_WHITEOUT"),
        row("link", (t, a, b, c, d, e, f) -> SysDir.link(t, a, b), FULL, ""),
        row("linkat", (t, a, b, c, d, e, f) -> SysDir.linkat(t, i(a), b, i(c), d, i(e)), FULL, ""),
        row("symlink", (t, a, b, c, d, e, f) -> SysDir.symlink(t, a, b), FULL, ""),
        row("symlinkat", (t, a, b, c, d, e, f) -> SysDir.symlinkat(t, a, i(b), c), FULL, ""),
        row("mknod", (t, a, b, c, d, e, f) -> SysDir.mknod(t, a, i(b), c), FULL, ""),
        row("mknodat", (t, a, b, c, d, e, f) -> SysDir.mknodat(t, i(a), b, i(c), d), FULL, ""),
        row("chdir", (t, a, b, c, d, e, f) -> SysDir.chdir(t, a), FULL, ""),
        row("fchdir", (t, a, b, c, d, e, f) -> SysDir.fchdir(t, i(a)), FULL, ""),
        row("getcwd", (t, a, b, c, d, e, f) -> SysDir.getcwd(t, a, b), FULL, ""),
        // pipes, polling, events
        row("pipe", (t, a, b, c, d, e, f) -> SysPipe.pipe(t, a), FULL, ""),
        row("pipe2", (t, a, b, c, d, e, f) -> SysPipe.pipe2(t, a, i(b)), PARTIAL, "no O_DIRECT packet mode"),
        row("poll", (t, a, b, c, d, e, f) -> SysPoll.poll(t, a, i(b), i(c)), FULL, ""),
        row("ppoll", (t, a, b, c, d, e, f) -> SysPoll.ppoll(t, a, i(b), c, d, e), FULL, ""),
        row("select", (t, a, b, c, d, e, f) -> SysPoll.select(t, i(a), b, c, d, e), FULL, ""),
        row("pselect6", (t, a, b, c, d, e, f) -> SysPoll.pselect6(t, i(a), b, c, d, e, f), FULL, ""),
        row("epoll_create", (t, a, b, c, d, e, f) -> SysPoll.epollCreate(t, i(a)), FULL, ""),
        row("epoll_create1", (t, a, b, c, d, e, f) -> SysPoll.epollCreate1(t, i(a)), FULL, ""),
        row("epoll_ctl", (t, a, b, c, d, e, f) -> SysPoll.epollCtl(t, i(a), i(b), i(c), d), PARTIAL,
                "nested epoll reports but does not wake; no EPOLLEXCLUSIVE/EPOLLWAKEUP effect"),
        row("epoll_wait", (t, a, b, c, d, e, f) -> SysPoll.epollWait(t, i(a), b, i(c), i(d)), FULL, ""),
        row("epoll_pwait", (t, a, b, c, d, e, f) -> SysPoll.epollPwait(t, i(a), b, i(c), i(d), e, f), FULL, ""),
        row("epoll_pwait2", (t, a, b, c, d, e, f) -> SysPoll.epollPwait2Timespec(t, i(a), b, i(c), d, e, f), FULL, ""),
        row("eventfd", (t, a, b, c, d, e, f) -> SysPoll.eventfd(t, i(a)), FULL, ""),
        row("eventfd2", (t, a, b, c, d, e, f) -> SysPoll.eventfd2(t, i(a), i(b)), FULL, ""),
        row("inotify_init", (t, a, b, c, d, e, f) -> SysNotify.inotifyInit(t), FULL, ""),
        row("inotify_init1", (t, a, b, c, d, e, f) -> SysNotify.inotifyInit1(t, i(a)), FULL, ""),
        row("inotify_add_watch", (t, a, b, c, d, e, f) -> SysNotify.inotifyAddWatch(t, i(a), b, i(c)), PARTIAL,
                "sees changes made through Jerla only"),
        row("inotify_rm_watch", (t, a, b, c, d, e, f) -> SysNotify.inotifyRmWatch(t, i(a), i(b)), FULL, ""),
        row("signalfd", (t, a, b, c, d, e, f) -> SysFdKinds.signalfd(t, i(a), b, c), FULL, ""),
        row("signalfd4", (t, a, b, c, d, e, f) -> SysFdKinds.signalfd4(t, i(a), b, c, i(d)), FULL, ""),
        row("timerfd_create", (t, a, b, c, d, e, f) -> SysFdKinds.timerfdCreate(t, i(a), i(b)), FULL, ""),
        row("timerfd_settime", (t, a, b, c, d, e, f) -> SysFdKinds.timerfdSettime(t, i(a), i(b), c, d), PARTIAL,
                "TFD_TIMER_CANCEL_ON_SET: a clock change is seen at the next read or poll, not by a sleeping reader"),
        row("timerfd_gettime", (t, a, b, c, d, e, f) -> SysFdKinds.timerfdGettime(t, i(a), b), FULL, ""),
        row("splice", (t, a, b, c, d, e, f) -> SysFdKinds.splice(t, i(a), b, i(c), d, e, i(f)), FULL, "copies; no page moving"),
        row("tee", (t, a, b, c, d, e, f) -> SysFdKinds.tee(t, i(a), i(b), c, i(d)), FULL, "copies"),
        row("vmsplice", (t, a, b, c, d, e, f) -> SysFdKinds.vmsplice(t, i(a), b, c, i(d)), FULL, "copies; SPLICE_F_GIFT is a hint"),
        // mounts
        row("mount", (t, a, b, c, d, e, f) -> SysMount.mount(t, a, b, c, d, e), PARTIAL,
                "tmpfs, proc, devtmpfs, bind, move and remount; propagation flags accepted"),
        row("umount2", (t, a, b, c, d, e, f) -> SysMount.umount2(t, a, i(b)), PARTIAL, "no busy check for open files")
    );
}
