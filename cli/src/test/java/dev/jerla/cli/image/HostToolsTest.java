package dev.jerla.cli.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostToolsTest {
    @TempDir
    Path tmp;

    @Test
    void missingProgramsAreNamedWithTheirPackages() {
        Map<String, String> programs = new LinkedHashMap<>();
        programs.put("sh", "dash");
        programs.put("jerla-no-such-compiler", "jerla-compiler-tools");
        programs.put("jerla-no-such-linker", "jerla-compiler-tools");
        ImageException e = assertThrows(ImageException.class, () -> HostTools.require(programs, "building x"));
        assertEquals("building x needs host programs that are missing: jerla-no-such-compiler, jerla-no-such-linker. "
                + "Install them with: apt-get install jerla-compiler-tools", e.getMessage());
    }

    @Test
    void outputComesBackAndAFailurePointsAtTheLog() throws IOException {
        ByteArrayOutputStream shown = new ByteArrayOutputStream();
        HostTools tools = new HostTools(tmp.resolve("build.log"), new PrintStream(shown, true));
        assertEquals("out\n", tools.output("echo", tmp, List.of("sh", "-c", "echo out; echo err >&2")));
        ImageException e = assertThrows(ImageException.class,
                () -> tools.run("the step", tmp, List.of("sh", "-c", "echo broken; exit 3")));
        assertEquals("the step (sh) exited with status 3; the full output is in " + tmp.resolve("build.log"), e.getMessage());
        String log = Files.readString(tmp.resolve("build.log"));
        assertTrue(log.contains("err\n") && log.contains("out\n") && log.contains("broken\n"), log);
        assertTrue(shown.toString().contains("  | broken"), shown.toString());
    }
}
