/* execve of "#!" scripts: the interpreter gets its optional argument, the script path and the
 * arguments; a missing interpreter is ENOENT. This program is its own interpreter. */
#include "guest.h"

extern char **environ;

static const char *base(const char *p) {
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

int main(int argc, char **argv) {
    if (getenv("AS_INTERPRETER")) {
        printf("interpreter argv[0]: %s\n", base(argv[0]));
        for (int i = 1; i < argc; i++) printf("  argv[%d]: %s\n", i, argv[i][0] == '/' ? base(argv[i]) : argv[i]);
        return 4;
    }
    t_init();
    t_scratch();
    char self[4096];
    if (argv[0][0] == '/') snprintf(self, sizeof self, "%s", argv[0]);
    else { fprintf(stderr, "run me by absolute path\n"); return 99; }
    FILE *f = fopen("with-arg.sh", "w");
    fprintf(f, "#!%s -x\nbody\n", self);
    fclose(f);
    f = fopen("no-arg.sh", "w");
    fprintf(f, "#! %s\nbody\n", self);
    fclose(f);
    f = fopen("missing.sh", "w");
    fprintf(f, "#!/nonexistent/interpreter\n");
    fclose(f);
    chmod("with-arg.sh", 0755);
    chmod("no-arg.sh", 0755);
    chmod("missing.sh", 0755);
    setenv("AS_INTERPRETER", "1", 1);
    const char *scripts[] = {"./with-arg.sh", "./no-arg.sh", "./missing.sh"};
    for (int i = 0; i < 3; i++) {
        pid_t pid = fork();
        if (pid == 0) {
            char *args[] = {(char *)scripts[i], "one", "two words", NULL};
            execve(scripts[i], args, environ);
            printf("execve %s: %s\n", scripts[i], errname(errno));
            _exit(1);
        }
        t_reap(scripts[i], pid);
    }
    return 0;
}
