package dev.jerla.cli.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostEnvironmentTest {
    @Test
    void assignmentsReplaceInPlaceOrAppend() {
        List<String> env = List.of("A=1", "PATH=/bin", "AB=2");
        assertEquals(List.of("A=1", "PATH=/usr/bin", "AB=2", "NEW=x=y"),
                HostEnvironment.with(env, List.of("PATH=/usr/bin", "NEW=x=y")));
        assertEquals(List.of("A=", "PATH=/bin", "AB=2"), HostEnvironment.with(env, List.of("A=")));
        assertThrows(IllegalArgumentException.class, () -> HostEnvironment.with(env, List.of("=oops")));
    }

    @Test
    void lookupMatchesWholeNames() {
        List<String> env = List.of("AB=2", "A=1");
        assertEquals("1", HostEnvironment.get(env, "A"));
        assertNull(HostEnvironment.get(env, "B"));
    }

    @Test
    void currentEnvironmentHasTheHostsVariables() {
        List<String> env = HostEnvironment.current();
        assertEquals(System.getenv("PATH"), HostEnvironment.get(env, "PATH"));
        assertTrue(env.stream().allMatch(e -> e.indexOf('=') > 0));
    }
}
