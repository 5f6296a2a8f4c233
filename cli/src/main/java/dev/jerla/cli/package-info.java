/**
 * The {@code jerla} command line: {@code run} boots a system image on the console, {@code exec}
 * runs one host program the way qemu-user does, {@code image} builds the default system image.
 * Each command turns its options into a {@link dev.jerla.kernel.KernelConfig} and hands it to
 * {@link dev.jerla.kernel.Kernel}; {@link dev.jerla.cli.KernelLauncher} owns the host terminal
 * for the whole run and maps every way a run can end to an exit status.
 *
 * <p>Exit statuses follow the shell: the first process's status (128+N when signal N killed
 * it), 126 for a program that cannot be executed, 127 for one that is not found, 2 for a usage
 * error, and 125 when Jerla itself fails.
 */
package dev.jerla.cli;
