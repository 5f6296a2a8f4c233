package dev.jerla.kernel.fs.hostfs;

import dev.jerla.abi.linux.Errno;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.vfs.Attr;
import dev.jerla.kernel.vfs.DirectoryFile;
import dev.jerla.kernel.vfs.FileDescription;
import dev.jerla.kernel.vfs.TestKernel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.jerla.abi.linux.Fcntl.*;
import static dev.jerla.kernel.vfs.TestKernel.assertErrno;
import static org.junit.jupiter.api.Assertions.*;

/** A host directory as the root: host metadata, writes, and no way out through links or "..". */
class HostFsTest {
    @TempDir Path tmp;
    private Path root;
    private Path outside;
    private TestKernel k;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectory(tmp.resolve("root"));
        outside = Files.createDirectory(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "host secret");
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\n");
        Files.writeString(root.resolve("secret"), "guest secret");
        // Links that would leave the root if the host followed them.
        Files.createSymbolicLink(root.resolve("abs"), outside.resolve("secret"));
        Files.createSymbolicLink(root.resolve("up"), Path.of("../../secret"));
        Files.createSymbolicLink(root.resolve("out"), Path.of("../outside/secret"));
        Files.createSymbolicLink(root.resolve("etclink"), Path.of("/etc"));
        k = new TestKernel(new HostFs(root, false));
    }

    @Test
    void linksResolveInsideTheGuestRoot() throws ErrnoException {
        // "/..../secret" inside the root: the guest's own /secret, never the host's.
        assertEquals("guest secret", k.read("/up"));
        assertEquals("root:x:0:0::/root:/bin/sh\n", k.read("/etclink/passwd"));
        assertErrno(Errno.ENOENT, () -> k.read("/abs"));
        assertErrno(Errno.ENOENT, () -> k.read("/out"));
        assertEquals("guest secret", k.read("/../../../secret"));
        assertEquals("guest secret", k.read("/etc/../../../../secret"));
        assertEquals(outside.resolve("secret").toString(), k.vfs.readlink(k.task, AT_FDCWD, "/abs"));
    }

    @Test
    void metadataIsTheHosts() throws Exception {
        Attr a = k.lookup("/etc/passwd").inode().getattr();
        var host = Files.readAttributes(root.resolve("etc/passwd"), "unix:ino,uid,mode,size");
        assertEquals((Long) host.get("ino"), a.ino());
        assertEquals((Integer) host.get("uid"), a.uid());
        assertEquals((Integer) host.get("mode"), a.mode());
        assertEquals(26, a.size());
    }

    @Test
    void writesCreatesRenamesAndRemovesReachTheHost() throws Exception {
        k.vfs.mkdir(k.task, AT_FDCWD, "/new", 0750);
        assertTrue(Files.isDirectory(root.resolve("new")));
        assertEquals(0750, (Integer) Files.getAttribute(root.resolve("new"), "unix:mode") & 0777);
        k.write("/new/file", "content");
        assertEquals("content", Files.readString(root.resolve("new/file")));
        FileDescription f = k.open("/new/file", O_WRONLY | O_APPEND, 0);
        f.write(k.task, "+".getBytes(), 0, 1);
        f.release();
        assertEquals("content+", Files.readString(root.resolve("new/file")));
        k.vfs.rename(k.task, AT_FDCWD, "/new/file", AT_FDCWD, "/new/renamed", 0);
        assertEquals("content+", Files.readString(root.resolve("new/renamed")));
        k.vfs.symlink(k.task, "renamed", AT_FDCWD, "/new/link");
        assertEquals("renamed", Files.readSymbolicLink(root.resolve("new/link")).toString());
        assertEquals("content+", k.read("/new/link"));
        assertErrno(Errno.ENOTEMPTY, () -> k.vfs.rmdir(k.task, AT_FDCWD, "/new"));
        k.vfs.unlink(k.task, AT_FDCWD, "/new/link");
        k.vfs.unlink(k.task, AT_FDCWD, "/new/renamed");
        k.vfs.rmdir(k.task, AT_FDCWD, "/new");
        assertFalse(Files.exists(root.resolve("new")));
    }

    /** Regression: a directory held as the working directory kept its old host path after its parent was renamed. */
    @Test
    void aHeldDirectoryFollowsTheRenameOfItsParent() throws Exception {
        k.vfs.mkdir(k.task, AT_FDCWD, "/p", 0755);
        k.vfs.mkdir(k.task, AT_FDCWD, "/p/inner", 0755);
        k.write("/p/inner/f", "inside");
        k.vfs.chdir(k.task, "/p/inner");
        k.vfs.rename(k.task, AT_FDCWD, "/p", AT_FDCWD, "/q", 0);
        assertEquals("inside", k.read("f"));
        k.write("g", "made after the move");
        assertEquals("made after the move", Files.readString(root.resolve("q/inner/g")));
        assertEquals("/q/inner", k.vfs.getcwd(k.task));
    }

    /** Regression: fstat of an open file whose name was unlinked said nlink 0 although another link kept it. */
    @Test
    void anOpenFileKeepsItsAttributesThroughAnotherLink() throws Exception {
        k.write("/x", "linked");
        k.vfs.link(k.task, AT_FDCWD, "/x", AT_FDCWD, "/y", 0);
        FileDescription f = k.open("/x", O_RDWR, 0);
        assertEquals(2, f.inode().getattr().nlink());
        k.vfs.unlink(k.task, AT_FDCWD, "/x");
        assertEquals(1, f.inode().getattr().nlink());
        assertEquals(6, f.inode().getattr().size());
        f.release();
    }

    @Test
    void aHostChangeIsSeenAtTheNextLookup() throws Exception {
        assertEquals("guest secret", k.read("/secret"));
        Files.delete(root.resolve("secret"));
        assertErrno(Errno.ENOENT, () -> k.read("/secret"));
        Files.writeString(root.resolve("secret"), "again");
        assertEquals("again", k.read("/secret"));
    }

    @Test
    void readdirShowsHostEntries() throws ErrnoException {
        DirectoryFile d = (DirectoryFile) k.open("/", O_RDONLY | O_DIRECTORY, 0);
        List<String> names = new ArrayList<>();
        d.iterate((e, next) -> names.add(e.name()));
        assertTrue(names.containsAll(List.of(".", "..", "etc", "secret", "abs", "up", "etclink")), names.toString());
    }

    @Test
    void aReadOnlyHostDirectoryRefusesChanges() throws ErrnoException {
        TestKernel ro = new TestKernel(new HostFs(root, true));
        assertErrno(Errno.EROFS, () -> ro.vfs.mkdir(ro.task, AT_FDCWD, "/x", 0755));
        assertErrno(Errno.EROFS, () -> ro.open("/secret", O_WRONLY, 0));
        assertEquals("guest secret", ro.read("/secret"));
    }
}
