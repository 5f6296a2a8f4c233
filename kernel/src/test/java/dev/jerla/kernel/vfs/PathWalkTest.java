package dev.jerla.kernel.vfs;

import dev.jerla.abi.linux.Errno;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.fs.tmpfs.TmpFs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.jerla.abi.linux.Fcntl.*;
import static dev.jerla.kernel.vfs.TestKernel.assertErrno;
import static org.junit.jupiter.api.Assertions.*;

/** Path resolution as fs/namei.c does it: dots, mounts, symbolic links, trailing slashes, limits, permissions. */
class PathWalkTest {
    private TestKernel k;

    @BeforeEach
    void setUp() throws ErrnoException {
        k = new TestKernel();
        k.vfs.mkdir(k.task, AT_FDCWD, "/a", 0755);
        k.vfs.mkdir(k.task, AT_FDCWD, "/a/b", 0755);
        k.write("/a/b/f", "hello");
    }

    @Test
    void dotsAndRepeatedSlashesResolve() throws ErrnoException {
        Location f = k.lookup("/a/b/f");
        assertSame(f.inode(), k.lookup("//a/./b//../b/f").inode());
        assertSame(k.lookup("/").inode(), k.lookup("/../../..").inode());
        k.vfs.chdir(k.task, "/a");
        assertSame(f.inode(), k.lookup("b/f").inode());
        assertSame(k.lookup("/a").inode(), k.lookup("b/..").inode());
        assertEquals("/a", k.vfs.getcwd(k.task));
    }

    @Test
    void trailingSlashNeedsADirectory() throws ErrnoException {
        assertTrue(k.lookup("/a/b/").isDirectory());
        assertErrno(Errno.ENOTDIR, () -> k.lookup("/a/b/f/"));
        assertErrno(Errno.ENOTDIR, () -> k.lookup("/a/b/f/."));
        assertErrno(Errno.ENOENT, () -> k.lookup("/a/b/missing/"));
        assertErrno(Errno.ENOTDIR, () -> k.lookup("/a/b/f/x"));
        // Creating a file with a trailing slash: EISDIR from open, ENOENT from mknod-like creators.
        assertErrno(Errno.EISDIR, () -> k.open("/a/new/", O_CREAT | O_WRONLY, 0644));
        assertErrno(Errno.ENOENT, () -> k.vfs.symlink(k.task, "x", AT_FDCWD, "/a/link/"));
        k.vfs.mkdir(k.task, AT_FDCWD, "/a/c/", 0755);
        assertTrue(k.lookup("/a/c").isDirectory());
    }

    @Test
    void emptyPathIsENOENT() {
        assertErrno(Errno.ENOENT, () -> k.lookup(""));
    }

    @Test
    void symbolicLinksAreFollowedExceptAtTheEndWhenAsked() throws ErrnoException {
        k.vfs.symlink(k.task, "b", AT_FDCWD, "/a/rel");
        k.vfs.symlink(k.task, "/a/b/f", AT_FDCWD, "/abs");
        k.vfs.symlink(k.task, "../a/b", AT_FDCWD, "/a/up");
        assertEquals("hello", k.read("/a/rel/f"));
        assertEquals("hello", k.read("/abs"));
        assertEquals("hello", k.read("/a/up/f"));
        Location link = k.vfs.lookup(k.task, AT_FDCWD, "/abs", AT_SYMLINK_NOFOLLOW);
        assertInstanceOf(SymlinkInode.class, link.inode());
        assertEquals("/a/b/f", k.vfs.readlink(k.task, AT_FDCWD, "/abs"));
        assertErrno(Errno.EINVAL, () -> k.vfs.readlink(k.task, AT_FDCWD, "/a/b/f"));
        // A trailing slash follows even a final link.
        assertTrue(k.vfs.lookup(k.task, AT_FDCWD, "/a/rel/", AT_SYMLINK_NOFOLLOW).isDirectory());
        assertErrno(Errno.ELOOP, () -> k.open("/abs", O_RDONLY | O_NOFOLLOW, 0));
        FileDescription p = k.open("/abs", O_PATH | O_NOFOLLOW, 0);
        assertInstanceOf(SymlinkInode.class, p.inode());
        assertErrno(Errno.ENOTDIR, () -> k.open("/abs", O_RDONLY | O_DIRECTORY, 0));
    }

    @Test
    void fortyLinksAreAllowedAndTheFortyFirstIsELOOP() throws ErrnoException {
        k.vfs.symlink(k.task, "/a/b/f", AT_FDCWD, "/l0");
        for (int i = 1; i <= 40; i++) k.vfs.symlink(k.task, "/l" + (i - 1), AT_FDCWD, "/l" + i);
        assertEquals("hello", k.read("/l39"));
        assertErrno(Errno.ELOOP, () -> k.read("/l40"));
        k.vfs.symlink(k.task, "loop2", AT_FDCWD, "/loop1");
        k.vfs.symlink(k.task, "loop1", AT_FDCWD, "/loop2");
        assertErrno(Errno.ELOOP, () -> k.lookup("/loop1"));
        assertErrno(Errno.ELOOP, () -> k.lookup("/loop1/x"));
        assertErrno(Errno.ENOENT, () -> k.vfs.symlink(k.task, "", AT_FDCWD, "/empty"));
    }

    @Test
    void longNamesAreENAMETOOLONG() {
        String longName = "x".repeat(256);
        assertErrno(Errno.ENAMETOOLONG, () -> k.lookup("/a/" + longName));
        assertErrno(Errno.ENAMETOOLONG, () -> k.open("/a/" + longName, O_CREAT | O_WRONLY, 0644));
        assertErrno(Errno.ENAMETOOLONG, () -> k.vfs.mkdir(k.task, AT_FDCWD, "/a/" + longName, 0755));
        assertErrno(Errno.ENAMETOOLONG, () -> k.lookup("/" + "a/".repeat(2048)));
    }

