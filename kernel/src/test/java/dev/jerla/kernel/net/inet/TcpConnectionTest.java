package dev.jerla.kernel.net.inet;

import dev.jerla.abi.linux.In;
import dev.jerla.abi.linux.Poll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stream semantics of a connection, driven through its host-end operations (no guest sockets). */
class TcpConnectionTest {
    private static byte[] bytes(String s) { return s.getBytes(StandardCharsets.US_ASCII); }

    @Test
    void dataThenFinIsEndOfFileAfterTheData() throws Exception {
        TcpConnection c = new TcpConnection(null, null);
        assertTrue(c.hostDeliver(1, bytes("hello"), 0, 5));
        c.shutdown(1, false, true);
        assertFalse(c.atEof(0), "queued data comes before the end of file");
        byte[] buf = new byte[16];
        assertEquals(5, c.receive(0, buf, 0, 16, true), "peek");
        assertEquals(5, c.receive(0, buf, 0, 16, false));
        assertArrayEquals(bytes("hello"), java.util.Arrays.copyOf(buf, 5));
        assertTrue(c.atEof(0));
        assertEquals(In.TCP_CLOSE_WAIT, c.tcpState(0));
        assertEquals(In.TCP_FIN_WAIT2, c.tcpState(1));
        int mask = c.poll(0);
        assertEquals(Poll.POLLIN | Poll.POLLRDHUP, mask & (Poll.POLLIN | Poll.POLLRDHUP | Poll.POLLHUP));
    }

    @Test
    void closingWithUnreadDataResetsThePeer() throws Exception {
        TcpConnection c = new TcpConnection(null, null);
        c.hostDeliver(1, bytes("unread"), 0, 6);
        c.close(0, false);
        assertTrue(c.isDead(1));
        assertEquals(-1, c.hostTake(1, new byte[8]), "the host end sees the reset");
        assertEquals(In.TCP_CLOSE, c.tcpState(1));
    }

    @Test
    void anOrderlyCloseIsAFin() throws Exception {
        TcpConnection c = new TcpConnection(null, null);
        c.close(0, false);
        assertFalse(c.isDead(1));
        assertEquals(0, c.hostTake(1, new byte[8]));
    }

    @Test
    void sendingAfterShutdownIsEpipe() throws Exception {
        TcpConnection c = new TcpConnection(null, null);
        c.shutdown(0, false, true);
        TcpConnection.Reset r = assertThrows(TcpConnection.Reset.class, () -> c.send(0, bytes("x"), 0, 1));
        assertEquals(dev.jerla.abi.linux.Errno.EPIPE.number(), r.errno);
    }

    @Test
    void theWindowBoundsWhatASenderQueues() throws Exception {
        TcpConnection c = new TcpConnection(null, null);
        byte[] big = new byte[3 * TcpConnection.HOST_WINDOW];
        int n = c.send(0, big, 0, big.length);
        assertEquals(2 * TcpConnection.HOST_WINDOW, n, "receive window plus send buffer");
        assertEquals(0, c.send(0, big, 0, 1));
        assertFalse(c.writable(0));
        assertEquals(0, c.poll(0) & Poll.POLLOUT);
        c.receive(1, null, 0, 1000, false);
        assertTrue(c.writable(0));
    }

    @Test
    void addressesKeepIpv4Mapped() {
        IpAddr a = IpAddr.v4(0x7f000001);
        assertTrue(a.isV4());
        assertTrue(a.isLoopback());
        assertEquals("127.0.0.1", a.toString());
        assertEquals(a, IpAddr.of16(a.bytes16(), 0));
        assertTrue(IpAddr.LOOPBACK6.isLoopback());
        assertFalse(IpAddr.LOOPBACK6.isV4());
        assertTrue(IpAddr.ANY6.isAny());
        assertTrue(IpAddr.ANY4.isAny());
        assertEquals(IpAddr.v4(0x0a00020f), IpAddr.of4(new byte[] {10, 0, 2, 15}, 0));
    }
}
