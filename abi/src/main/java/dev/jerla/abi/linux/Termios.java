package dev.jerla.abi.linux;

/**
 * The kernel's struct termios (include/uapi/asm-generic/termbits.h): c_iflag, c_oflag, c_cflag,
 * c_lflag (4 bytes each), c_line, c_cc[NCCS=19]; 36 bytes. Flag values are octal as in the header.
 */
public final class Termios {
    private Termios() {}

    public static final int NCCS = 19;
    public static final int SIZE = 36;

    public static final int VINTR = 0;
    public static final int VQUIT = 1;
    public static final int VERASE = 2;
    public static final int VKILL = 3;
    public static final int VEOF = 4;
    public static final int VTIME = 5;
    public static final int VMIN = 6;
    public static final int VSWTC = 7;
    public static final int VSTART = 8;
    public static final int VSTOP = 9;
    public static final int VSUSP = 10;
    public static final int VEOL = 11;
    public static final int VREPRINT = 12;
    public static final int VDISCARD = 13;
    public static final int VWERASE = 14;
    public static final int VLNEXT = 15;
    public static final int VEOL2 = 16;

    public static final int IGNBRK = 0000001;
    public static final int BRKINT = 0000002;
    public static final int IGNPAR = 0000004;
    public static final int PARMRK = 0000010;
    public static final int INPCK = 0000020;
    public static final int ISTRIP = 0000040;
    public static final int INLCR = 0000100;
    public static final int IGNCR = 0000200;
    public static final int ICRNL = 0000400;
    public static final int IUCLC = 0001000;
    public static final int IXON = 0002000;
    public static final int IXANY = 0004000;
    public static final int IXOFF = 0010000;
    public static final int IMAXBEL = 0020000;
    public static final int IUTF8 = 0040000;

    public static final int OPOST = 0000001;
    public static final int OLCUC = 0000002;
    public static final int ONLCR = 0000004;
    public static final int OCRNL = 0000010;
    public static final int ONOCR = 0000020;
    public static final int ONLRET = 0000040;
    public static final int OFILL = 0000100;
    public static final int OFDEL = 0000200;
    public static final int TABDLY = 0014000;
    public static final int XTABS = 0014000;

    public static final int CBAUD = 0010017;
    public static final int B38400 = 0000017;
    public static final int CSIZE = 0000060;
    public static final int CS8 = 0000060;
    public static final int CSTOPB = 0000100;
    public static final int CREAD = 0000200;
    public static final int PARENB = 0000400;
    public static final int PARODD = 0001000;
    public static final int HUPCL = 0002000;
    public static final int CLOCAL = 0004000;

    public static final int ISIG = 0000001;
    public static final int ICANON = 0000002;
    public static final int XCASE = 0000004;
    public static final int ECHO = 0000010;
    public static final int ECHOE = 0000020;
    public static final int ECHOK = 0000040;
    public static final int ECHONL = 0000100;
    public static final int NOFLSH = 0000200;
    public static final int TOSTOP = 0000400;
    public static final int ECHOCTL = 0001000;
    public static final int ECHOPRT = 0002000;
    public static final int ECHOKE = 0004000;
    public static final int FLUSHO = 0010000;
    public static final int PENDIN = 0040000;
    public static final int IEXTEN = 0100000;
    public static final int EXTPROC = 0200000;

    /** tty_std_termios of drivers/tty/tty_io.c. */
    public static final int DEFAULT_IFLAG = ICRNL | IXON;
    public static final int DEFAULT_OFLAG = OPOST | ONLCR;
    public static final int DEFAULT_CFLAG = B38400 | CS8 | CREAD | HUPCL;
    public static final int DEFAULT_LFLAG = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN;

    /** INIT_C_CC of include/linux/tty.h: ^C ^\ DEL ^U ^D 0 1 0 ^Q ^S ^Z 0 ^R ^O ^W ^V 0. */
    public static byte[] defaultControlChars() {
        return new byte[] {3, 034, 0177, 025, 4, 0, 1, 0, 021, 023, 032, 0, 022, 017, 027, 026, 0, 0, 0};
    }
}
