package dev.jerla.cpu.coverage;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/cpu-coverage.md is what {@link CpuCoverage} generates from the current code and tests. */
class CpuCoverageTest {
    /** The repository root: the first ancestor of the working directory with cpu/ and the parent pom. */
    private static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("cpu")) && Files.isRegularFile(p.resolve("pom.xml"))) return p;
        }
        throw new IllegalStateException("repository root not found");
    }

    @Test
    void docsCpuCoverageMdIsUpToDate() throws Exception {
        Assumptions.assumeTrue(System.getProperty("os.arch").equals("amd64"), "needs the host's objdump for x86-64");
        Path doc = root().resolve("docs/cpu-coverage.md");
        assertTrue(Files.exists(doc), "docs/cpu-coverage.md missing: run CpuCoverage");
        assertEquals(CpuCoverage.render(), Files.readString(doc, StandardCharsets.UTF_8),
                "docs/cpu-coverage.md is stale: run java dev.jerla.cpu.coverage.CpuCoverage docs/cpu-coverage.md");
    }
}
