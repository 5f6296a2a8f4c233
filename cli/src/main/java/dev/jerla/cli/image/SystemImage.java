package dev.jerla.cli.image;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.CodeSource;
import java.util.List;
import java.util.stream.Stream;

/**
 * The default system image of {@code jerla run}: Debian's static BusyBox with a link for each of
 * its applets, the directories a Linux system mounts or writes to, /dev/console, and the /etc
 * files a login shell reads. Process 1 is BusyBox's /sbin/init: /etc/inittab runs /etc/init.d/rcS
 * once, then keeps a login shell on tty1 (the console), so /etc/profile sets PATH and the prompt
 * "/ # ". Leaving that shell starts a new one; {@code poweroff} (or {@code reboot}, {@code halt})
 * ends the system.
 */
public final class SystemImage {
    /** The Debian package the default image takes BusyBox from. */
    public static final String BUSYBOX_PACKAGE = "busybox-static";
    /** BusyBox's path inside that package and inside the image. */
    public static final String BUSYBOX_PATH = "bin/busybox";

    /** Where BusyBox comes from. */
    public sealed interface BusyBoxSource permits FromApt, FromPackage, FromBinary {}

    /** busybox-static, fetched with apt-get download into {@code cacheDir} unless already there. */
    public record FromApt(Path cacheDir) implements BusyBoxSource {}

    /** A busybox-static .deb file. */
    public record FromPackage(Path deb) implements BusyBoxSource {}

    /** A static x86-64 BusyBox binary. */
    public record FromBinary(Path binary) implements BusyBoxSource {}

    /** A host file or directory tree copied into the image at {@code guestPath}. */
    public record Addition(Path hostPath, String guestPath) {}

    /** What was written: the archive, its number of entries and of applet links. */
    public record Summary(Path archive, int entries, int applets) {}

    private static final List<String> DIRECTORIES = List.of(
            "bin", "sbin", "usr", "usr/bin", "usr/sbin", "etc", "etc/init.d", "dev", "proc", "sys", "root",
            "tmp", "var", "var/log", "var/tmp", "run", "home", "mnt");

    private SystemImage() {}

    /** The default image's path under Jerla's cache directory. */
    public static Path defaultImage(Path cacheDir) {
        return cacheDir.resolve("images").resolve("busybox.cpio.gz");
    }

    /**
     * Returns the default image, building it first when it is missing or older than the code
     * that lays it out (so a new Jerla never boots an image built by an older one).
     */
    public static Path ensureDefault(Path cacheDir, PrintStream log) throws IOException {
        Path image = defaultImage(cacheDir);
        if (Files.isRegularFile(image) && Files.getLastModifiedTime(image).toMillis() >= layoutCodeTime()) {
            return image;
        }
        log.println("jerla: building the system image " + image);
        build(new FromApt(cacheDir.resolve("debs")), List.of(), image, cacheDir, log);
        return image;
    }

