package dev.jerla.kernel;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Signal;
import dev.jerla.abi.linux.Wait;
import dev.jerla.kernel.loader.Exec;
import dev.jerla.kernel.signal.SigInfo;
import dev.jerla.kernel.signal.Signals;
import dev.jerla.kernel.task.Clone;
import dev.jerla.kernel.task.ProcessTable;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.task.TaskRunner;
import dev.jerla.kernel.task.ThreadGroup;
import dev.jerla.kernel.vfs.FdTable;
import dev.jerla.kernel.vfs.FileDescription;
import dev.jerla.kernel.vfs.Vfs;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A booted Jerla system: the filesystems, the process table, and the first process.
 * {@link #run()} blocks until the first process exits and returns its wait status as an exit code.
 */
public final class Kernel {
    private final KernelConfig config;
    private final PrintStream log;
    private final ProcessTable processTable = new ProcessTable();
    private final ScheduledExecutorService timers;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile long bootTimeNanos;
    private volatile Vfs vfs;
    private final dev.jerla.kernel.net.Sockets sockets = new dev.jerla.kernel.net.Sockets();
    private volatile int exitCode;
    private volatile String hostname = "jerla";
    private volatile String domainname = "(none)";
    private volatile long realtimeOffsetNanos;
    private final java.util.Set<Long> unimplementedSeen = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public Kernel(KernelConfig config) {
        this.config = config;
        this.log = config.log() != null ? config.log() : System.err;
        dev.jerla.kernel.net.unix.UnixFamily.install(this);
        dev.jerla.kernel.net.inet.Inet.install(this);
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread th = new Thread(r, "jerla-timers");
            th.setDaemon(true);
            return th;
        });
    }

    public KernelConfig config() { return config; }

    /** The filesystem tree built at boot. */
    public Vfs vfs() { return vfs; }

    /** The socket address families. */
    public dev.jerla.kernel.net.Sockets sockets() { return sockets; }

    /** Where kernel messages go. */
    public PrintStream log() { return log; }

    public ProcessTable processTable() { return processTable; }

    /** The kernel's timer thread (interval timers, alarms). */
    public ScheduledExecutorService timers() { return timers; }

    /** System.nanoTime() at boot. */
    public long bootTimeNanos() { return bootTimeNanos; }

    public String hostname() { return hostname; }

    public void setHostname(String h) { hostname = h; }

    /** What clock_settime/settimeofday added to the host's real-time clock. */
    public long realtimeOffsetNanos() { return realtimeOffsetNanos; }

    public void setRealtimeOffsetNanos(long n) { realtimeOffsetNanos = n; }

    public String domainname() { return domainname; }

    public void setDomainname(String d) { domainname = d; }

    /** True the first time an unimplemented system call number is seen (each is logged once). */
    public boolean firstUnimplemented(long nr) { return unimplementedSeen.add(nr); }

    /** The process with this pid (live or zombie), or null. */
    public ThreadGroup findProcess(int pid) { return processTable.group(pid); }

    /** Every process, live and zombie. */
    public Collection<ThreadGroup> processes() { return processTable.groups(); }

    /** The thread with this tid, or null. */
    public Task findTask(int tid) { return processTable.task(tid); }

    /** kill(-pgid, sig) on behalf of the kernel (the terminal's INTR, QUIT, SUSP, hangups). */
    public void signalProcessGroup(int pgid, int sig) {
        synchronized (processTable) {
            Signals.sendToProcessGroupLocked(processTable, pgid, SigInfo.kernel(sig));
        }
    }

    /** A process-directed signal from the kernel. */
    public void signalProcess(ThreadGroup g, int sig) {
        Signals.sendToGroup(g, SigInfo.kernel(sig));
    }

    /** A thread-directed signal raised by the thread's own action (SIGPIPE, SIGXFSZ): si_code SI_USER. */
    public void signalTask(Task t, int sig) {
        Signals.sendToTask(t, SigInfo.kill(sig, Signal.SI_USER, t.group().pid(), t.creds().uid()));
    }

    /** Ends {@link #run()} with {@code status} (reboot, poweroff). */
    public void shutdown(int status) {
        exitCode = status;
        finished.countDown();
    }

    /** Called when a process has become a zombie; the first process's end ends the system. */
    public void processExited(ThreadGroup g, int waitStatus) {
        if (g.pid() != 1) return;
        int sig = waitStatus & 0x7f;
        shutdown(sig == 0 ? (waitStatus >> 8) & 0xff : 128 + sig);
    }

    /** Boots, runs the first process to its end, shuts down; returns its exit status (128+N if killed by signal N). */
    public int run() {
        bootTimeNanos = System.nanoTime();
        try {
            vfs = Vfs.boot(this);
            FdTable files = new FdTable();
            String program = config.argv().isEmpty() ? "/sbin/init" : config.argv().get(0);
            Task init;
            try {
                init = Clone.createInit(this, files, vfs.rootContext());
                init.group().setUnkillable(!config.hostStdio());
                vfs.chdir(init, config.cwd() == null ? "/" : config.cwd());
                if (config.hostStdio()) {
                    FileDescription[] std = vfs.hostStdio();
                    for (int fd = 0; fd < 3; fd++) files.installAt(fd, std[fd], false);
                } else {
                    FileDescription console = vfs.openConsole(init);
                    console.retain();
                    console.retain();
                    for (int fd = 0; fd < 3; fd++) files.installAt(fd, console, false);
                }
                Exec.execve(init, program, bytes(config.argv()), bytes(config.env()));
            } catch (ErrnoException e) {
                Errno err = e.errno();
                log.println("jerla: " + program + ": " + (err != null ? err.message() : e.getMessage()));
                return err == Errno.ENOENT ? 127 : 126;
            }
            TaskRunner.start(init);
            finished.await();
            return exitCode;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 128 + Signal.SIGKILL;
        } finally {
            stopAll();
        }
    }

    private static List<byte[]> bytes(List<String> l) {
        List<byte[]> out = new ArrayList<>();
        if (l != null) for (String s : l) out.add(s.getBytes(StandardCharsets.UTF_8));
        return out;
    }

    /** Kills every remaining process and waits (briefly) for their threads to end. */
    private void stopAll() {
        List<Thread> threads = new ArrayList<>();
        synchronized (processTable) {
            for (ThreadGroup g : processTable.groups()) {
                Signals.groupExitLocked(g, Wait.signaled(Signal.SIGKILL, false), null);
            }
            for (Task t : processTable.tasks()) {
                if (t.thread() != null && t.thread() != Thread.currentThread()) threads.add(t.thread());
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (Thread th : threads) {
            long left = deadline - System.nanoTime();
            if (left <= 0) break;
            try {
                th.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        timers.shutdownNow();
        dev.jerla.kernel.net.inet.Inet.shutdown(this);
    }
}
