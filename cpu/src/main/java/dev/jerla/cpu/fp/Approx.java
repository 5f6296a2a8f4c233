package dev.jerla.cpu.fp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * RCPSS/RCPPS and RSQRTSS/RSQRTPS. The architecture only bounds their error (1.5 * 2^-12), so
 * each processor family has its own values; Jerla reproduces those of the reference processor
 * of its differential tests from tables measured on it (resource rcp-rsqrt.txt, produced by
 * cpu/src/test/native/approx_tables.c). The significand comes from the table, the exponent is
 * computed; denormal operands count as zero, tiny results are flushed to zero, MXCSR is
 * neither read nor changed.
 */
final class Approx {
    private Approx() {}

    private static final short[] RCP = new short[4096];
    private static final short[] RSQRT = new short[8192];

    static {
        try (InputStream in = Approx.class.getResourceAsStream("rcp-rsqrt.txt")) {
            if (in == null) throw new IllegalStateException("rcp-rsqrt.txt missing");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            short[] table = null;
            int n = 0;
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("#") || line.isBlank()) continue;
                if (line.startsWith("rcp")) { table = RCP; n = 0; continue; }
                if (line.startsWith("rsqrt")) { table = RSQRT; n = 0; continue; }
                for (String v : line.trim().split(" +")) table[n++] = (short) Integer.parseInt(v, 16);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Approximate 1/x of a binary32 value. */
    static int rcp(int x) {
        int sign = x & 0x80000000;
        int e = (x >>> 23) & 0xFF;
        int m = x & 0x7FFFFF;
        if (e == 0xFF) return m != 0 ? x | 0x400000 : sign;
        if (e == 0) return sign | 0x7F800000;
        int re = 253 - e;
        if (re <= 0) return sign;
        return sign | re << 23 | (RCP[m >>> 11] & 0xFFF) << 11;
    }

    /** Approximate 1/sqrt(x) of a binary32 value. */
    static int rsqrt(int x) {
        int sign = x & 0x80000000;
        int e = (x >>> 23) & 0xFF;
        int m = x & 0x7FFFFF;
        if (e == 0xFF) {
            if (m != 0) return x | 0x400000;
            return sign != 0 ? SoftFloat.DEFAULT_NAN32 : 0;
        }
        if (e == 0) return sign | 0x7F800000;
        if (sign != 0) return SoftFloat.DEFAULT_NAN32;
        int k = e - 127;
        int re = 126 - (k >> 1);
        return re << 23 | (RSQRT[(k & 1) << 12 | m >>> 11] & 0xFFF) << 11;
    }
}
