/**
 * Terminals: the tty device with its termios, window size, session and foreground process group
 * (drivers/tty/tty_io.c, tty_ioctl.c, tty_jobctrl.c), the N_TTY line discipline (n_tty.c), the
 * console whose host side is the user's terminal or streams, and the host standard streams of
 * {@code jerla exec}.
 *
 * <p>Lock order: a line discipline's monitor (the input buffer), then its tty's monitor
 * (termios, session, pgrp), then the tty's output lock {@code outMu}. Host input arrives on one daemon thread
 * ({@link HostInput}); guest readers sleep with {@code Task.waitInterruptibly} on the line
 * discipline's queue.
 */
package dev.jerla.kernel.tty;
