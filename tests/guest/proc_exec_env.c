/* execve passes exactly argv and envp; execvp searches PATH; exec replaces the program image. */
#include "guest.h"

extern char **environ;

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "show") == 0) {
        printf("argc=%d\n", argc);
        for (int i = 2; i < argc; i++) printf("arg[%d]=<%s>\n", i, argv[i]);
        int n = 0;
        for (char **e = environ; *e; e++) {
            /* PATH holds the scratch directory, which differs between runs. */
            printf("env=<%s>\n", strncmp(*e, "PATH=", 5) == 0 ? "PATH=(scratch)" : *e);
            n++;
        }
        printf("envc=%d\n", n);
        return 0;
    }
    t_init();
    t_scratch();
    pid_t pid = fork();
    if (pid == 0) {
        char *args[] = {argv[0], "show", "a b", "", "-c", NULL};
        char *env[] = {"ONE=1", "EMPTY=", "SPACES=x y z", NULL};
        execve(argv[0], args, env);
        _exit(127);
    }
    t_reap("execve", pid);
    symlink(argv[0], "mytool");
    pid = fork();
    if (pid == 0) {
        static char *env[] = {NULL};
        char path[4200];
        char *cwd = getcwd(NULL, 0);
        environ = env;
        snprintf(path, sizeof path, "/nonexistent:%s", cwd);
        setenv("PATH", path, 1);
        char *args[] = {"mytool", "show", "via PATH", NULL};
        execvp("mytool", args);
        _exit(127);
    }
    t_reap("execvp found in PATH", pid);
    pid = fork();
    if (pid == 0) {
        char *args[] = {"no-such-tool-anywhere", NULL};
        setenv("PATH", "/nonexistent", 1);
        execvp(args[0], args);
        printf("execvp missing: %s\n", errname(errno));
        _exit(1);
    }
    t_reap("execvp missing", pid);
    return 0;
}
