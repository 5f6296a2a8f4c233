package dev.jerla.abi.linux;

/** prctl(2) and arch_prctl(2) options, mirroring include/uapi/linux/prctl.h and arch/x86/include/uapi/asm/prctl.h. */
public final class Prctl {
    private Prctl() {}

    public static final int PR_SET_PDEATHSIG = 1;
    public static final int PR_GET_PDEATHSIG = 2;
    public static final int PR_GET_DUMPABLE = 3;
    public static final int PR_SET_DUMPABLE = 4;
    public static final int PR_GET_KEEPCAPS = 7;
    public static final int PR_SET_KEEPCAPS = 8;
    public static final int PR_GET_TIMING = 13;
    public static final int PR_SET_NAME = 15;
    public static final int PR_GET_NAME = 16;
    public static final int PR_GET_SECCOMP = 21;
    public static final int PR_SET_SECCOMP = 22;
    public static final int PR_CAPBSET_READ = 23;
    public static final int PR_CAPBSET_DROP = 24;
    public static final int PR_GET_TSC = 25;
    public static final int PR_GET_SECUREBITS = 27;
    public static final int PR_SET_TIMERSLACK = 29;
    public static final int PR_GET_TIMERSLACK = 30;
    public static final int PR_SET_CHILD_SUBREAPER = 36;
    public static final int PR_GET_CHILD_SUBREAPER = 37;
    public static final int PR_SET_NO_NEW_PRIVS = 38;
    public static final int PR_GET_NO_NEW_PRIVS = 39;
    public static final int PR_GET_TID_ADDRESS = 40;
    public static final int PR_SET_THP_DISABLE = 41;
    public static final int PR_GET_THP_DISABLE = 42;
    public static final int PR_CAP_AMBIENT = 47;
    public static final int PR_SET_VMA = 0x53564d41;

    /** The length of a task's comm, NUL included (TASK_COMM_LEN). */
    public static final int TASK_COMM_LEN = 16;

    public static final int ARCH_SET_GS = 0x1001;
    public static final int ARCH_SET_FS = 0x1002;
    public static final int ARCH_GET_FS = 0x1003;
    public static final int ARCH_GET_GS = 0x1004;
    public static final int ARCH_GET_CPUID = 0x1011;
    public static final int ARCH_SET_CPUID = 0x1012;
}
