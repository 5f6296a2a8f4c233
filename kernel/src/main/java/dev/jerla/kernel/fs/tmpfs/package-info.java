/**
 * tmpfs: a filesystem in memory (mm/shmem.c without swap). Regular files keep their data in
 * sparse 4 KiB pages, so holes cost nothing; directories, symbolic links, FIFOs and device nodes
 * are plain objects. It is the root filesystem of {@code jerla run} (filled from the initramfs)
 * and the filesystem of /tmp and /dev/shm.
 *
 * <p>Lock order: a directory's monitor guards its entries; two directories are locked together
 * only by rename, which the VFS serializes; a file's monitor guards its data and size.
 */
package dev.jerla.kernel.fs.tmpfs;
