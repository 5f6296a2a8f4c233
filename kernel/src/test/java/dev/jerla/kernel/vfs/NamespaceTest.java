package dev.jerla.kernel.vfs;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Stat;
import dev.jerla.kernel.ErrnoException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.jerla.abi.linux.Fcntl.*;
import static dev.jerla.kernel.vfs.TestKernel.assertErrno;
import static org.junit.jupiter.api.Assertions.*;

/** Creating, removing and renaming names with Linux's errnos (fs/namei.c). */
class NamespaceTest {
    private TestKernel k;

    @BeforeEach
    void setUp() throws ErrnoException {
        k = new TestKernel();
        k.vfs.mkdir(k.task, AT_FDCWD, "/d", 0755);
        k.write("/d/f", "data");
    }

    private List<String> ls(String dir) throws ErrnoException {
        DirectoryFile f = (DirectoryFile) k.open(dir, O_RDONLY | O_DIRECTORY, 0);
        List<String> names = new ArrayList<>();
        f.iterate((e, next) -> names.add(e.name()));
        f.release();
        return names;
    }

    @Test
    void unlinkAndRmdirErrnos() throws ErrnoException {
        assertErrno(Errno.EISDIR, () -> k.vfs.unlink(k.task, AT_FDCWD, "/d"));
        assertErrno(Errno.ENOTDIR, () -> k.vfs.rmdir(k.task, AT_FDCWD, "/d/f"));
        assertErrno(Errno.ENOTEMPTY, () -> k.vfs.rmdir(k.task, AT_FDCWD, "/d"));
        assertErrno(Errno.EINVAL, () -> k.vfs.rmdir(k.task, AT_FDCWD, "/d/."));
        assertErrno(Errno.ENOTEMPTY, () -> k.vfs.rmdir(k.task, AT_FDCWD, "/d/.."));
        assertErrno(Errno.EBUSY, () -> k.vfs.rmdir(k.task, AT_FDCWD, "/"));
        assertErrno(Errno.ENOTDIR, () -> k.vfs.unlink(k.task, AT_FDCWD, "/d/f/"));
        assertErrno(Errno.ENOENT, () -> k.vfs.unlink(k.task, AT_FDCWD, "/d/nope"));
        assertErrno(Errno.EEXIST, () -> k.vfs.mkdir(k.task, AT_FDCWD, "/d", 0755));
        assertErrno(Errno.EEXIST, () -> k.vfs.mkdir(k.task, AT_FDCWD, "/d/.", 0755));
        k.vfs.unlink(k.task, AT_FDCWD, "/d/f");
        k.vfs.rmdir(k.task, AT_FDCWD, "/d");
        assertErrno(Errno.ENOENT, () -> k.lookup("/d"));
    }

    @Test
    void anUnlinkedFileStaysReadableWhileOpen() throws ErrnoException {
        FileDescription f = k.open("/d/f", O_RDONLY, 0);
        k.vfs.unlink(k.task, AT_FDCWD, "/d/f");
        byte[] b = new byte[10];
        assertEquals(4, f.read(k.task, b, 0, 10));
        assertEquals(0, f.inode().getattr().nlink());
        assertTrue(k.vfs.pathOf(f).endsWith("/d/f (deleted)"));
    }

    @Test
    void hardLinksShareTheInode() throws ErrnoException {
        k.vfs.link(k.task, AT_FDCWD, "/d/f", AT_FDCWD, "/d/g", 0);
        assertSame(k.lookup("/d/f").inode(), k.lookup("/d/g").inode());
        assertEquals(2, k.lookup("/d/g").inode().getattr().nlink());
        assertErrno(Errno.EEXIST, () -> k.vfs.link(k.task, AT_FDCWD, "/d/f", AT_FDCWD, "/d/g", 0));
        assertErrno(Errno.EPERM, () -> k.vfs.link(k.task, AT_FDCWD, "/d", AT_FDCWD, "/e", 0));
        k.vfs.unlink(k.task, AT_FDCWD, "/d/f");
        assertEquals("data", k.read("/d/g"));
        assertEquals(1, k.lookup("/d/g").inode().getattr().nlink());
    }

    @Test
    void directoryLinkCountsCountSubdirectories() throws ErrnoException {
        assertEquals(2, k.lookup("/d").inode().getattr().nlink());
        k.vfs.mkdir(k.task, AT_FDCWD, "/d/s1", 0755);
        k.vfs.mkdir(k.task, AT_FDCWD, "/d/s2", 0755);
        assertEquals(4, k.lookup("/d").inode().getattr().nlink());
        k.vfs.rename(k.task, AT_FDCWD, "/d/s2", AT_FDCWD, "/s2", 0);
        assertEquals(3, k.lookup("/d").inode().getattr().nlink());
    }

