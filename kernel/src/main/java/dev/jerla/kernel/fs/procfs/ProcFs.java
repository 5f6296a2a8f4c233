package dev.jerla.kernel.fs.procfs;

import dev.jerla.kernel.GuestStrings;
import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Fcntl;
import dev.jerla.abi.linux.Statfs;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.Kernel;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.task.ThreadGroup;
import dev.jerla.kernel.vfs.Dentry;
import dev.jerla.kernel.vfs.DirectoryInode;
import dev.jerla.kernel.vfs.FdTable;
import dev.jerla.kernel.vfs.FileDescription;
import dev.jerla.kernel.vfs.FileSystem;
import dev.jerla.kernel.vfs.FileSystemType;
import dev.jerla.kernel.vfs.FsContext;
import dev.jerla.kernel.vfs.Inode;
import dev.jerla.kernel.vfs.Location;
import dev.jerla.kernel.vfs.Times;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.jerla.kernel.fs.procfs.ProcInodes.Owner;

/** The proc filesystem of one kernel: the root directory, the per-process directories and the system files. */
public final class ProcFs extends FileSystem {
    private static final long PID_BASE = 1L << 32;
    private static final long FD_BASE = 2L << 32;
    private static final long FDINFO_BASE = 3L << 32;
    private static final long TASK_BASE = 4L << 32;

    private final Kernel kernel;
    private final long bootEpochNanos = Times.now();
    private final ProcInodes.Dir root;
    /** The fixed entries of the root, in the order readdir shows them. */
    private final Map<String, Inode> fixed = new LinkedHashMap<>();

    public ProcFs(Kernel kernel) {
        this.kernel = kernel;
        SystemFiles sys = new SystemFiles(kernel);
        long[] ino = {2};
        fixed.put("self", new ProcInodes.Symlink(this, ino[0]++, Owner.ROOT,
                caller -> Integer.toString(caller.group().pid())));
        fixed.put("thread-self", new ProcInodes.Symlink(this, ino[0]++, Owner.ROOT,
                caller -> caller.group().pid() + "/task/" + caller.tid()));
        fixed.put("mounts", new ProcInodes.Symlink(this, ino[0]++, Owner.ROOT, caller -> "self/mounts"));
        sys.forEach((name, content) -> fixed.put(name, new ProcInodes.File(this, ino[0]++, 0444, Owner.ROOT, content)));
        fixed.put("sys", sysDir(ino));
        this.root = new ProcInodes.Dir(this, 1, 0555, Owner.ROOT, new ProcInodes.Children() {
            @Override
            public List<String> names() {
                List<String> n = new ArrayList<>(fixed.keySet());
                for (ThreadGroup g : kernel.processes()) if (!g.isZombie() || g.leader() != null) n.add(Integer.toString(g.pid()));
                return n;
            }

            @Override
            public Inode lookup(String name) {
                Inode f = fixed.get(name);
                if (f != null) return f;
                int pid = parseId(name);
                if (pid <= 0) return null;
                ThreadGroup g = kernel.findProcess(pid);
                if (g != null) return pidDir(g, null);
                // A thread's directory is reachable as /proc/TID too (proc_pid_lookup finds any task).
                Task th = kernel.findTask(pid);
                return th == null ? null : pidDir(th.group(), th);
            }
        });
    }

    /** The mount(2) type "proc". */
    public static FileSystemType fsType(Kernel kernel) {
        return new FileSystemType() {
            @Override public String name() { return "proc"; }
            @Override public FileSystem mount(String source, String data) { return new ProcFs(kernel); }
        };
    }

    @Override public String type() { return "proc"; }
    @Override public long magic() { return Statfs.PROC_SUPER_MAGIC; }
    @Override public DirectoryInode root() { return root; }

    /** Every entry is computed from the live process table, so cached names are never trusted. */
    @Override public boolean revalidate(Dentry d) { return false; }

    long bootEpochNanos() { return bootEpochNanos; }

    static int parseId(String s) {
        if (s.isEmpty() || s.length() > 9 || s.charAt(0) == '0') return -1;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return -1;
        return Integer.parseInt(s);
    }

    // ---------------------------------------------------------------- /proc/sys (read-only values)

    private Inode sysDir(long[] ino) {
        Map<String, Map<String, String>> tree = new LinkedHashMap<>();
        tree.put("kernel", new LinkedHashMap<>(Map.of(
                "ostype", "Linux", "osrelease", SystemFiles.RELEASE, "hostname", "jerla", "domainname", "(none)",
                "pid_max", "4194304", "ngroups_max", "65536", "threads-max", "126000", "cap_last_cap", "40")));
        tree.put("fs", new LinkedHashMap<>(Map.of(
                "pipe-max-size", "1048576", "file-max", "9223372036854775807", "nr_open", "1048576")));
        tree.put("vm", new LinkedHashMap<>(Map.of(
                "overcommit_memory", "0", "max_map_count", "65530", "mmap_min_addr", "65536")));
        Map<String, Inode> dirs = new LinkedHashMap<>();
        for (var d : tree.entrySet()) {
            Map<String, Inode> files = new LinkedHashMap<>();
            for (var f : d.getValue().entrySet()) {
                byte[] text = GuestStrings.encode(f.getValue() + "\n");
                files.put(f.getKey(), new ProcInodes.File(this, ino[0]++, 0444, Owner.ROOT, caller -> text));
            }
            dirs.put(d.getKey(), staticDir(ino[0]++, files));
        }
        return staticDir(ino[0]++, dirs);
    }

    private Inode staticDir(long ino, Map<String, Inode> entries) {
        return new ProcInodes.Dir(this, ino, 0555, Owner.ROOT, new ProcInodes.Children() {
            @Override public List<String> names() { return List.copyOf(entries.keySet()); }
            @Override public Inode lookup(String name) { return entries.get(name); }
        });
    }

