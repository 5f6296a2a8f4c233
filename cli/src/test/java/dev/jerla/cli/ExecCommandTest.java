package dev.jerla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jerla.kernel.KernelConfig;
import dev.jerla.kernel.KernelConfig.HostMount;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecCommandTest {
    @TempDir
    Path tmp;

    private Path script(String name) throws IOException {
        Path file = tmp.resolve(name);
        Files.writeString(file, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    @Test
    void programsFoundInPathBecomeAbsolute() throws Exception {
        Path prog = script("prog");
        List<String> env = List.of("PATH=/nonexistent:" + tmp);
        assertEquals(List.of(prog.toString(), "-x", "y"), ExecCommand.argv("prog", List.of("-x", "y"), env, Path.of("/")));
        assertEquals(List.of("./prog"), ExecCommand.argv("./prog", List.of(), env, tmp), "a path is kept as given");
    }

    @Test
    void refusedProgramsFailWithTheShellsStatus() throws IOException {
        Path text = tmp.resolve("notes.txt");
        Files.writeString(text, "just text\n");
        Files.setPosixFilePermissions(text, PosixFilePermissions.fromString("rwxr-xr-x"));
        CommandFailure enoexec = assertThrows(CommandFailure.class,
                () -> ExecCommand.argv(text.toString(), List.of(), List.of(), tmp));
        assertEquals(text + ": Exec format error", enoexec.getMessage());
        assertEquals(126, enoexec.status());
        CommandFailure missing = assertThrows(CommandFailure.class,
                () -> ExecCommand.argv("no-such-program-anywhere", List.of(), List.of("PATH=" + tmp), tmp));
        assertEquals("no-such-program-anywhere: command not found", missing.getMessage());
        assertEquals(127, missing.status());
    }

    @Test
    void configurationIsTheHostRootWithHostStreams() throws IOException {
        SystemOptions options = new SystemOptions();
        options.volumes.add(new HostMount(tmp, "/data", true));
        KernelConfig.Console console = new KernelConfig.Console(new ByteArrayInputStream(new byte[0]),
                new ByteArrayOutputStream(), false, 80, 24);
        KernelConfig config = ExecCommand.configure(List.of("/bin/true"), List.of("A=1"), tmp, console, options,
                new PrintStream(new ByteArrayOutputStream()));
        assertEquals(new KernelConfig.HostRoot(Path.of("/")), config.root());
        assertEquals(List.of(new HostMount(tmp, "/data", true)), config.mounts());
        assertEquals(List.of("/bin/true"), config.argv());
        assertEquals(List.of("A=1"), config.env());
        assertEquals(tmp.toString(), config.cwd());
        assertTrue(config.hostStdio());
    }

    @Test
    void theCommandLineReportsExecFormatErrorsAndExits126() throws IOException {
        Path text = tmp.resolve("text");
        Files.writeString(text, "hello\n");
        Files.setPosixFilePermissions(text, PosixFilePermissions.fromString("rwxr-xr-x"));
        StringWriter err = new StringWriter();
        int status = Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), "exec", text.toString(), "arg");
        assertEquals(126, status);
        assertEquals("jerla: " + text + ": Exec format error", err.toString().strip());
    }

    @Test
    void usageErrorsExit2() {
        StringWriter err = new StringWriter();
        assertEquals(2, Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(err)));
        assertTrue(err.toString().contains("Missing command"), err.toString());
        assertEquals(2, Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                "exec", "--volume", "/nonexistent-dir:/x", "/bin/true"));
        assertEquals(2, Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), "exec"));
    }
}
