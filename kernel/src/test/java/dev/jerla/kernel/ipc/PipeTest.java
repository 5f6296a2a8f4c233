package dev.jerla.kernel.ipc;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Poll;
import dev.jerla.abi.linux.Stat;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.vfs.FileDescription;
import dev.jerla.kernel.vfs.TestKernel;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.jerla.abi.linux.Fcntl.*;
import static dev.jerla.kernel.vfs.TestKernel.assertErrno;
import static org.junit.jupiter.api.Assertions.*;

/** Pipes and FIFOs as fs/pipe.c: capacity, atomic small writes, EOF, EPIPE, FIFO open rules. */
class PipeTest {
    @Test
    void holdsSixteenPageSlotsThenEAGAIN() throws ErrnoException {
        TestKernel k = new TestKernel();
        FileDescription[] p = Pipe.create(k.task, O_NONBLOCK);
        byte[] chunk = new byte[1000];
        long total = 0;
        while (true) {
            try {
                total += p[1].write(k.task, chunk, 0, chunk.length);
            } catch (ErrnoException e) {
                assertEquals(Errno.EAGAIN, e.errno());
                break;
            }
        }
        // Four 1000-byte writes share a page; the fifth takes a new slot: 16 slots hold 64000 bytes.
        assertEquals(64000, total);
        assertErrno(Errno.EAGAIN, () -> p[1].write(k.task, new byte[5000], 0, 5000));
        assertEquals(0, p[1].poll() & Poll.POLLOUT);
        assertEquals(Poll.POLLIN | Poll.POLLRDNORM, p[0].poll());
        byte[] b = new byte[70000];
        assertEquals(64000, p[0].read(k.task, b, 0, b.length));
        assertErrno(Errno.EAGAIN, () -> p[0].read(k.task, b, 0, 1));
    }

    @Test
    void endOfFileWhenWritersAreGoneAndEPIPEWhenReadersAre() throws ErrnoException {
        TestKernel k = new TestKernel();
        FileDescription[] p = Pipe.create(k.task, 0);
        p[1].write(k.task, "x".getBytes(), 0, 1);
        p[1].release();
        byte[] b = new byte[4];
        assertEquals(1, p[0].read(k.task, b, 0, 4));
        assertEquals(0, p[0].read(k.task, b, 0, 4));
        assertEquals(Poll.POLLHUP, p[0].poll());
        FileDescription[] q = Pipe.create(k.task, 0);
        q[0].release();
        assertErrno(Errno.EPIPE, () -> q[1].write(k.task, b, 0, 1));
        assertEquals(Poll.POLLERR | Poll.POLLOUT | Poll.POLLWRNORM, q[1].poll());
        assertEquals(Stat.S_IFIFO | 0600, q[1].inode().mode());
    }

    @Test
    void aBlockedReaderWakesWhenDataArrives() throws Exception {
        TestKernel k = new TestKernel();
        FileDescription[] p = Pipe.create(k.task, 0);
        Task other = k.newTask();
        CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return p[0].read(other, new byte[10], 0, 10);
            } catch (ErrnoException e) {
                return -e.code();
            }
        });
        Thread.sleep(50);
        assertFalse(reader.isDone());
        p[1].write(k.task, "hello".getBytes(), 0, 5);
        assertEquals(5, reader.get(5, TimeUnit.SECONDS));
    }

    @Test
    void fifoOpenWaitsForThePartnerUnlessNonBlocking() throws Exception {
        TestKernel k = new TestKernel();
        k.vfs.mknod(k.task, AT_FDCWD, "/fifo", Stat.S_IFIFO | 0666, 0);
        assertErrno(Errno.ENXIO, () -> k.open("/fifo", O_WRONLY | O_NONBLOCK, 0));
        FileDescription r = k.open("/fifo", O_RDONLY | O_NONBLOCK, 0);
        assertEquals(0, r.poll(), "no POLLHUP before any writer came");
        FileDescription w = k.open("/fifo", O_WRONLY | O_NONBLOCK, 0);
        w.write(k.task, "abc".getBytes(), 0, 3);
        byte[] b = new byte[8];
        assertEquals(3, r.read(k.task, b, 0, 8));
        w.release();
        r.release();
        Task other = k.newTask();
        CompletableFuture<FileDescription> blockedReader = CompletableFuture.supplyAsync(() -> {
            try {
                return k.vfs.open(other, AT_FDCWD, "/fifo", O_RDONLY, 0);
            } catch (ErrnoException e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(50);
        assertFalse(blockedReader.isDone(), "a reader waits for a writer");
        FileDescription w2 = k.open("/fifo", O_WRONLY, 0);
        FileDescription r2 = blockedReader.get(5, TimeUnit.SECONDS);
        w2.write(k.task, "z".getBytes(), 0, 1);
        assertEquals(1, r2.read(k.task, b, 0, 8));
        assertEquals(1, k.open("/fifo", O_RDWR, 0).write(k.task, b, 0, 1), "O_RDWR never waits");
    }
}
