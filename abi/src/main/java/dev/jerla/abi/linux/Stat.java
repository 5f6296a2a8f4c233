package dev.jerla.abi.linux;

/**
 * File types, mode bits, device numbers and the layouts of struct stat (arch/x86/include/uapi/asm/stat.h,
 * x86-64) and struct statx (include/uapi/linux/stat.h).
 */
public final class Stat {
    private Stat() {}

    public static final int S_IFMT = 0170000;
    public static final int S_IFSOCK = 0140000;
    public static final int S_IFLNK = 0120000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFBLK = 0060000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFCHR = 0020000;
    public static final int S_IFIFO = 0010000;
    public static final int S_ISUID = 04000;
    public static final int S_ISGID = 02000;
    public static final int S_ISVTX = 01000;
    public static final int S_IRWXU = 0700;
    public static final int S_IRUSR = 0400;
    public static final int S_IWUSR = 0200;
    public static final int S_IXUSR = 0100;
    public static final int S_IRWXG = 070;
    public static final int S_IRWXO = 07;
    public static final int S_IALLUGO = 07777;

    public static boolean isDir(int mode) { return (mode & S_IFMT) == S_IFDIR; }
    public static boolean isReg(int mode) { return (mode & S_IFMT) == S_IFREG; }
    public static boolean isLnk(int mode) { return (mode & S_IFMT) == S_IFLNK; }
    public static boolean isChr(int mode) { return (mode & S_IFMT) == S_IFCHR; }
    public static boolean isBlk(int mode) { return (mode & S_IFMT) == S_IFBLK; }
    public static boolean isFifo(int mode) { return (mode & S_IFMT) == S_IFIFO; }
    public static boolean isSock(int mode) { return (mode & S_IFMT) == S_IFSOCK; }

    /** A device number as the kernel encodes it in st_dev/st_rdev (new_encode_dev, include/linux/kdev_t.h). */
    public static long encodeDev(int major, int minor) {
        return (minor & 0xffL) | ((long) (major & 0xfff) << 8) | ((long) (minor & ~0xff) << 12);
    }

    public static int major(long dev) { return (int) ((dev & 0xfff00) >>> 8); }

    public static int minor(long dev) { return (int) ((dev & 0xff) | ((dev >>> 12) & 0xfff00)); }

    /** sizeof(struct stat) on x86-64. */
    public static final int STAT_SIZE = 144;

    /** sizeof(struct statx). */
    public static final int STATX_SIZE = 256;

    public static final int STATX_TYPE = 0x0001;
    public static final int STATX_MODE = 0x0002;
    public static final int STATX_NLINK = 0x0004;
    public static final int STATX_UID = 0x0008;
    public static final int STATX_GID = 0x0010;
    public static final int STATX_ATIME = 0x0020;
    public static final int STATX_MTIME = 0x0040;
    public static final int STATX_CTIME = 0x0080;
    public static final int STATX_INO = 0x0100;
    public static final int STATX_SIZE_BIT = 0x0200;
    public static final int STATX_BLOCKS = 0x0400;
    public static final int STATX_BASIC_STATS = 0x07ff;
    public static final int STATX_BTIME = 0x0800;
    public static final int STATX_MNT_ID = 0x1000;
    public static final int STATX__RESERVED = 0x80000000;
}
