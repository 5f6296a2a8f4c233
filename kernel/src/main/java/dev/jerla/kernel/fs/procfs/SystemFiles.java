package dev.jerla.kernel.fs.procfs;

import dev.jerla.kernel.GuestStrings;
import dev.jerla.kernel.Kernel;
import dev.jerla.kernel.task.LoadAverage;
import dev.jerla.kernel.task.ThreadGroup;
import dev.jerla.kernel.vfs.FileSystemType;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * The system-wide files of /proc's root: meminfo, cpuinfo, stat, uptime, loadavg, version,
 * filesystems, cmdline, swaps, devices (fs/proc/meminfo.c, arch/x86/kernel/cpu/proc.c,
 * fs/proc/stat.c, ...). Memory figures are the host's, as a container sees its host's.
 */
final class SystemFiles {
    /** The kernel release /proc/version and /proc/sys/kernel/osrelease report. */
    static final String RELEASE = "6.1.0-jerla";
    private static final int USER_HZ = 100;

    private final Kernel kernel;
    private final Map<String, ProcInodes.Content> files = new LinkedHashMap<>();
    /**
     * The CPU counters last shown: they only grow, as Linux's do, although the sum over live
     * processes drops when one is reaped (tools like top subtract two readings).
     */
    private final AtomicLong shownUser = new AtomicLong();
    private final AtomicLong shownSys = new AtomicLong();
    private final AtomicLong shownIdle = new AtomicLong();

    SystemFiles(Kernel kernel) {
        this.kernel = kernel;
        files.put("meminfo", caller -> meminfo());
        files.put("cpuinfo", caller -> cpuinfo());
        files.put("stat", caller -> stat());
        files.put("uptime", caller -> uptime());
        files.put("loadavg", caller -> loadavg());
        files.put("version", caller -> text("Linux version " + RELEASE
                + " (jerla@jerla) (Java " + Runtime.version().feature() + ") #1 SMP PREEMPT_DYNAMIC\n"));
        files.put("filesystems", caller -> filesystems());
        files.put("cmdline", caller -> text("console=console\n"));
        files.put("swaps", caller -> text("Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"));
        files.put("devices", caller -> text("Character devices:\n  1 mem\n  5 /dev/tty\n  5 /dev/console\n\nBlock devices:\n"));
    }

    void forEach(BiConsumer<String, ProcInodes.Content> f) {
        files.forEach(f);
    }

    static byte[] text(String s) {
        return GuestStrings.encode(s);
    }

    private static int cpus() {
        return Runtime.getRuntime().availableProcessors();
    }

    private long uptimeNanos() {
        return System.nanoTime() - kernel.bootTimeNanos();
    }

