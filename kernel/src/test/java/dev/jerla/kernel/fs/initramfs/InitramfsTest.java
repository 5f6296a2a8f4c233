package dev.jerla.kernel.fs.initramfs;

import dev.jerla.abi.linux.Stat;
import dev.jerla.kernel.fs.tmpfs.TmpFs;
import dev.jerla.kernel.vfs.Attr;
import dev.jerla.kernel.vfs.Location;
import dev.jerla.kernel.vfs.TestKernel;
import dev.jerla.kernel.vfs.SymlinkInode;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveOutputStream;
import org.apache.commons.compress.archivers.cpio.CpioConstants;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.*;

/** Unpacking cpio newc archives built with Commons Compress, as init/initramfs.c would. */
class InitramfsTest {
    private static void add(CpioArchiveOutputStream out, String name, long mode, long ino, long nlink, byte[] data,
                            int rmaj, int rmin) throws IOException {
        CpioArchiveEntry e = new CpioArchiveEntry(CpioConstants.FORMAT_NEW, name);
        e.setMode(mode);
        e.setInode(ino);
        e.setNumberOfLinks(nlink);
        e.setUID(ino == 4 ? 1000 : 0);
        e.setGID(ino == 4 ? 100 : 0);
        e.setTime(1_700_000_000L);
        e.setSize(data.length);
        e.setRemoteDeviceMaj(rmaj);
        e.setRemoteDeviceMin(rmin);
        out.putArchiveEntry(e);
        out.write(data);
        out.closeArchiveEntry();
    }

    private static byte[] archive() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CpioArchiveOutputStream out = new CpioArchiveOutputStream(bytes, CpioConstants.FORMAT_NEW)) {
            add(out, ".", Stat.S_IFDIR | 0755, 1, 2, new byte[0], 0, 0);
            add(out, "bin", Stat.S_IFDIR | 0755, 2, 2, new byte[0], 0, 0);
            add(out, "bin/busybox", Stat.S_IFREG | 04755, 3, 1, "ELF".getBytes(), 0, 0);
            add(out, "bin/sh", Stat.S_IFLNK | 0777, 5, 1, "busybox".getBytes(), 0, 0);
            add(out, "home", Stat.S_IFDIR | 0700, 4, 2, new byte[0], 0, 0);
            add(out, "dev", Stat.S_IFDIR | 0755, 6, 2, new byte[0], 0, 0);
            add(out, "dev/console", Stat.S_IFCHR | 0600, 7, 1, new byte[0], 5, 1);
            add(out, "lib", Stat.S_IFLNK | 0777, 8, 1, "usr/lib".getBytes(), 0, 0);
            add(out, "usr", Stat.S_IFDIR | 0755, 9, 2, new byte[0], 0, 0);
            add(out, "usr/lib", Stat.S_IFDIR | 0755, 10, 2, new byte[0], 0, 0);
            // Through the lib -> usr/lib link, as the kernel's path walk does.
            add(out, "lib/libc.so", Stat.S_IFREG | 0644, 11, 1, "libc".getBytes(), 0, 0);
            // GNU cpio's hard links: the data comes with the last name.
            add(out, "a", Stat.S_IFREG | 0644, 12, 2, new byte[0], 0, 0);
            add(out, "b", Stat.S_IFREG | 0644, 12, 2, "shared".getBytes(), 0, 0);
            add(out, "fifo", Stat.S_IFIFO | 0644, 13, 1, new byte[0], 0, 0);
        }
        return bytes.toByteArray();
    }

    @Test
    void unpacksEveryKindOfEntry() throws Exception {
        TmpFs fs = new TmpFs("rootfs", 64L << 20, 0755, 0, 0);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        byte[] plain = archive();
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write(plain);
        }
        Initramfs.unpack(new ByteArrayInputStream(gz.toByteArray()), fs.root(), new PrintStream(log));
        assertEquals("", log.toString());
        TestKernel k = new TestKernel(fs);
        assertEquals("ELF", k.read("/bin/busybox"));
        Attr bb = k.lookup("/bin/busybox").inode().getattr();
        assertEquals(Stat.S_IFREG | 04755, bb.mode());
        assertEquals(1_700_000_000L * 1_000_000_000L, bb.mtime());
        Location sh = k.vfs.lookup(k.task, -100, "/bin/sh", 0x100);
        assertEquals("busybox", ((SymlinkInode) sh.inode()).readlink(k.task));
        assertEquals("ELF", k.read("/bin/sh"));
        Attr home = k.lookup("/home").inode().getattr();
        assertEquals(1000, home.uid());
        assertEquals(100, home.gid());
        assertEquals(Stat.S_IFDIR | 0700, home.mode());
        assertEquals(1_700_000_000L * 1_000_000_000L, home.mtime(), "directory times are set last");
        Attr console = k.lookup("/dev/console").inode().getattr();
        assertEquals(Stat.S_IFCHR | 0600, console.mode());
        assertEquals(Stat.encodeDev(5, 1), console.rdev());
        assertEquals("libc", k.read("/usr/lib/libc.so"));
        assertSame(k.lookup("/a").inode(), k.lookup("/b").inode());
        assertEquals("shared", k.read("/a"));
        assertEquals(2, k.lookup("/a").inode().getattr().nlink());
        assertTrue(Stat.isFifo(k.lookup("/fifo").inode().mode()));
        assertEquals(0755, k.lookup("/").inode().mode() & 07777);
    }

    @Test
    void concatenatedArchivesReplaceEarlierEntries() throws Exception {
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.write(archive());
        both.write(new byte[512]);
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        try (CpioArchiveOutputStream out = new CpioArchiveOutputStream(second, CpioConstants.FORMAT_NEW)) {
            // A directory where a symlink was: clean_path removes the link first.
            add(out, "bin/sh", Stat.S_IFDIR | 0755, 20, 2, new byte[0], 0, 0);
            add(out, "bin/busybox", Stat.S_IFREG | 0755, 21, 1, "NEW".getBytes(), 0, 0);
        }
        both.write(second.toByteArray());
        TmpFs fs = new TmpFs("rootfs", 64L << 20, 0755, 0, 0);
        Initramfs.unpack(new ByteArrayInputStream(both.toByteArray()), fs.root(), new PrintStream(new ByteArrayOutputStream()));
        TestKernel k = new TestKernel(fs);
        assertTrue(k.lookup("/bin/sh").isDirectory());
        assertEquals("NEW", k.read("/bin/busybox"));
    }

    @Test
    void garbageIsRefused() {
        assertThrows(IOException.class, () -> Initramfs.unpack(new ByteArrayInputStream("not a cpio archive at all".getBytes()),
                new TmpFs().root(), new PrintStream(new ByteArrayOutputStream())));
    }
}