    @Test
    void openCreatesThroughADanglingLinkAndHonoursExcl() throws ErrnoException {
        k.vfs.symlink(k.task, "/a/target", AT_FDCWD, "/dangling");
        k.write("/dangling", "made");
        assertEquals("made", k.read("/a/target"));
        assertErrno(Errno.EEXIST, () -> k.open("/a/b/f", O_CREAT | O_EXCL | O_WRONLY, 0644));
        assertErrno(Errno.EEXIST, () -> k.open("/dangling", O_CREAT | O_EXCL | O_WRONLY, 0644));
        assertErrno(Errno.EISDIR, () -> k.open("/a", O_WRONLY, 0));
        assertErrno(Errno.EISDIR, () -> k.open("/a", O_CREAT | O_RDONLY, 0644));
    }

    @Test
    void umaskAppliesToNewFiles() throws ErrnoException {
        k.task.fs().setUmask(027);
        k.open("/a/m", O_CREAT | O_WRONLY, 0666).release();
        assertEquals(0640, k.lookup("/a/m").inode().mode() & 0777);
    }

    @Test
    void permissionsFollowModeBitsAndRootOverrides() throws ErrnoException {
        k.vfs.mkdir(k.task, AT_FDCWD, "/secret", 0700);
        k.write("/secret/s", "s");
        k.write("/noexec", "#!");
        k.become(1000);
        assertErrno(Errno.EACCES, () -> k.lookup("/secret/s"));
        assertErrno(Errno.EACCES, () -> k.open("/a/new", O_CREAT | O_WRONLY, 0644));
        assertErrno(Errno.EACCES, () -> k.open("/a/b/f", O_WRONLY, 0));
        assertEquals("hello", k.read("/a/b/f"));
        assertErrno(Errno.EACCES, () -> k.vfs.openExec(k.task, "/a/b/f"));
        k.become(0);
        assertEquals("s", k.read("/secret/s"));
        // Root needs some x bit to execute.
        assertErrno(Errno.EACCES, () -> k.vfs.openExec(k.task, "/noexec"));
        k.vfs.chmod(k.task, k.lookup("/noexec").inode(), k.lookup("/noexec"), 0701);
        k.vfs.openExec(k.task, "/noexec").release();
    }

    @Test
    void stickyDirectoriesProtectOthersFiles() throws ErrnoException {
        k.task.fs().setUmask(0);
        k.vfs.mkdir(k.task, AT_FDCWD, "/tmp", 01777);
        k.become(1000);
        k.write("/tmp/mine", "1");
        k.become(1001);
        assertErrno(Errno.EPERM, () -> k.vfs.unlink(k.task, AT_FDCWD, "/tmp/mine"));
        k.become(1000);
        k.vfs.unlink(k.task, AT_FDCWD, "/tmp/mine");
    }

    @Test
    void dotDotCrossesMountPointsAndStopsAtTheRoot() throws ErrnoException {
        k.vfs.mkdir(k.task, AT_FDCWD, "/mnt", 0755);
        Mount m = k.vfs.mount(new TmpFs(), k.lookup("/mnt"), "tmpfs", 0);
        k.vfs.mkdir(k.task, AT_FDCWD, "/mnt/inside", 0755);
        Location inside = k.lookup("/mnt/inside");
        assertSame(m, inside.mount());
        assertSame(k.lookup("/a").inode(), k.lookup("/mnt/inside/../../a").inode());
        k.vfs.chdir(k.task, "/mnt/inside");
        assertEquals("/mnt/inside", k.vfs.getcwd(k.task));
        assertSame(k.lookup("/").inode(), k.lookup("../../../..").inode());
        // A chroot jail keeps ".." inside.
        k.vfs.chroot(k.task, "/mnt");
        assertSame(m.root().inode(), k.lookup("/../..").inode());
        assertEquals("/inside", k.vfs.getcwd(k.task));
    }

    @Test
    void getcwdOfARemovedDirectoryIsENOENT() throws ErrnoException {
        k.vfs.mkdir(k.task, AT_FDCWD, "/gone", 0755);
        k.vfs.chdir(k.task, "/gone");
        k.vfs.rmdir(k.task, AT_FDCWD, "/gone");
        assertErrno(Errno.ENOENT, () -> k.vfs.getcwd(k.task));
        assertErrno(Errno.ENOENT, () -> k.open("new", O_CREAT | O_WRONLY, 0644));
    }

    @Test
    void dirfdsAndEmptyPaths() throws ErrnoException {
        FileDescription dir = k.open("/a", O_RDONLY | O_DIRECTORY, 0);
        int fd = k.task.files().install(dir, false, 0, 1024);
        assertSame(k.lookup("/a/b/f").inode(), k.vfs.lookup(k.task, fd, "b/f", 0).inode());
        assertSame(dir.inode(), k.vfs.lookup(k.task, fd, "", AT_EMPTY_PATH).inode());
        assertErrno(Errno.ENOENT, () -> k.vfs.lookup(k.task, fd, "", 0));
        FileDescription file = k.open("/a/b/f", O_RDONLY, 0);
        int ffd = k.task.files().install(file, false, 0, 1024);
        assertErrno(Errno.ENOTDIR, () -> k.vfs.lookup(k.task, ffd, "x", 0));
        // An absolute path ignores the dirfd.
        assertSame(k.lookup("/a").inode(), k.vfs.lookup(k.task, ffd, "/a", 0).inode());
    }
}