    private static byte[] meminfo() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long total = os.getTotalMemorySize() / 1024, free = os.getFreeMemorySize() / 1024;
        long swapTotal = os.getTotalSwapSpaceSize() / 1024, swapFree = os.getFreeSwapSpaceSize() / 1024;
        StringBuilder sb = new StringBuilder();
        kb(sb, "MemTotal", total);
        kb(sb, "MemFree", free);
        kb(sb, "MemAvailable", free);
        kb(sb, "Buffers", 0);
        kb(sb, "Cached", 0);
        kb(sb, "SwapCached", 0);
        kb(sb, "Active", total - free);
        kb(sb, "Inactive", 0);
        kb(sb, "SwapTotal", swapTotal);
        kb(sb, "SwapFree", swapFree);
        kb(sb, "Dirty", 0);
        kb(sb, "Writeback", 0);
        kb(sb, "AnonPages", total - free);
        kb(sb, "Mapped", 0);
        kb(sb, "Shmem", 0);
        kb(sb, "Slab", 0);
        kb(sb, "SReclaimable", 0);
        kb(sb, "SUnreclaim", 0);
        kb(sb, "PageTables", 0);
        kb(sb, "CommitLimit", total / 2 + swapTotal);
        kb(sb, "Committed_AS", total - free);
        kb(sb, "VmallocTotal", 34359738367L);
        kb(sb, "VmallocUsed", 0);
        kb(sb, "VmallocChunk", 0);
        sb.append("HugePages_Total:       0\nHugePages_Free:        0\nHugepagesize:       2048 kB\n");
        return text(sb.toString());
    }

    private static void kb(StringBuilder sb, String name, long v) {
        sb.append(String.format(Locale.ROOT, "%-16s%8d kB\n", name + ":", v));
    }

    private static byte[] cpuinfo() {
        StringBuilder sb = new StringBuilder();
        int n = cpus();
        for (int i = 0; i < n; i++) {
            sb.append("processor\t: ").append(i).append('\n')
              .append("vendor_id\t: GenuineIntel\n")
              .append("cpu family\t: 6\n")
              .append("model\t\t: 0\n")
              .append("model name\t: Jerla x86-64 CPU\n")
              .append("stepping\t: 0\n")
              .append("cpu MHz\t\t: 1000.000\n")
              .append("cache size\t: 4096 KB\n")
              .append("physical id\t: 0\n")
              .append("siblings\t: ").append(n).append('\n')
              .append("core id\t\t: ").append(i).append('\n')
              .append("cpu cores\t: ").append(n).append('\n')
              .append("apicid\t\t: ").append(i).append('\n')
              .append("fpu\t\t: yes\n")
              .append("fpu_exception\t: yes\n")
              .append("cpuid level\t: 13\n")
              .append("wp\t\t: yes\n")
              .append("flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 syscall nx lm\n")
              .append("bogomips\t: 2000.00\n")
              .append("clflush size\t: 64\n")
              .append("cache_alignment\t: 64\n")
              .append("address sizes\t: 48 bits physical, 48 bits virtual\n")
              .append("power management:\n\n");
        }
        return text(sb.toString());
    }

    private byte[] stat() {
        long user = 0, sys = 0;
        int running = 0, maxPid = 0;
        for (ThreadGroup g : kernel.processes()) {
            user += g.userTimeNanos();
            sys += g.systemTimeNanos();
            if (g.state() == 'R') running++;
            maxPid = Math.max(maxPid, g.pid());
        }
        long ut = shownUser.accumulateAndGet(ticks(user), Math::max);
        long st = shownSys.accumulateAndGet(ticks(sys), Math::max);
        long idle = shownIdle.accumulateAndGet(ticks(uptimeNanos()) * cpus() - ut - st, Math::max);
        StringBuilder sb = new StringBuilder();
        sb.append("cpu  ").append(ut).append(" 0 ").append(st).append(' ').append(idle).append(" 0 0 0 0 0 0\n");
        for (int i = 0; i < cpus(); i++) {
            sb.append("cpu").append(i).append(' ').append(ut / cpus()).append(" 0 ").append(st / cpus()).append(' ')
              .append(idle / cpus()).append(" 0 0 0 0 0 0\n");
        }
        long btime = (System.currentTimeMillis() - uptimeNanos() / 1_000_000) / 1000;
        sb.append("intr 0\nctxt 0\nbtime ").append(btime).append("\nprocesses ").append(maxPid)
          .append("\nprocs_running ").append(Math.max(1, running)).append("\nprocs_blocked 0\nsoftirq 0\n");
        return text(sb.toString());
    }

    static long ticks(long nanos) {
        return nanos / (1_000_000_000L / USER_HZ);
    }

    private byte[] uptime() {
        double up = uptimeNanos() / 1e9;
        return text(String.format(Locale.ROOT, "%.2f %.2f\n", up, up * cpus()));
    }

    /** loadavg_proc_show: the three averages, running/all tasks, and the pid handed out last. */
    private byte[] loadavg() {
        int running = 0, threads = 0;
        for (ThreadGroup g : kernel.processes()) {
            if (g.isZombie()) continue;
            if (g.state() == 'R') running++;
            threads += g.threads().size();
        }
        long[] avg = kernel.processTable().loadAverage().averages();
        return text(LoadAverage.format(avg[0]) + " " + LoadAverage.format(avg[1]) + " " + LoadAverage.format(avg[2])
                + " " + Math.max(1, running) + "/" + threads + " " + kernel.processTable().lastPid() + "\n");
    }

    private byte[] filesystems() {
        StringBuilder sb = new StringBuilder();
        for (FileSystemType t : kernel.vfs().fileSystemTypes()) {
            sb.append(t.requiresDevice() ? "\t" : "nodev\t").append(t.name()).append('\n');
        }
        return text(sb.toString());
    }
}
