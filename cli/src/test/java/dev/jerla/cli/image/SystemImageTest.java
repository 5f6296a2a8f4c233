package dev.jerla.cli.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemImageTest {
    @TempDir
    Path tmp;

    /** A stand-in for BusyBox that answers --list-full like the real one (a host shell script). */
    private Path fakeBusybox() throws IOException {
        Path script = tmp.resolve("busybox");
        Files.writeString(script, """
                #!/bin/sh
                [ "$1" = --list-full ] || exit 1
                printf 'bin/ash\\nbin/sh\\nbin/ls\\nusr/bin/awk\\nsbin/init\\nlinuxrc\\n'
                """);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private InitramfsIndex build(List<SystemImage.Addition> additions) throws IOException {
        Path image = tmp.resolve("out").resolve("image.cpio.gz");
        SystemImage.Summary summary = SystemImage.build(new SystemImage.FromBinary(fakeBusybox()), additions, image,
                tmp.resolve("cache"), new PrintStream(new ByteArrayOutputStream()));
        assertEquals(6, summary.applets());
        return InitramfsIndex.read(image);
    }

    private static String content(Path image, String name) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(image));
             CpioArchiveInputStream cpio = new CpioArchiveInputStream(in)) {
            CpioArchiveEntry e;
            while ((e = cpio.getNextEntry()) != null) {
                if (e.getName().equals(name)) {
                    return new String(cpio.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        throw new AssertionError(name + " not in the image");
    }

    @Test
    void busyboxAndOneLinkPerApplet() throws IOException {
        InitramfsIndex index = build(List.of());
        InitramfsIndex.Entry busybox = index.get("/bin/busybox").orElseThrow();
        assertTrue(busybox.isRegularFile());
        assertEquals(0755, busybox.permissions());
        for (String applet : List.of("/bin/ash", "/bin/sh", "/bin/ls", "/usr/bin/awk", "/sbin/init", "/linuxrc")) {
            assertEquals("/bin/busybox", index.get(applet).orElseThrow().linkTarget(), applet);
        }
        assertEquals("/bin/sh", index.findCommand("sh").orElseThrow());
    }

    @Test
    void directoriesDevicesAndEtcOfALinuxSystem() throws IOException {
        InitramfsIndex index = build(List.of());
        for (String dir : List.of("/dev", "/proc", "/sys", "/root", "/tmp", "/etc", "/mnt", "/var/tmp")) {
            assertTrue(index.get(dir).orElseThrow().isDirectory(), dir);
        }
        assertEquals(01777, index.get("/tmp").orElseThrow().permissions());
        assertEquals(0700, index.get("/root").orElseThrow().permissions());
        InitramfsIndex.Entry console = index.get("/dev/console").orElseThrow();
        assertTrue(console.isCharacterDevice());
        assertEquals(5, console.rdevMajor());
        assertEquals(1, console.rdevMinor());
        assertEquals(0600, index.get("/etc/shadow").orElseThrow().permissions());
        Path image = tmp.resolve("out").resolve("image.cpio.gz");
        assertTrue(content(image, "etc/passwd").startsWith("root:x:0:0:root:/root:/bin/sh\n"));
        assertTrue(content(image, "etc/group").startsWith("root:x:0:\n"));
        assertTrue(content(image, "etc/profile").contains("export PS1='\\w \\$ '"), "the prompt is \"/ # \" in / as root");
        assertTrue(content(image, "etc/hosts").contains("127.0.0.1\tlocalhost"));
    }

    @Test
    void hostTreesCanBeAdded() throws IOException {
        Path tree = tmp.resolve("tree");
        Files.createDirectories(tree.resolve("sub"));
        Files.writeString(tree.resolve("sub/hello.txt"), "hello\n");
        Files.createSymbolicLink(tree.resolve("link"), Path.of("sub/hello.txt"));
        InitramfsIndex index = build(List.of(new SystemImage.Addition(tree, "/opt/tree"),
                new SystemImage.Addition(tree.resolve("sub/hello.txt"), "/etc/motd")));
        assertTrue(index.get("/opt/tree/sub").orElseThrow().isDirectory());
        assertEquals(6, index.get("/opt/tree/sub/hello.txt").orElseThrow().size());
        assertEquals("sub/hello.txt", index.get("/opt/tree/link").orElseThrow().linkTarget());
        assertTrue(index.get("/etc/motd").orElseThrow().isRegularFile());
    }

    @Test
    void theImageIsPublishedAtomicallyAndReadable() throws IOException {
        build(List.of());
        Path out = tmp.resolve("out");
        try (var files = Files.list(out)) {
            assertEquals(List.of(out.resolve("image.cpio.gz")), files.toList(), "no partial file is left behind");
        }
        assertTrue(Files.getPosixFilePermissions(out.resolve("image.cpio.gz")).contains(
                java.nio.file.attribute.PosixFilePermission.OTHERS_READ));
        try (var files = Files.list(tmp.resolve("cache"))) {
            assertFalse(files.findAny().isPresent(), "the host copy of BusyBox is removed");
        }
    }
}
