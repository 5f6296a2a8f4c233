package dev.jerla.kernel.task;

import dev.jerla.abi.linux.Resource;
import dev.jerla.abi.linux.Signal;
import dev.jerla.kernel.Kernel;
import dev.jerla.kernel.mm.MemoryManager;
import dev.jerla.kernel.signal.SigPending;
import dev.jerla.kernel.signal.SignalActions;
import dev.jerla.kernel.time.IntervalTimer;
import dev.jerla.kernel.time.PosixTimer;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * A process: the thread group sharing a pid, an address space, signal actions, and membership in
 * a process group and a session. Named after Linux's thread group (signal_struct + leader).
 *
 * <p>Concurrency: the process tree (parent, children, pgid, sid), the thread list, the shared
 * pending signals, the actions, and the exit and stop state are guarded by the
 * {@link ProcessTable} monitor.
 */
public final class ThreadGroup {
    /** Job-control stop states (SIGNAL_STOP_* in include/linux/sched/signal.h). */
    public enum StopState { NONE, STOPPING, STOPPED }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Kernel kernel;
    private final int pid;
    private final long startTimeNanos = System.nanoTime();

    // Guarded by the ProcessTable monitor.
    private volatile ThreadGroup parent;
    private final List<ThreadGroup> children = new ArrayList<>();
    private volatile int pgid;
    private volatile int sid;
    private final List<Task> threads = new ArrayList<>();
    private Task leader;
    private SignalActions actions;
    private final SigPending shared = new SigPending();
    private int exitSignal = Signal.SIGCHLD;
    private boolean groupExit;
    private int groupExitStatus;
    private boolean zombie;
    private int exitStatus;
    private StopState stopState = StopState.NONE;
    private int stopSignal;
    private boolean stopReportPending;
    private boolean continuedReportPending;
    private boolean execed;
    private boolean subreaper;
    private boolean unkillable;
    private int rotor;
    private long deadUserNanos, deadCpuNanos;
    private long childUserNanos, childCpuNanos;
    private long peakRssKib, childMaxRssKib;

    private final WaitQueue childWait = new WaitQueue();
    private final WaitQueue stopWait = new WaitQueue();
    private final WaitQueue threadExitWait = new WaitQueue();
    private final WaitQueue exitWait = new WaitQueue();
    private final long[][] rlimits;
    private volatile MemoryManager mm;
    private volatile String exePath = "";
    private volatile int nice;
    private volatile boolean dumpable = true;
    private volatile int personality;
    /** ITIMER_VIRTUAL and ITIMER_PROF as last set: {value, interval} nanoseconds each (they do not count down). */
    /** ITIMER_VIRTUAL and ITIMER_PROF, made on first use (index: the ITIMER_* number). */
    private final PosixTimer[] cpuItimers = new PosixTimer[3];
    /** RLIMIT_CPU's SIGXCPU and SIGKILL timers, made when a finite limit is first set (guarded by cpuItimers). */
    private PosixTimer cpuLimitSoft, cpuLimitHard;
    /** The timer_create timers by id (RLIMIT_SIGPENDING-like cap: {@link #MAX_POSIX_TIMERS}). */
    private final java.util.Map<Integer, PosixTimer> posixTimers = new java.util.HashMap<>();
    private static final int MAX_POSIX_TIMERS = 4096;
    private volatile boolean noNewPrivs;
    private final IntervalTimer realTimer;
    private final java.util.concurrent.atomic.AtomicBoolean invalidOpcodeLogged = new java.util.concurrent.atomic.AtomicBoolean();

    public ThreadGroup(Kernel kernel, int pid, long[][] rlimits) {
        this.kernel = kernel;
        this.pid = pid;
        this.rlimits = rlimits;
        this.realTimer = new IntervalTimer(kernel, this);
    }

    /** The limits a new system starts with (INIT_RLIMITS in include/asm-generic/resource.h, 8 MiB stack, 1024 files). */
    public static long[][] defaultRlimits() {
        long inf = Resource.RLIM_INFINITY;
        long[][] r = new long[Resource.RLIM_NLIMITS][];
        for (int i = 0; i < r.length; i++) r[i] = new long[] {inf, inf};
        r[Resource.RLIMIT_STACK] = new long[] {8L << 20, inf};
        r[Resource.RLIMIT_CORE] = new long[] {0, inf};
        r[Resource.RLIMIT_NPROC] = new long[] {63_504, 63_504};
        r[Resource.RLIMIT_NOFILE] = new long[] {1024, 4096};
        r[Resource.RLIMIT_MEMLOCK] = new long[] {8L << 20, 8L << 20};
        r[Resource.RLIMIT_SIGPENDING] = new long[] {63_504, 63_504};
        r[Resource.RLIMIT_MSGQUEUE] = new long[] {819_200, 819_200};
        r[Resource.RLIMIT_NICE] = new long[] {0, 0};
        r[Resource.RLIMIT_RTPRIO] = new long[] {0, 0};
        return r;
    }

