package dev.jerla.cli;

import dev.jerla.cli.host.HostEnvironment;
import dev.jerla.cli.host.HostExecutable;
import dev.jerla.kernel.KernelConfig;
import dev.jerla.kernel.KernelConfig.Console;
import dev.jerla.kernel.KernelConfig.HostRoot;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jerla exec PROGRAM ARGS...}: runs one Linux x86-64 program the way qemu-x86_64 does.
 * The host's root directory is the guest's root, and the program gets the host's environment,
 * working directory and standard streams; the exit status is the program's.
 */
@Command(name = "exec", sortOptions = false, separator = " ",
        description = {"Run one Linux x86-64 program, like qemu-x86_64.",
                "The program sees the host's files, environment, working directory and standard streams. "
                        + "PROGRAM is searched in PATH when it contains no '/'. "
                        + "The exit status is the program's (128+N if signal N killed it)."})
final class ExecCommand implements Callable<Integer> {
    @Mixin
    SystemOptions options;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Parameters(index = "0", paramLabel = "PROGRAM", description = "The program to run.")
    String program;

    @Parameters(index = "1..*", paramLabel = "ARG", description = "Its arguments.")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws CommandFailure {
        List<String> env = HostEnvironment.with(HostEnvironment.current(), options.env);
        Path cwd = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        List<String> argv = argv(program, args, env, cwd);
        return KernelLauncher.boot(console -> configure(argv, env, cwd, console, options, System.err), System.err);
    }

    /** argv with argv[0] resolved as a shell would, or the shell's refusal as a failure. */
    static List<String> argv(String program, List<String> args, List<String> env, Path cwd) throws CommandFailure {
        return switch (HostExecutable.resolve(program, HostEnvironment.get(env, "PATH"), cwd)) {
            case HostExecutable.Refused refused -> throw new CommandFailure(program + ": " + refused.reason(), refused.exitStatus());
            case HostExecutable.Found found -> {
                List<String> argv = new ArrayList<>();
                argv.add(found.path());
                argv.addAll(args);
                yield argv;
            }
        };
    }

    static KernelConfig configure(List<String> argv, List<String> env, Path cwd, Console console,
            SystemOptions options, PrintStream log) {
        return new KernelConfig(new HostRoot(Path.of("/")), List.copyOf(options.volumes), List.copyOf(argv),
                List.copyOf(env), cwd.toString(), console, true, options.trace, log,
                options.network(), options.cpu);
    }
}
