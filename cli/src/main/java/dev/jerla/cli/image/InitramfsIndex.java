package dev.jerla.cli.image;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream;
import org.apache.commons.compress.archivers.cpio.CpioConstants;

/**
 * The table of contents of an initramfs (cpio "newc", optionally gzip-compressed): every path
 * with its mode, size and, for symbolic links, the target. The command line uses it to find a
 * command in the image before boot, as a shell would search PATH.
 */
public final class InitramfsIndex {
    /** The directories searched for a command name without '/', in order (the image's PATH). */
    public static final List<String> COMMAND_DIRECTORIES = List.of("/sbin", "/usr/sbin", "/bin", "/usr/bin");

    /** One archive member: an absolute guest path, its st_mode, size, rdev and link target (or null). */
    public record Entry(String path, int mode, long size, int rdevMajor, int rdevMinor, String linkTarget) {
        public boolean isDirectory() { return (mode & CpioConstants.S_IFMT) == CpioConstants.C_ISDIR; }
        public boolean isRegularFile() { return (mode & CpioConstants.S_IFMT) == CpioConstants.C_ISREG; }
        public boolean isSymlink() { return (mode & CpioConstants.S_IFMT) == CpioConstants.C_ISLNK; }
        public boolean isCharacterDevice() { return (mode & CpioConstants.S_IFMT) == CpioConstants.C_ISCHR; }
        public int permissions() { return mode & 07777; }
    }

    private final Map<String, Entry> entries;

    private InitramfsIndex(Map<String, Entry> entries) {
        this.entries = Collections.unmodifiableMap(entries);
    }

    /** Reads the archive at {@code path}; gzip compression is recognized by its magic bytes. */
    public static InitramfsIndex read(Path path) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(path))) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            InputStream in = (b0 == 0x1f && b1 == 0x8b) ? new GZIPInputStream(raw, 1 << 16) : raw;
            Map<String, Entry> entries = new LinkedHashMap<>();
            CpioArchiveInputStream cpio = new CpioArchiveInputStream(in);
            CpioArchiveEntry e;
            while ((e = cpio.getNextEntry()) != null) {
                String stripped = stripDotSlash(e.getName());
                String name = stripped.isEmpty() || stripped.equals(".") ? "/" : "/" + stripped;
                String target = null;
                int mode = (int) e.getMode();
                if ((mode & CpioConstants.S_IFMT) == CpioConstants.C_ISLNK) {
                    target = new String(cpio.readAllBytes(), StandardCharsets.UTF_8);
                }
                entries.put(name, new Entry(name, mode, e.getSize(),
                        (int) e.getRemoteDeviceMaj(), (int) e.getRemoteDeviceMin(), target));
            }
            return new InitramfsIndex(entries);
        } catch (IOException | IllegalArgumentException e) {
            throw new ImageException(path + ": not a readable initramfs (cpio newc, optionally gzip): " + e.getMessage());
        }
    }

    /** Every entry by absolute guest path, in archive order. */
    public Map<String, Entry> entries() {
        return entries;
    }

    /** The entry at absolute guest path {@code path}. */
    public Optional<Entry> get(String path) {
        return Optional.ofNullable(entries.get(path));
    }

    /** The absolute guest path of command {@code name} in {@link #COMMAND_DIRECTORIES}, if the image has it. */
    public Optional<String> findCommand(String name) {
        for (String dir : COMMAND_DIRECTORIES) {
            Entry entry = entries.get(dir + "/" + name);
            if (entry != null && (entry.isRegularFile() || entry.isSymlink())) {
                return Optional.of(entry.path());
            }
        }
        return Optional.empty();
    }

    private static String stripDotSlash(String name) {
        String result = name;
        while (result.startsWith("./")) {
            result = result.substring(2);
        }
        while (result.startsWith("/")) {
            result = result.substring(1);
        }
        return result;
    }
}
