package dev.jerla.cli.image;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream;
import org.apache.commons.compress.archivers.cpio.CpioConstants;

/**
 * The SSH image ({@code jerla run --image ssh}): the default image plus dropbear, built from
 * Debian's source package by {@link DropbearBuild}, host keys made at build time, root's
 * authorized key and demo password, and an /init that starts the server before the console
 * shell. The keys live in the cache next to the image (images/ssh/), so a rebuilt image keeps
 * its host keys and the client key that logs in (images/ssh/id_ed25519).
 */
public final class SshImage {
    /** The image's name on the command line. */
    public static final String NAME = "ssh";
    /** Root's password, for demonstrations (docs/ssh.md). */
    public static final String DEMO_PASSWORD = "jerla";
    /** {@link #DEMO_PASSWORD} as crypt(3) SHA-512 ("openssl passwd -6 -salt jerla jerla"). */
    static final String DEMO_PASSWORD_HASH =
            "$6$jerla$I2t5.YVaaryNCjnnHGtsZjFaPvtqhPh7IUHaLT3AuI/KtQw.stPiH6M6WdM2p6oBq0uSGQMUmOZY3bgGDp/.31";
    /** Process 1 of the image when {@code jerla run} is given no command. */
    public static final List<String> INIT = List.of("/init");
    /** The client key that root's authorized_keys accepts, in OpenSSH's format. */
    public static final String CLIENT_KEY = "id_ed25519";

    /** The host key types dropbear serves, with dropbearkey's size argument (null: the type's only size). */
    private static final Map<String, String> HOST_KEYS = orderedHostKeys();

    private static final String INIT_SCRIPT = """
            #!/bin/sh
            # Process 1 of Jerla's SSH image: the default image's boot script, the SSH server,
            # then a login shell on the console; the system stops when that shell exits.
            if [ -x /etc/init.d/rcS ]; then
                /etc/init.d/rcS
            fi
            # -F: stay a child of this script; -E: log to the console; -r: the host keys made
            # when the image was built. Dropbear forks a process per connection.
            /usr/sbin/dropbear -F -E -p 22 -r /etc/dropbear/dropbear_ed25519_host_key \
                -r /etc/dropbear/dropbear_ecdsa_host_key -r /etc/dropbear/dropbear_rsa_host_key &
            exec /bin/sh -l
            """;

    /** One member an image gets in addition to (or instead of) the default image's. */
    sealed interface Member permits Directory, RegularFile, Symlink {
        String path();
    }

    record Directory(String path, int mode) implements Member {}

    record RegularFile(String path, int mode, byte[] content) implements Member {}

    record Symlink(String path, String target) implements Member {}

    /** What was written: the archive, its number of entries and the dropbear version inside. */
    public record Summary(Path archive, int entries, String dropbearVersion) {}

    private SshImage() {}

    /** The image's path under Jerla's cache directory. */
    public static Path image(Path cacheDir) {
        return cacheDir.resolve("images").resolve(NAME + ".cpio.gz");
    }

    /** Where the host keys and the client key pair are kept. */
    public static Path keyDir(Path cacheDir) {
        return cacheDir.resolve("images").resolve(NAME);
    }

    /**
     * Returns the image, building it first when it is missing or older than the default image,
     * the dropbear build or the keys (so a new Jerla never boots an SSH image built by an older
     * one). Dropbear is compiled only when no build is cached.
     */
    public static Path ensure(Path cacheDir, PrintStream log) throws IOException {
        Path base = SystemImage.ensureDefault(cacheDir, log);
        Path image = image(cacheDir);
        if (Files.isRegularFile(image)) {
            long built = Files.getLastModifiedTime(image).toMillis();
            if (built >= Files.getLastModifiedTime(base).toMillis() && DropbearBuild.newest(DropbearBuild.root(cacheDir))
                    .map(b -> builtAfter(built, b.dir()) && builtAfter(built, keyDir(cacheDir)))
                    .orElse(false)) {
                return image;
            }
        }
        log.println("jerla: building the SSH image " + image);
        build(cacheDir, image, false, log);
        return image;
    }

