package dev.jerla.cli;

import dev.jerla.cli.host.HostEnvironment;
import dev.jerla.cli.image.InitramfsIndex;
import dev.jerla.cli.image.SshImage;
import dev.jerla.cli.image.SystemImage;
import dev.jerla.kernel.KernelConfig;
import dev.jerla.kernel.KernelConfig.Console;
import dev.jerla.kernel.KernelConfig.Initramfs;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jerla run [-- COMMAND ARGS...]}: boots a system image whose init keeps a login shell on
 * the console, or with COMMAND as process 1; Jerla exits with that process's status or at reboot(2).
 */
@Command(name = "run", sortOptions = false, separator = " ",
        description = {"Boot a system image and give a shell on the console, or run COMMAND.",
                "The default image (BusyBox) is built on first use. Process 1 is BusyBox init, which keeps a "
                        + "login shell on the console (leave with poweroff), or COMMAND; when process 1 exits "
                        + "Jerla shuts down with its exit status."})
final class RunCommand implements Callable<Integer> {
    /** Process 1 without a command: BusyBox init, which keeps a login shell on the console (see SystemImage). */
    static final List<String> DEFAULT_INIT = List.of("/sbin/init");
    /**
     * Process 1 without a command when standard input is not a terminal: a login shell reading its
     * commands from it, so Jerla ends at the end of the input (init would start shell after shell).
     */
    static final List<String> STDIN_SHELL = List.of("/bin/sh", "-l");

    @Option(names = "--image", paramLabel = "NAME|PATH",
            description = "Boot the image NAME (" + SshImage.NAME + ": BusyBox with the dropbear SSH server, built on first use) "
                    + "or the initramfs file PATH (cpio newc, optionally gzip) instead of the default image.")
    String image;

    @Mixin
    SystemOptions options;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Parameters(paramLabel = "COMMAND", arity = "0..*",
            description = "Process 1 and its arguments; a name without '/' is searched in the image's /sbin, /usr/sbin, /bin, /usr/bin.")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() throws CommandFailure, IOException {
        Path archive = image();
        List<String> argv = command.isEmpty() && SshImage.NAME.equals(image) ? SshImage.INIT
                : argv(command, InitramfsIndex.read(archive));
        return KernelLauncher.boot(console -> configure(archive, argv == DEFAULT_INIT && !console.terminal() ? STDIN_SHELL : argv,
                console, options, System.err), System.err);
    }

    private Path image() throws CommandFailure, IOException {
        if (image == null) {
            return SystemImage.ensureDefault(JerlaHome.cache(), System.err);
        }
        if (SshImage.NAME.equals(image)) {
            return SshImage.ensure(JerlaHome.cache(), System.err);
        }
        Path file = Path.of(image);
        if (!Files.isRegularFile(file)) {
            throw new CommandFailure(image + ": no such image file", KernelLauncher.EXIT_JERLA_FAILURE);
        }
        return file.toAbsolutePath();
    }

    /** Process 1's argv: /sbin/init, or COMMAND with its name found in the image. */
    static List<String> argv(List<String> command, InitramfsIndex index) throws CommandFailure {
        if (command.isEmpty()) {
            return DEFAULT_INIT;
        }
        String name = command.getFirst();
        List<String> argv = new ArrayList<>(command);
        if (name.indexOf('/') < 0) {
            String path = index.findCommand(name).orElseThrow(() -> new CommandFailure(
                    name + ": not found in the image (searched " + String.join(", ", InitramfsIndex.COMMAND_DIRECTORIES)
                            + "); give its full path", 127));
            argv.set(0, path);
        }
        return argv;
    }

    static KernelConfig configure(Path archive, List<String> argv, Console console, SystemOptions options, PrintStream log) {
        return new KernelConfig(new Initramfs(archive), List.copyOf(options.volumes), List.copyOf(argv),
                HostEnvironment.with(baseEnvironment(), options.env), "/", console, false, options.trace, log,
                options.network(), options.cpu);
    }

    /** What process 1 starts with, as Linux's init gets HOME and TERM from the kernel; PATH as /etc/profile sets it. */
    static List<String> baseEnvironment() {
        String term = System.getenv("TERM");
        return List.of(
                "HOME=/root",
                "PATH=/sbin:/usr/sbin:/bin:/usr/bin",
                "SHELL=/bin/sh",
                "TERM=" + (term == null || term.isEmpty() ? "linux" : term));
    }
}
