/**
 * devtmpfs: the /dev of a Jerla system, a tmpfs filled at boot with the device nodes Jerla has
 * drivers for (drivers/base/devtmpfs.c), and the memory devices null, zero, full, random and
 * urandom (drivers/char/mem.c, drivers/char/random.c).
 */
package dev.jerla.kernel.fs.devfs;