    public Kernel kernel() { return kernel; }
    public int pid() { return pid; }

    // ---------------------------------------------------------------- tree (ProcessTable lock for writes)

    public ThreadGroup parent() { return parent; }

    void setParent(ThreadGroup p) { parent = p; }

    /** The parent's pid, 0 for the first process (or a process whose parent is gone). */
    public int ppid() {
        ThreadGroup p = parent();
        return p == null ? 0 : p.pid;
    }

    public List<ThreadGroup> children() { return children; }

    public int pgid() { return pgid; }
    public int sid() { return sid; }

    void setPgid(int pgid) { this.pgid = pgid; }
    void setSid(int sid) { this.sid = sid; }

    // ---------------------------------------------------------------- threads

    /** A snapshot of the live threads. */
    public List<Task> threads() {
        synchronized (kernel.processTable()) { return List.copyOf(threads); }
    }

    /** The live thread list itself; ProcessTable lock held. */
    public List<Task> threadList() { return threads; }

    /** The thread whose tid is the pid (it may have exited while others run). */
    public Task leader() { return leader; }

    void setLeader(Task t) { leader = t; }

    /** The name of the leader, as /proc/PID/stat shows it. */
    public String comm() {
        Task l = leader;
        return l == null ? "" : l.comm();
    }

    public Credentials creds() {
        Task l = leader;
        return l == null ? Credentials.ROOT : l.creds();
    }

    // ---------------------------------------------------------------- signals (ProcessTable lock)

    public SignalActions actions() { return actions; }

    public void setActions(SignalActions a) { actions = a; }

    /** Signals sent to the whole process, taken by whichever thread does not block them. */
    public SigPending sharedPending() { return shared; }

    /** The signal the parent gets when this process exits (clone's CSIGNAL byte; SIGCHLD for fork). */
    public int exitSignal() { return exitSignal; }

    void setExitSignal(int s) { exitSignal = s; }

    /** True once the process is being torn down (exit_group, a fatal signal): SIGNAL_GROUP_EXIT. */
    public boolean groupExit() { return groupExit; }

    public int groupExitStatus() { return groupExitStatus; }

    public void setGroupExit(int status) {
        groupExit = true;
        groupExitStatus = status;
    }

    public boolean isZombie() { return zombie; }

    /** The wait status of a zombie (exited or killed). */
    public int exitStatus() { return exitStatus; }

    void setZombie(int status) {
        zombie = true;
        exitStatus = status;
    }

    public StopState stopState() { return stopState; }

    public int stopSignal() { return stopSignal; }

    public void setStopState(StopState s, int sig) {
        stopState = s;
        if (sig != 0) stopSignal = sig;
    }

    /** A stop not yet reported to wait(WUNTRACED). */
    public boolean stopReportPending() { return stopReportPending; }

    public void setStopReportPending(boolean b) { stopReportPending = b; }

    /** A continue not yet reported to wait(WCONTINUED). */
    public boolean continuedReportPending() { return continuedReportPending; }

    public void setContinuedReportPending(boolean b) { continuedReportPending = b; }

    /** Default-action signals are ignored (the first process of a booted system: SIGNAL_UNKILLABLE). */
    public boolean unkillable() { return unkillable; }

    public void setUnkillable(boolean b) { unkillable = b; }

    /** Round-robin start for choosing the thread that takes a process-directed signal (curr_target). */
    public int nextRotor() { return rotor++; }

    /** Sleepers in wait4/waitid of this process's threads; woken when a child changes state. */
    public WaitQueue childWait() { return childWait; }

    /** Threads of this process stopped by job control sleep here. */
    public WaitQueue stopWait() { return stopWait; }

    /** Pollers of this process's pidfds; woken when it becomes a zombie. */
    public WaitQueue exitWait() { return exitWait; }

    /** An exec waiting for the other threads to die (de_thread) sleeps here. */
    public WaitQueue threadExitWait() { return threadExitWait; }

    // ---------------------------------------------------------------- misc process state

    public boolean execed() { return execed; }

    void setExeced() { execed = true; }

    public boolean subreaper() { return subreaper; }

    public void setSubreaper(boolean b) { subreaper = b; }

    public long rlimitCur(int resource) { synchronized (rlimits) { return rlimits[resource][0]; } }

    public long rlimitMax(int resource) { synchronized (rlimits) { return rlimits[resource][1]; } }

    public void setRlimit(int resource, long cur, long max) {
        synchronized (rlimits) {
            rlimits[resource][0] = cur;
            rlimits[resource][1] = max;
        }
    }

