/**
 * The initramfs: cpio "newc" archives (plain, gzip or bzip2) unpacked into the root tmpfs at
 * boot, as init/initramfs.c does.
 */
package dev.jerla.kernel.fs.initramfs;
