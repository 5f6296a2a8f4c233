/**
 * sysfs: a small, fixed /sys with what programs commonly read (CPU and NUMA node masks, the
 * loopback interface, transparent huge page settings), built once per mount on an in-memory
 * tree. Lock order: that of tmpfs.
 */
package dev.jerla.kernel.fs.sysfs;
