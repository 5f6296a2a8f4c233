package dev.jerla.kernel.net.unix;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Poll;
import dev.jerla.abi.linux.Stat;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.net.Control;
import dev.jerla.kernel.net.RecvInfo;
import dev.jerla.kernel.net.Socket;
import dev.jerla.kernel.ipc.Pipe;
import dev.jerla.kernel.vfs.FileDescription;
import dev.jerla.kernel.vfs.TestKernel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.jerla.abi.linux.Fcntl.O_NONBLOCK;
import static dev.jerla.abi.linux.Fcntl.O_RDWR;
import static dev.jerla.abi.linux.Socket.*;
import static dev.jerla.kernel.vfs.TestKernel.assertErrno;
import static org.junit.jupiter.api.Assertions.*;

/** AF_UNIX internals that guest programs see only indirectly: message merging, references in flight, readiness. */
class UnixSocketTest {
    private static byte[] b(String s) { return s.getBytes(StandardCharsets.US_ASCII); }

    private static Socket[] pair(TestKernel k, int type) throws ErrnoException {
        return k.kernel.sockets().family(AF_UNIX).pair(k.task, type, 0, O_RDWR | O_NONBLOCK);
    }

    @Test
    void streamReadsMergeChunksButStopAfterDescriptors() throws ErrnoException {
        TestKernel k = new TestKernel();
        Socket[] sv = pair(k, SOCK_STREAM);
        FileDescription[] p = Pipe.create(k.task, 0);
        sv[0].sendmsg(k.task, b("ab"), 0, 2, null, null, 0);
        Control c = new Control();
        c.rights = new ArrayList<>(List.of(p[1]));
        sv[0].sendmsg(k.task, b("cd"), 0, 2, null, c, 0);
        assertNull(c.rights, "the socket took the reference");
        sv[0].sendmsg(k.task, b("ef"), 0, 2, null, null, 0);
        byte[] buf = new byte[16];
        RecvInfo info = new RecvInfo();
        assertEquals(4, sv[1].recvmsg(k.task, buf, 0, buf.length, 0, info), "ab and cd, then stop");
        assertEquals(List.of(p[1]), info.control.rights);
        info = new RecvInfo();
        assertEquals(2, sv[1].recvmsg(k.task, buf, 0, buf.length, 0, info));
        assertNull(info.control);
    }

    @Test
    void descriptorsInFlightAreClosedWithTheReceiver() throws ErrnoException {
        TestKernel k = new TestKernel();
        Socket[] sv = pair(k, SOCK_DGRAM);
        FileDescription[] p = Pipe.create(k.task, O_NONBLOCK);
        Control c = new Control();
        p[1].retain();
        c.rights = new ArrayList<>(List.of(p[1]));
        sv[0].sendmsg(k.task, b("x"), 0, 1, null, c, 0);
        p[1].release();
        assertTrue(p[1].isOpen(), "the message holds the write end");
        sv[1].release();
        assertFalse(p[1].isOpen());
        assertEquals(0, p[0].read(k.task, new byte[1], 0, 1), "no writer left: end of file");
    }

    @Test
    void passCredKeepsMessagesWithDifferentCredentialsApart() throws ErrnoException {
        TestKernel k = new TestKernel();
        k.become(1000);
        Socket[] sv = pair(k, SOCK_STREAM);
        sv[1].setsockopt(k.task, SOL_SOCKET, SO_PASSCRED, new byte[] {1, 0, 0, 0});
        Control other = new Control();
        other.creds = new Control.Credentials(k.task.group().pid(), 0, 0);
        sv[0].sendmsg(k.task, b("aa"), 0, 2, null, null, 0);
        sv[0].sendmsg(k.task, b("bb"), 0, 2, null, null, 0);
        sv[0].sendmsg(k.task, b("cc"), 0, 2, null, other, 0);
        byte[] buf = new byte[16];
        RecvInfo info = new RecvInfo();
        assertEquals(4, sv[1].recvmsg(k.task, buf, 0, buf.length, 0, info), "same writer: merged");
        assertEquals(new Control.Credentials(k.task.group().pid(), 1000, 1000), info.control.creds);
        info = new RecvInfo();
        assertEquals(2, sv[1].recvmsg(k.task, buf, 0, buf.length, 0, info), "other credentials: a read of their own");
        assertEquals(other.creds, info.control.creds);
    }

    @Test
    void unacceptedConnectionIsResetWhenTheListenerCloses() throws ErrnoException {
        TestKernel k = new TestKernel();
        var fam = k.kernel.sockets().family(AF_UNIX);
        Socket l = fam.create(k.task, SOCK_STREAM, 0, O_RDWR);
        byte[] name = {AF_UNIX, 0, 0, 'u', 't'};
        l.bind(k.task, name);
        l.listen(k.task, 1);
        Socket c = fam.create(k.task, SOCK_STREAM, 0, O_RDWR | O_NONBLOCK);
        c.connect(k.task, name);
        assertEquals(Poll.POLLIN | Poll.POLLRDNORM, l.poll() & (Poll.POLLIN | Poll.POLLRDNORM));
        l.release();
        assertNotEquals(0, c.poll() & Poll.POLLERR);
        byte[] buf = new byte[4];
        assertErrno(Errno.ECONNRESET, () -> c.recvmsg(k.task, buf, 0, 4, 0, new RecvInfo()));
        assertEquals(0, c.recvmsg(k.task, buf, 0, 4, 0, new RecvInfo()));
        assertErrno(Errno.ECONNREFUSED, () -> fam.create(k.task, SOCK_STREAM, 0, O_RDWR).connect(k.task, name));
    }

