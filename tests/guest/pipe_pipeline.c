/* A three-stage pipeline built with fork, dup2 and execve, like a shell's "gen | upper | count":
 * the program runs itself as each stage. */
#include "guest.h"
#include <ctype.h>

extern char **environ;

static int stage(const char *name) {
    char buf[4096];
    ssize_t n;
    if (strcmp(name, "gen") == 0) {
        for (int i = 1; i <= 200; i++) printf("item number %d of the generator\n", i);
        return 0;
    }
    if (strcmp(name, "upper") == 0) {
        while ((n = read(0, buf, sizeof buf)) > 0) {
            for (ssize_t i = 0; i < n; i++) buf[i] = (char)toupper((unsigned char)buf[i]);
            write(1, buf, n);
        }
        return 0;
    }
    long lines = 0, bytes = 0, sum = 0;
    char last[128] = {0};
    size_t pos = 0;
    while ((n = read(0, buf, sizeof buf)) > 0) {
        for (ssize_t i = 0; i < n; i++) {
            bytes++;
            sum += (unsigned char)buf[i];
            if (buf[i] == '\n') { lines++; last[pos] = 0; pos = 0; }
            else if (pos < sizeof last - 1) last[pos++] = buf[i];
        }
    }
    printf("count: %ld lines, %ld bytes, sum %ld, last line: %s\n", lines, bytes, sum, last);
    return 0;
}

int main(int argc, char **argv) {
    if (argc > 1) return stage(argv[1]);
    t_init();
    const char *stages[] = {"gen", "upper", "count"};
    int in = -1;
    pid_t pids[3];
    for (int i = 0; i < 3; i++) {
        int p[2] = {-1, -1};
        if (i < 2) pipe(p);
        pids[i] = fork();
        if (pids[i] == 0) {
            if (in >= 0) { dup2(in, 0); close(in); }
            if (i < 2) { dup2(p[1], 1); close(p[1]); close(p[0]); }
            char *args[] = {argv[0], (char *)stages[i], NULL};
            execve(argv[0], args, environ);
            _exit(127);
        }
        if (in >= 0) close(in);
        if (i < 2) { close(p[1]); in = p[0]; }
    }
    int st[3];
    for (int i = 0; i < 3; i++) waitpid(pids[i], &st[i], 0);
    for (int i = 0; i < 3; i++) printf("stage %s: %s\n", stages[i], t_status(st[i]));
    return 0;
}