    // ---------------------------------------------------------------- /proc/PID

    /** The first live thread, whose file table and filesystem context the process's entries show. */
    private static Task anyThread(ThreadGroup g) {
        List<Task> ts = g.threads();
        return ts.isEmpty() ? null : ts.getFirst();
    }

    private static Owner ownerOf(ThreadGroup g) {
        return new Owner(g.creds().euid(), g.creds().egid());
    }

    /** /proc/PID (thread == null) or /proc/PID/task/TID. */
    private Inode pidDir(ThreadGroup g, Task thread) {
        int pid = g.pid();
        long base = thread == null ? PID_BASE + (long) pid * 256 : TASK_BASE + (long) thread.tid() * 256;
        Owner owner = ownerOf(g);
        PidFiles files = new PidFiles(kernel, g, thread);
        Map<String, Inode> entries = new LinkedHashMap<>();
        long[] k = {1};
        files.forEach((name, content) -> entries.put(name,
                new ProcInodes.File(this, base + k[0]++, name.equals("environ") ? 0400 : 0444, owner, content)));
        entries.put("exe", new ProcInodes.Symlink(this, base + k[0]++, owner, new ProcInodes.Link() {
            @Override public String body(Task caller) throws ErrnoException {
                String p = g.exePath();
                if (p == null || p.isEmpty()) throw ErrnoException.of(Errno.ENOENT);
                return p;
            }
        }));
        entries.put("cwd", fsLink(base + k[0]++, owner, g, false));
        entries.put("root", fsLink(base + k[0]++, owner, g, true));
        entries.put("fd", fdDir(base + k[0]++, owner, g, false));
        entries.put("fdinfo", fdDir(base + k[0]++, owner, g, true));
        if (thread == null) entries.put("task", taskDir(base + k[0]++, owner, g));
        return new ProcInodes.Dir(this, base, 0555, owner, new ProcInodes.Children() {
            @Override public List<String> names() { return List.copyOf(entries.keySet()); }
            @Override public Inode lookup(String name) { return entries.get(name); }
        });
    }

    /** cwd and root: magic links to a place in the process's filesystem context. */
    private Inode fsLink(long ino, Owner owner, ThreadGroup g, boolean root) {
        return new ProcInodes.Symlink(this, ino, owner, new ProcInodes.Link() {
            private Location target() throws ErrnoException {
                Task th = anyThread(g);
                if (th == null) throw ErrnoException.of(Errno.ENOENT);
                FsContext fs = th.fs();
                return root ? fs.root() : fs.cwd();
            }

            @Override public String body(Task caller) throws ErrnoException {
                return kernel.vfs().pathOf(target(), caller.fs().root());
            }

            @Override public Location jump(Task caller) throws ErrnoException { return target(); }
        });
    }

    private Inode taskDir(long ino, Owner owner, ThreadGroup g) {
        return new ProcInodes.Dir(this, ino, 0555, owner, new ProcInodes.Children() {
            @Override public List<String> names() {
                List<String> n = new ArrayList<>();
                for (Task t : g.threads()) n.add(Integer.toString(t.tid()));
                return n;
            }

            @Override public Inode lookup(String name) {
                int tid = parseId(name);
                for (Task t : g.threads()) if (t.tid() == tid) return pidDir(g, t);
                return null;
            }
        });
    }

    /** /proc/PID/fd (magic links to the open files) or /proc/PID/fdinfo (their offsets and flags). */
    private Inode fdDir(long ino, Owner owner, ThreadGroup g, boolean info) {
        int pid = g.pid();
        return new ProcInodes.Dir(this, ino, info ? 0555 : 0500, owner, new ProcInodes.Children() {
            @Override public List<String> names() {
                Task th = anyThread(g);
                List<String> n = new ArrayList<>();
                if (th == null) return n;
                for (int fd : th.files().openFds()) n.add(Integer.toString(fd));
                return n;
            }

            @Override public Inode lookup(String name) throws ErrnoException {
                Task th = anyThread(g);
                int fd = name.equals("0") ? 0 : parseId(name);
                if (th == null || fd < 0) return null;
                FdTable table = th.files();
                FileDescription f;
                try {
                    f = table.get(fd);
                } catch (ErrnoException e) {
                    return null;
                }
                if (info) {
                    return new ProcInodes.File(ProcFs.this, FDINFO_BASE + (long) pid * 65536 + fd, 0444, owner,
                            caller -> fdinfo(table, fd));
                }
                return new ProcInodes.Symlink(ProcFs.this, FD_BASE + (long) pid * 65536 + fd, owner, new ProcInodes.Link() {
                    @Override public String body(Task caller) throws ErrnoException {
                        FileDescription cur = table.get(fd);
                        Location l = cur.location();
                        return l == null ? cur.anonName() : kernel.vfs().pathOf(l, caller.fs().root());
                    }

                    @Override public Location jump(Task caller) throws ErrnoException {
                        return kernel.vfs().reopenLocation(table.get(fd));
                    }
                });
            }
        });
    }

    private static byte[] fdinfo(FdTable table, int fd) throws ErrnoException {
        FileDescription f = table.get(fd);
        int flags = f.flags() | (table.closeOnExec(fd) ? Fcntl.O_CLOEXEC : 0);
        Location l = f.location();
        String s = "pos:\t" + f.pos() + "\nflags:\t0" + Integer.toOctalString(flags)
                + "\nmnt_id:\t" + (l == null ? 0 : l.mount().id()) + "\nino:\t" + f.inode().ino() + "\n";
        return GuestStrings.encode(s);
    }
}