    @Test
    void datagramWriterPollsWritableAgainAfterTheReceiverDrains() throws ErrnoException {
        TestKernel k = new TestKernel();
        var fam = k.kernel.sockets().family(AF_UNIX);
        Socket r = fam.create(k.task, SOCK_DGRAM, 0, O_RDWR | O_NONBLOCK);
        byte[] name = {AF_UNIX, 0, 0, 'd', 'g'};
        r.bind(k.task, name);
        Socket w = fam.create(k.task, SOCK_DGRAM, 0, O_RDWR | O_NONBLOCK);
        w.connect(k.task, name);
        int sent = 0;
        try {
            while (true) {
                w.sendmsg(k.task, b("m"), 0, 1, null, null, 0);
                sent++;
            }
        } catch (ErrnoException e) {
            assertEquals(Errno.EAGAIN, e.errno());
        }
        assertEquals(UnixFamily.MAX_DGRAM_QLEN + 1, sent);
        assertEquals(0, w.poll() & Poll.POLLOUT);
        long gen = w.pollGeneration();
        r.recvmsg(k.task, new byte[1], 0, 1, 0, new RecvInfo());
        assertNotEquals(gen, w.pollGeneration(), "the blocked writer's pollers are woken");
        assertNotEquals(0, w.poll() & Poll.POLLOUT);
    }

    @Test
    void socketInodeIsASocketWithAllPermissions() throws ErrnoException {
        TestKernel k = new TestKernel();
        Socket[] sv = pair(k, SOCK_SEQPACKET);
        assertEquals(Stat.S_IFSOCK | 0777, sv[0].inode().getattr().mode());
        assertNotEquals(sv[0].inode().ino(), sv[1].inode().ino());
        assertEquals("socket:[" + sv[0].inode().ino() + "]", sv[0].anonName());
    }

    @Test
    void pathNamesLiveInTheFilesystem() throws ErrnoException {
        TestKernel k = new TestKernel();
        var fam = k.kernel.sockets().family(AF_UNIX);
        byte[] name = {AF_UNIX, 0, 's', '.', 's', 'o', 'c', 'k', 0};
        Socket l = fam.create(k.task, SOCK_STREAM, 0, O_RDWR);
        l.bind(k.task, name);
        assertEquals(Stat.S_IFSOCK, k.vfs.lookup(k.task, "/s.sock").inode().mode() & Stat.S_IFMT);
        assertErrno(Errno.EADDRINUSE, () -> fam.create(k.task, SOCK_STREAM, 0, O_RDWR).bind(k.task, name));
        Socket c = fam.create(k.task, SOCK_STREAM, 0, O_RDWR);
        assertErrno(Errno.ECONNREFUSED, () -> c.connect(k.task, name));
        l.listen(k.task, 1);
        c.connect(k.task, name);
        assertArrayEquals(name, c.peerName());
        k.vfs.unlink(k.task, dev.jerla.abi.linux.Fcntl.AT_FDCWD, "/s.sock");
        assertErrno(Errno.ENOENT, () -> fam.create(k.task, SOCK_STREAM, 0, O_RDWR).connect(k.task, name));
        assertErrno(Errno.ENXIO, () -> {
            Socket m = fam.create(k.task, SOCK_DGRAM, 0, O_RDWR);
            m.bind(k.task, name);
            k.open("/s.sock", O_RDWR, 0);
        });
    }

    @Test
    void concurrentWriterAndReaderMoveEveryByteInOrder() throws Exception {
        TestKernel k = new TestKernel();
        Socket[] sv = k.kernel.sockets().family(AF_UNIX).pair(k.task, SOCK_STREAM, 0, O_RDWR);
        // A small send buffer makes the writer block often, so lost wake-ups would hang the test.
        sv[0].setsockopt(k.task, SOL_SOCKET, SO_SNDBUF, new byte[] {0, 16, 0, 0});
        var writerTask = k.newTask();
        byte[] data = new byte[4 << 20];
        new java.util.Random(1).nextBytes(data);
        var writer = java.util.concurrent.CompletableFuture.runAsync(() -> {
            var rnd = new java.util.Random(2);
            int off = 0;
            try {
                while (off < data.length) {
                    int n = Math.min(data.length - off, 1 + rnd.nextInt(70000));
                    off += sv[0].write(writerTask, data, off, n);
                }
                sv[0].shutdown(writerTask, SHUT_WR);
            } catch (ErrnoException e) {
                throw new IllegalStateException(e);
            }
        });
        byte[] got = new byte[data.length];
        var rnd = new java.util.Random(3);
        int off = 0;
        while (true) {
            int n = sv[1].read(k.task, got, off, Math.min(got.length - off + 1, 1 + rnd.nextInt(50000)));
            if (n == 0) break;
            off += n;
        }
        writer.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(data.length, off);
        assertArrayEquals(data, got);
    }
}
