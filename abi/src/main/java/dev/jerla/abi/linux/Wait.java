package dev.jerla.abi.linux;

/** wait4/waitid options and id types, mirroring include/uapi/linux/wait.h. */
public final class Wait {
    private Wait() {}

    public static final int WNOHANG = 0x00000001;
    public static final int WUNTRACED = 0x00000002;
    public static final int WSTOPPED = WUNTRACED;
    public static final int WEXITED = 0x00000004;
    public static final int WCONTINUED = 0x00000008;
    public static final int WNOWAIT = 0x01000000;
    public static final int __WNOTHREAD = 0x20000000;
    public static final int __WALL = 0x40000000;
    public static final int __WCLONE = 0x80000000;

    public static final int P_ALL = 0;
    public static final int P_PID = 1;
    public static final int P_PGID = 2;
    public static final int P_PIDFD = 3;

    /** The wait status of a child that exited with {@code code} (WIFEXITED). */
    public static int exited(int code) { return (code & 0xff) << 8; }

    /** The wait status of a child killed by {@code sig}, with the core-dump bit if {@code core}. */
    public static int signaled(int sig, boolean core) { return (sig & 0x7f) | (core ? 0x80 : 0); }

    /** The wait status of a child stopped by {@code sig} (WIFSTOPPED). */
    public static int stopped(int sig) { return (sig << 8) | 0x7f; }

    /** The wait status of a continued child (WIFCONTINUED). */
    public static final int CONTINUED = 0xffff;
}
