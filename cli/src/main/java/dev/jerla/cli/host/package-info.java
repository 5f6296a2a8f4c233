/**
 * The host side of a run: the user's terminal (raw mode while the guest owns it), the host
 * environment, and the checks a shell makes before it executes a host program.
 * The only foreign call is isatty(3), in {@link dev.jerla.cli.host.HostTerminal}.
 */
package dev.jerla.cli.host;