    long[][] copyRlimits() {
        synchronized (rlimits) {
            long[][] c = new long[rlimits.length][];
            for (int i = 0; i < c.length; i++) c[i] = rlimits[i].clone();
            return c;
        }
    }

    public MemoryManager mm() { return mm; }

    public void setMm(MemoryManager m) { mm = m; }

    /** The guest path of the executable (/proc/PID/exe). */
    public String exePath() { return exePath; }

    public void setExePath(String p) { exePath = p; }

    public int nice() { return nice; }

    public void setNice(int n) { nice = n; }

    public boolean dumpable() { return dumpable; }

    public void setDumpable(boolean d) { dumpable = d; }

    public IntervalTimer realTimer() { return realTimer; }

    /**
     * ITIMER_VIRTUAL (user time, SIGVTALRM) or ITIMER_PROF (user and system time, SIGPROF):
     * process CPU-time timers, kept across execve like ITIMER_REAL.
     */
    public PosixTimer cpuItimer(int which) {
        synchronized (cpuItimers) {
            if (cpuItimers[which] == null) {
                boolean virtual = which == dev.jerla.abi.linux.Time.ITIMER_VIRTUAL;
                java.util.function.LongSupplier clock = virtual ? this::userTimeNanos : () -> userTimeNanos() + systemTimeNanos();
                cpuItimers[which] = new PosixTimer(kernel, this, -1, clock, true, PosixTimer.Notify.SIGNAL,
                        virtual ? Signal.SIGVTALRM : Signal.SIGPROF, 0, null, Signal.SI_KERNEL);
            }
            return cpuItimers[which];
        }
    }

    /**
     * Arms RLIMIT_CPU as the process's limits say (check_process_timers): SIGXCPU when its CPU
     * time reaches the soft limit and every second after, SIGKILL at the hard limit.
     */
    public void applyCpuLimit() {
        long cur = rlimitCur(Resource.RLIMIT_CPU), max = rlimitMax(Resource.RLIMIT_CPU);
        PosixTimer soft, hard;
        synchronized (cpuItimers) {
            if (cpuLimitSoft == null) {
                if (cur < 0 && max < 0) return;
                java.util.function.LongSupplier clock = () -> userTimeNanos() + systemTimeNanos();
                cpuLimitSoft = new PosixTimer(kernel, this, -1, clock, true, PosixTimer.Notify.SIGNAL, Signal.SIGXCPU, 0,
                        null, Signal.SI_KERNEL);
                cpuLimitHard = new PosixTimer(kernel, this, -1, clock, true, PosixTimer.Notify.SIGNAL, Signal.SIGKILL, 0,
                        null, Signal.SI_KERNEL);
            }
            soft = cpuLimitSoft;
            hard = cpuLimitHard;
        }
        soft.set(limitNanos(cur), 1_000_000_000L);
        hard.set(limitNanos(max), 0);
    }

    /** A limit in seconds as an absolute CPU time (0: none; RLIM_INFINITY and absurd values are none). */
    private static long limitNanos(long seconds) {
        if (seconds < 0 || seconds > Long.MAX_VALUE / 4 / 1_000_000_000L) return 0;
        return Math.max(1, seconds * 1_000_000_000L);
    }

    /** Adds a timer_create timer under the lowest free id; null if the process has too many. */
    public PosixTimer addPosixTimer(java.util.function.IntFunction<PosixTimer> make) {
        synchronized (posixTimers) {
            if (posixTimers.size() >= MAX_POSIX_TIMERS) return null;
            int id = 0;
            while (posixTimers.containsKey(id)) id++;
            PosixTimer timer = make.apply(id);
            posixTimers.put(id, timer);
            return timer;
        }
    }

    public PosixTimer posixTimer(int id) { synchronized (posixTimers) { return posixTimers.get(id); } }

    public PosixTimer removePosixTimer(int id) { synchronized (posixTimers) { return posixTimers.remove(id); } }

    /** exit_itimers: at execve and exit every timer_create timer goes. */
    public void deletePosixTimers() {
        List<PosixTimer> all;
        synchronized (posixTimers) {
            all = new ArrayList<>(posixTimers.values());
            posixTimers.clear();
        }
        for (PosixTimer timer : all) timer.delete();
    }

    /** Stops the interval timers of an exiting process. */
    void cancelItimers() {
        realTimer.cancel();
        synchronized (cpuItimers) {
            for (PosixTimer timer : cpuItimers) if (timer != null) timer.delete();
            if (cpuLimitSoft != null) cpuLimitSoft.delete();
            if (cpuLimitHard != null) cpuLimitHard.delete();
        }
    }

    /** personality(2) flags (PER_LINUX is 0). */
    public int personality() { return personality; }

