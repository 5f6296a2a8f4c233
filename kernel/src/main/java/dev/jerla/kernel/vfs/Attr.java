package dev.jerla.kernel.vfs;

/**
 * The attributes of an inode as stat(2) and statx(2) report them (struct kstat of
 * include/linux/stat.h). Times are nanoseconds since the Unix epoch; {@code dev} and {@code rdev}
 * are encoded device numbers; a btime of 0 means unknown.
 */
public record Attr(long dev, long ino, int mode, long nlink, int uid, int gid, long rdev, long size,
                   long blocks, int blksize, long atime, long mtime, long ctime, long btime) {}
