package dev.jerla.kernel.syscall;

import dev.jerla.kernel.GuestStrings;
import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Random;
import dev.jerla.abi.linux.Reboot;
import dev.jerla.abi.linux.Resource;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.mm.MemoryManager;
import dev.jerla.kernel.task.Credentials;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.task.LoadAverage;
import dev.jerla.kernel.task.ThreadGroup;

import java.lang.management.ManagementFactory;
import java.security.SecureRandom;

/** System information and limits (kernel/sys.c, kernel/reboot.c, drivers/char/random.c, kernel/utsname_sysctl.c). */
public final class SysInfo {
    private SysInfo() {}

    private static ErrnoException err(Errno e) { return ErrnoException.of(e); }

    public static final String SYSNAME = "Linux";
    public static final String RELEASE = "6.1.0-jerla";
    public static final String VERSION = "#1 SMP PREEMPT_DYNAMIC Jerla";
    public static final String MACHINE = "x86_64";
    /** __NEW_UTS_LEN + 1. */
    private static final int UTS_FIELD = 65;
    /** /proc/sys/fs/nr_open. */
    private static final long NR_OPEN = 1 << 20;

    private static final SecureRandom RANDOM = new SecureRandom();

    public static long uname(Task t, long buf, long a1, long a2, long a3, long a4, long a5) throws ErrnoException {
        String[] fields = {SYSNAME, t.kernel().hostname(), RELEASE, VERSION, MACHINE, t.kernel().domainname()};
        byte[] b = new byte[UTS_FIELD * fields.length];
        for (int i = 0; i < fields.length; i++) {
            byte[] f = GuestStrings.encode(fields[i]);
            System.arraycopy(f, 0, b, i * UTS_FIELD, Math.min(f.length, UTS_FIELD - 1));
        }
        t.mem().copyOut(buf, b);
        return 0;
    }

    private static long setName(Task t, long name, long len, boolean host) throws ErrnoException {
        if (t.creds().euid() != 0) throw err(Errno.EPERM);
        if (len < 0 || len > UTS_FIELD - 1) throw err(Errno.EINVAL);
        String s = GuestStrings.decode(t.mem().copyIn(name, (int) len));
        int nul = s.indexOf('\0');
        if (nul >= 0) s = s.substring(0, nul);
        if (host) t.kernel().setHostname(s);
        else t.kernel().setDomainname(s);
        return 0;
    }

    public static long sethostname(Task t, long name, long len, long a2, long a3, long a4, long a5) throws ErrnoException {
        return setName(t, name, len, true);
    }

    public static long setdomainname(Task t, long name, long len, long a2, long a3, long a4, long a5) throws ErrnoException {
        return setName(t, name, len, false);
    }

    /** SI_LOAD_SHIFT: sysinfo's loads are fixed point with 16 bits of fraction. */
    private static final int SI_LOAD_SHIFT = 16;

    /**
     * do_sysinfo: uptime in whole seconds rounded up, the kernel's load average, the memory and
     * swap /proc/meminfo shows (mem_unit 1), the number of tasks.
     */
    public static long sysinfo(Task t, long info, long a1, long a2, long a3, long a4, long a5) throws ErrnoException {
        byte[] b = new byte[112];
        long up = System.nanoTime() - t.kernel().bootTimeNanos();
        put(b, 0, (up + 999_999_999L) / 1_000_000_000L);
        long[] avenrun = t.kernel().processTable().loadAverage().averages();
        for (int i = 0; i < 3; i++) put(b, 8 + 8 * i, avenrun[i] << (SI_LOAD_SHIFT - LoadAverage.FSHIFT));
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        put(b, 32, os.getTotalMemorySize());
        put(b, 40, os.getFreeMemorySize());
        put(b, 64, os.getTotalSwapSpaceSize());
        put(b, 72, os.getFreeSwapSpaceSize());
        int procs = Math.min(65535, t.kernel().processTable().tasks().size());
        b[80] = (byte) procs;
        b[81] = (byte) (procs >>> 8);
        SysProcess.putInt(b, 104, 1);
        t.mem().copyOut(info, b);
        return 0;
    }

