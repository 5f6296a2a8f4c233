package dev.jerla.kernel.fs.procfs;

import dev.jerla.abi.linux.Resource;
import dev.jerla.abi.linux.Stat;
import dev.jerla.kernel.Kernel;
import dev.jerla.kernel.task.Credentials;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.task.ThreadGroup;
import dev.jerla.kernel.tty.Tty;
import dev.jerla.kernel.vfs.Dentry;
import dev.jerla.kernel.vfs.Location;
import dev.jerla.kernel.vfs.Mount;
import dev.jerla.kernel.vfs.Vfs;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

import static dev.jerla.kernel.fs.procfs.SystemFiles.text;
import static dev.jerla.kernel.fs.procfs.SystemFiles.ticks;

/**
 * The generated files of /proc/PID and /proc/PID/task/TID: stat (fs/proc/array.c do_task_stat),
 * status, statm, cmdline, comm, environ, maps, mounts, mountinfo, limits, cgroup.
 */
final class PidFiles {
    private final Kernel kernel;
    private final ThreadGroup g;
    /** The thread for /proc/PID/task/TID, or null for the process. */
    private final Task thread;
    private final Map<String, ProcInodes.Content> files = new LinkedHashMap<>();

    PidFiles(Kernel kernel, ThreadGroup g, Task thread) {
        this.kernel = kernel;
        this.g = g;
        this.thread = thread;
        files.put("stat", caller -> stat());
        files.put("status", caller -> status());
        files.put("statm", caller -> statm());
        files.put("cmdline", caller -> g.cmdline());
        files.put("comm", caller -> text(comm() + "\n"));
        files.put("environ", caller -> g.environ());
        files.put("maps", caller -> text(g.memoryMaps()));
        files.put("smaps", caller -> text(smaps()));
        files.put("mounts", caller -> mounts(false));
        files.put("mountinfo", caller -> mounts(true));
        files.put("limits", caller -> limits());
        files.put("cgroup", caller -> text("0::/\n"));
        files.put("oom_score_adj", caller -> text("0\n"));
        files.put("wchan", caller -> text("0"));
    }

    void forEach(BiConsumer<String, ProcInodes.Content> f) {
        files.forEach(f);
    }

    /** /proc/PID/smaps from the memory of the process's first live thread. */
    private String smaps() {
        for (Task t : g.threads()) {
            if (t.mm() != null) return t.mm().smaps();
        }
        return "";
    }

    private String comm() {
        return thread != null ? thread.comm() : g.comm();
    }

    private int id() {
        return thread != null ? thread.tid() : g.pid();
    }

    private Tty ctty() {
        return kernel.vfs().ttys().controllingOfSession(g.sid());
    }

    private static String stateName(char c) {
        return switch (c) {
            case 'R' -> "R (running)";
            case 'S' -> "S (sleeping)";
            case 'D' -> "D (disk sleep)";
            case 'T' -> "T (stopped)";
            case 'Z' -> "Z (zombie)";
            default -> c + " (unknown)";
        };
    }

    private byte[] stat() {
        Tty tty = ctty();
        long ttyNr = tty == null ? 0 : tty.device();
        int tpgid = tty == null ? -1 : tty.foregroundGroup();
        long start = ticks(g.startTimeNanos() - kernel.bootTimeNanos());
        int threads = Math.max(1, g.threads().size());
        StringBuilder sb = new StringBuilder();
        sb.append(id()).append(" (").append(comm()).append(") ").append(g.state()).append(' ')
          .append(g.ppid()).append(' ').append(g.pgid()).append(' ').append(g.sid()).append(' ')
          .append(ttyNr).append(' ').append(tpgid).append(" 4194304 0 0 0 0 ")
          .append(ticks(g.userTimeNanos())).append(' ').append(ticks(g.systemTimeNanos())).append(' ')
          .append(ticks(g.childUserNanos())).append(' ').append(ticks(g.childSystemNanos())).append(' ')
          .append(20 + g.nice()).append(' ').append(g.nice()).append(' ').append(threads).append(" 0 ")
          .append(start).append(' ').append(g.vmSizeBytes()).append(' ').append(g.rssBytes() / 4096)
          .append(" 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n");
        return text(sb.toString());
    }

