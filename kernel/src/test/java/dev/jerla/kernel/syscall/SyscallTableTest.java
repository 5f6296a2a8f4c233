package dev.jerla.kernel.syscall;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class SyscallTableTest {
    @Test
    void everyRowHasAUniqueNumberAndNameMatchingTheX86Table() {
        Set<Integer> numbers = new HashSet<>();
        for (Syscall s : SyscallTable.all()) {
            assertTrue(numbers.add(s.number()), s.name() + " twice");
            assertEquals(s.name(), SyscallNumbers.name(s.number()));
            assertNotNull(s.handler());
        }
        assertNotNull(SyscallTable.byNumber()[SyscallNumbers.of("rt_sigreturn")]);
    }

    /** The repository root: the first ancestor of the working directory with a docs/ folder or the parent pom. */
    private static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("kernel")) && Files.isRegularFile(p.resolve("pom.xml"))) return p;
        }
        throw new IllegalStateException("repository root not found");
    }

    @Test
    void docsSyscallsMdIsUpToDate() throws IOException {
        Path doc = root().resolve("docs/syscalls.md");
        assertTrue(Files.exists(doc), "docs/syscalls.md missing: run SyscallDoc");
        assertEquals(SyscallDoc.render(), Files.readString(doc, StandardCharsets.UTF_8),
                "docs/syscalls.md is stale: run java dev.jerla.kernel.syscall.SyscallDoc docs/syscalls.md");
    }
}
