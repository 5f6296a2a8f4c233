/* epoll modes on pipes: level-triggered reports until drained, edge-triggered (EPOLLET) once per
 * new write, EPOLLONESHOT disarming until EPOLL_CTL_MOD re-arms it, EPOLLRDHUP and EPOLLHUP when
 * the writer goes, an epoll set inside another, epoll_pwait2 with a timespec timeout, maxevents
 * limits, and epoll_ctl's errors (EEXIST, ENOENT, EINVAL on itself, bad ops and EPOLLEXCLUSIVE
 * misuse, EPERM for a regular file, EBADF). */
#include "guest.h"
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>

static void wait_show(const char *what, int ep, int timeout) {
    struct epoll_event ev[8];
    int n = epoll_wait(ep, ev, 8, timeout);
    printf("%s: %d", what, n);
    for (int i = 0; i < n; i++)
        printf(" [%d:%s%s%s%s]", (int)ev[i].data.u32, ev[i].events & EPOLLIN ? "IN" : "",
               ev[i].events & EPOLLOUT ? "OUT" : "", ev[i].events & EPOLLHUP ? "HUP" : "",
               ev[i].events & EPOLLRDHUP ? "RDHUP" : "");
    printf("\n");
}

static int add(int ep, int fd, unsigned events, unsigned tag) {
    struct epoll_event e = {.events = events, .data.u32 = tag};
    return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e);
}

int main(void) {
    t_init();
    int p[2];
    char buf[16];
    pipe(p);
    int lt = epoll_create1(0), et = epoll_create1(0);
    add(lt, p[0], EPOLLIN, 1);
    add(et, p[0], EPOLLIN | EPOLLET, 2);
    wait_show("LT empty", lt, 0);
    write(p[1], "ab", 2);
    wait_show("LT after write", lt, 0);
    wait_show("LT again", lt, 0);
    wait_show("ET after write", et, 0);
    wait_show("ET again", et, 0);
    read(p[0], buf, 1);
    write(p[1], "c", 1);
    wait_show("ET after another write", et, 0);
    read(p[0], buf, sizeof buf);
    wait_show("LT drained", lt, 0);

    /* One-shot. */
    int os = epoll_create1(0);
    add(os, p[0], EPOLLIN | EPOLLONESHOT, 3);
    write(p[1], "d", 1);
    wait_show("ONESHOT first", os, 0);
    wait_show("ONESHOT disarmed", os, 0);
    struct epoll_event e = {.events = EPOLLIN | EPOLLONESHOT, .data.u32 = 4};
    t_show("EPOLL_CTL_MOD re-arms", epoll_ctl(os, EPOLL_CTL_MOD, p[0], &e));
    wait_show("ONESHOT re-armed", os, 0);
    t_show("EPOLL_CTL_ADD of a disarmed fd", add(os, p[0], EPOLLIN, 5));
    read(p[0], buf, sizeof buf);

    /* Nested: the inner set is readable when it has events. */
    int outer = epoll_create1(0);
    add(outer, lt, EPOLLIN, 6);
    wait_show("outer with inner idle", outer, 0);
    write(p[1], "e", 1);
    wait_show("outer with inner ready", outer, 0);
    t_show("epoll watching itself", add(outer, outer, EPOLLIN, 8));
    read(p[0], buf, sizeof buf);

    /* Hang-ups. */
    int s[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, s);
    int hs = epoll_create1(0);
    add(hs, s[0], EPOLLIN | EPOLLRDHUP, 9);
    add(hs, p[0], EPOLLIN, 10);
    wait_show("sockets idle", hs, 0);
    shutdown(s[1], SHUT_WR);
    wait_show("peer shut down writing", hs, 0);
    close(p[1]);
    wait_show("pipe writer closed too", hs, 0);

    /* epoll_pwait2. */
    struct timespec ts = {0, 20000000};
    struct epoll_event ev[4];
    struct timespec t0, t1;
    int q[2];
    pipe(q);
    int pw = epoll_create1(0);
    add(pw, q[0], EPOLLIN, 11);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    long r = syscall(SYS_epoll_pwait2, pw, ev, 4, &ts, NULL, 8);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
    printf("epoll_pwait2 20 ms timeout: %ld, waited at least 15 ms: %s\n", r, yesno(ms >= 15));
    write(q[1], "x", 1);
    struct timespec zero = {0, 0};
    t_show("epoll_pwait2 ready", syscall(SYS_epoll_pwait2, pw, ev, 4, &zero, NULL, 8));
    struct timespec bad = {0, 1000000000};
    t_show("epoll_pwait2 bad timespec", syscall(SYS_epoll_pwait2, pw, ev, 4, &bad, NULL, 8));
    t_show("maxevents 0", epoll_wait(pw, ev, 0, 0));
    volatile int minus_one = -1;
    t_show("maxevents -1", epoll_wait(pw, ev, minus_one, 0));

    /* Errors. */
    int f = open("/proc/self/status", O_RDONLY);
    char path[64];
    snprintf(path, sizeof path, "/dev/shm/fs_epoll_modes.%d", getpid());
    int reg = open(path, O_CREAT | O_RDWR, 0644);
    unlink(path);
    t_show("add a regular file", add(pw, reg, EPOLLIN, 12));
    t_show("add a proc file", add(pw, f, EPOLLIN, 13) == 0 ? 0 : -1);
    t_show("add twice", add(pw, q[0], EPOLLIN, 14));
    t_show("mod missing", epoll_ctl(pw, EPOLL_CTL_MOD, q[1], &e));
    t_show("del missing", epoll_ctl(pw, EPOLL_CTL_DEL, q[1], NULL));
    t_show("bad op", epoll_ctl(pw, 99, q[0], &e));
    t_show("not an epoll fd", epoll_ctl(q[0], EPOLL_CTL_ADD, q[1], &e));
    t_show("bad fd", epoll_ctl(pw, EPOLL_CTL_ADD, 999, &e));
    struct epoll_event ex = {.events = EPOLLIN | EPOLLEXCLUSIVE};
    t_show("EPOLLEXCLUSIVE add", epoll_ctl(pw, EPOLL_CTL_ADD, q[1], &ex));
    t_show("EPOLLEXCLUSIVE mod", epoll_ctl(pw, EPOLL_CTL_MOD, q[1], &ex));
    t_show("EPOLLEXCLUSIVE with ONESHOT", epoll_ctl(pw, EPOLL_CTL_ADD, f, &(struct epoll_event){.events = EPOLLIN | EPOLLEXCLUSIVE | EPOLLONESHOT}));
    t_show("del", epoll_ctl(pw, EPOLL_CTL_DEL, q[0], NULL));
    t_show("epoll_create 0", epoll_create(0) >= 0 ? 0 : -1);
    t_show("epoll_create1 bad flag", epoll_create1(1));
    return 0;
}
