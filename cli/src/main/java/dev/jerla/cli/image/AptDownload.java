package dev.jerla.cli.image;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Fetches a Debian binary package into a cache directory with {@code apt-get download}, which
 * needs no root and uses the host's configured package sources.
 */
public final class AptDownload {
    private AptDownload() {}

    /**
     * Returns the cached "{@code pkg}_*.deb" in {@code cacheDir}, downloading it first if there is
     * none. apt-get's progress lines go to {@code log}.
     */
    public static Path fetch(String pkg, Path cacheDir, PrintStream log) throws IOException {
        Files.createDirectories(cacheDir);
        Optional<Path> cached = find(pkg, cacheDir);
        if (cached.isPresent()) {
            return cached.get();
        }
        log.println("jerla: fetching the Debian package " + pkg + " with apt-get download");
        int status;
        try {
            Process process = new ProcessBuilder("apt-get", "download", pkg)
                    .directory(cacheDir.toFile())
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            try (InputStream out = process.getInputStream()) {
                out.transferTo(log);
            }
            status = process.waitFor();
        } catch (IOException e) {
            throw new ImageException(failure(pkg, "apt-get could not be started: " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageException("interrupted while downloading " + pkg);
        }
        if (status != 0) {
            throw new ImageException(failure(pkg, "apt-get download " + pkg + " exited with status " + status));
        }
        return find(pkg, cacheDir).orElseThrow(
                () -> new ImageException(failure(pkg, "apt-get download left no " + pkg + "_*.deb in " + cacheDir)));
    }

    private static String failure(String pkg, String why) {
        return "cannot fetch the Debian package " + pkg + ": " + why
                + ". Check the host's apt sources (apt-get update), or build the image from a local copy: "
                + "jerla image --deb FILE.deb, or jerla image --busybox FILE (a static x86-64 BusyBox).";
    }

    private static Optional<Path> find(String pkg, Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> {
                        String name = p.getFileName().toString();
                        return name.startsWith(pkg + "_") && name.endsWith(".deb");
                    })
                    .max(Comparator.comparing(p -> p.getFileName().toString()));
        }
    }
}