    /**
     * Builds an image into {@code output} (written to a temporary file and moved into place, so
     * a concurrent reader never sees half an archive). {@code cacheDir} holds the BusyBox copy
     * that is run on the host to list its applets; download progress goes to {@code log}.
     */
    public static Summary build(BusyBoxSource source, List<Addition> additions, Path output, Path cacheDir,
            PrintStream log) throws IOException {
        Path dir = output.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Files.createDirectories(cacheDir);
        DebPackage.PackagedFile busybox = busybox(source, log);
        List<String> applets = appletPaths(busybox, cacheDir);
        Path partial = Files.createTempFile(dir, output.getFileName().toString(), ".partial",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
        int entries;
        try {
            try (OutputStream out = Files.newOutputStream(partial);
                 InitramfsWriter image = new InitramfsWriter(out, busybox.mtime())) {
                entries = layout(image, busybox, applets);
                for (Addition addition : additions) {
                    entries += add(image, addition.hostPath(), addition.guestPath());
                }
            }
            try {
                Files.move(partial, output, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(partial);
        }
        return new Summary(output, entries, applets.size());
    }

    private static DebPackage.PackagedFile busybox(BusyBoxSource source, PrintStream log) throws IOException {
        return switch (source) {
            case FromApt apt -> DebPackage.read(AptDownload.fetch(BUSYBOX_PACKAGE, apt.cacheDir(), log), BUSYBOX_PATH);
            case FromPackage pkg -> DebPackage.read(pkg.deb(), BUSYBOX_PATH);
            case FromBinary bin -> {
                if (!Files.isRegularFile(bin.binary())) {
                    throw new ImageException(bin.binary() + ": no such file");
                }
                yield new DebPackage.PackagedFile(BUSYBOX_PATH, Files.readAllBytes(bin.binary()), 0755,
                        Files.getLastModifiedTime(bin.binary()).toMillis() / 1000);
            }
        };
    }

    /** Runs a host copy of the binary with --list-full; the copy lives in the cache, where files may be executed. */
    private static List<String> appletPaths(DebPackage.PackagedFile busybox, Path cacheDir) throws IOException {
        Path copy = Files.createTempFile(cacheDir, "busybox", ".host",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try {
            Files.write(copy, busybox.content());
            return BusyBox.appletPaths(copy);
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    /** Writes the base system; returns the number of entries written. */
    static int layout(InitramfsWriter image, DebPackage.PackagedFile busybox, List<String> applets) throws IOException {
        int entries = 0;
        for (String dir : DIRECTORIES) {
            int mode = switch (dir) {
                case "tmp", "var/tmp" -> 01777;
                case "root" -> 0700;
                default -> 0755;
            };
            image.directory(dir, mode);
            entries++;
        }
        image.characterDevice("dev/console", 0600, 5, 1);
        image.characterDevice("dev/null", 0666, 1, 3);
        image.file(BUSYBOX_PATH, 0755, busybox.content());
        entries += 3;
        for (String applet : applets) {
            if (!applet.equals(BUSYBOX_PATH) && !image.contains(applet)) {
                image.symlink(applet, "/" + BUSYBOX_PATH);
                entries++;
            }
        }
        for (EtcFile file : EtcFile.values()) {
            image.file("etc/" + file.fileName, file.mode, file.content.getBytes(StandardCharsets.UTF_8));
            entries++;
        }
        return entries;
    }

    /** The /etc of the image. */
    private enum EtcFile {
        PASSWD("passwd", 0644, """
                root:x:0:0:root:/root:/bin/sh
                daemon:x:1:1:daemon:/usr/sbin:/bin/false
                nobody:x:65534:65534:nobody:/nonexistent:/bin/false
                """),
        SHADOW("shadow", 0600, """
                root::19000:0:99999:7:::
                daemon:*:19000:0:99999:7:::
                nobody:*:19000:0:99999:7:::
                """),
        GROUP("group", 0644, """
                root:x:0:
                daemon:x:1:
                tty:x:5:
                nogroup:x:65534:
                """),
        HOSTS("hosts", 0644, """
                127.0.0.1\tlocalhost
                127.0.1.1\tjerla
                ::1\tlocalhost ip6-localhost ip6-loopback
                """),
        HOSTNAME("hostname", 0644, "jerla\n"),
        // The user network's DNS address, answered through the host's resolver (docs/cli.md).
        RESOLV_CONF("resolv.conf", 0644, "nameserver 10.0.2.3\n"),
        SHELLS("shells", 0644, "/bin/sh\n/bin/ash\n"),
        INITTAB("inittab", 0644, """
                # BusyBox init (see busybox's examples/inittab). The console is also tty1: a shell
                # opened there gets it as controlling terminal, so job control works.
                ::sysinit:/etc/init.d/rcS
                tty1::respawn:-/bin/sh
                ::ctrlaltdel:/sbin/reboot
                ::shutdown:/bin/sync
                """),
        RCS("init.d/rcS", 0755, """
                #!/bin/sh
                # Run once by init at boot. Jerla has already mounted /proc, /dev, /dev/pts and /tmp.
                grep -q ' /dev/pts ' /proc/mounts || mount -t devpts devpts /dev/pts
                hostname -F /etc/hostname
                """),
        PROFILE("profile", 0644, """
                # Read by login shells; the console shell of `jerla run` is one.
                export PATH=/sbin:/usr/sbin:/bin:/usr/bin
                export PS1='\\w \\$ '
                umask 022
                """);

        final String fileName;
        final int mode;
        final String content;

        EtcFile(String fileName, int mode, String content) {
            this.fileName = fileName;
            this.mode = mode;
            this.content = content;
        }
    }

    /** Copies a host file or tree into the image; returns the number of entries written. */
    private static int add(InitramfsWriter image, Path host, String guest) throws IOException {
        String name = InitramfsWriter.checkedName(guest);
        if (Files.isSymbolicLink(host)) {
            image.symlink(name, Files.readSymbolicLink(host).toString());
            return 1;
        }
        int mode = (Integer) Files.getAttribute(host, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
        if (Files.isRegularFile(host, LinkOption.NOFOLLOW_LINKS)) {
            image.file(name, mode, Files.readAllBytes(host));
            return 1;
        }
        if (!Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS)) {
            throw new ImageException(host + ": only regular files, directories and symbolic links can be added");
        }
        int entries = 0;
        if (!image.contains(name)) {
            image.directory(name, mode);
            entries++;
        }
        List<Path> children;
        try (Stream<Path> list = Files.list(host)) {
            children = list.sorted().toList();
        }
        for (Path child : children) {
            entries += add(image, child, name + "/" + child.getFileName());
        }
        return entries;
    }

    /** When the code that lays out images last changed: the modification time of its jar. */
    private static long layoutCodeTime() {
        CodeSource source = SystemImage.class.getProtectionDomain().getCodeSource();
        if (source == null) {
            return 0;
        }
        try {
            return Files.getLastModifiedTime(Path.of(source.getLocation().toURI())).toMillis();
        } catch (IOException | URISyntaxException e) {
            return 0;
        }
    }
}
