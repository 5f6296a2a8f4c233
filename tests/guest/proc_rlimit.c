/* Resource limits: RLIMIT_NOFILE caps descriptors (EMFILE), limits are inherited by children. */
#include "guest.h"
#include <sys/resource.h>

int main(void) {
    t_init();
    struct rlimit rl;
    t_show("getrlimit NOFILE", getrlimit(RLIMIT_NOFILE, &rl));
    printf("soft limit > 2: %s, soft <= hard: %s\n", yesno(rl.rlim_cur > 2), yesno(rl.rlim_cur <= rl.rlim_max));
    struct rlimit low = {10, rl.rlim_max};
    t_show("setrlimit NOFILE 10", setrlimit(RLIMIT_NOFILE, &low));
    int last = -1, n = 0;
    for (;;) {
        int fd = open("/dev/null", O_RDONLY);
        if (fd < 0) {
            printf("open failed after %d opens: %s\n", n, errname(errno));
            break;
        }
        last = fd;
        n++;
    }
    printf("highest fd: %d\n", last);
    t_show("dup2 to fd 10", dup2(0, 10));
    pid_t c = fork();
    if (c == 0) {
        struct rlimit got;
        getrlimit(RLIMIT_NOFILE, &got);
        printf("child inherits soft limit: %llu\n", (unsigned long long)got.rlim_cur);
        _exit(0);
    }
    t_reap("child", c);
    struct rlimit inverted = {20, 10};
    t_show("soft above hard", setrlimit(RLIMIT_NOFILE, &inverted));
    t_show("getrlimit STACK", getrlimit(RLIMIT_STACK, &rl));
    return 0;
}
