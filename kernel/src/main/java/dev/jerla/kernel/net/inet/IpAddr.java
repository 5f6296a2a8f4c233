package dev.jerla.kernel.net.inet;

/**
 * An IP address in the 16-byte IPv6 form; IPv4 addresses are held v4-mapped (::ffff:a.b.c.d), as
 * a dual-stack IPv6 socket sees them, so one type serves both families.
 *
 * @param hi the first 8 bytes, big endian
 * @param lo the last 8 bytes, big endian
 */
record IpAddr(long hi, long lo) {
    private static final long V4_MAPPED = 0x0000_ffff_0000_0000L;

    /** The IPv6 unspecified address ::. */
    static final IpAddr ANY6 = new IpAddr(0, 0);
    /** The IPv6 loopback address ::1. */
    static final IpAddr LOOPBACK6 = new IpAddr(0, 1);
    static final IpAddr ANY4 = v4(0);
    static final IpAddr LOOPBACK4 = v4(0x7f000001);

    /** An IPv4 address given in host byte order. */
    static IpAddr v4(int a) {
        return new IpAddr(0, V4_MAPPED | (a & 0xffffffffL));
    }

    /** From 16 bytes at {@code off}. */
    static IpAddr of16(byte[] b, int off) {
        return new IpAddr(be64(b, off), be64(b, off + 8));
    }

    /** From 4 network-order bytes at {@code off}. */
    static IpAddr of4(byte[] b, int off) {
        return v4(((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff));
    }

    /** From a host address (4 or 16 bytes). */
    static IpAddr ofHost(java.net.InetAddress a) {
        byte[] b = a.getAddress();
        return b.length == 4 ? of4(b, 0) : of16(b, 0);
    }

    /** True for an IPv4 address (v4-mapped). */
    boolean isV4() { return hi == 0 && (lo & 0xffff_ffff_0000_0000L) == V4_MAPPED; }

    /** The IPv4 address in host byte order. */
    int v4() { return (int) lo; }

    /** INADDR_ANY or ::. */
    boolean isAny() { return equals(ANY6) || equals(ANY4); }

    /** 127.0.0.0/8 or ::1. */
    boolean isLoopback() { return isV4() ? (v4() >>> 24) == 127 : equals(LOOPBACK6); }

    /** 224.0.0.0/4 or ff00::/8. */
    boolean isMulticast() { return isV4() ? (v4() >>> 28) == 0xe : (hi >>> 56) == 0xff; }

    /** 255.255.255.255. */
    boolean isBroadcast() { return isV4() && v4() == -1; }

    /** The 16 bytes. */
    byte[] bytes16() {
        byte[] b = new byte[16];
        put64(b, 0, hi);
        put64(b, 8, lo);
        return b;
    }

    /** The 4 network-order bytes of an IPv4 address. */
    byte[] bytes4() {
        int a = v4();
        return new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a};
    }

    /** The host address for java.net. */
    java.net.InetAddress toHost() {
        try {
            return java.net.InetAddress.getByAddress(isV4() ? bytes4() : bytes16());
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        if (isV4()) {
            int a = v4();
            return (a >>> 24) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + "." + (a & 0xff);
        }
        return toHost().getHostAddress();
    }

    private static long be64(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) v = (v << 8) | (b[off + i] & 0xff);
        return v;
    }

    private static void put64(byte[] b, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }
}
