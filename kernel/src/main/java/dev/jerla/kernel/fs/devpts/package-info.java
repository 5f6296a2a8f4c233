/**
 * devpts: the filesystem of pseudo-terminal slaves (fs/devpts/inode.c). One instance serves
 * every mount; it holds {@code ptmx} (5:2) and one node {@code N} (136:N) per pseudo-terminal,
 * added when the master is opened and removed when it is closed. Indices are reused once both
 * sides of a pair are gone.
 *
 * <p>Lock order: the instance's monitor guards the index map; it calls nothing that locks.
 */
package dev.jerla.kernel.fs.devpts;