    private byte[] statm() {
        long size = g.vmSizeBytes() / 4096, rss = g.rssBytes() / 4096;
        return text(size + " " + rss + " 0 0 0 " + size + " 0\n");
    }

    private byte[] status() {
        Credentials c = g.creds();
        List<Task> threads = g.threads();
        Task any = threads.isEmpty() ? null : threads.getFirst();
        StringBuilder sb = new StringBuilder();
        sb.append("Name:\t").append(comm()).append('\n');
        if (any != null) sb.append("Umask:\t").append(String.format(Locale.ROOT, "%04o", any.fs().umask())).append('\n');
        sb.append("State:\t").append(stateName(g.state())).append('\n')
          .append("Tgid:\t").append(g.pid()).append('\n')
          .append("Ngid:\t0\n")
          .append("Pid:\t").append(id()).append('\n')
          .append("PPid:\t").append(g.ppid()).append('\n')
          .append("TracerPid:\t0\n")
          .append("Uid:\t").append(c.uid()).append('\t').append(c.euid()).append('\t').append(c.suid()).append('\t').append(c.fsuid()).append('\n')
          .append("Gid:\t").append(c.gid()).append('\t').append(c.egid()).append('\t').append(c.sgid()).append('\t').append(c.fsgid()).append('\n')
          .append("FDSize:\t").append(any == null ? 0 : Math.max(64, any.files().size())).append('\n')
          .append("Groups:\t");
        for (int x : c.groups()) sb.append(x).append(' ');
        sb.append('\n')
          .append("NStgid:\t").append(g.pid()).append('\n')
          .append("NSpid:\t").append(id()).append('\n')
          .append("NSpgid:\t").append(g.pgid()).append('\n')
          .append("NSsid:\t").append(g.sid()).append('\n');
        if (!g.isZombie()) {
            long vm = g.vmSizeBytes() / 1024, rss = g.rssBytes() / 1024;
            kb(sb, "VmPeak", vm);
            kb(sb, "VmSize", vm);
            kb(sb, "VmLck", 0);
            kb(sb, "VmPin", 0);
            kb(sb, "VmHWM", rss);
            kb(sb, "VmRSS", rss);
            kb(sb, "VmData", 0);
            kb(sb, "VmStk", 0);
            kb(sb, "VmExe", 0);
            kb(sb, "VmLib", 0);
            kb(sb, "VmPTE", 0);
            kb(sb, "VmSwap", 0);
        }
        String caps = c.euid() == 0 ? "000001ffffffffff" : "0000000000000000";
        sb.append("Threads:\t").append(Math.max(1, threads.size())).append('\n')
          .append("SigQ:\t0/63504\n")
          .append("SigPnd:\t0000000000000000\nShdPnd:\t0000000000000000\n")
          .append("SigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\nSigCgt:\t0000000000000000\n")
          .append("CapInh:\t0000000000000000\n")
          .append("CapPrm:\t").append(caps).append("\nCapEff:\t").append(caps).append('\n')
          .append("CapBnd:\t000001ffffffffff\nCapAmb:\t0000000000000000\n")
          .append("NoNewPrivs:\t0\nSeccomp:\t0\n")
          .append("voluntary_ctxt_switches:\t0\nnonvoluntary_ctxt_switches:\t0\n");
        return text(sb.toString());
    }

    private static void kb(StringBuilder sb, String name, long v) {
        sb.append(name).append(":\t").append(String.format(Locale.ROOT, "%8d", v)).append(" kB\n");
    }

