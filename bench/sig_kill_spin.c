/* SIGKILL latency: a child spins in a tight loop, the parent kills it and reaps it, 50 x SCALE
 * times. The time per round is how fast a CPU-bound process can be stopped (plus a fork). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
    long scale = argc > 1 ? atol(argv[1]) : 1;
    long rounds = 50 * scale, killed = 0;
    for (long i = 0; i < rounds; i++) {
        int p[2];
        if (pipe(p) != 0) return 1;
        pid_t c = fork();
        if (c < 0) return 1;
        if (c == 0) {
            close(p[0]);
            write(p[1], "x", 1);
            volatile unsigned long n = 0;
            for (;;) n++;
        }
        close(p[1]);
        char x;
        if (read(p[0], &x, 1) != 1) return 1; /* the child is running its loop */
        close(p[0]);
        kill(c, SIGKILL);
        int st;
        if (waitpid(c, &st, 0) != c) return 1;
        if (WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL) killed++;
    }
    printf("%ld of %ld spinning children killed\n", killed, rounds);
    return 0;
}
