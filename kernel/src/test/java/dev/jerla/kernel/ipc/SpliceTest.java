package dev.jerla.kernel.ipc;

import dev.jerla.abi.linux.Errno;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.mm.UserMemory;
import dev.jerla.kernel.vfs.FileDescription;
import dev.jerla.kernel.vfs.TestKernel;
import org.junit.jupiter.api.Test;

import static dev.jerla.abi.linux.Fcntl.*;
import static dev.jerla.kernel.vfs.TestKernel.assertErrno;
import static org.junit.jupiter.api.Assertions.*;

/** splice and tee between pipes as fs/splice.c, and how many bytes the slots of a pipe hold. */
class SpliceTest {
    private static String drain(TestKernel k, FileDescription readEnd) throws ErrnoException {
        byte[] b = new byte[256];
        int n = readEnd.read(k.task, b, 0, b.length);
        return new String(b, 0, n);
    }

    @Test
    void teeCopiesWithoutConsumingAndPipeToPipeMoves() throws ErrnoException {
        TestKernel k = new TestKernel();
        FileDescription[] a = Pipe.create(k.task, 0), b = Pipe.create(k.task, 0);
        Pipe pa = Splice.pipeOf(a[0]), pb = Splice.pipeOf(b[1]);
        a[1].write(k.task, "abcdef".getBytes(), 0, 6);
        assertEquals(4, Splice.tee(k.task, pa, pb, 4, false));
        assertEquals(6, pa.available());
        assertEquals("abcd", drain(k, b[0]));
        assertEquals(6, Splice.pipeToPipe(k.task, pa, pb, 100, false));
        assertEquals(0, pa.available());
        assertEquals("abcdef", drain(k, b[0]));
        assertErrno(Errno.EAGAIN, () -> Splice.pipeToPipe(k.task, pa, pb, 100, true));
        a[1].release();
        assertEquals(0, Splice.pipeToPipe(k.task, pa, pb, 100, false), "end of file");
    }

    @Test
    void aFullOutputPipeIsEAGAINWhenNonBlocking() throws ErrnoException {
        TestKernel k = new TestKernel();
        FileDescription[] a = Pipe.create(k.task, 0), b = Pipe.create(k.task, O_NONBLOCK);
        Pipe pa = Splice.pipeOf(a[0]), pb = Splice.pipeOf(b[1]);
        byte[] big = new byte[Pipe.DEFAULT_CAPACITY - 100];
        b[1].write(k.task, big, 0, big.length);
        a[1].write(k.task, "x".getBytes(), 0, 1);
        // 65436 queued bytes fill all 16 page slots, though 100 bytes are free.
        assertEquals(0, pb.freeSlots());
        assertErrno(Errno.EAGAIN, () -> Splice.tee(k.task, pa, pb, 1, true));
    }

    @Test
    void userBuffersTakeOneSlotPerPagePiece() {
        UserMemory.Iovec[] aligned = {new UserMemory.Iovec(0x10000, 100_000)};
        assertEquals(65536, Splice.userBytesFitting(aligned, 16));
        UserMemory.Iovec[] skewed = {new UserMemory.Iovec(0x10064, 100_000)};
        assertEquals(4096 - 100 + 15 * 4096, Splice.userBytesFitting(skewed, 16));
        UserMemory.Iovec[] small = {new UserMemory.Iovec(0x10000, 3), new UserMemory.Iovec(0x20000, 0),
            new UserMemory.Iovec(0x30000, 4)};
        assertEquals(3, Splice.userBytesFitting(small, 1), "each iovec starts a buffer of its own");
        assertEquals(7, Splice.userBytesFitting(small, 16));
    }
}