    /** getrandom: bytes from the JVM's SecureRandom; never blocks, so GRND_NONBLOCK changes nothing. */
    public static long getrandom(Task t, long buf, long count, long flags, long a3, long a4, long a5) throws ErrnoException {
        int f = (int) flags;
        if ((f & ~(Random.GRND_NONBLOCK | Random.GRND_RANDOM | Random.GRND_INSECURE)) != 0) throw err(Errno.EINVAL);
        if ((f & Random.GRND_INSECURE) != 0 && (f & Random.GRND_RANDOM) != 0) throw err(Errno.EINVAL);
        long n = Math.min(count & 0xFFFFFFFFL, 0x7ffff000L);
        long done = 0;
        byte[] chunk = new byte[(int) Math.min(n, 65536)];
        while (done < n) {
            int c = (int) Math.min(chunk.length, n - done);
            RANDOM.nextBytes(chunk);
            t.mem().copyOut(buf + done, chunk, 0, c);
            done += c;
        }
        return done;
    }

    // ---------------------------------------------------------------- resource limits

    private static void checkResource(long resource) throws ErrnoException {
        if (resource < 0 || resource >= Resource.RLIM_NLIMITS) throw err(Errno.EINVAL);
    }

    private static void writeRlimit(Task t, long addr, long cur, long max) throws ErrnoException {
        byte[] b = new byte[16];
        put(b, 0, cur);
        put(b, 8, max);
        t.mem().copyOut(addr, b);
    }

    public static long getrlimit(Task t, long resource, long rlim, long a2, long a3, long a4, long a5) throws ErrnoException {
        checkResource(resource);
        ThreadGroup g = t.group();
        writeRlimit(t, rlim, g.rlimitCur((int) resource), g.rlimitMax((int) resource));
        return 0;
    }

    /** do_prlimit: cur &lt;= max (EINVAL), raising max needs root (EPERM), RLIMIT_NOFILE at most nr_open (EPERM). */
    private static void setLimit(Task t, ThreadGroup g, int resource, long cur, long max) throws ErrnoException {
        if (Long.compareUnsigned(cur, max) > 0) throw err(Errno.EINVAL);
        if (resource == Resource.RLIMIT_NOFILE && Long.compareUnsigned(max, NR_OPEN) > 0) throw err(Errno.EPERM);
        if (Long.compareUnsigned(max, g.rlimitMax(resource)) > 0 && t.creds().euid() != 0) throw err(Errno.EPERM);
        g.setRlimit(resource, cur, max);
        MemoryManager mm = g.mm();
        if (resource == Resource.RLIMIT_STACK && mm != null) mm.setStackGrowthLimit(cur);
        if (resource == Resource.RLIMIT_AS && mm != null) mm.setAddressSpaceLimit(cur);
        if (resource == Resource.RLIMIT_CPU) g.applyCpuLimit();
    }

    public static long setrlimit(Task t, long resource, long rlim, long a2, long a3, long a4, long a5) throws ErrnoException {
        checkResource(resource);
        long cur = t.mem().readLong(rlim), max = t.mem().readLong(rlim + 8);
        setLimit(t, t.group(), (int) resource, cur, max);
        return 0;
    }

    public static long prlimit64(Task t, long pid, long resource, long newLimit, long oldLimit, long a4, long a5) throws ErrnoException {
        checkResource(resource);
        long cur = 0, max = 0;
        if (newLimit != 0) {
            cur = t.mem().readLong(newLimit);
            max = t.mem().readLong(newLimit + 8);
        }
        ThreadGroup g = pid == 0 ? t.group() : t.kernel().findProcess((int) pid);
        if (g == null || g.isZombie()) throw err(Errno.ESRCH);
        Credentials c = t.creds(), tc = g.creds();
        if (g != t.group() && c.euid() != 0
                && !(c.uid() == tc.uid() && c.uid() == tc.euid() && c.uid() == tc.suid())) {
            throw err(Errno.EPERM);
        }
        int r = (int) resource;
        long oc = g.rlimitCur(r), om = g.rlimitMax(r);
        if (newLimit != 0) setLimit(t, g, r, cur, max);
        if (oldLimit != 0) writeRlimit(t, oldLimit, oc, om);
        return 0;
    }

    /** getrusage: user and system time (the JVM's accounting of the guest threads) and maxrss; other fields zero. */
    public static long getrusage(Task t, long who, long usage, long a2, long a3, long a4, long a5) throws ErrnoException {
        ThreadGroup g = t.group();
        long user, sys, maxrss = 0;
        switch ((int) who) {
            case Resource.RUSAGE_SELF -> {
                user = g.userTimeNanos();
                sys = g.systemTimeNanos();
                maxrss = g.peakRssKib();
            }
            case Resource.RUSAGE_CHILDREN -> {
                user = g.childUserNanos();
                sys = g.childSystemNanos();
                maxrss = g.childMaxRssKib();
            }
            case Resource.RUSAGE_THREAD -> {
                var mx = ManagementFactory.getThreadMXBean();
                user = mx.getCurrentThreadUserTime();
                sys = Math.max(0, mx.getCurrentThreadCpuTime() - user);
                maxrss = g.peakRssKib();
            }
            default -> throw err(Errno.EINVAL);
        }
        t.mem().copyOut(usage, new dev.jerla.kernel.task.Rusage(user, sys, maxrss).bytes());
        return 0;
    }