    @Test
    void renameReplacesMovesAndRefuses() throws ErrnoException {
        k.write("/d/g", "other");
        k.vfs.rename(k.task, AT_FDCWD, "/d/f", AT_FDCWD, "/d/g", 0);
        assertEquals("data", k.read("/d/g"));
        assertErrno(Errno.ENOENT, () -> k.lookup("/d/f"));
        k.vfs.mkdir(k.task, AT_FDCWD, "/d/sub", 0755);
        assertErrno(Errno.EINVAL, () -> k.vfs.rename(k.task, AT_FDCWD, "/d", AT_FDCWD, "/d/sub/x", 0));
        assertErrno(Errno.EISDIR, () -> k.vfs.rename(k.task, AT_FDCWD, "/d/g", AT_FDCWD, "/d/sub", 0));
        assertErrno(Errno.ENOTDIR, () -> k.vfs.rename(k.task, AT_FDCWD, "/d/sub", AT_FDCWD, "/d/g", 0));
        k.vfs.mkdir(k.task, AT_FDCWD, "/full", 0755);
        k.write("/full/x", "");
        assertErrno(Errno.ENOTEMPTY, () -> k.vfs.rename(k.task, AT_FDCWD, "/d/sub", AT_FDCWD, "/full", 0));
        assertErrno(Errno.EBUSY, () -> k.vfs.rename(k.task, AT_FDCWD, "/d/.", AT_FDCWD, "/z", 0));
        // Moving a directory moves what lies below it, open or not, and the working directory.
        k.vfs.chdir(k.task, "/d/sub");
        k.vfs.rename(k.task, AT_FDCWD, "/d", AT_FDCWD, "/moved", 0);
        assertEquals("/moved/sub", k.vfs.getcwd(k.task));
        assertEquals("data", k.read("/moved/g"));
    }

    @Test
    void renameNoreplaceAndExchange() throws ErrnoException {
        k.write("/d/g", "other");
        assertErrno(Errno.EEXIST, () -> k.vfs.rename(k.task, AT_FDCWD, "/d/f", AT_FDCWD, "/d/g", RENAME_NOREPLACE));
        Location f = k.lookup("/d/f"), g = k.lookup("/d/g");
        k.vfs.rename(k.task, AT_FDCWD, "/d/f", AT_FDCWD, "/d/g", RENAME_EXCHANGE);
        assertEquals("other", k.read("/d/f"));
        assertEquals("data", k.read("/d/g"));
        // The cached names moved with the files.
        assertSame(g.dentry(), k.lookup("/d/f").dentry());
        assertSame(f.dentry(), k.lookup("/d/g").dentry());
        assertEquals("/d/g", k.vfs.pathOf(f, k.task.fs().root()));
        assertErrno(Errno.ENOENT, () -> k.vfs.rename(k.task, AT_FDCWD, "/d/f", AT_FDCWD, "/d/none", RENAME_EXCHANGE));
        assertErrno(Errno.EINVAL, () -> k.vfs.rename(k.task, AT_FDCWD, "/d/f", AT_FDCWD, "/d/g", RENAME_EXCHANGE | RENAME_NOREPLACE));
        k.vfs.rename(k.task, AT_FDCWD, "/d/f", AT_FDCWD, "/d/new", RENAME_NOREPLACE);
        assertEquals("other", k.read("/d/new"));
    }

    @Test
    void readdirListsDotsThenEntriesInCreationOrder() throws ErrnoException {
        k.write("/d/b", "");
        k.vfs.mkdir(k.task, AT_FDCWD, "/d/a", 0755);
        assertEquals(List.of(".", "..", "f", "b", "a"), ls("/d"));
        k.vfs.unlink(k.task, AT_FDCWD, "/d/b");
        assertEquals(List.of(".", "..", "f", "a"), ls("/d"));
    }

    @Test
    void mknodMakesFifosAndRootOnlyDevices() throws ErrnoException {
        k.vfs.mknod(k.task, AT_FDCWD, "/d/p", Stat.S_IFIFO | 0644, 0);
        assertTrue(Stat.isFifo(k.lookup("/d/p").inode().mode()));
        k.vfs.mknod(k.task, AT_FDCWD, "/d/null", Stat.S_IFCHR | 0666, Stat.encodeDev(1, 3));
        assertEquals(Stat.encodeDev(1, 3), k.lookup("/d/null").inode().getattr().rdev());
        assertErrno(Errno.EPERM, () -> k.vfs.mknod(k.task, AT_FDCWD, "/d/dir", Stat.S_IFDIR | 0755, 0));
        k.become(1000);
        assertErrno(Errno.EPERM, () -> k.vfs.mknod(k.task, AT_FDCWD, "/d/dev", Stat.S_IFCHR | 0666, 0));
    }

    @Test
    void chmodChownAndTimesFollowOwnershipRules() throws ErrnoException {
        Location f = k.lookup("/d/f");
        k.vfs.chown(k.task, f.inode(), f, 1000, 1000);
        k.vfs.chmod(k.task, f.inode(), f, 04755);
        k.vfs.chown(k.task, f.inode(), f, 1000, 50);
        assertEquals(0755, f.inode().mode() & 07777, "chown clears set-user-ID");
        k.become(1001);
        assertErrno(Errno.EPERM, () -> k.vfs.chmod(k.task, f.inode(), f, 0777));
        assertErrno(Errno.EPERM, () -> k.vfs.utimes(k.task, f.inode(), f, 0, 0, true));
        k.become(1000);
        assertErrno(Errno.EPERM, () -> k.vfs.chown(k.task, f.inode(), f, 0, -1));
        k.vfs.utimes(k.task, f.inode(), f, 1_000_000_123L, 2_000_000_456L, true);
        Attr a = f.inode().getattr();
        assertEquals(1_000_000_123L, a.atime());
        assertEquals(2_000_000_456L, a.mtime());
    }

    @Test
    void truncateGrowsWithZerosAndShrinks() throws ErrnoException {
        Location f = k.lookup("/d/f");
        k.vfs.truncate(k.task, f, 10);
        assertEquals("data\0\0\0\0\0\0", k.read("/d/f"));
        k.vfs.truncate(k.task, f, 2);
        assertEquals("da", k.read("/d/f"));
        assertErrno(Errno.EISDIR, () -> k.vfs.truncate(k.task, k.lookup("/d"), 0));
        assertErrno(Errno.EINVAL, () -> k.vfs.truncate(k.task, f, -1));
    }
}
