package dev.jerla.cli.image;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Host programs an image build runs (apt-get, a compiler, make): found on PATH, run with their
 * output appended to one log file, and a failure reported with the log's last lines.
 */
public final class HostTools {
    private static final int TAIL_LINES = 25;

    private final Path logFile;
    private final PrintStream log;

    /**
     * @param logFile where every command line and its output are appended
     * @param log where progress lines and failures are shown to the user
     */
    public HostTools(Path logFile, PrintStream log) {
        this.logFile = logFile;
        this.log = log;
    }

    /** The log file commands write to. */
    public Path logFile() {
        return logFile;
    }

    /** The user-facing log. */
    public PrintStream log() {
        return log;
    }

    /**
     * Fails with one message naming every missing program of {@code programs} (program name to
     * the Debian package that provides it) and the apt-get command that installs them.
     */
    public static void require(Map<String, String> programs, String purpose) throws ImageException {
        Map<String, String> missing = new LinkedHashMap<>();
        for (Map.Entry<String, String> program : programs.entrySet()) {
            if (find(program.getKey()) == null) {
                missing.put(program.getKey(), program.getValue());
            }
        }
        if (!missing.isEmpty()) {
            throw new ImageException(purpose + " needs host programs that are missing: "
                    + String.join(", ", missing.keySet()) + ". Install them with: apt-get install "
                    + String.join(" ", new LinkedHashSet<>(missing.values())));
        }
    }

    /** The executable {@code name} on PATH, or null. */
    static Path find(String name) {
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "/usr/bin:/bin" : path).split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** Runs {@code command} in {@code dir}, its output going to the log file; fails unless it exits with 0. */
    public void run(String what, Path dir, List<String> command) throws IOException {
        run(what, dir, command, Map.of());
    }

    /** Like {@link #run(String, Path, List)} with extra environment variables. */
    public void run(String what, Path dir, List<String> command, Map<String, String> environment) throws IOException {
        try (OutputStream out = logStream()) {
            out.write(("$ (cd " + dir + " && " + String.join(" ", command) + ")\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            int status = execute(command, dir, environment, out);
            if (status != 0) {
                throw failure(what, command, "exited with status " + status);
            }
        }
    }

    /** Runs {@code command} in {@code dir} and returns its standard output; its standard error goes to the log file. */
    public String output(String what, Path dir, List<String> command) throws IOException {
        try (OutputStream err = logStream()) {
            err.write(("$ (cd " + dir + " && " + String.join(" ", command) + ")\n").getBytes(StandardCharsets.UTF_8));
            err.flush();
            Process process;
            try {
                process = new ProcessBuilder(command).directory(dir.toFile())
                        .redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .start();
            } catch (IOException e) {
                throw failure(what, command, "could not be started: " + e.getMessage());
            }
            String output;
            try (InputStream in = process.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            int status = waitFor(process, command);
            err.write(output.getBytes(StandardCharsets.UTF_8));
            if (status != 0) {
                throw failure(what, command, "exited with status " + status);
            }
            return output;
        }
    }

    private int execute(List<String> command, Path dir, Map<String, String> environment, OutputStream out)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw failure(command.getFirst(), command, "could not be started: " + e.getMessage());
        }
        try (InputStream in = process.getInputStream()) {
            in.transferTo(out);
        }
        return waitFor(process, command);
    }

    private static int waitFor(Process process, List<String> command) throws ImageException {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ImageException("interrupted while running " + command.getFirst());
        }
    }

    private OutputStream logStream() throws IOException {
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        return Files.newOutputStream(logFile, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** The failure message: what failed, then the last lines of the log so the cause is on the screen. */
    private ImageException failure(String what, List<String> command, String how) throws IOException {
        List<String> lines = Files.isRegularFile(logFile)
                ? Files.readAllLines(logFile, StandardCharsets.ISO_8859_1) : List.of();
        List<String> tail = new ArrayList<>(lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        for (String line : tail) {
            log.println("  | " + line);
        }
        return new ImageException(what + " (" + command.getFirst() + ") " + how + "; the full output is in " + logFile);
    }
}
