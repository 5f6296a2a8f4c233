package dev.jerla.cli.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DebPackageTest {
    private static final byte[] BUSYBOX = "\u007fELF pretend busybox".getBytes(StandardCharsets.ISO_8859_1);

    @TempDir
    Path tmp;

    /** A .deb laid out as dpkg-deb builds one: debian-binary, control.tar.xz, data.tar.{xz,gz}. */
    private Path deb(String dataMember) throws IOException {
        byte[] data = tar(dataMember.endsWith(".gz"));
        Path deb = tmp.resolve("busybox-static_1.0_amd64.deb");
        try (ArArchiveOutputStream ar = new ArArchiveOutputStream(Files.newOutputStream(deb))) {
            member(ar, "debian-binary", "2.0\n".getBytes(StandardCharsets.US_ASCII));
            member(ar, "control.tar.xz", new byte[0]);
            member(ar, dataMember, data);
        }
        return deb;
    }

    private static void member(ArArchiveOutputStream ar, String name, byte[] content) throws IOException {
        ar.putArchiveEntry(new ArArchiveEntry(name, content.length));
        ar.write(content);
        ar.closeArchiveEntry();
    }

    private static byte[] tar(boolean gzip) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream compressed = gzip ? new GzipCompressorOutputStream(bytes) : new XZCompressorOutputStream(bytes);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(compressed)) {
            TarArchiveEntry dir = new TarArchiveEntry("./bin/");
            tar.putArchiveEntry(dir);
            tar.closeArchiveEntry();
            TarArchiveEntry file = new TarArchiveEntry("./bin/busybox");
            file.setSize(BUSYBOX.length);
            file.setMode(0100755);
            file.setModTime(new Date(1_700_000_000_000L));
            tar.putArchiveEntry(file);
            tar.write(BUSYBOX);
            tar.closeArchiveEntry();
            TarArchiveEntry link = new TarArchiveEntry("./bin/sh", TarArchiveEntry.LF_SYMLINK);
            link.setLinkName("busybox");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }

    @Test
    void readsAFileFromAnXzDataMember() throws IOException {
        DebPackage.PackagedFile file = DebPackage.read(deb("data.tar.xz"), "bin/busybox");
        assertArrayEquals(BUSYBOX, file.content());
        assertEquals(0755, file.mode());
        assertEquals(1_700_000_000L, file.mtime());
    }

    @Test
    void readsAFileFromAGzipDataMember() throws IOException {
        assertArrayEquals(BUSYBOX, DebPackage.read(deb("data.tar.gz"), "bin/busybox").content());
    }

    @Test
    void missingFilesSymlinksAndNonPackagesAreExplained() throws IOException {
        Path deb = deb("data.tar.xz");
        ImageException missing = assertThrows(ImageException.class, () -> DebPackage.read(deb, "bin/ls"));
        assertTrue(missing.getMessage().contains("has no bin/ls"), missing.getMessage());
        ImageException link = assertThrows(ImageException.class, () -> DebPackage.read(deb, "bin/sh"));
        assertTrue(link.getMessage().contains("not a regular file"), link.getMessage());
        Path text = tmp.resolve("text.deb");
        Files.writeString(text, "!<arch>\n");
        assertThrows(ImageException.class, () -> DebPackage.read(text, "bin/busybox"));
    }
}
