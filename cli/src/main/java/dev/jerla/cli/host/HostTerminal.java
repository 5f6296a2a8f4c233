package dev.jerla.cli.host;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.EnumSet;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.jline.terminal.Attributes;
import org.jline.terminal.Attributes.ControlChar;
import org.jline.terminal.Attributes.ControlFlag;
import org.jline.terminal.Attributes.InputFlag;
import org.jline.terminal.Attributes.LocalFlag;
import org.jline.terminal.Attributes.OutputFlag;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.Signals;

/**
 * The user's terminal while a guest owns it. The guest's line discipline does echo, line editing
 * and signal characters, so the host terminal is put in raw mode (as cfmakeraw(3) does: ^C
 * arrives as a byte, not as a host SIGINT) for the whole run, and its settings are restored
 * exactly once on every way out: {@link #close()}, or the JVM shutdown hook when the JVM exits
 * or is terminated. A SIGKILL leaves the terminal raw; {@code stty sane} or {@code reset} repairs it.
 */
public final class HostTerminal implements AutoCloseable {
    private static final int DEFAULT_COLUMNS = 80;
    private static final int DEFAULT_ROWS = 24;

    private final Terminal terminal;
    private final Attributes saved;
    private final Thread restoreOnExit;
    private final AtomicBoolean restored = new AtomicBoolean();
    // mu (this) guards previousWinch.
    private Object previousWinch;

    private HostTerminal(Terminal terminal) {
        this.terminal = terminal;
        this.saved = terminal.getAttributes();
        this.restoreOnExit = new Thread(this::restore, "jerla-terminal-restore");
        Runtime.getRuntime().addShutdownHook(restoreOnExit);
        terminal.setAttributes(raw(saved));
    }

    /**
     * Takes over the terminal on standard input, if there is one. Returns empty when standard
     * input is not a terminal (a pipe, a file, CI): raw mode is then never attempted.
     */
    public static Optional<HostTerminal> attach() throws IOException {
        if (!isTerminal(0)) {
            return Optional.empty();
        }
        // The exec provider (stty(1)) restores the settings exactly; JLine's ffm and jni providers
        // rewrite the line speed and line discipline when they set attributes. JLine keeps its
        // hands off signal handlers, so a host SIGINT still runs the JVM's shutdown hooks.
        Terminal terminal = TerminalBuilder.builder()
                .system(true)
                .providers("exec")
                .nativeSignals(false)
                .dumb(true)
                .build();
        String type = terminal.getType();
        if (Terminal.TYPE_DUMB.equals(type) || Terminal.TYPE_DUMB_COLOR.equals(type)) {
            terminal.close();
            return Optional.empty();
        }
        return Optional.of(new HostTerminal(terminal));
    }

    /** True if host file descriptor {@code fd} is a terminal, by isatty(3). */
    public static boolean isTerminal(int fd) {
        try {
            return (int) Isatty.HANDLE.invokeExact(fd) == 1;
        } catch (Throwable e) {
            throw new IllegalStateException("isatty failed", e);
        }
    }

    /** The window width in columns, 80 if the terminal does not say. */
    public int columns() {
        Size size = terminal.getSize();
        return size.getColumns() > 0 ? size.getColumns() : DEFAULT_COLUMNS;
    }

    /** The window height in rows, 24 if the terminal does not say. */
    public int rows() {
        Size size = terminal.getSize();
        return size.getRows() > 0 ? size.getRows() : DEFAULT_ROWS;
    }

    /**
     * Calls {@code resized} with the new columns and rows whenever the window changes size (the
     * host's SIGWINCH). Only SIGWINCH is taken over: every other host signal keeps the JVM's
     * handling.
     */
    public synchronized void onResize(BiConsumer<Integer, Integer> resized) {
        if (previousWinch != null) Signals.unregister("WINCH", previousWinch);
        previousWinch = Signals.register("WINCH", () -> resized.accept(columns(), rows()));
    }

    /** Restores the saved settings (once) and releases the terminal. */
    @Override
    public void close() {
        synchronized (this) {
            if (previousWinch != null) Signals.unregister("WINCH", previousWinch);
            previousWinch = null;
        }
        restore();
        try {
            Runtime.getRuntime().removeShutdownHook(restoreOnExit);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or has run; it restores nothing twice.
        }
    }

    private void restore() {
        if (restored.compareAndSet(false, true)) {
            terminal.setAttributes(saved);
            try {
                terminal.close();
            } catch (IOException e) {
                // The settings are back; a failure to release JLine's handle changes nothing for the user.
            }
        }
    }

    /** The settings cfmakeraw(3) produces from {@code cooked}. */
    static Attributes raw(Attributes cooked) {
        Attributes raw = new Attributes(cooked);
        raw.setInputFlags(EnumSet.of(InputFlag.IGNBRK, InputFlag.BRKINT, InputFlag.PARMRK, InputFlag.ISTRIP,
                InputFlag.INLCR, InputFlag.IGNCR, InputFlag.ICRNL, InputFlag.IXON), false);
        raw.setOutputFlag(OutputFlag.OPOST, false);
        raw.setLocalFlags(EnumSet.of(LocalFlag.ECHO, LocalFlag.ECHONL, LocalFlag.ICANON, LocalFlag.ISIG,
                LocalFlag.IEXTEN), false);
        raw.setControlFlag(ControlFlag.PARENB, false);
        raw.setControlFlags(EnumSet.of(ControlFlag.CS5, ControlFlag.CS6, ControlFlag.CS7), false);
        raw.setControlFlag(ControlFlag.CS8, true);
        raw.setControlChar(ControlChar.VMIN, 1);
        raw.setControlChar(ControlChar.VTIME, 0);
        return raw;
    }

    /** The one foreign call of the command line, resolved on first use. */
    @SuppressWarnings("restricted")
    private static final class Isatty {
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(
                Linker.nativeLinker().defaultLookup().find("isatty").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    }
}
