package dev.jerla.cli.image;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What a BusyBox binary says about itself. */
public final class BusyBox {
    private static final long LIST_TIMEOUT_SECONDS = 30;

    private BusyBox() {}

    /**
     * The install paths of the binary's applets ("bin/ash", "usr/bin/awk", ...), from
     * {@code busybox --list-full} run on the host (the binary is a static x86-64 program, and the
     * host is x86-64 Linux).
     */
    public static List<String> appletPaths(Path binary) throws IOException {
        Process process = new ProcessBuilder(binary.toString(), "--list-full")
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(LIST_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new ImageException(binary + " --list-full did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageException("interrupted while running " + binary + " --list-full");
        }
        if (process.exitValue() != 0) {
            throw new ImageException(binary + " --list-full failed (exit " + process.exitValue() + "): " + output.strip());
        }
        List<String> paths = new ArrayList<>();
        for (String line : output.split("\n")) {
            String path = line.strip();
            if (!path.isEmpty()) {
                paths.add(InitramfsWriter.checkedName(path));
            }
        }
        if (paths.isEmpty()) {
            throw new ImageException(binary + " --list-full listed no applets");
        }
        return paths;
    }
}
