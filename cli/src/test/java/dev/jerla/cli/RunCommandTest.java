package dev.jerla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jerla.cli.image.InitramfsIndex;
import dev.jerla.cli.image.InitramfsWriter;
import dev.jerla.kernel.KernelConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {
    @TempDir
    Path tmp;

    private InitramfsIndex image() throws IOException {
        Path archive = tmp.resolve("image.cpio.gz");
        try (OutputStream out = Files.newOutputStream(archive); InitramfsWriter w = new InitramfsWriter(out, 0)) {
            w.file("bin/busybox", 0755, new byte[0]);
            w.symlink("bin/sh", "/bin/busybox");
            w.symlink("usr/bin/awk", "/bin/busybox");
        }
        return InitramfsIndex.read(archive);
    }

    @Test
    void withoutCommandProcessOneIsInit() throws Exception {
        assertEquals(List.of("/sbin/init"), RunCommand.argv(List.of(), image()));
    }

    @Test
    void commandNamesAreFoundInTheImage() throws Exception {
        InitramfsIndex index = image();
        assertEquals(List.of("/bin/sh", "-c", "echo $((6*7)) | cat"),
                RunCommand.argv(List.of("sh", "-c", "echo $((6*7)) | cat"), index));
        assertEquals(List.of("/usr/bin/awk", "-f", "x"), RunCommand.argv(List.of("awk", "-f", "x"), index));
        assertEquals(List.of("/opt/prog"), RunCommand.argv(List.of("/opt/prog"), index), "paths are the kernel's to resolve");
        CommandFailure missing = assertThrows(CommandFailure.class, () -> RunCommand.argv(List.of("vim"), index));
        assertEquals(127, missing.status());
        assertTrue(missing.getMessage().startsWith("vim: not found in the image"), missing.getMessage());
    }

    @Test
    void configurationBootsTheImageOnTheConsole() throws IOException {
        SystemOptions options = new SystemOptions();
        options.env.add("FOO=bar");
        options.env.add("PATH=/bin");
        options.trace = true;
        Path archive = tmp.resolve("x.cpio");
        KernelConfig.Console console = new KernelConfig.Console(new ByteArrayInputStream(new byte[0]),
                new ByteArrayOutputStream(), false, 80, 24);
        PrintStream log = new PrintStream(new ByteArrayOutputStream());
        KernelConfig config = RunCommand.configure(archive, List.of("/bin/sh", "-l"), console, options, log);
        assertEquals(new KernelConfig.Initramfs(archive), config.root());
        assertEquals("/", config.cwd());
        assertFalse(config.hostStdio(), "descriptors 0-2 of process 1 are /dev/console");
        assertTrue(config.trace());
        assertEquals(List.of("HOME=/root", "PATH=/bin", "SHELL=/bin/sh"), config.env().subList(0, 3));
        assertTrue(config.env().get(3).startsWith("TERM="));
        assertEquals("FOO=bar", config.env().get(4));
        assertEquals(console, config.console());
    }
}
