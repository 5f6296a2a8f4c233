package dev.jerla.cpu.exec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs host tools (gcc, musl-gcc, objcopy) and native programs for tests that use Linux as the oracle. */
public final class HostTools {
    private HostTools() {}

    public record Result(int exit, byte[] stdout, String stderr) {
        public String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    /** Runs {@code cmd} in {@code dir}; fails the test with its output if it does not exit with 0. */
    public static Result run(Path dir, String... cmd) throws IOException, InterruptedException {
        Result r = exec(dir, cmd);
        if (r.exit != 0) {
            throw new AssertionError(String.join(" ", cmd) + " exited with " + r.exit + ":\n" + r.stderr + r.out());
        }
        return r;
    }

    public static Result exec(Path dir, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        Process p = pb.start();
        p.getOutputStream().close();
        byte[][] err = new byte[1][];
        Thread t = Thread.ofPlatform().start(() -> {
            try (InputStream e = p.getErrorStream()) {
                err[0] = e.readAllBytes();
            } catch (IOException ex) {
                err[0] = new byte[0];
            }
        });
        byte[] out;
        try (InputStream in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " timed out");
        }
        t.join();
        return new Result(p.exitValue(), out, new String(err[0], StandardCharsets.UTF_8));
    }

    /** Copies a test resource of this package to {@code dir}. */
    public static Path resource(Path dir, String name) throws IOException {
        try (InputStream in = HostTools.class.getResourceAsStream(name)) {
            if (in == null) throw new AssertionError("missing test resource " + name);
            Path p = dir.resolve(name);
            Files.write(p, in.readAllBytes());
            return p;
        }
    }

    public static List<String> resourceLines(String name) throws IOException {
        try (InputStream in = HostTools.class.getResourceAsStream(name)) {
            if (in == null) throw new AssertionError("missing test resource " + name);
            return new ArrayList<>(List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")));
        }
    }
}
