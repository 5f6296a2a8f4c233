package dev.jerla.abi.linux;

/**
 * struct statfs of x86-64 (include/uapi/asm-generic/statfs.h with 64-bit longs; 120 bytes), the
 * filesystem magic numbers (include/uapi/linux/magic.h) and mount flags (include/uapi/linux/mount.h).
 */
public final class Statfs {
    private Statfs() {}

    public static final int SIZE = 120;

    public static final long TMPFS_MAGIC = 0x01021994L;
    public static final long RAMFS_MAGIC = 0x858458f6L;
    public static final long PROC_SUPER_MAGIC = 0x9fa0L;
    public static final long DEVPTS_SUPER_MAGIC = 0x1cd1L;
    public static final long SYSFS_MAGIC = 0x62656572L;
    public static final long PIPEFS_MAGIC = 0x50495045L;
    public static final long ANON_INODE_FS_MAGIC = 0x09041934L;
    public static final long FUSE_SUPER_MAGIC = 0x65735546L;
    public static final long EXT4_SUPER_MAGIC = 0xEF53L;

    /** f_flags bits (ST_* of statvfs). */
    public static final int ST_RDONLY = 0x0001;
    public static final int ST_NOSUID = 0x0002;
    public static final int ST_NODEV = 0x0004;
    public static final int ST_NOEXEC = 0x0008;
    public static final int ST_RELATIME = 0x0400;

    /** mount(2) flags. */
    public static final long MS_RDONLY = 1;
    public static final long MS_NOSUID = 2;
    public static final long MS_NODEV = 4;
    public static final long MS_NOEXEC = 8;
    public static final long MS_SYNCHRONOUS = 16;
    public static final long MS_REMOUNT = 32;
    public static final long MS_MANDLOCK = 64;
    public static final long MS_DIRSYNC = 128;
    public static final long MS_NOSYMFOLLOW = 256;
    public static final long MS_NOATIME = 1024;
    public static final long MS_NODIRATIME = 2048;
    public static final long MS_BIND = 4096;
    public static final long MS_MOVE = 8192;
    public static final long MS_REC = 16384;
    public static final long MS_SILENT = 32768;
    public static final long MS_PRIVATE = 1 << 18;
    public static final long MS_SLAVE = 1 << 19;
    public static final long MS_SHARED = 1 << 20;
    public static final long MS_RELATIME = 1 << 21;
    public static final long MS_STRICTATIME = 1 << 24;
    public static final long MS_LAZYTIME = 1 << 25;
    public static final long MS_MGC_VAL = 0xC0ED0000L;
    public static final long MS_MGC_MSK = 0xffff0000L;

    /** umount2(2) flags. */
    public static final int MNT_FORCE = 1;
    public static final int MNT_DETACH = 2;
    public static final int MNT_EXPIRE = 4;
    public static final int UMOUNT_NOFOLLOW = 8;
}
