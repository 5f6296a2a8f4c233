package dev.jerla.abi.linux;

/**
 * Linux signal numbers and sigaction/siginfo constants for x86-64, mirroring
 * arch/x86/include/uapi/asm/signal.h and include/uapi/asm-generic/siginfo.h.
 */
public final class Signal {
    private Signal() {}

    public static final int SIGHUP = 1;
    public static final int SIGINT = 2;
    public static final int SIGQUIT = 3;
    public static final int SIGILL = 4;
    public static final int SIGTRAP = 5;
    public static final int SIGABRT = 6;
    public static final int SIGIOT = 6;
    public static final int SIGBUS = 7;
    public static final int SIGFPE = 8;
    public static final int SIGKILL = 9;
    public static final int SIGUSR1 = 10;
    public static final int SIGSEGV = 11;
    public static final int SIGUSR2 = 12;
    public static final int SIGPIPE = 13;
    public static final int SIGALRM = 14;
    public static final int SIGTERM = 15;
    public static final int SIGSTKFLT = 16;
    public static final int SIGCHLD = 17;
    public static final int SIGCONT = 18;
    public static final int SIGSTOP = 19;
    public static final int SIGTSTP = 20;
    public static final int SIGTTIN = 21;
    public static final int SIGTTOU = 22;
    public static final int SIGURG = 23;
    public static final int SIGXCPU = 24;
    public static final int SIGXFSZ = 25;
    public static final int SIGVTALRM = 26;
    public static final int SIGPROF = 27;
    public static final int SIGWINCH = 28;
    public static final int SIGIO = 29;
    public static final int SIGPOLL = SIGIO;
    public static final int SIGPWR = 30;
    public static final int SIGSYS = 31;
    public static final int SIGRTMIN = 32;
    public static final int SIGRTMAX = 64;
    /** _NSIG: signals are numbered 1.._NSIG. */
    public static final int NSIG = 64;

    // sa_flags
    public static final long SA_NOCLDSTOP = 0x00000001L;
    public static final long SA_NOCLDWAIT = 0x00000002L;
    public static final long SA_SIGINFO = 0x00000004L;
    public static final long SA_UNSUPPORTED = 0x00000400L;
    public static final long SA_EXPOSE_TAGBITS = 0x00000800L;
    public static final long SA_RESTORER = 0x04000000L;
    public static final long SA_ONSTACK = 0x08000000L;
    public static final long SA_RESTART = 0x10000000L;
    public static final long SA_NODEFER = 0x40000000L;
    public static final long SA_RESETHAND = 0x80000000L;

    // sa_handler special values
    public static final long SIG_DFL = 0;
    public static final long SIG_IGN = 1;

    // rt_sigprocmask how
    public static final int SIG_BLOCK = 0;
    public static final int SIG_UNBLOCK = 1;
    public static final int SIG_SETMASK = 2;

    // sigaltstack ss_flags
    public static final int SS_ONSTACK = 1;
    public static final int SS_DISABLE = 2;
    public static final int SS_AUTODISARM = 1 << 31;
    public static final int MINSIGSTKSZ = 2048;
    public static final int SIGSTKSZ = 8192;

    // si_code values (include/uapi/asm-generic/siginfo.h)
    public static final int SI_USER = 0;
    public static final int SI_KERNEL = 0x80;
    public static final int SI_QUEUE = -1;
    public static final int SI_TIMER = -2;

    /** struct sigevent's sigev_notify (include/uapi/asm-generic/siginfo.h). */
    public static final int SIGEV_SIGNAL = 0, SIGEV_NONE = 1, SIGEV_THREAD = 2, SIGEV_THREAD_ID = 4;
    public static final int SI_MESGQ = -3;
    public static final int SI_ASYNCIO = -4;
    public static final int SI_SIGIO = -5;
    public static final int SI_TKILL = -6;

    public static final int ILL_ILLOPC = 1;
    public static final int ILL_ILLOPN = 2;
    public static final int ILL_ILLADR = 3;
    public static final int ILL_ILLTRP = 4;
    public static final int ILL_PRVOPC = 5;
    public static final int ILL_PRVREG = 6;
    public static final int ILL_COPROC = 7;
    public static final int ILL_BADSTK = 8;

    public static final int FPE_INTDIV = 1;
    public static final int FPE_INTOVF = 2;
    public static final int FPE_FLTDIV = 3;
    public static final int FPE_FLTOVF = 4;
    public static final int FPE_FLTUND = 5;
    public static final int FPE_FLTRES = 6;
    public static final int FPE_FLTINV = 7;
    public static final int FPE_FLTSUB = 8;

    public static final int SEGV_MAPERR = 1;
    public static final int SEGV_ACCERR = 2;

    public static final int BUS_ADRALN = 1;
    public static final int BUS_ADRERR = 2;
    public static final int BUS_OBJERR = 3;

    public static final int TRAP_BRKPT = 1;
    public static final int TRAP_TRACE = 2;

    public static final int CLD_EXITED = 1;
    public static final int CLD_KILLED = 2;
    public static final int CLD_DUMPED = 3;
    public static final int CLD_TRAPPED = 4;
    public static final int CLD_STOPPED = 5;
    public static final int CLD_CONTINUED = 6;

    public static final int POLL_IN = 1;

    /** Bit of signal {@code sig} in a 64-bit sigset_t. */
    public static long sigmask(int sig) {
        return 1L << (sig - 1);
    }

    private static final String[] NAMES = {
        null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE",
        "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT",
        "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU",
        "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS",
    };

    /** The name of {@code sig} as strace prints it ("SIGINT", "SIGRT_3", or the number). */
    public static String name(int sig) {
        if (sig > 0 && sig < NAMES.length) return NAMES[sig];
        if (sig >= SIGRTMIN && sig <= SIGRTMAX) return "SIGRT_" + (sig - SIGRTMIN);
        return Integer.toString(sig);
    }
}
