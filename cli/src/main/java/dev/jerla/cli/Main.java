package dev.jerla.cli;

import dev.jerla.cli.image.ImageException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code jerla} command. */
@Command(name = "jerla", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, separator = " ",
        description = "Jerla runs unmodified Linux x86-64 programs on a Linux-compatible kernel written in Java.",
        subcommands = {RunCommand.class, ExecCommand.class, ImageCommand.class},
        footer = {"", "The launcher script also runs the test suites: ./jerla test [SUITE...]"})
public final class Main implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the command line with its own messages going to {@code out} and {@code err}; returns the exit status. */
    static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setOut(out);
        commandLine.setErr(err);
        // Everything after PROGRAM (exec) or COMMAND (run) belongs to the guest, options included.
        commandLine.setStopAtPositional(true);
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof CommandFailure failure) {
                cmd.getErr().println("jerla: " + failure.getMessage());
                cmd.getErr().flush();
                return failure.status();
            }
            if (e instanceof IOException io) {
                cmd.getErr().println("jerla: " + (io instanceof ImageException ? io.getMessage() : "I/O error: " + io));
                cmd.getErr().flush();
                return KernelLauncher.EXIT_JERLA_FAILURE;
            }
            throw e;
        });
        return commandLine.execute(args);
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing command: run, exec or image (see jerla --help)");
    }

    /** The version the jar's manifest records. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"jerla " + (version != null ? version : "(development build)")};
        }
    }
}
