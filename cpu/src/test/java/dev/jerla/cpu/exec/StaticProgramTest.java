package dev.jerla.cpu.exec;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End-to-end: real static programs, built at test time with musl-gcc and with glibc's gcc,
 * run natively and under Jerla's CPU (with {@link GuestProgram} serving system calls); output
 * and exit status must agree. glibc's start-up exercises CPUID, TLS through FS, IRELATIVE
 * relocations and ifunc resolvers; musl's is lean. Also reports the interpreter's speed.
 */
class StaticProgramTest {
    private static Path dir;

    @BeforeAll
    static void build() throws Exception {
        dir = Files.createTempDirectory("jerla-programs");
        HostTools.resource(dir, "compute.c");
        HostTools.resource(dir, "loop.c");
        for (String prog : new String[] {"compute", "loop"}) {
            HostTools.run(dir, "musl-gcc", "-static", "-O2", "-o", prog + "-musl", prog + ".c");
            HostTools.run(dir, "gcc", "-static", "-O2", "-o", prog + "-glibc", prog + ".c");
        }
    }

    private static void matchesHost(String prog, String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "./" + prog;
        System.arraycopy(args, 0, cmd, 1, args.length);
        HostTools.Result host = HostTools.exec(dir, cmd);
        GuestProgram guest = new GuestProgram(dir.resolve(prog), cmd).run();
        assertEquals(new String(host.stdout(), StandardCharsets.UTF_8), guest.output(), prog + " output");
        assertEquals(host.exit(), guest.exitCode, prog + " exit status");
    }

    @Test
    void muslComputeMatchesHost() throws Exception {
        matchesHost("compute-musl", "one", "two");
    }

    @Test
    void glibcComputeMatchesHost() throws Exception {
        matchesHost("compute-glibc", "one", "two");
    }

    /** Debian's static BusyBox (glibc inside) running applets that need no files: output and status as on the host. */
    @Test
    void busyboxAppletsMatchHost() throws Exception {
        String[][] runs = {
                {"busybox", "echo", "hello", "world"},
                {"busybox", "seq", "-s", ",", "3", "7", "100"},
                {"busybox", "factor", "123456789", "4294967291", "600851475143"},
                {"busybox", "expr", "6", "*", "7", "+", "length", "abcdef"},
                {"busybox", "basename", "/usr/lib/libjerla.so", ".so"},
                {"busybox", "false"},
        };
        for (String[] argv : runs) {
            String[] cmd = argv.clone();
            cmd[0] = "/bin/busybox";
            HostTools.Result host = HostTools.exec(dir, cmd);
            GuestProgram guest = new GuestProgram(Path.of("/bin/busybox"), argv).run();
            String what = String.join(" ", argv);
            assertEquals(new String(host.stdout(), StandardCharsets.UTF_8), guest.output(), what);
            assertEquals(host.exit(), guest.exitCode, what + " exit status");
        }
    }

    /** Guest MIPS on a CPU-bound loop: instructions retired per second of wall time, after a warm-up run. */
    @Test
    void loopSpeed() throws Exception {
        for (String prog : new String[] {"loop-musl", "loop-glibc"}) {
            String n = "10000000";
            HostTools.Result host = HostTools.exec(dir, "./" + prog, n);
            new GuestProgram(dir.resolve(prog), prog, "200000").run();
            GuestProgram guest = new GuestProgram(dir.resolve(prog), prog, n);
            long t0 = System.nanoTime();
            guest.run();
            long ns = System.nanoTime() - t0;
            assertEquals(new String(host.stdout(), StandardCharsets.UTF_8), guest.output(), prog + " output");
            long insns = guest.cpu.instructionsRetired();
            double mips = insns / (ns / 1e3);
            System.out.printf("%s: %,d guest instructions in %.2f s = %.1f MIPS%n", prog, insns, ns / 1e9, mips);
            assertTrue(insns > 100_000_000L, "the loop should retire over 10^8 instructions");
        }
    }
}
