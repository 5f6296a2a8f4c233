package dev.jerla.kernel.vfs;

import dev.jerla.abi.linux.Errno;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.Kernel;
import dev.jerla.kernel.KernelConfig;
import dev.jerla.kernel.fs.tmpfs.TmpFs;
import dev.jerla.kernel.task.Clone;
import dev.jerla.kernel.task.Credentials;
import dev.jerla.kernel.task.Task;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.function.Executable;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** A kernel with a VFS on a fresh tmpfs root and a task to act with, for unit tests of the file subsystem. */
public final class TestKernel {
    public final Kernel kernel;
    public final Vfs vfs;
    public final Task task;
    public final ByteArrayOutputStream log = new ByteArrayOutputStream();

    public TestKernel() throws ErrnoException {
        this(new TmpFs("tmpfs", 64L << 20, 0755, 0, 0));
    }

    public TestKernel(FileSystem root) throws ErrnoException {
        KernelConfig.Console console = new KernelConfig.Console(new ByteArrayInputStream(new byte[0]),
                new ByteArrayOutputStream(), false, 80, 24);
        KernelConfig cfg = new KernelConfig(new KernelConfig.HostRoot(Path.of("/")), List.of(), List.of("/init"),
                List.of(), "/", console, false, false, new PrintStream(log, true));
        kernel = new Kernel(cfg);
        vfs = new Vfs(kernel, root, "test");
        task = Clone.createInit(kernel, new FdTable(), vfs.rootContext());
    }

    /** Another process with its own file table, for a second thread of a test (a task is one guest thread). */
    public Task newTask() throws ErrnoException {
        return Clone.createInit(kernel, new FdTable(), task.fs().copy());
    }

    /** Asserts that {@code ex} fails with {@code expected}. */
    public static void assertErrno(Errno expected, Executable ex) {
        ErrnoException e = Assertions.assertThrows(ErrnoException.class, ex);
        Assertions.assertEquals(expected, e.errno());
    }

    /** Acts as user {@code uid} (group {@code uid}) from now on. */
    public void become(int uid) {
        task.setCreds(new Credentials(uid, uid, uid, uid, uid, uid, uid, uid, new int[0]));
    }

    /** Opens a path relative to the task's working directory. */
    public FileDescription open(String path, int flags, int mode) throws ErrnoException {
        return vfs.open(task, dev.jerla.abi.linux.Fcntl.AT_FDCWD, path, flags, mode);
    }

    public void write(String path, String text) throws ErrnoException {
        FileDescription f = open(path, dev.jerla.abi.linux.Fcntl.O_WRONLY | dev.jerla.abi.linux.Fcntl.O_CREAT
                | dev.jerla.abi.linux.Fcntl.O_TRUNC, 0644);
        byte[] b = text.getBytes();
        f.write(task, b, 0, b.length);
        f.release();
    }

    public String read(String path) throws ErrnoException {
        FileDescription f = open(path, dev.jerla.abi.linux.Fcntl.O_RDONLY, 0);
        byte[] b = new byte[65536];
        int n = f.read(task, b, 0, b.length);
        f.release();
        return new String(b, 0, n);
    }

    public Location lookup(String path) throws ErrnoException {
        return vfs.lookup(task, path);
    }
}
