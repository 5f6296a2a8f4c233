/* RLIMIT_NOFILE caps every fd-creating call: open, dup, dup2/dup3 (EBADF at the limit), F_DUPFD (EINVAL), pipe, socket, accept (the connection stays queued), epoll, eventfd, memfd, inotify, pidfd. */
#include "guest.h"
#include <stddef.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/syscall.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>

static void try_all(const char *when) {
    int p[2], sv[2];
    printf("-- %s\n", when);
    t_show("open", open("/dev/null", O_RDONLY));
    t_show("dup", dup(0));
    t_show("dup2 to 8", dup2(0, 8));
    t_show("dup2 to 9", dup2(0, 9));
    t_show("dup3 to 9", dup3(0, 9, O_CLOEXEC));
    t_show("fcntl F_DUPFD 9", fcntl(0, F_DUPFD, 9));
    t_show("fcntl F_DUPFD 3", fcntl(0, F_DUPFD, 3));
    t_show("fcntl F_DUPFD_CLOEXEC 10", fcntl(0, F_DUPFD_CLOEXEC, 10));
    t_show("pipe", pipe(p));
    t_show("pipe2", pipe2(p, O_CLOEXEC));
    t_show("socket", socket(AF_UNIX, SOCK_STREAM, 0));
    t_show("socketpair", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
    t_show("epoll_create1", epoll_create1(0));
    t_show("eventfd", eventfd(0, 0));
    t_show("memfd_create", syscall(SYS_memfd_create, "x", 0));
    t_show("inotify_init1", inotify_init1(0));
    t_show("pidfd_open", syscall(SYS_pidfd_open, getpid(), 0));
}

int main(void) {
    t_init();
    for (int fd = 3; fd < 64; fd++)
        close(fd);
    int l = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    strcpy(a.sun_path + 1, "jerla-nofile");
    socklen_t alen = offsetof(struct sockaddr_un, sun_path) + 1 + strlen("jerla-nofile");
    t_show("bind", bind(l, (struct sockaddr *)&a, alen));
    t_show("listen", listen(l, 4));
    int c = socket(AF_UNIX, SOCK_STREAM, 0);
    t_show("connect", connect(c, (struct sockaddr *)&a, alen));
    /* fds 0-2, l=3, c=4; the opens fill 5..8 under a limit of 9. */
    struct rlimit rl = {9, 9};
    t_show("setrlimit 9", setrlimit(RLIMIT_NOFILE, &rl));
    while (open("/dev/null", O_RDONLY) >= 0)
        ;
    printf("full: %s\n", errname(errno));
    try_all("at the limit");
    t_show("accept", accept(l, NULL, NULL));
    t_show("close 8", close(8));
    t_show("accept with one free", accept(l, NULL, NULL));
    t_show("close 8", close(8));
    t_show("pipe with one free", pipe((int[2]){0, 0}));
    t_show("dup2 to 8", dup2(0, 8));
    t_show("close 8", close(8));
    rl.rlim_cur = 100;
    t_show("raise soft above hard", setrlimit(RLIMIT_NOFILE, &rl));
    rl.rlim_cur = 4;
    t_show("lower below open fds", setrlimit(RLIMIT_NOFILE, &rl));
    t_show("fd 7 still usable", fcntl(7, F_GETFD));
    t_show("dup below limit fails", dup(0));
    t_show("dup2 to 3 (below limit)", dup2(0, 3));
    t_show("dup2 to 5 (above limit)", dup2(0, 5));
    return 0;
}
