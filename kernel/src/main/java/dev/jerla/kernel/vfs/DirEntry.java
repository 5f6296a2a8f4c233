package dev.jerla.kernel.vfs;

/** One name in a directory listing: the name, its inode number and its d_type (DT_*). */
public record DirEntry(String name, long ino, int type) {}
