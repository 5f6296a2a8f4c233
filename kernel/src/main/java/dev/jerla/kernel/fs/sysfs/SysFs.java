package dev.jerla.kernel.fs.sysfs;

import dev.jerla.abi.linux.Stat;
import dev.jerla.abi.linux.Statfs;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.fs.tmpfs.TmpFs;
import dev.jerla.kernel.vfs.DirectoryInode;
import dev.jerla.kernel.vfs.FileInode;
import dev.jerla.kernel.vfs.FileSystem;
import dev.jerla.kernel.vfs.FileSystemType;
import dev.jerla.kernel.vfs.Inode;
import dev.jerla.kernel.vfs.NewInode;

import java.nio.charset.StandardCharsets;

/**
 * The sysfs of Jerla (fs/sysfs, drivers/base/cpu.c, drivers/base/node.c, net/core/net-sysfs.c):
 * the entries a process may look at to size itself. It reports Linux's f_type (SYSFS_MAGIC).
 */
public final class SysFs {
    private SysFs() {}

    /** The mount(2) type "sysfs". */
    public static FileSystemType fsType() {
        return new FileSystemType() {
            @Override public String name() { return "sysfs"; }
            @Override public FileSystem mount(String source, String data) throws ErrnoException { return create(); }
        };
    }

    /** A new sysfs instance. */
    public static FileSystem create() throws ErrnoException {
        TmpFs fs = new TmpFs("sysfs", Statfs.SYSFS_MAGIC, 4L << 20, 0555, 0, 0);
        DirectoryInode root = fs.root();
        int cpus = Runtime.getRuntime().availableProcessors();
        String range = cpus == 1 ? "0" : "0-" + (cpus - 1);

        DirectoryInode devices = dir(root, "devices");
        DirectoryInode system = dir(devices, "system");
        DirectoryInode cpu = dir(system, "cpu");
        for (String f : new String[] {"online", "possible", "present"}) file(cpu, f, range);
        file(cpu, "offline", "");
        file(cpu, "kernel_max", "8191");
        for (int i = 0; i < cpus; i++) {
            DirectoryInode c = dir(cpu, "cpu" + i);
            if (i > 0) file(c, "online", "1");
            DirectoryInode topo = dir(c, "topology");
            file(topo, "core_id", Integer.toString(i));
            file(topo, "physical_package_id", "0");
            file(topo, "thread_siblings_list", Integer.toString(i));
            file(topo, "core_siblings_list", range);
        }
        DirectoryInode node = dir(system, "node");
        file(node, "online", "0");
        file(node, "possible", "0");
        file(node, "has_cpu", "0");
        file(node, "has_normal_memory", "0");
        DirectoryInode node0 = dir(node, "node0");
        file(node0, "cpulist", range);

        DirectoryInode virtual = dir(devices, "virtual");
        DirectoryInode vnet = dir(virtual, "net");
        DirectoryInode lo = dir(vnet, "lo");
        file(lo, "address", "00:00:00:00:00:00");
        file(lo, "broadcast", "00:00:00:00:00:00");
        file(lo, "mtu", "65536");
        file(lo, "operstate", "unknown");
        file(lo, "ifindex", "1");
        file(lo, "iflink", "1");
        file(lo, "type", "772");
        file(lo, "flags", "0x9");
        file(lo, "carrier", "1");
        file(lo, "tx_queue_len", "1000");

        DirectoryInode cls = dir(root, "class");
        DirectoryInode net = dir(cls, "net");
        link(net, "lo", "../../devices/virtual/net/lo");

        DirectoryInode kernel = dir(root, "kernel");
        DirectoryInode mm = dir(kernel, "mm");
        DirectoryInode thp = dir(mm, "transparent_hugepage");
        file(thp, "enabled", "always madvise [never]");
        file(thp, "defrag", "always defer defer+madvise madvise [never]");
        file(thp, "hpage_pmd_size", "2097152");
        DirectoryInode fsDir = dir(root, "fs");
        dir(fsDir, "cgroup");
        for (String d : new String[] {"block", "bus", "dev", "firmware", "module", "power"}) dir(root, d);
        fs.freeze();
        return fs;
    }

    private static NewInode mode(int m) {
        return new NewInode(m, 0, 0, 0);
    }

    private static DirectoryInode dir(DirectoryInode parent, String name) throws ErrnoException {
        return parent.mkdir(name, mode(Stat.S_IFDIR | 0755));
    }

    private static void file(DirectoryInode parent, String name, String text) throws ErrnoException {
        Inode i = parent.create(name, mode(Stat.S_IFREG | 0444));
        byte[] b = (text + "\n").getBytes(StandardCharsets.UTF_8);
        ((FileInode) i).write(0, b, 0, b.length);
    }

    private static void link(DirectoryInode parent, String name, String target) throws ErrnoException {
        parent.symlink(name, target, mode(Stat.S_IFLNK | 0777));
    }
}
