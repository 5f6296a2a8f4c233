/* close_range(2): closing a range (holes and the upper bound ~0U), CLOSE_RANGE_CLOEXEC marking
 * instead of closing (seen across execve), CLOSE_RANGE_UNSHARE with a shared table (CLONE_FILES),
 * and the errors (EINVAL for first > last and unknown flags). */
#include "guest.h"
#include <sched.h>
#include <sys/syscall.h>
#define CLOSE_RANGE_UNSHARE (1U << 1)
#define CLOSE_RANGE_CLOEXEC (1U << 2)

static int cr(unsigned first, unsigned last, unsigned flags) {
    return syscall(SYS_close_range, first, last, flags);
}

static void open_set(void) {
    for (int fd = 10; fd < 20; fd++)
        dup2(0, fd);
}

static void which_open(const char *what) {
    printf("%s:", what);
    for (int fd = 10; fd < 20; fd++) {
        int fl = fcntl(fd, F_GETFD);
        if (fl >= 0)
            printf(" %d%s", fd, fl & FD_CLOEXEC ? "c" : "");
    }
    printf("\n");
}

static int shared_child(void *arg) {
    (void)arg;
    cr(12, 12, 0);
    return 0;
}

static int unshare_child(void *arg) {
    (void)arg;
    cr(13, 13, CLOSE_RANGE_UNSHARE);
    return 0;
}

int main(int argc, char **argv) {
    t_init();
    if (argc > 1) {
        which_open("after exec");
        return 0;
    }
    open_set();
    t_show("close 12..14", cr(12, 14, 0));
    which_open("left");
    close(16);
    t_show("close 15..17 with a hole", cr(15, 17, 0));
    which_open("left");
    t_show("first > last", cr(5, 4, 0));
    t_show("unknown flag", cr(10, 11, 0x80));
    t_show("a range with nothing open", cr(500, 600, 0));
    t_show("first beyond any table", cr(100000, ~0U, 0));
    open_set();
    t_show("cloexec 11..13", cr(11, 13, CLOSE_RANGE_CLOEXEC));
    which_open("marked");
    t_show("cloexec 18..~0", cr(18, ~0U, CLOSE_RANGE_CLOEXEC));
    which_open("marked");
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        execl("/proc/self/exe", argv[0], "exec", (char *)NULL);
        _exit(127);
    }
    t_reap("exec child", pid);

    /* A table shared by CLONE_FILES: the child's close_range closes the parent's descriptor,
     * unless it unshares first. */
    open_set();
    static char stack[2][65536];
    pid = clone(shared_child, stack[0] + sizeof stack[0], CLONE_FILES | SIGCHLD, NULL);
    waitpid(pid, NULL, 0);
    which_open("after shared child closed 12");
    pid = clone(unshare_child, stack[1] + sizeof stack[1], CLONE_FILES | SIGCHLD, NULL);
    waitpid(pid, NULL, 0);
    which_open("after unsharing child closed 13");
    t_show("close 10..~0", cr(10, ~0U, 0));
    which_open("left");
    t_show("stdout still open", fcntl(1, F_GETFD));
    return 0;
}
