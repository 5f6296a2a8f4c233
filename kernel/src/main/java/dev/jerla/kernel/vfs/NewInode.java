package dev.jerla.kernel.vfs;

/**
 * What a new inode starts with: the full mode (type and permissions, umask already applied), the
 * owner (the creator's fsuid and, unless the directory is setgid, fsgid) and the device number
 * for device nodes.
 */
public record NewInode(int mode, int uid, int gid, long rdev) {}
