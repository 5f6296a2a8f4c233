/* Process creation: fork, execve of this small static program (which exits at once), wait. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "child") == 0) return 7;
    long scale = argc > 1 ? atol(argv[1]) : 1;
    long n = 30 * scale, ok = 0;
    for (long i = 0; i < n; i++) {
        pid_t pid = fork();
        if (pid == 0) {
            char *args[] = {argv[0], "child", NULL};
            execve(argv[0], args, environ);
            _exit(127);
        }
        int status;
        waitpid(pid, &status, 0);
        ok += WIFEXITED(status) && WEXITSTATUS(status) == 7;
    }
    printf("%ld of %ld fork+exec+wait rounds ok\n", ok, n);
    return 0;
}
