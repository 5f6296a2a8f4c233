/* RLIMIT_NPROC at fork: a user over the limit gets EAGAIN, root (CAP_SYS_RESOURCE) is exempt.
 * Needs to start as root (setuid to nobody in a child). */
#include "guest.h"
#include <sys/resource.h>
int main(void) {
    t_init();
    pid_t c = fork();
    if (c == 0) {
        if (setuid(65534) != 0) { printf("setuid failed\n"); _exit(1); }
        struct rlimit rl = {0, 0};
        setrlimit(RLIMIT_NPROC, &rl);
        pid_t g = fork();
        if (g == 0) _exit(0);
        printf("fork over RLIMIT_NPROC as a user: %s\n", g < 0 ? errname(errno) : "allowed");
        if (g > 0) waitpid(g, NULL, 0);
        _exit(0);
    }
    waitpid(c, NULL, 0);
    struct rlimit rl = {0, 0};
    setrlimit(RLIMIT_NPROC, &rl);
    c = fork();
    if (c == 0) _exit(0);
    printf("fork over RLIMIT_NPROC as root: %s\n", c < 0 ? errname(errno) : "allowed");
    waitpid(c, NULL, 0);
    return 0;
}
