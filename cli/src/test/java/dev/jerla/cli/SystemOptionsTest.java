package dev.jerla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jerla.kernel.KernelConfig.HostMount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.TypeConversionException;

class SystemOptionsTest {
    @TempDir
    Path tmp;

    @Test
    void volumesAreHostDirectoryGuestPathAndMode() throws IOException {
        Path data = Files.createDirectories(tmp.resolve("data"));
        assertEquals(new HostMount(data, "/mnt", false), SystemOptions.parseVolume(data + ":/mnt", tmp));
        assertEquals(new HostMount(data, "/mnt/data", true), SystemOptions.parseVolume("data:/mnt/data:ro", tmp),
                "a relative host directory is taken from the working directory");
        assertEquals(new HostMount(data, "/m", false), SystemOptions.parseVolume("./data/../data:/m:rw", tmp));
    }

    @Test
    void badVolumesAreExplained() throws IOException {
        Files.createDirectories(tmp.resolve("data"));
        Files.writeString(tmp.resolve("file"), "");
        for (String spec : new String[] {"data", "data:", ":/mnt", "data:mnt", "data:/mnt:rx", "missing:/mnt",
                "file:/mnt", "a:b:c:d"}) {
            TypeConversionException e = assertThrows(TypeConversionException.class,
                    () -> SystemOptions.parseVolume(spec, tmp), spec);
            assertTrue(e.getMessage().contains(spec), e.getMessage());
        }
    }

    @Test
    void environmentAssignmentsNeedANameAndAnEqualsSign() {
        assertEquals("A=", SystemOptions.parseAssignment("A="));
        assertEquals("A=b=c", SystemOptions.parseAssignment("A=b=c"));
        assertThrows(TypeConversionException.class, () -> SystemOptions.parseAssignment("A"));
        assertThrows(TypeConversionException.class, () -> SystemOptions.parseAssignment("=x"));
    }
}
