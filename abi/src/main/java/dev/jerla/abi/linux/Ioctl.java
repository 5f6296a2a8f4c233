package dev.jerla.abi.linux;

/** ioctl(2) request numbers for ttys and generic files (include/uapi/asm-generic/ioctls.h, x86-64). */
public final class Ioctl {
    private Ioctl() {}

    public static final int TCGETS = 0x5401;
    public static final int TCSETS = 0x5402;
    public static final int TCSETSW = 0x5403;
    public static final int TCSETSF = 0x5404;
    public static final int TCGETA = 0x5405;
    public static final int TCSETA = 0x5406;
    public static final int TCSETAW = 0x5407;
    public static final int TCSETAF = 0x5408;
    public static final int TCSBRK = 0x5409;
    public static final int TCXONC = 0x540A;
    public static final int TCFLSH = 0x540B;
    public static final int TIOCEXCL = 0x540C;
    public static final int TIOCNXCL = 0x540D;
    public static final int TIOCSCTTY = 0x540E;
    public static final int TIOCGPGRP = 0x540F;
    public static final int TIOCSPGRP = 0x5410;
    public static final int TIOCOUTQ = 0x5411;
    public static final int TIOCSTI = 0x5412;
    public static final int TIOCGWINSZ = 0x5413;
    public static final int TIOCSWINSZ = 0x5414;
    public static final int TIOCMGET = 0x5415;
    public static final int TIOCMBIS = 0x5416;
    public static final int TIOCMBIC = 0x5417;
    public static final int TIOCMSET = 0x5418;
    public static final int FIONREAD = 0x541B;
    public static final int TIOCINQ = FIONREAD;
    public static final int TIOCLINUX = 0x541C;
    public static final int TIOCCONS = 0x541D;
    public static final int FIONBIO = 0x5421;
    public static final int TIOCPKT = 0x5420;
    public static final int TIOCNOTTY = 0x5422;
    public static final int TIOCSETD = 0x5423;
    public static final int TIOCGETD = 0x5424;
    public static final int TCSBRKP = 0x5425;
    public static final int TIOCGSID = 0x5429;
    public static final int TCGETS2 = 0x802C542A;
    public static final int TCSETS2 = 0x402C542B;
    public static final int TCSETSW2 = 0x402C542C;
    public static final int TCSETSF2 = 0x402C542D;
    public static final int TIOCGPTN = 0x80045430;
    public static final int TIOCSPTLCK = 0x40045431;
    public static final int TIOCGDEV = 0x80045432;
    public static final int TIOCVHANGUP = 0x5437;
    public static final int TIOCGPKT = 0x80045438;
    public static final int TIOCGPTLCK = 0x80045439;
    public static final int TIOCGPTPEER = 0x5441;

    // The status byte a pseudo-terminal master in packet mode reads (TIOCPKT_* of asm-generic/ioctls.h).
    public static final int TIOCPKT_DATA = 0;
    public static final int TIOCPKT_FLUSHREAD = 1;
    public static final int TIOCPKT_FLUSHWRITE = 2;
    public static final int TIOCPKT_STOP = 4;
    public static final int TIOCPKT_START = 8;
    public static final int TIOCPKT_NOSTOP = 16;
    public static final int TIOCPKT_DOSTOP = 32;
    public static final int FIONCLEX = 0x5450;
    public static final int FIOCLEX = 0x5451;
    public static final int FIOASYNC = 0x5452;
    public static final int FIOQSIZE = 0x5460;

    /** TCFLSH queue selectors. */
    public static final int TCIFLUSH = 0;
    public static final int TCOFLUSH = 1;
    public static final int TCIOFLUSH = 2;

    /** TCXONC actions. */
    public static final int TCOOFF = 0;
    public static final int TCOON = 1;
    public static final int TCIOFF = 2;
    public static final int TCION = 3;

    /** sizeof(struct winsize): four unsigned shorts (ws_row, ws_col, ws_xpixel, ws_ypixel). */
    public static final int WINSIZE_SIZE = 8;
}
