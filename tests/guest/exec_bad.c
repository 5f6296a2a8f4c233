/* execve of files that are not programs: a text file without "#!", an empty file, an ELF header
 * without program headers, an ELF for another machine, a directory, a missing file, a file
 * without execute permission, and an ELF with EI_CLASS changed (Linux checks only e_machine). Each attempt runs in a child; the parent keeps running and can still exec. */
#include "guest.h"

extern char **environ;

static void make(const char *name, const void *data, size_t len, mode_t mode) {
    int fd = open(name, O_CREAT | O_TRUNC | O_WRONLY, mode);
    write(fd, data, len);
    close(fd);
    chmod(name, mode);
}

/* Execs NAME in a child, which prints the errno if execve fails; reports how the child ended. */
static void try_exec(const char *name) {
    pid_t pid = fork();
    if (pid == 0) {
        char *args[] = {(char *)name, "as-child", NULL};
        execve(name, args, environ);
        printf("execve %s: %s\n", name, errname(errno));
        _exit(1);
    }
    int st;
    waitpid(pid, &st, 0);
    printf("  %s: %s\n", name, WIFSIGNALED(st) ? "child killed by a signal" : WEXITSTATUS(st) == 1 ? "refused" : "ran");
}

int main(int argc, char **argv) {
    if (argc > 1) {
        printf("the program runs: %s\n", argv[1]);
        return 0;
    }
    t_init();
    static char self[8 << 20];
    int fd = open(argv[0], O_RDONLY);
    ssize_t n = read(fd, self, sizeof self);
    close(fd);
    printf("read own binary: %s\n", yesno(n > 1000 && n < (ssize_t)sizeof self));
    t_scratch();
    make("text", "echo this is not a program\n", 27, 0755);
    make("empty", "", 0, 0755);
    make("header-only", self, 64, 0755);
    self[18] = (char)183; /* e_machine = EM_AARCH64 */
    make("aarch64", self, (size_t)n, 0755);
    self[18] = 62;
    make("noexec", self, (size_t)n, 0644);
    self[4] = 1; /* EI_CLASS = ELFCLASS32 */
    make("class32", self, (size_t)n, 0755);
    self[4] = 2;
    mkdir("dir", 0755);
    const char *bad[] = {"./text", "./empty", "./header-only", "./aarch64", "./dir", "./missing", "./class32"};
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) try_exec(bad[i]);
    if (geteuid() != 0) {
        try_exec("./noexec");
    } else {
        printf("execve ./noexec: EACCES\n  ./noexec: refused\n"); /* root may execute it anyway */
    }
    printf("still running after the failures\n");
    char *args[] = {argv[0], "exec after the failures", NULL};
    execve(argv[0], args, environ);
    printf("execve of myself failed: %s\n", errname(errno));
    return 1;
}
