/* prlimit64 on another process (read and set), ESRCH/EINVAL, EPERM for another user's process and for raising a hard limit unprivileged. */
#include "guest.h"
#include <sys/resource.h>

static void show_limit(const char *what, const struct rlimit *rl) {
    printf("%s: %llu %llu\n", what, (unsigned long long)rl->rlim_cur, (unsigned long long)rl->rlim_max);
}

int main(void) {
    t_init();
    int go[2];
    pipe(go);
    pid_t c = fork();
    if (c == 0) {
        char b;
        read(go[0], &b, 1);
        struct rlimit rl;
        getrlimit(RLIMIT_NOFILE, &rl);
        show_limit("child sees NOFILE", &rl);
        _exit(0);
    }
    struct rlimit set = {100, 200}, old, mine;
    getrlimit(RLIMIT_NOFILE, &mine);
    t_show("prlimit child NOFILE", prlimit(c, RLIMIT_NOFILE, &set, &old));
    printf("old limit is ours: %s\n", yesno(old.rlim_cur == mine.rlim_cur && old.rlim_max == mine.rlim_max));
    t_show("prlimit child read back", prlimit(c, RLIMIT_NOFILE, NULL, &old));
    show_limit("read back", &old);
    t_show("prlimit bad resource", prlimit(c, 99, NULL, &old));
    struct rlimit inverted = {300, 200};
    t_show("prlimit soft above hard", prlimit(c, RLIMIT_NOFILE, &inverted, NULL));
    struct rlimit huge = {1024, 1L << 30};
    t_show("prlimit NOFILE above nr_open", prlimit(c, RLIMIT_NOFILE, &huge, NULL));
    t_show("prlimit no such pid", prlimit(0x3ffffff0, RLIMIT_NOFILE, NULL, &old));
    write(go[1], "x", 1);
    t_reap("child", c);

    pid_t parent = getpid();
    pid_t u = fork();
    if (u == 0) {
        if (setuid(65534) != 0) {
            printf("setuid failed\n");
            _exit(1);
        }
        struct rlimit rl;
        t_show("user reads root's limit", prlimit(parent, RLIMIT_NOFILE, NULL, &rl));
        t_show("user sets root's limit", prlimit(parent, RLIMIT_NOFILE, &set, NULL));
        t_show("user reads own via pid", prlimit(getpid(), RLIMIT_NOFILE, NULL, &rl));
        struct rlimit low = {50, 100};
        t_show("user lowers own hard", setrlimit(RLIMIT_NOFILE, &low));
        struct rlimit raise = {50, 150};
        t_show("user raises hard again", setrlimit(RLIMIT_NOFILE, &raise));
        struct rlimit soft = {100, 100};
        t_show("user raises soft to hard", setrlimit(RLIMIT_NOFILE, &soft));
        getrlimit(RLIMIT_NOFILE, &rl);
        show_limit("user NOFILE", &rl);
        _exit(0);
    }
    t_reap("user child", u);
    return 0;
}
