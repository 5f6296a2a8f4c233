package dev.jerla.kernel.tty;

import dev.jerla.abi.linux.Termios;

/**
 * A terminal's settings (struct ktermios): the four flag words, the line discipline number, the
 * control characters, and the speeds that TCGETS2 reports. Mutable; the owning tty guards it.
 */
public final class Ktermios {
    public int iflag = Termios.DEFAULT_IFLAG;
    public int oflag = Termios.DEFAULT_OFLAG;
    public int cflag = Termios.DEFAULT_CFLAG;
    public int lflag = Termios.DEFAULT_LFLAG;
    public byte line;
    public final byte[] cc = Termios.defaultControlChars();
    public int ispeed = 38400;
    public int ospeed = 38400;

    public Ktermios copy() {
        Ktermios k = new Ktermios();
        k.iflag = iflag;
        k.oflag = oflag;
        k.cflag = cflag;
        k.lflag = lflag;
        k.line = line;
        System.arraycopy(cc, 0, k.cc, 0, cc.length);
        k.ispeed = ispeed;
        k.ospeed = ospeed;
        return k;
    }

    /** Encodes struct termios (36 bytes) or, with {@code two}, struct termios2 (44 bytes). */
    public byte[] encode(boolean two) {
        byte[] b = new byte[two ? 44 : Termios.SIZE];
        put32(b, 0, iflag);
        put32(b, 4, oflag);
        put32(b, 8, cflag);
        put32(b, 12, lflag);
        b[16] = line;
        System.arraycopy(cc, 0, b, 17, Termios.NCCS);
        if (two) {
            put32(b, 36, ispeed);
            put32(b, 40, ospeed);
        }
        return b;
    }

    /** Decodes struct termios or termios2. */
    public static Ktermios decode(byte[] b, boolean two) {
        Ktermios k = new Ktermios();
        k.iflag = get32(b, 0);
        k.oflag = get32(b, 4);
        k.cflag = get32(b, 8);
        k.lflag = get32(b, 12);
        k.line = b[16];
        System.arraycopy(b, 17, k.cc, 0, Termios.NCCS);
        if (two) {
            k.ispeed = get32(b, 36);
            k.ospeed = get32(b, 40);
        }
        return k;
    }

    public boolean has(int lflagBit) { return (lflag & lflagBit) != 0; }

    public boolean iflag(int bit) { return (iflag & bit) != 0; }

    public boolean oflag(int bit) { return (oflag & bit) != 0; }

    /** The control character at {@code index} as an unsigned value; 0 means disabled (_POSIX_VDISABLE). */
    public int cc(int index) { return cc[index] & 0xFF; }

    private static void put32(byte[] b, int o, int v) {
        b[o] = (byte) v;
        b[o + 1] = (byte) (v >> 8);
        b[o + 2] = (byte) (v >> 16);
        b[o + 3] = (byte) (v >> 24);
    }

    private static int get32(byte[] b, int o) {
        return (b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8 | (b[o + 2] & 0xFF) << 16 | (b[o + 3] & 0xFF) << 24;
    }
}
