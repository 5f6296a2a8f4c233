/**
 * The virtual filesystem (fs/namei.c, fs/namespace.c, fs/open.c, fs/file.c, fs/locks.c): inodes
 * and their operations ({@link dev.jerla.kernel.vfs.Inode} with {@code DirectoryInode},
 * {@code FileInode}, {@code SymlinkInode}), dentries (names with parents, cached weakly), mounts
 * and the mount tree, path resolution ({@code PathWalk}: dots, mount crossing, symbolic links up
 * to 40, trailing slashes, ENAMETOOLONG, AT_* flags), permission checks, open file
 * descriptions, fd tables, per-process root/cwd/umask, advisory locks, character device
 * registration, and boot ({@code VfsBoot}). Filesystems live in {@code kernel.fs.*}.
 *
 * <p>Lock order: {@code Vfs.nsMu} (name creation, removal, rename, mounts), then a dentry's
 * monitor (its child cache and the filesystem lookup under it), then a filesystem's own locks.
 * An open file's {@code posMu} is taken before the filesystem's locks and never with the other
 * two. {@code FileLocks} has its own lock, taken alone. No lock is held while a task sleeps.
 */
package dev.jerla.kernel.vfs;
