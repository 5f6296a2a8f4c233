package dev.jerla.kernel.fs.tmpfs;

import dev.jerla.abi.linux.Errno;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.vfs.Attr;
import dev.jerla.kernel.vfs.FileDescription;
import dev.jerla.kernel.vfs.FileSystem;
import dev.jerla.kernel.vfs.TestKernel;
import org.junit.jupiter.api.Test;

import static dev.jerla.abi.linux.Fcntl.*;
import static dev.jerla.kernel.vfs.TestKernel.assertErrno;
import static org.junit.jupiter.api.Assertions.*;

/** tmpfs files: sparse data, sizes, blocks, the size limit, timestamps. */
class TmpFsTest {
    @Test
    void holesReadAsZerosAndCostNoBlocks() throws ErrnoException {
        TestKernel k = new TestKernel();
        FileDescription f = k.open("/sparse", O_RDWR | O_CREAT, 0644);
        byte[] x = {1, 2, 3};
        assertEquals(3, f.pwrite(x, 0, 3, 1L << 40));
        Attr a = f.inode().getattr();
        assertEquals((1L << 40) + 3, a.size());
        assertEquals(8, a.blocks(), "one 4 KiB page in 512-byte blocks");
        byte[] b = new byte[8];
        assertEquals(8, f.pread(b, 0, 8, 1L << 30));
        assertArrayEquals(new byte[8], b);
        assertEquals(3, f.pread(b, 0, 8, 1L << 40));
        assertEquals(0, f.pread(b, 0, 8, (1L << 40) + 3));
        assertEquals((1L << 40) + 3, f.llseek(0, SEEK_END));
        assertEquals(5, f.llseek(5, SEEK_SET));
        assertEquals(7, f.llseek(2, SEEK_CUR));
        assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class, () -> f.llseek(-8, SEEK_SET)).errno());
    }

    @Test
    void appendWritesAtTheEnd() throws ErrnoException {
        TestKernel k = new TestKernel();
        k.write("/log", "one\n");
        FileDescription f = k.open("/log", O_WRONLY | O_APPEND, 0);
        f.llseek(0, SEEK_SET);
        byte[] two = "two\n".getBytes();
        f.write(k.task, two, 0, two.length);
        assertEquals("one\ntwo\n", k.read("/log"));
    }

    @Test
    void theSizeLimitGivesENOSPCAndUnlinkingFreesSpace() throws ErrnoException {
        TmpFs small = new TmpFs("tmpfs", 8 * TmpFs.PAGE, 01777, 0, 0);
        TestKernel k = new TestKernel(small);
        FileDescription f = k.open("/big", O_WRONLY | O_CREAT, 0644);
        byte[] page = new byte[TmpFs.PAGE];
        for (int i = 0; i < 8; i++) assertEquals(TmpFs.PAGE, f.write(k.task, page, 0, page.length));
        assertEquals(Errno.ENOSPC, assertThrows(ErrnoException.class, () -> f.write(k.task, page, 0, 1)).errno());
        FileSystem.StatfsInfo s = small.statfs();
        assertEquals(0, s.bfree());
        f.release();
        k.vfs.unlink(k.task, AT_FDCWD, "/big");
        assertEquals(8, small.statfs().bfree());
    }

    @Test
    void nrInodesBoundsFilesAndHardLinks() throws ErrnoException {
        TestKernel k = new TestKernel();
        k.vfs.registerFileSystemType(TmpFs.fsType());
        k.vfs.mkdir(k.task, AT_FDCWD, "/m", 0755);
        k.vfs.mount(k.task, "tmpfs", "/m", "tmpfs", 0, "nr_inodes=3");
        k.write("/m/a", "a");
        k.vfs.link(k.task, AT_FDCWD, "/m/a", AT_FDCWD, "/m/b", 0);
        // The root, a and the second link to a use all three.
        assertErrno(Errno.ENOSPC, () -> k.write("/m/c", "c"));
        assertErrno(Errno.ENOSPC, () -> k.vfs.mkdir(k.task, AT_FDCWD, "/m/d", 0755));
        k.vfs.unlink(k.task, AT_FDCWD, "/m/b");
        k.write("/m/c", "c");
        assertEquals(0, k.lookup("/m").inode().fs().statfs().ffree());
    }

    @Test
    void writesMoveMtimeAndCtime() throws Exception {
        TestKernel k = new TestKernel();
        k.write("/t", "a");
        Attr before = k.lookup("/t").inode().getattr();
        Thread.sleep(2);
        FileDescription f = k.open("/t", O_WRONLY, 0);
        f.write(k.task, new byte[] {'b'}, 0, 1);
        Attr after = f.inode().getattr();
        assertTrue(after.mtime() > before.mtime());
        assertEquals(after.mtime(), after.ctime());
        assertEquals(before.btime(), after.btime());
    }
}
