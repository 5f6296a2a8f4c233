package dev.jerla.cli.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitramfsWriterTest {
    @TempDir
    Path tmp;

    private Path write(long mtime, WriterAction action) throws IOException {
        Path archive = tmp.resolve("image.cpio.gz");
        try (OutputStream out = Files.newOutputStream(archive); InitramfsWriter w = new InitramfsWriter(out, mtime)) {
            action.accept(w);
        }
        return archive;
    }

    @FunctionalInterface
    interface WriterAction {
        void accept(InitramfsWriter w) throws IOException;
    }

    @Test
    void entriesReadBackWithTypeModeSizeAndTarget() throws IOException {
        Path archive = write(1_000_000, w -> {
            w.directory("tmp", 01777);
            w.file("bin/busybox", 0755, "BB".getBytes(StandardCharsets.UTF_8));
            w.symlink("bin/sh", "/bin/busybox");
            w.characterDevice("dev/console", 0600, 5, 1);
        });
        InitramfsIndex index = InitramfsIndex.read(archive);
        assertEquals(List.of("/tmp", "/bin", "/bin/busybox", "/bin/sh", "/dev", "/dev/console"),
                List.copyOf(index.entries().keySet()), "parents are written before their children");
        assertTrue(index.get("/tmp").orElseThrow().isDirectory());
        assertEquals(01777, index.get("/tmp").orElseThrow().permissions());
        assertEquals(0755, index.get("/bin").orElseThrow().permissions(), "implicit parents get 0755");
        InitramfsIndex.Entry busybox = index.get("/bin/busybox").orElseThrow();
        assertTrue(busybox.isRegularFile());
        assertEquals(2, busybox.size());
        assertEquals("/bin/busybox", index.get("/bin/sh").orElseThrow().linkTarget());
        InitramfsIndex.Entry console = index.get("/dev/console").orElseThrow();
        assertTrue(console.isCharacterDevice());
        assertEquals(5, console.rdevMajor());
        assertEquals(1, console.rdevMinor());
    }

    @Test
    void archiveIsGzipOfNewcCpioWithTrailer() throws IOException {
        Path archive = write(42, w -> w.file("a", 0644, new byte[] {'x'}));
        byte[] cpio;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(archive))) {
            cpio = in.readAllBytes();
        }
        String text = new String(cpio, StandardCharsets.ISO_8859_1);
        assertTrue(text.startsWith("070701"), "newc magic");
        // c_mtime is the 6th field: magic(6) + ino, mode, uid, gid, nlink (8 hex digits each).
        assertEquals(42, Integer.parseInt(text.substring(6 + 5 * 8, 6 + 6 * 8), 16));
        assertTrue(text.contains("TRAILER!!!"));
        assertEquals(0, cpio.length % 4, "newc records are 4-byte aligned");
    }

    @Test
    void sameInputGivesTheSameBytes() throws IOException {
        WriterAction content = w -> {
            w.directory("etc", 0755);
            w.file("etc/hostname", 0644, "jerla\n".getBytes(StandardCharsets.UTF_8));
        };
        byte[] first = Files.readAllBytes(write(7, content));
        byte[] second = Files.readAllBytes(write(7, content));
        assertArrayEquals(first, second);
    }

    @Test
    void duplicateAndEscapingNamesAreRefused() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (InitramfsWriter w = new InitramfsWriter(sink, 0)) {
            w.file("etc/passwd", 0644, new byte[0]);
            assertThrows(ImageException.class, () -> w.file("etc/passwd", 0644, new byte[0]));
            assertThrows(ImageException.class, () -> w.file("../etc/x", 0644, new byte[0]));
            assertThrows(ImageException.class, () -> w.file("etc//x", 0644, new byte[0]));
            assertThrows(ImageException.class, () -> w.directory("/", 0755));
        }
    }

    @Test
    void indexFindsCommandsInPathOrder() throws IOException {
        Path archive = write(0, w -> {
            w.file("bin/busybox", 0755, new byte[0]);
            w.symlink("bin/ls", "/bin/busybox");
            w.symlink("sbin/ls", "/bin/busybox");
            w.directory("usr/bin/dir", 0755);
        });
        InitramfsIndex index = InitramfsIndex.read(archive);
        assertEquals("/sbin/ls", index.findCommand("ls").orElseThrow());
        assertEquals("/bin/busybox", index.findCommand("busybox").orElseThrow());
        assertTrue(index.findCommand("dir").isEmpty(), "a directory is not a command");
        assertTrue(index.findCommand("awk").isEmpty());
    }

    @Test
    void garbageIsNotAnImage() throws IOException {
        Path junk = tmp.resolve("junk");
        Files.writeString(junk, "this is not a cpio archive at all, not even close");
        assertThrows(ImageException.class, () -> InitramfsIndex.read(junk));
    }
}