    private byte[] limits() {
        String[][] rows = {
            {"Max cpu time", "seconds"}, {"Max file size", "bytes"}, {"Max data size", "bytes"},
            {"Max stack size", "bytes"}, {"Max core file size", "bytes"}, {"Max resident set", "bytes"},
            {"Max processes", "processes"}, {"Max open files", "files"}, {"Max locked memory", "bytes"},
            {"Max address space", "bytes"}, {"Max file locks", "locks"}, {"Max pending signals", "signals"},
            {"Max msgqueue size", "bytes"}, {"Max nice priority", ""}, {"Max realtime priority", ""},
            {"Max realtime timeout", "us"}};
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-25s %-20s %-20s %-10s\n",
                "Limit", "Soft Limit", "Hard Limit", "Units"));
        for (int r = 0; r < Resource.RLIM_NLIMITS; r++) {
            sb.append(String.format(Locale.ROOT, "%-25s %-20s %-20s %-10s\n", rows[r][0],
                    limit(g.rlimitCur(r)), limit(g.rlimitMax(r)), rows[r][1]));
        }
        return text(sb.toString());
    }

    private static String limit(long v) {
        return v == Resource.RLIM_INFINITY ? "unlimited" : Long.toUnsignedString(v);
    }

    /** /proc/PID/mounts (as /etc/mtab) or mountinfo, for the mounts visible from the process's root. */
    private byte[] mounts(boolean info) {
        Vfs vfs = kernel.vfs();
        List<Task> ts = g.threads();
        Location root = ts.isEmpty() ? vfs.rootContext().root() : ts.getFirst().fs().root();
        StringBuilder sb = new StringBuilder();
        for (Mount m : vfs.mounts()) {
            String where = m.parent() == null ? "/" : vfs.pathOf(new Location(m.parent(), m.mountpoint()), root);
            if (where.startsWith("(unreachable)")) continue;
            if (where.endsWith(" (deleted)")) continue;
            String opts = (m.readOnly() ? "ro" : "rw")
                    + ((m.flags() & 2) != 0 ? ",nosuid" : "") + ((m.flags() & 4) != 0 ? ",nodev" : "")
                    + ((m.flags() & 8) != 0 ? ",noexec" : "") + ",relatime";
            String fsOpts = m.fs().options();
            if (info) {
                int parent = m.parent() == null ? 1 : m.parent().id();
                long dev = m.fs().dev();
                sb.append(m.id()).append(' ').append(parent).append(' ')
                  .append(Stat.major(dev)).append(':').append(Stat.minor(dev)).append(' ')
                  .append(escape(pathInFs(m.root()))).append(' ').append(escape(where)).append(' ').append(opts)
                  .append(" - ").append(m.fs().type()).append(' ').append(escape(m.source())).append(' ')
                  .append(m.readOnly() ? "ro" : "rw").append(fsOpts.isEmpty() ? "" : "," + fsOpts).append('\n');
            } else {
                sb.append(escape(m.source())).append(' ').append(escape(where)).append(' ').append(m.fs().type())
                  .append(' ').append(opts).append(fsOpts.isEmpty() ? "" : "," + fsOpts).append(" 0 0\n");
            }
        }
        return text(sb.toString());
    }

    /** The path of a dentry from its filesystem's root (a bind mount's source directory). */
    private static String pathInFs(Dentry d) {
        Deque<String> names = new ArrayDeque<>();
        for (Dentry x = d; x.parent() != null; x = x.parent()) names.push(x.name());
        return names.isEmpty() ? "/" : "/" + String.join("/", names);
    }

    /** Escapes space, tab, newline and backslash as octal, as show_vfsmnt's mangle() does. */
    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case ' ' -> sb.append("\\040");
                case '\t' -> sb.append("\\011");
                case '\n' -> sb.append("\\012");
                case '\\' -> sb.append("\\134");
                default -> sb.append(ch);
            }
        }
        return sb.toString();
    }
}
