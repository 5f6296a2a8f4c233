/* Descriptor numbers and RLIMIT_NOFILE: the lowest free number is used, open/dup/pipe fail with
 * EMFILE at the limit, F_DUPFD and F_DUPFD_CLOEXEC pick the lowest number at or above their
 * argument (EINVAL at or beyond the limit), dup2 and dup3 to a number beyond the limit fail with
 * EBADF, dup3 with the same descriptor or a bad flag with EINVAL, and raising the limit again. */
#include "guest.h"
#include <sys/resource.h>
#include <sys/syscall.h>

int main(void) {
    t_init();
    struct rlimit rl = {32, 64};
    setrlimit(RLIMIT_NOFILE, &rl);
    for (int fd = 3; fd < 64; fd++)
        close(fd);
    int first = open("/dev/null", O_RDONLY);
    printf("first free: %d\n", first);
    int last = -1, n = 0;
    for (;;) {
        int fd = open("/dev/null", O_RDONLY);
        if (fd < 0) {
            printf("open failed after %d more: %s\n", n, errname(errno));
            break;
        }
        last = fd;
        n++;
    }
    printf("last opened: %d\n", last);
    t_show("dup at the limit", dup(0));
    int p[2];
    t_show("pipe at the limit", pipe(p));
    t_show("F_DUPFD at the limit", fcntl(0, F_DUPFD, 0));
    close(10);
    close(20);
    t_show("open takes the lowest", open("/dev/null", O_RDONLY));
    t_show("F_DUPFD from 15", fcntl(0, F_DUPFD, 15));
    t_show("F_DUPFD 31", fcntl(0, F_DUPFD, 31));
    t_show("F_DUPFD 32 (the limit)", fcntl(0, F_DUPFD, 32));
    t_show("F_DUPFD -1", fcntl(0, F_DUPFD, -1));
    close(5);
    int c = fcntl(0, F_DUPFD_CLOEXEC, 0);
    printf("F_DUPFD_CLOEXEC: %d, cloexec %s\n", c, yesno(fcntl(c, F_GETFD) & FD_CLOEXEC));
    t_show("dup2 onto 31 (open)", dup2(0, 31));
    t_show("dup2 onto 32", dup2(0, 32));
    t_show("dup2 onto itself", dup2(7, 7));
    close(6);
    t_show("dup2 of a closed fd onto itself", dup2(6, 6));
    t_show("dup3 onto itself", dup3(7, 7, 0));
    t_show("dup3 bad flag", syscall(SYS_dup3, 7, 8, O_NONBLOCK));
    t_show("dup3 onto 40", dup3(7, 40, O_CLOEXEC));
    t_show("dup3 from a closed fd", dup3(6, 8, 0));
    rl.rlim_cur = 64;
    setrlimit(RLIMIT_NOFILE, &rl);
    t_show("after raising the limit, dup", dup(0));
    t_show("dup2 onto 63", dup2(0, 63));
    t_show("dup2 onto 64", dup2(0, 64));
    rl.rlim_cur = 16;
    setrlimit(RLIMIT_NOFILE, &rl);
    t_show("lowered below open fds, dup", dup(0));
    t_show("descriptor 63 still works", fcntl(63, F_GETFD));
    rl.rlim_cur = 100;
    t_show("raise soft above hard", setrlimit(RLIMIT_NOFILE, &rl));
    return 0;
}
