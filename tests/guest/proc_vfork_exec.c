/* vfork+execve, posix_spawn, and exec failures reported back from the child. */
#include "guest.h"
#include <spawn.h>

extern char **environ;
static volatile int shared;

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "child") == 0) {
        printf("child runs with %d args: %s %s\n", argc, argv[1], argc > 2 ? argv[2] : "-");
        return 7;
    }
    t_init();
    pid_t pid = vfork();
    if (pid == 0) {
        char *args[] = {argv[0], "child", "from-vfork", NULL};
        execve(argv[0], args, environ);
        _exit(127);
    }
    t_reap("vfork+execve", pid);
    pid = vfork();
    if (pid == 0) {
        char *args[] = {"nope", NULL};
        execve("/nonexistent/program", args, environ);
        _exit(errno == ENOENT ? 100 : 101);
    }
    t_reap("vfork+execve missing (100 = ENOENT)", pid);
    char *args[] = {argv[0], "child", "from-posix_spawn", NULL};
    int rc = posix_spawn(&pid, argv[0], NULL, NULL, args, environ);
    t_reap("posix_spawn child", pid);
    printf("posix_spawn returned: %d\n", rc);
    pid = vfork();
    if (pid == 0) {
        shared = 99; /* vfork shares memory until exec or _exit */
        _exit(0);
    }
    t_reap("vfork child", pid);
    printf("vfork child's write visible: %s\n", yesno(shared == 99));
    return 0;
}
