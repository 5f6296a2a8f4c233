/**
 * procfs: /proc, generated from the kernel's state when read (fs/proc). The root lists the
 * processes and the system files (meminfo, cpuinfo, stat, uptime, loadavg, version,
 * filesystems, mounts); each /proc/PID has stat, status, statm, cmdline, comm, environ, maps,
 * mounts, mountinfo, the magic links exe, cwd and root, and the fd and fdinfo directories.
 * A file's text is made when it is opened (a seq_file read in one go), so a reader sees one
 * consistent snapshot.
 *
 * <p>Nothing here is cached: every lookup asks the process table again, so a dead process's
 * directory disappears at once.
 */
package dev.jerla.kernel.fs.procfs;
