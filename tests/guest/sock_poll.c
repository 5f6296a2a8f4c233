/* Readiness of AF_UNIX sockets: non-blocking reads and writes (EAGAIN), filling a stream until
 * POLLOUT clears, poll/select/epoll (level and edge triggered) as data arrives and the peer
 * goes, a listener becoming readable, a blocked reader woken by a writer in another process,
 * a non-blocking connect to a full backlog. */
#include "sock.h"
#include <sys/epoll.h>
#include <sys/select.h>

int main(void) {
    t_init();
    int sv[2];
    show("socketpair SOCK_NONBLOCK", socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv));
    printf("O_NONBLOCK set: %s\n", yesno(fcntl(sv[0], F_GETFL) & O_NONBLOCK));
    char buf[4096];
    show("read empty", read(sv[1], buf, sizeof buf));
    printf("poll idle: %s\n", pollbits(pollnow(sv[1], POLLIN | POLLOUT | POLLRDHUP)));

    int ep = epoll_create1(0);
    struct epoll_event ev = {EPOLLIN | EPOLLET, {.u32 = 7}}, out[4];
    show("epoll_ctl add ET", epoll_ctl(ep, EPOLL_CTL_ADD, sv[1], &ev));
    int lt = epoll_create1(0);
    struct epoll_event ev2 = {EPOLLIN, {.u32 = 8}};
    epoll_ctl(lt, EPOLL_CTL_ADD, sv[1], &ev2);
    show("epoll ET before data", epoll_wait(ep, out, 4, 0));
    write(sv[0], "abc", 3);
    show("epoll ET after data", epoll_wait(ep, out, 4, 0));
    show("epoll ET again (no new edge)", epoll_wait(ep, out, 4, 0));
    show("epoll LT", epoll_wait(lt, out, 4, 0));
    show("epoll LT again", epoll_wait(lt, out, 4, 0));
    write(sv[0], "d", 1);
    show("epoll ET after more data", epoll_wait(ep, out, 4, 0));
    show("partial read", read(sv[1], buf, 1));
    show("epoll ET after partial read (no new edge)", epoll_wait(ep, out, 4, 0));
    fd_set rf, wf;
    FD_ZERO(&rf);
    FD_ZERO(&wf);
    FD_SET(sv[1], &rf);
    FD_SET(sv[1], &wf);
    struct timeval tv = {0, 0};
    show("select", select(sv[1] + 1, &rf, &wf, NULL, &tv));
    printf("select readable %s writable %s\n", yesno(FD_ISSET(sv[1], &rf)), yesno(FD_ISSET(sv[1], &wf)));
    int avail = 0;
    ioctl(sv[1], FIONREAD, &avail);
    printf("FIONREAD %d\n", avail);
    show("read all", read(sv[1], buf, sizeof buf));
    show("epoll LT drained", epoll_wait(lt, out, 4, 0));

    /* Fill the stream: writes succeed until EAGAIN, then POLLOUT is gone. */
    long total = 0;
    for (;;) {
        ssize_t n = write(sv[0], buf, sizeof buf);
        if (n < 0) break;
        total += n;
    }
    printf("filled: %s, errno %s\n", yesno(total > 65536), sock_errname(errno));
    printf("writer poll when full: %s\n", pollbits(pollnow(sv[0], POLLOUT)));
    int outq = 0;
    ioctl(sv[0], TIOCOUTQ, &outq);
    printf("SIOCOUTQ > 0: %s\n", yesno(outq > 0));
    int ep2 = epoll_create1(0);
    struct epoll_event ev3 = {EPOLLOUT | EPOLLET, {.u32 = 9}};
    epoll_ctl(ep2, EPOLL_CTL_ADD, sv[0], &ev3);
    show("epoll OUT ET while full", epoll_wait(ep2, out, 4, 0));
    long drained = 0;
    for (;;) {
        ssize_t n = read(sv[1], buf, sizeof buf);
        if (n <= 0) break;
        drained += n;
    }
    printf("drained all: %s\n", yesno(drained == total));
    printf("writer poll after drain: %s\n", pollbits(pollnow(sv[0], POLLOUT)));
    show("epoll OUT ET after drain", epoll_wait(ep2, out, 4, 0));
    ioctl(sv[0], TIOCOUTQ, &outq);
    printf("SIOCOUTQ after drain: %d\n", outq);

    /* Blocking reader woken by another process; poll with a timeout. */
    int bv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, bv);
    pid_t c = fork();
    if (c == 0) {
        usleep(50000);
        write(bv[0], "late", 4);
        usleep(50000);
        close(bv[0]);
        _exit(0);
    }
    close(bv[0]);
    struct pollfd pf = {bv[1], POLLIN, 0};
    show("poll waiting for data", poll(&pf, 1, 5000));
    printf("revents: %s\n", pollbits(pf.revents));
    show("read", read(bv[1], buf, sizeof buf));
    pf.revents = 0;
    show("poll waiting for hangup", poll(&pf, 1, 5000));
    printf("revents: %s\n", pollbits(pf.revents));
    show("read EOF", read(bv[1], buf, sizeof buf));
    t_reap("writer", c);
    int ep3 = epoll_create1(0);
    struct epoll_event ev4 = {EPOLLIN | EPOLLRDHUP, {.u32 = 1}};
    epoll_ctl(ep3, EPOLL_CTL_ADD, bv[1], &ev4);
    int k = epoll_wait(ep3, out, 4, 0);
    printf("epoll after hangup: %d events, IN %s RDHUP %s HUP %s\n", k, yesno(out[0].events & EPOLLIN),
           yesno(out[0].events & EPOLLRDHUP), yesno(out[0].events & EPOLLHUP));

    /* A listener is readable while a connection waits; a full backlog refuses non-blocking connects. */
    struct sockaddr_un a;
    socklen_t alen = un_abstract(&a, "poll");
    int l = socket(AF_UNIX, SOCK_STREAM, 0);
    bind(l, (struct sockaddr *)&a, alen);
    listen(l, 0);
    printf("listener idle: %s\n", pollbits(pollnow(l, POLLIN | POLLOUT)));
    int c1 = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
    show("connect 1", connect(c1, (struct sockaddr *)&a, alen));
    printf("listener with one waiting: %s\n", pollbits(pollnow(l, POLLIN | POLLOUT)));
    int c2 = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int r2 = connect(c2, (struct sockaddr *)&a, alen);
    int c3 = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int r3 = connect(c3, (struct sockaddr *)&a, alen);
    printf("connect 2 and 3: %d %s / %d %s\n", r2, r2 ? sock_errname(errno) : "ok", r3, r3 ? sock_errname(errno) : "ok");
    int s1 = accept(l, NULL, NULL);
    printf("accepted: %s\n", yesno(s1 >= 0));
    printf("client poll before accept drained: %s\n", pollbits(pollnow(c1, POLLIN | POLLOUT)));
    write(c1, "q", 1);
    printf("server side poll: %s\n", pollbits(pollnow(s1, POLLIN | POLLOUT)));
    return 0;
}
