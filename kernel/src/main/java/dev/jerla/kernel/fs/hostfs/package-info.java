/**
 * hostfs: a directory of the host exposed to the guest, confined to it. The VFS resolves every
 * path component itself, so hostfs only ever looks up one name (never ".", ".." or anything
 * with a '/') in a directory it already holds, checks each result with a no-follow stat, and
 * opens files with NOFOLLOW_LINKS: no guest path, symbolic link or ".." leads outside. Symbolic
 * links are read and resolved by the VFS in the guest's name space.
 *
 * <p>Metadata (inode numbers, modes, owners, times) is the host's: stat(2) always asks the host; a
 * cached name is re-checked against the host at most once a second (changes made through Jerla
 * update the name cache at once).
 * Host exceptions become errnos in one place, {@link HostErrno}.
 *
 * <p>Limits: a concurrent change on the host between a lookup and its use (a directory swapped
 * for a symbolic link) is not guarded against, since java.nio offers no openat-style walk. A FIFO
 * made or found on the host connects guest processes only (host processes on the other end are
 * not seen); device nodes open Jerla's drivers by number and cannot be made; sockets cannot be
 * opened.
 */
package dev.jerla.kernel.fs.hostfs;
