package dev.jerla.cli;

import dev.jerla.cli.host.HostTerminal;
import dev.jerla.kernel.Kernel;
import dev.jerla.kernel.KernelConfig;
import dev.jerla.kernel.KernelConfig.Console;
import dev.jerla.kernel.vfs.Vfs;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Optional;

/**
 * Boots a kernel with the user's terminal attached and turns every way the run can end into an
 * exit status: the first process's status, or {@link #EXIT_JERLA_FAILURE} when the kernel
 * itself fails. The host terminal is in raw mode exactly while the kernel runs.
 */
final class KernelLauncher {
    /** Jerla itself failed (as docker run uses 125), distinct from the guest's own statuses. */
    static final int EXIT_JERLA_FAILURE = 125;

    private static final int DEFAULT_COLUMNS = 80;
    private static final int DEFAULT_ROWS = 24;

    /** Builds the configuration once the console is known. */
    @FunctionalInterface
    interface Configuration {
        KernelConfig with(Console console);
    }

    private KernelLauncher() {}

    static int boot(Configuration configuration, PrintStream err) {
        Optional<HostTerminal> terminal = attachTerminal(err);
        try {
            Console console = new Console(
                    new FileInputStream(FileDescriptor.in),
                    new FileOutputStream(FileDescriptor.out),
                    terminal.isPresent(),
                    terminal.map(HostTerminal::columns).orElse(DEFAULT_COLUMNS),
                    terminal.map(HostTerminal::rows).orElse(DEFAULT_ROWS));
            Kernel kernel = new Kernel(configuration.with(console));
            // The host window's size follows into the console tty, with SIGWINCH for its foreground group.
            terminal.ifPresent(t -> t.onResize((columns, rows) -> {
                Vfs vfs = kernel.vfs();
                if (vfs != null) vfs.ttys().console().resize(columns, rows, 0, 0);
            }));
            return kernel.run();
        } catch (RuntimeException | Error e) {
            // A kernel bug or an exhausted JVM: restore the terminal first so the report is readable.
            terminal.ifPresent(HostTerminal::close);
            err.println("jerla: the kernel failed: " + e);
            e.printStackTrace(err);
            return EXIT_JERLA_FAILURE;
        } finally {
            terminal.ifPresent(HostTerminal::close);
        }
    }

    /** The host terminal in raw mode, or empty when standard input is not a terminal or it cannot be set up. */
    private static Optional<HostTerminal> attachTerminal(PrintStream err) {
        try {
            return HostTerminal.attach();
        } catch (IOException | RuntimeException e) {
            err.println("jerla: warning: the terminal stays in its current mode: " + e.getMessage());
            return Optional.empty();
        }
    }
}