    /**
     * Builds the image into {@code output} from the default image (built first if needed); with
     * {@code refresh} the Debian source indexes are updated and a newer dropbear is built.
     */
    public static Summary build(Path cacheDir, Path output, boolean refresh, PrintStream log) throws IOException {
        Path base = SystemImage.ensureDefault(cacheDir, log);
        Path root = DropbearBuild.root(cacheDir);
        Files.createDirectories(root);
        DropbearBuild.Build dropbear;
        Path keys = keyDir(cacheDir);
        try (FileChannel lockFile = FileChannel.open(root.resolve("build.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            // A second Jerla building at the same time waits here, then finds the build done;
            // closing the channel releases the lock.
            lockFile.lock();
            dropbear = DropbearBuild.ensure(cacheDir, refresh, log);
            makeKeys(dropbear, keys, new HostTools(root.resolve("build.log"), log));
        }
        List<Member> members = members(dropbear, keys, readFile(base, "etc/shadow"));
        long mtime = Files.getLastModifiedTime(dropbear.program("dropbear")).toMillis() / 1000;
        Path dir = output.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path partial = Files.createTempFile(dir, output.getFileName().toString(), ".partial",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
        int entries;
        try {
            entries = assemble(base, members, partial, mtime);
            try {
                Files.move(partial, output, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(partial);
        }
        return new Summary(output, entries, dropbear.version());
    }

    /** What the SSH image adds to the default image, or replaces in it. */
    static List<Member> members(DropbearBuild.Build dropbear, Path keys, String baseShadow) throws IOException {
        List<Member> members = new ArrayList<>();
        members.add(new RegularFile("init", 0755, INIT_SCRIPT.getBytes(StandardCharsets.UTF_8)));
        members.add(new RegularFile("usr/sbin/dropbear", 0755, Files.readAllBytes(dropbear.program("dropbear"))));
        for (String program : List.of("dropbearkey", "dbclient", "scp")) {
            members.add(new RegularFile("usr/bin/" + program, 0755, Files.readAllBytes(dropbear.program(program))));
        }
        members.add(new Directory("etc/dropbear", 0755));
        for (String type : HOST_KEYS.keySet()) {
            String name = hostKeyName(type);
            members.add(new RegularFile("etc/dropbear/" + name, 0600, Files.readAllBytes(keys.resolve(name))));
        }
        members.add(new Directory("root/.ssh", 0700));
        members.add(new RegularFile("root/.ssh/authorized_keys", 0600,
                Files.readAllBytes(keys.resolve(CLIENT_KEY + ".pub"))));
        members.add(new RegularFile("etc/shadow", 0600,
                withRootPassword(baseShadow, DEMO_PASSWORD_HASH).getBytes(StandardCharsets.UTF_8)));
        // Dropbear writes its pid file to /var/run, which Debian links to /run.
        members.add(new Symlink("var/run", "/run"));
        return members;
    }

    /**
     * Makes the host keys and the client key pair in {@code keys} with the freshly built
     * dropbearkey, run natively; keys already there are kept.
     */
    private static void makeKeys(DropbearBuild.Build dropbear, Path keys, HostTools tools) throws IOException {
        Files.createDirectories(keys);
        String dropbearkey = dropbear.program("dropbearkey").toString();
        for (Map.Entry<String, String> key : HOST_KEYS.entrySet()) {
            Path file = keys.resolve(hostKeyName(key.getKey()));
            if (Files.isRegularFile(file)) {
                continue;
            }
            List<String> command = new ArrayList<>(List.of(dropbearkey, "-t", key.getKey(), "-f", file.toString()));
            if (key.getValue() != null) {
                command.addAll(List.of("-s", key.getValue()));
            }
            tools.run("dropbearkey", keys, command);
        }
        Path privateKey = keys.resolve(CLIENT_KEY);
        Path publicKey = keys.resolve(CLIENT_KEY + ".pub");
        if (Files.isRegularFile(privateKey) && Files.isRegularFile(publicKey)) {
            return;
        }
        // dropbearkey writes its own format; dbclient reads it, OpenSSH's ssh reads the converted copy.
        Path dropbearFormat = keys.resolve(CLIENT_KEY + ".dropbear");
        Files.deleteIfExists(dropbearFormat);
        Files.deleteIfExists(privateKey);
        tools.run("dropbearkey", keys, List.of(dropbearkey, "-t", "ed25519", "-f", dropbearFormat.toString()));
        tools.run("dropbearconvert", keys, List.of(dropbear.program("dropbearconvert").toString(),
                "dropbear", "openssh", dropbearFormat.toString(), privateKey.toString()));
        Files.setPosixFilePermissions(privateKey, PosixFilePermissions.fromString("rw-------"));
        String printed = tools.output("dropbearkey", keys, List.of(dropbearkey, "-y", "-f", dropbearFormat.toString()));
        Files.writeString(publicKey, publicKeyLine(printed), StandardCharsets.UTF_8);
    }

    /** The "ssh-ed25519 AAAA... jerla-ssh-image" line of {@code dropbearkey -y} output. */
    static String publicKeyLine(String dropbearkeyOutput) throws ImageException {
        for (String line : dropbearkeyOutput.split("\n")) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length >= 2 && fields[0].startsWith("ssh-")) {
                return fields[0] + " " + fields[1] + " jerla-ssh-image\n";
            }
        }
        throw new ImageException("dropbearkey -y printed no public key: " + dropbearkeyOutput.strip());
    }

    /** {@code shadow} (shadow(5)) with root's password field set to {@code hash}; a root line is added if there is none. */
    static String withRootPassword(String shadow, String hash) {
        StringBuilder out = new StringBuilder();
        boolean found = false;
        for (String line : shadow.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("root:")) {
                String[] fields = line.split(":", -1);
                fields[1] = hash;
                out.append(String.join(":", fields)).append('\n');
                found = true;
            } else {
                out.append(line).append('\n');
            }
        }
        return found ? out.toString() : "root:" + hash + ":19000:0:99999:7:::\n" + out;
    }

    /**
     * Writes the base archive's members to {@code output}, each replaced by the member of
     * {@code members} with the same path if there is one, then the remaining members; returns
     * the number of entries written.
     */
    static int assemble(Path base, List<Member> members, Path output, long mtime) throws IOException {
        Map<String, Member> pending = new LinkedHashMap<>();
        for (Member member : members) {
            pending.put(InitramfsWriter.checkedName(member.path()), member);
        }
        int entries = 0;
        try (InputStream in = open(base);
             CpioArchiveInputStream cpio = new CpioArchiveInputStream(in);
             OutputStream out = Files.newOutputStream(output);
             InitramfsWriter image = new InitramfsWriter(out, mtime)) {
            CpioArchiveEntry e;
            while ((e = cpio.getNextEntry()) != null) {
                String name = stripDotSlash(e.getName());
                if (name.isEmpty() || name.equals(".")) {
                    continue;
                }
                Member replacement = pending.remove(name);
                if (replacement != null) {
                    entries += write(image, replacement);
                    continue;
                }
                int mode = (int) e.getMode();
                int permissions = mode & 07777;
                switch (mode & CpioConstants.S_IFMT) {
                    case CpioConstants.C_ISDIR -> {
                        if (!image.contains(name)) {
                            image.directory(name, permissions);
                        }
                    }
                    case CpioConstants.C_ISREG -> image.file(name, permissions, cpio.readAllBytes());
                    case CpioConstants.C_ISLNK -> image.symlink(name, new String(cpio.readAllBytes(), StandardCharsets.UTF_8));
                    case CpioConstants.C_ISCHR -> image.characterDevice(name, permissions,
                            (int) e.getRemoteDeviceMaj(), (int) e.getRemoteDeviceMin());
                    default -> throw new ImageException(base + ": /" + name + " has a file type the SSH image cannot copy");
                }
                entries++;
            }
            for (Member member : pending.values()) {
                entries += write(image, member);
            }
        }
        return entries;
    }

    private static int write(InitramfsWriter image, Member member) throws IOException {
        switch (member) {
            case Directory d -> {
                if (image.contains(InitramfsWriter.checkedName(d.path()))) {
                    return 0;
                }
                image.directory(d.path(), d.mode());
            }
            case RegularFile f -> image.file(f.path(), f.mode(), f.content());
            case Symlink s -> image.symlink(s.path(), s.target());
        }
        return 1;
    }

    /** The content of the regular file {@code path} ("etc/shadow") of the archive {@code base}, or "" if it has none. */
    static String readFile(Path base, String path) throws IOException {
        try (InputStream in = open(base); CpioArchiveInputStream cpio = new CpioArchiveInputStream(in)) {
            CpioArchiveEntry e;
            while ((e = cpio.getNextEntry()) != null) {
                if (stripDotSlash(e.getName()).equals(path) && e.isRegularFile()) {
                    return new String(cpio.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        return "";
    }

    /** The archive's bytes, uncompressed when it starts with gzip's magic. */
    private static InputStream open(Path archive) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(archive));
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        return b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
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

    private static String hostKeyName(String type) {
        return "dropbear_" + type + "_host_key";
    }

    /** True if {@code dir} and every file in it are no newer than {@code millis}. */
    private static boolean builtAfter(long millis, Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                if (Files.getLastModifiedTime(p).toMillis() > millis) {
                    return false;
                }
            }
            return Files.getLastModifiedTime(dir).toMillis() <= millis;
        } catch (IOException e) {
            return false;
        }
    }

    private static Map<String, String> orderedHostKeys() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("ed25519", null);
        keys.put("ecdsa", "256");
        keys.put("rsa", "3072");
        return keys;
    }
}
