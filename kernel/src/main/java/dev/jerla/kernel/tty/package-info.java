/**
 * Terminals: the tty device with its termios, window size, session and foreground process group
 * (drivers/tty/tty_io.c, tty_ioctl.c, tty_jobctrl.c), the N_TTY line discipline (n_tty.c), the
 * console whose host side is the user's terminal or streams (also /dev/tty0 and /dev/tty1), the
 * Unix98 pseudo-terminals of /dev/ptmx whose slaves live in devpts (pty.c), and the host standard
 * streams of {@code jerla exec}.
 *
 * <p>Lock order: a line discipline's monitor (the input buffer), then its tty's monitor
 * (termios, session, pgrp), then the tty's output lock {@code outMu}, then a pseudo-terminal's
 * monitor (the master's buffer and packet status), which calls out to nothing while held. Host
 * input arrives on one daemon thread ({@link HostInput}); guest readers sleep with
 * {@code Task.waitInterruptibly} on the line discipline's queue, master readers and writers
 * waiting for room on the pair's queue.
 */
package dev.jerla.kernel.tty;
