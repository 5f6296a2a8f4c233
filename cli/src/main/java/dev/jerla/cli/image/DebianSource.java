package dev.jerla.cli.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Debian source packages, fetched with {@code apt-get source} under a private apt configuration
 * kept in a cache directory: the host's own package sources (/etc/apt/sources.list and
 * /etc/apt/sources.list.d), each turned into a "deb-src" entry, with their own index lists. The
 * host's apt configuration is read, never changed, and no root is needed.
 */
public final class DebianSource {
    /** The host's apt sources: the one-line list and the directory of .list and .sources files (sources.list(5)). */
    static final Path HOST_SOURCE_LIST = Path.of("/etc/apt/sources.list");
    static final Path HOST_SOURCE_PARTS = Path.of("/etc/apt/sources.list.d");

    private final Path dir;
    private final HostTools tools;

    /**
     * @param dir the private apt state: sources.list, sources.list.d/, lists/ and cache/
     * @param tools runs apt-get and dpkg-source, with their output in its log file
     */
    public DebianSource(Path dir, HostTools tools) {
        this.dir = dir;
        this.tools = tools;
    }

    /** True once {@link #update()} has fetched source indexes. */
    public boolean hasIndexes() throws IOException {
        Path lists = dir.resolve("lists");
        if (!Files.isDirectory(lists)) {
            return false;
        }
        try (Stream<Path> files = Files.list(lists)) {
            return files.anyMatch(p -> p.getFileName().toString().contains("_Sources"));
        }
    }

    /** Writes the deb-src configuration derived from the host's sources and runs {@code apt-get update} on it. */
    public void update() throws IOException {
        Files.createDirectories(dir.resolve("lists").resolve("partial"));
        Files.createDirectories(dir.resolve("cache").resolve("archives").resolve("partial"));
        Path parts = dir.resolve("sources.list.d");
        Files.createDirectories(parts);
        try (Stream<Path> old = Files.list(parts)) {
            for (Path p : old.toList()) {
                Files.delete(p);
            }
        }
        int entries = 0;
        String main = Files.isRegularFile(HOST_SOURCE_LIST)
                ? sourceLines(Files.readString(HOST_SOURCE_LIST, StandardCharsets.UTF_8)) : "";
        Files.writeString(dir.resolve("sources.list"), main, StandardCharsets.UTF_8);
        entries += main.isEmpty() ? 0 : 1;
        if (Files.isDirectory(HOST_SOURCE_PARTS)) {
            List<Path> hostParts;
            try (Stream<Path> list = Files.list(HOST_SOURCE_PARTS)) {
                hostParts = list.sorted().toList();
            }
            for (Path part : hostParts) {
                String name = part.getFileName().toString();
                // apt reads only these two extensions from sources.list.d (sources.list(5)).
                String text = name.endsWith(".list") ? sourceLines(Files.readString(part, StandardCharsets.UTF_8))
                        : name.endsWith(".sources") ? sourceStanzas(Files.readString(part, StandardCharsets.UTF_8))
                        : "";
                if (!text.isEmpty()) {
                    Files.writeString(parts.resolve(name), text, StandardCharsets.UTF_8);
                    entries++;
                }
            }
        }
        if (entries == 0) {
            throw new ImageException("the host has no apt package sources (" + HOST_SOURCE_LIST + ", "
                    + HOST_SOURCE_PARTS + ") to fetch Debian source packages from");
        }
        tools.run("updating the source indexes", dir, aptGet("update"));
    }

    /**
     * The version of source package {@code name} that {@code apt-get source} would fetch, as its
     * file names spell it (no epoch), e.g. "2022.83-1+deb12u3".
     */
    public String version(String name) throws IOException {
        String output = tools.output("looking up the source package " + name, dir, aptGet("source", "--print-uris", "--only-source", name));
        String prefix = name + "_";
        for (String line : output.split("\n")) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length >= 2 && fields[1].startsWith(prefix) && fields[1].endsWith(".dsc")) {
                return fields[1].substring(prefix.length(), fields[1].length() - ".dsc".length());
            }
        }
        throw new ImageException("apt-get source --print-uris " + name + " named no " + prefix + "*.dsc; "
                + "is there a source package " + name + " in the host's Debian release?");
    }

    /**
     * Downloads source package {@code name} at {@code version} into {@code downloads} (kept, so a
     * second unpack needs no network) and unpacks it with Debian's patches applied into
     * {@code tree}, which must not exist.
     */
    public Path unpack(String name, String version, Path downloads, Path tree) throws IOException {
        Files.createDirectories(downloads);
        Path dsc = downloads.resolve(name + "_" + version + ".dsc");
        if (!Files.isRegularFile(dsc)) {
            tools.run("downloading the source package " + name, downloads, aptGet("source", "--download-only", "--only-source", name + "=" + version));
        }
        if (!Files.isRegularFile(dsc)) {
            throw new ImageException("apt-get source left no " + dsc);
        }
        tools.run("unpacking the source package " + name, downloads, List.of("dpkg-source", "-x", dsc.toString(), tree.toString()));
        return tree;
    }

    /** apt-get with the private source list, index lists and cache. */
    private List<String> aptGet(String... args) {
        List<String> command = new ArrayList<>(List.of("apt-get", "-q",
                "-o", "Dir::Etc::SourceList=" + dir.resolve("sources.list"),
                "-o", "Dir::Etc::SourceParts=" + dir.resolve("sources.list.d"),
                "-o", "Dir::State::Lists=" + dir.resolve("lists"),
                "-o", "Dir::Cache=" + dir.resolve("cache"),
                // As root apt would switch to the _apt user, who cannot write into this cache.
                "-o", "APT::Sandbox::User=root"));
        command.addAll(List.of(args));
        return command;
    }

    /**
     * The one-line-style entries (sources.list(5)) of {@code text} as deb-src entries: "deb" lines
     * become "deb-src" lines, existing deb-src lines are kept, each entry once, comments dropped.
     */
    static String sourceLines(String text) {
        Set<String> lines = new LinkedHashSet<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("deb-src ") || line.startsWith("deb-src\t")) {
                lines.add(line);
            } else if (line.startsWith("deb ") || line.startsWith("deb\t") || line.startsWith("deb[")) {
                lines.add("deb-src" + line.substring(3));
            }
        }
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            out.append(line).append('\n');
        }
        return out.toString();
    }

    /**
     * The deb822-style stanzas (sources.list(5)) of {@code text} with "Types: deb-src" wherever
     * the types name deb or deb-src; every other line, comments and continuation lines (such as
     * an inline Signed-By key) are kept as they are. Stanzas of other types are dropped.
     */
    static String sourceStanzas(String text) {
        StringBuilder out = new StringBuilder();
        for (String stanza : text.split("\n\\s*\n")) {
            StringBuilder converted = new StringBuilder();
            boolean source = false;
            for (String line : stanza.split("\n")) {
                int colon = line.indexOf(':');
                boolean field = colon > 0 && !line.startsWith("#") && !Character.isWhitespace(line.charAt(0));
                if (field && line.substring(0, colon).strip().toLowerCase(Locale.ROOT).equals("types")) {
                    List<String> types = List.of(line.substring(colon + 1).strip().split("\\s+"));
                    if (types.contains("deb") || types.contains("deb-src")) {
                        source = true;
                        converted.append("Types: deb-src\n");
                    }
                    continue;
                }
                converted.append(line).append('\n');
            }
            if (source) {
                if (!out.isEmpty()) {
                    out.append('\n');
                }
                out.append(converted);
            }
        }
        return out.toString();
    }
}