    public static long umask(Task t, long mask, long a1, long a2, long a3, long a4, long a5) {
        int old = t.fs().umask();
        t.fs().setUmask((int) mask & 0777);
        return old;
    }

    /** reboot: halt, power-off and restart all end the system; Ctrl-Alt-Del settings are accepted. */
    public static long reboot(Task t, long magic1, long magic2, long cmd, long arg, long a4, long a5) throws ErrnoException {
        if (t.creds().euid() != 0) throw err(Errno.EPERM);
        int m2 = (int) magic2;
        if ((int) magic1 != Reboot.LINUX_REBOOT_MAGIC1 || (m2 != Reboot.LINUX_REBOOT_MAGIC2
                && m2 != Reboot.LINUX_REBOOT_MAGIC2A && m2 != Reboot.LINUX_REBOOT_MAGIC2B && m2 != Reboot.LINUX_REBOOT_MAGIC2C)) {
            throw err(Errno.EINVAL);
        }
        switch ((int) cmd) {
            case Reboot.LINUX_REBOOT_CMD_RESTART, Reboot.LINUX_REBOOT_CMD_RESTART2, Reboot.LINUX_REBOOT_CMD_HALT,
                 Reboot.LINUX_REBOOT_CMD_POWER_OFF -> {
                t.kernel().log().println("jerla: " + ((int) cmd == Reboot.LINUX_REBOOT_CMD_POWER_OFF ? "power down"
                        : (int) cmd == Reboot.LINUX_REBOOT_CMD_HALT ? "system halted" : "restarting system"));
                t.kernel().shutdown(0);
                return 0;
            }
            case Reboot.LINUX_REBOOT_CMD_CAD_ON, Reboot.LINUX_REBOOT_CMD_CAD_OFF -> {
                return 0;
            }
            default -> throw err(Errno.EINVAL);
        }
    }

    // ---------------------------------------------------------------- priorities

    private static java.util.List<ThreadGroup> prioTargets(Task t, int which, int who) throws ErrnoException {
        java.util.List<ThreadGroup> l = new java.util.ArrayList<>();
        var pt = t.kernel().processTable();
        switch (which) {
            case Resource.PRIO_PROCESS -> {
                ThreadGroup g = who == 0 ? t.group() : pt.group(who);
                if (g != null && !g.isZombie()) l.add(g);
            }
            case Resource.PRIO_PGRP -> {
                synchronized (pt) { l.addAll(pt.processGroup(who == 0 ? t.group().pgid() : who)); }
            }
            case Resource.PRIO_USER -> {
                int uid = who == 0 ? t.creds().uid() : who;
                for (ThreadGroup g : pt.groups()) if (!g.isZombie() && g.creds().uid() == uid) l.add(g);
            }
            default -> throw err(Errno.EINVAL);
        }
        return l;
    }

    /** getpriority: 20 - nice of the best-placed target, so the result is never negative. */
    public static long getpriority(Task t, long which, long who, long a2, long a3, long a4, long a5) throws ErrnoException {
        int best = Integer.MAX_VALUE;
        for (ThreadGroup g : prioTargets(t, (int) which, (int) who)) best = Math.min(best, g.nice());
        if (best == Integer.MAX_VALUE) throw err(Errno.ESRCH);
        return 20 - best;
    }

    /** setpriority: nice is clamped to -20..19; lowering it needs root (EACCES). Nice has no effect on scheduling. */
    public static long setpriority(Task t, long which, long who, long prio, long a3, long a4, long a5) throws ErrnoException {
        int nice = (int) Math.max(-20, Math.min(19, (int) prio));
        var targets = prioTargets(t, (int) which, (int) who);
        if (targets.isEmpty()) throw err(Errno.ESRCH);
        for (ThreadGroup g : targets) {
            if (nice < g.nice() && t.creds().euid() != 0) throw err(Errno.EACCES);
            if (t.creds().euid() != 0 && g.creds().uid() != t.creds().euid() && g.creds().euid() != t.creds().euid()) {
                throw err(Errno.EPERM);
            }
            g.setNice(nice);
        }
        return 0;
    }

    static void put(byte[] b, int o, long v) {
        for (int i = 0; i < 8; i++) b[o + i] = (byte) (v >>> (8 * i));
    }
}
