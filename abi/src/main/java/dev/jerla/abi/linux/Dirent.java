package dev.jerla.abi.linux;

/**
 * Directory entries returned by getdents64 (struct linux_dirent64: u64 d_ino, s64 d_off, u16 d_reclen,
 * u8 d_type, char d_name[]) and getdents (struct linux_dirent of fs/readdir.c), and the d_type values.
 */
public final class Dirent {
    private Dirent() {}

    public static final int DT_UNKNOWN = 0;
    public static final int DT_FIFO = 1;
    public static final int DT_CHR = 2;
    public static final int DT_DIR = 4;
    public static final int DT_BLK = 6;
    public static final int DT_REG = 8;
    public static final int DT_LNK = 10;
    public static final int DT_SOCK = 12;
    public static final int DT_WHT = 14;

    /** The d_type for a file mode (IFTODT). */
    public static int typeOf(int mode) { return (mode & Stat.S_IFMT) >>> 12; }

    /** Record length of a linux_dirent64 with a name of {@code nameLen} bytes (aligned to 8). */
    public static int reclen64(int nameLen) { return (19 + nameLen + 1 + 7) & ~7; }

    /** Record length of an old linux_dirent (name, NUL, d_type byte, aligned to 8). */
    public static int reclen(int nameLen) { return (18 + nameLen + 2 + 7) & ~7; }
}
