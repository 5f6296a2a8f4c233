package dev.jerla.cli.image;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Reads files out of a Debian binary package without dpkg: a .deb is an ar(1) archive whose
 * "data.tar.*" member is the package's file tree (deb(5)).
 */
public final class DebPackage {
    /** One regular file of the package: its bytes, permission bits and modification time (seconds). */
    public record PackagedFile(String path, byte[] content, int mode, long mtime) {}

    private DebPackage() {}

    /**
     * Returns the regular file {@code path} (e.g. "bin/busybox") of the package {@code deb}.
     *
     * @throws ImageException if the package has no data member, uses a compression this reader
     *         does not know, or does not contain the file as a regular file
     */
    public static PackagedFile read(Path deb, String path) throws IOException {
        try (InputStream file = new BufferedInputStream(Files.newInputStream(deb));
             ArArchiveInputStream ar = new ArArchiveInputStream(file)) {
            ArArchiveEntry member;
            while ((member = ar.getNextEntry()) != null) {
                String name = member.getName();
                if (name.startsWith("data.tar")) {
                    return findInTar(data(name, ar, deb), path, deb);
                }
            }
        }
        throw new ImageException(deb + ": not a Debian package (no data.tar member)");
    }

    private static InputStream data(String member, InputStream ar, Path deb) throws IOException {
        return switch (member) {
            case "data.tar" -> ar;
            case "data.tar.xz" -> new XZCompressorInputStream(ar);
            case "data.tar.gz" -> new GzipCompressorInputStream(ar);
            default -> throw new ImageException(deb + ": unsupported package compression: " + member);
        };
    }

    private static PackagedFile findInTar(InputStream data, String path, Path deb) throws IOException {
        TarArchiveInputStream tar = new TarArchiveInputStream(data);
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            if (normalize(entry.getName()).equals(path)) {
                // isFile() is also true for symbolic and hard links in Commons Compress.
                if (!entry.isFile() || entry.isSymbolicLink() || entry.isLink()) {
                    throw new ImageException(deb + ": " + path + " is not a regular file in the package");
                }
                return new PackagedFile(path, tar.readAllBytes(), entry.getMode() & 07777,
                        entry.getModTime().getTime() / 1000);
            }
        }
        throw new ImageException(deb + ": the package has no " + path);
    }

    /** Package members are spelled "./bin/busybox"; callers ask for "bin/busybox". */
    private static String normalize(String name) {
        String result = name;
        if (result.startsWith("./")) {
            result = result.substring(2);
        }
        while (result.startsWith("/")) {
            result = result.substring(1);
        }
        return result;
    }
}
