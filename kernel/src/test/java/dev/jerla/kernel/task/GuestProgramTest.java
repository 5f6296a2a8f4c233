package dev.jerla.kernel.task;

import dev.jerla.kernel.Kernel;
import dev.jerla.kernel.KernelConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Whole guest programs, compiled at test time with musl-gcc and gcc (static), run natively and
 * under Jerla (hostfs root, host standard streams): exit status and standard output must agree.
 */
class GuestProgramTest {
    @TempDir
    Path root;

    private static final String HELLO = """
            #include <stdio.h>
            int main(int argc, char **argv) { printf("hello from %s argc=%d\\n", argv[0], argc); return 7; }
            """;

    private static final String PROCESSES = """
            #include <stdio.h>
            #include <stdlib.h>
            #include <string.h>
            #include <unistd.h>
            #include <signal.h>
            #include <setjmp.h>
            #include <pthread.h>
            #include <sys/mman.h>
            #include <sys/wait.h>
            static sigjmp_buf jb;
            static volatile void *addr;
            static volatile int code, usr;
            static void segv(int s, siginfo_t *si, void *uc) { addr = si->si_addr; code = si->si_code; siglongjmp(jb, 1); }
            static void on_usr1(int s) { usr++; }
            static long counter;
            static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
            static void *worker(void *a) {
                for (int i = 0; i < 20000; i++) { pthread_mutex_lock(&m); counter++; pthread_mutex_unlock(&m); }
                return 0;
            }
            int main(void) {
                setvbuf(stdout, 0, _IONBF, 0);
                int st;
                pid_t p = fork();
                if (p == 0) _exit(42);
                waitpid(p, &st, 0);
                printf("exit %d %d\\n", WIFEXITED(st), WEXITSTATUS(st));
                p = fork();
                if (p == 0) { raise(SIGTERM); _exit(1); }
                waitpid(p, &st, 0);
                printf("killed %d %d\\n", WIFSIGNALED(st), WTERMSIG(st));
                p = fork();
                if (p == 0) { pause(); _exit(3); }
                kill(p, SIGSTOP);
                waitpid(p, &st, WUNTRACED);
                printf("stopped %d %d\\n", WIFSTOPPED(st), WSTOPSIG(st));
                kill(p, SIGCONT);
                waitpid(p, &st, WCONTINUED);
                printf("continued %d\\n", WIFCONTINUED(st));
                kill(p, SIGKILL);
                waitpid(p, &st, 0);
                printf("sigkill %d\\n", WTERMSIG(st));
                struct sigaction sa;
                memset(&sa, 0, sizeof sa);
                sa.sa_sigaction = segv;
                sa.sa_flags = SA_SIGINFO;
                sigaction(SIGSEGV, &sa, 0);
                if (!sigsetjmp(jb, 1)) *(volatile int *)0x1234 = 5;
                printf("segv %p %d\\n", addr, code);
                signal(SIGUSR1, on_usr1);
                kill(getpid(), SIGUSR1);
                printf("usr1 %d\\n", usr);
                int *shared = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
                p = fork();
                if (p == 0) { *shared = 99; _exit(0); }
                waitpid(p, &st, 0);
                printf("shared %d\\n", *shared);
                pthread_t t[3];
                for (int i = 0; i < 3; i++) pthread_create(&t[i], 0, worker, 0);
                for (int i = 0; i < 3; i++) pthread_join(t[i], 0);
                printf("threads %ld\\n", counter);
                return 0;
            }
            """;

    private record Run(int status, String stdout, String log) {}

    private static boolean have(String tool) {
        try {
            return new ProcessBuilder(tool, "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Compiles {@code source} statically with {@code cc} into the guest root as /name. */
    private Path compile(String cc, String source, String name) throws Exception {
        assumeTrue(have(cc), cc + " is not installed");
        Path src = root.resolve(name + ".c");
        Files.writeString(src, source);
        Path out = root.resolve(name);
        Process p = new ProcessBuilder(cc, "-static", "-O1", "-o", out.toString(), src.toString(), "-lpthread")
                .redirectErrorStream(true).start();
        String msg = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), msg);
        return out;
    }

    private static Run runNative(Path program, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(program.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out, "");
    }

    private Run runJerla(String program, String... args) throws IOException {
        for (String d : List.of("dev", "proc", "sys", "tmp")) Files.createDirectories(root.resolve(d));
        List<String> argv = new ArrayList<>(List.of(program));
        argv.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        KernelConfig c = new KernelConfig(new KernelConfig.HostRoot(root), List.of(), argv, List.of("PATH=/"), "/",
                new KernelConfig.Console(new ByteArrayInputStream(new byte[0]), out, false, 80, 24),
                true, false, new PrintStream(log, true, StandardCharsets.UTF_8));
        int status = new Kernel(c).run();
        return new Run(status, out.toString(StandardCharsets.UTF_8), log.toString(StandardCharsets.UTF_8));
    }

    private void assertSameAsNative(String cc, String source, String name, String... args) throws Exception {
        Path prog = compile(cc, source, name);
        Run expected = runNative(prog, args);
        Run actual = runJerla("/" + name, args);
        assertEquals("", actual.log(), "kernel messages");
        assertEquals(expected.stdout().replace(prog.toString(), "/" + name), actual.stdout());
        assertEquals(expected.status(), actual.status());
    }

    @Test
    void staticMuslHelloPrintsAndExits() throws Exception {
        compile("musl-gcc", HELLO, "hello");
        Run r = runJerla("/hello", "a", "b");
        assertEquals("", r.log());
        assertEquals("hello from /hello argc=3\n", r.stdout());
        assertEquals(7, r.status());
    }

    @Test
    void staticGlibcHelloPrintsAndExits() throws Exception {
        compile("gcc", HELLO, "hello");
        Run r = runJerla("/hello");
        assertEquals("", r.log());
        assertEquals("hello from /hello argc=1\n", r.stdout());
        assertEquals(7, r.status());
    }

    @Test
    void forkWaitSignalsSharedMemoryAndThreadsMatchLinuxWithMusl() throws Exception {
        assertSameAsNative("musl-gcc", PROCESSES, "processes");
    }

    @Test
    void forkWaitSignalsSharedMemoryAndThreadsMatchLinuxWithGlibc() throws Exception {
        assertSameAsNative("gcc", PROCESSES, "processes");
    }

    @Test
    void aMissingProgramIs127AndACorruptOneIs126() throws Exception {
        Run missing = runJerla("/nonexistent");
        assertEquals(127, missing.status());
        assertTrue(missing.log().contains("No such file or directory"), missing.log());
        Path junk = root.resolve("junk");
        Files.write(junk, new byte[] {0x7f, 'E', 'L', 'F', 1, 1, 1, 0});
        assertTrue(junk.toFile().setExecutable(true));
        Run corrupt = runJerla("/junk");
        assertEquals(126, corrupt.status());
        assertTrue(corrupt.log().contains("Exec format error"), corrupt.log());
    }
}
