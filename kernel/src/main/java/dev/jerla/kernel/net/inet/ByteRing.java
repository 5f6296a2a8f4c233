package dev.jerla.kernel.net.inet;

/**
 * The bytes queued in one direction of a TCP connection: a circular buffer that grows on demand
 * up to the limit its owner enforces, so an idle connection costs little memory. Not
 * thread-safe: the connection's monitor guards it.
 */
final class ByteRing {
    private static final int INITIAL = 4096;

    private byte[] buf = new byte[0];
    private int head;
    private int count;

    int size() { return count; }

    boolean isEmpty() { return count == 0; }

    /** Appends {@code len} bytes; the caller has checked the limit. */
    void write(byte[] src, int off, int len) {
        ensure(count + len);
        int tail = (head + count) % buf.length;
        int first = Math.min(len, buf.length - tail);
        System.arraycopy(src, off, buf, tail, first);
        System.arraycopy(src, off + first, buf, 0, len - first);
        count += len;
    }

    /** Copies up to {@code len} bytes out; consumes them unless {@code peek}. */
    int read(byte[] dst, int off, int len, boolean peek) {
        int n = Math.min(len, count);
        if (n == 0) return 0;
        int first = Math.min(n, buf.length - head);
        System.arraycopy(buf, head, dst, off, first);
        System.arraycopy(buf, 0, dst, off + first, n - first);
        if (!peek) skip(n);
        return n;
    }

    /** Drops up to {@code n} bytes; returns how many. */
    int skip(int n) {
        n = Math.min(n, count);
        head = (head + n) % Math.max(buf.length, 1);
        count -= n;
        if (count == 0) {
            head = 0;
            if (buf.length > 64 * 1024) buf = new byte[0];
        }
        return n;
    }

    void clear() {
        head = count = 0;
        buf = new byte[0];
    }

    private void ensure(int need) {
        if (need <= buf.length) return;
        int cap = Math.max(INITIAL, buf.length);
        while (cap < need) cap *= 2;
        byte[] nb = new byte[cap];
        read(nb, 0, count, true);
        buf = nb;
        head = 0;
    }
}