    public void setPersonality(int p) { personality = p; }

    /** PR_SET_NO_NEW_PRIVS. */
    public boolean noNewPrivs() { return noNewPrivs; }

    public void setNoNewPrivs() { noNewPrivs = true; }

    /** True the first time only: an invalid instruction is logged once per process. */
    public boolean noteInvalidOpcode() { return invalidOpcodeLogged.compareAndSet(false, true); }

    public long startTimeNanos() { return startTimeNanos; }

    // ---------------------------------------------------------------- what /proc shows

    /** R S D Z T as /proc/PID/stat shows them. */
    public char state() {
        synchronized (kernel.processTable()) {
            if (zombie) return 'Z';
            if (stopState == StopState.STOPPED) return 'T';
            char s = 'S';
            for (Task t : threads) {
                if (t.runState() == 'R') return 'R';
                if (t.runState() == 'D') s = 'D';
            }
            return s;
        }
    }

    /** Virtual memory size (the sum of the VMAs). */
    public long vmSizeBytes() {
        MemoryManager m = mm;
        return m == null || zombie ? 0 : m.totalBytes();
    }

    /** Resident set size. */
    public long rssBytes() {
        MemoryManager m = mm;
        return m == null || zombie ? 0 : m.residentBytes();
    }

    /** The largest resident set seen (sampled now and as threads exit), in KiB: ru_maxrss. */
    public long peakRssKib() {
        synchronized (kernel.processTable()) {
            peakRssKib = Math.max(peakRssKib, rssBytes() / 1024);
            return peakRssKib;
        }
    }

    /** The largest ru_maxrss of the reaped children and their descendants (RUSAGE_CHILDREN). */
    public long childMaxRssKib() { synchronized (kernel.processTable()) { return childMaxRssKib; } }

    /** The NUL-separated argument area as /proc/PID/cmdline shows it (read from the process's memory). */
    public byte[] cmdline() {
        MemoryManager m = mm;
        return m == null || zombie ? new byte[0] : m.argArea();
    }

    /** The environment area as /proc/PID/environ shows it. */
    public byte[] environ() {
        MemoryManager m = mm;
        return m == null || zombie ? new byte[0] : m.envArea();
    }

    /** The text of /proc/PID/maps. */
    public String memoryMaps() {
        MemoryManager m = mm;
        return m == null || zombie ? "" : m.maps();
    }

    /** User CPU time of every thread, live and exited (from the JVM's per-thread accounting). */
    public long userTimeNanos() {
        long sum;
        List<Task> live;
        synchronized (kernel.processTable()) {
            sum = deadUserNanos;
            live = List.copyOf(threads);
        }
        for (Task t : live) sum += Math.max(0, threadUser(t));
        return sum;
    }

    /** System CPU time: the JVM's CPU time beyond user time, which here is kernel work done in Java plus host kernel time. */
    public long systemTimeNanos() {
        long sum;
        List<Task> live;
        synchronized (kernel.processTable()) {
            sum = deadCpuNanos - deadUserNanos;
            live = List.copyOf(threads);
        }
        for (Task t : live) sum += Math.max(0, threadCpu(t) - threadUser(t));
        return Math.max(0, sum);
    }

    /** CPU times of reaped children (for getrusage(RUSAGE_CHILDREN) and times(2)). */
    public long childUserNanos() { synchronized (kernel.processTable()) { return childUserNanos; } }

    public long childSystemNanos() { synchronized (kernel.processTable()) { return childCpuNanos - childUserNanos; } }

    /** Adds a reaped child's times (ProcessTable lock held). */
    void addChildTimes(long user, long cpu, long maxRssKib) {
        childUserNanos += user;
        childCpuNanos += cpu;
        childMaxRssKib = Math.max(childMaxRssKib, maxRssKib);
    }

    /** Keeps an exiting thread's times (ProcessTable lock held, on the exiting thread). */
    void addDeadThreadTimes(Task t) {
        deadUserNanos += Math.max(0, threadUser(t));
        deadCpuNanos += Math.max(0, threadCpu(t));
    }

    long totalCpuNanos() { return deadCpuNanos; }

    long totalUserNanos() { return deadUserNanos; }

    /** The CPU time of one thread (its host thread's, kernel work included). */
    public static long taskCpuNanos(Task t) { return Math.max(0, threadCpu(t)); }

    static long threadUser(Task t) {
        Thread th = t.thread();
        return th == null ? 0 : THREADS.getThreadUserTime(th.threadId());
    }

    static long threadCpu(Task t) {
        Thread th = t.thread();
        return th == null ? 0 : THREADS.getThreadCpuTime(th.threadId());
    }

    @Override
    public String toString() {
        return "process " + pid + " (" + comm() + ")";
    }
}
