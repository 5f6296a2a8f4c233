/* An epoll-driven TCP echo server in one thread (edge-triggered, non-blocking sockets) serving
 * forked clients concurrently; EPOLLRDHUP when a client half-closes; a UDP socket in the same
 * epoll set. */
#include "inet_util.h"
#include <sys/epoll.h>

#define CLIENTS 6
#define ROUNDS 10

static void client(int port, int id) {
    int s = connect4(port);
    unsigned long sum = 0;
    char out[3000], in[3000];
    for (int r = 0; r < ROUNDS; r++) {
        size_t len = 1 + (size_t)((id * 131 + r * 977) % 2999);
        for (size_t i = 0; i < len; i++) out[i] = (char)(id * 3 + r + i);
        write_all(s, out, len);
        if (read_all(s, in, len) != len || memcmp(in, out, len)) _exit(1);
        for (size_t i = 0; i < len; i++) sum = sum * 33 + (unsigned char)in[i];
    }
    shutdown(s, SHUT_WR);
    char b;
    if (read(s, &b, 1) != 0) _exit(2);
    _exit((int)(sum % 200) + 3 > 0 ? 0 : 4);
}

int main(void) {
    int port;
    int l = listen4(&port, 16);
    fcntl(l, F_SETFL, O_NONBLOCK);
    int u = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
    struct sockaddr_in ua = lo4(0);
    socklen_t ual = sizeof ua;
    bind(u, (struct sockaddr *)&ua, sizeof ua);
    getsockname(u, (struct sockaddr *)&ua, &ual);

    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = l};
    epoll_ctl(ep, EPOLL_CTL_ADD, l, &ev);
    ev.data.fd = u;
    epoll_ctl(ep, EPOLL_CTL_ADD, u, &ev);

    fflush(stdout);
    for (int i = 0; i < CLIENTS; i++) {
        if (fork() == 0) client(port, i);
    }
    if (fork() == 0) {
        int c = socket(AF_INET, SOCK_DGRAM, 0);
        sendto(c, "udp hello", 9, 0, (struct sockaddr *)&ua, sizeof ua);
        _exit(0);
    }

    int accepted = 0, closed = 0, rdhups = 0, udp = 0;
    long echoed = 0;
    while (closed < CLIENTS || !udp) {
        struct epoll_event evs[16];
        int n = epoll_wait(ep, evs, 16, 5000);
        if (n <= 0) {
            printf("epoll_wait timed out\n");
            break;
        }
        for (int i = 0; i < n; i++) {
            int fd = evs[i].data.fd;
            if (fd == l) {
                int c;
                while ((c = accept4(l, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
                    struct epoll_event ce = {.events = EPOLLIN | EPOLLRDHUP | EPOLLET, .data.fd = c};
                    epoll_ctl(ep, EPOLL_CTL_ADD, c, &ce);
                    accepted++;
                }
            } else if (fd == u) {
                char buf[64];
                ssize_t r = recv(u, buf, sizeof buf, 0);
                printf("udp %zd '%.*s'\n", r, (int)r, buf);
                udp = 1;
            } else {
                if (evs[i].events & EPOLLRDHUP) rdhups++;
                char buf[1024];
                for (;;) {
                    ssize_t r = read(fd, buf, sizeof buf);
                    if (r > 0) {
                        /* The clients wait for each echo, so the small replies always fit. */
                        write_all(fd, buf, (size_t)r);
                        echoed += r;
                        continue;
                    }
                    if (r == 0) {
                        close(fd);
                        closed++;
                    } else if (errno != EAGAIN) {
                        printf("read error %s\n", neterr(errno));
                    }
                    break;
                }
            }
        }
    }
    int ok = 0, st;
    while (wait(&st) > 0) if (WIFEXITED(st) && WEXITSTATUS(st) == 0) ok++;
    printf("accepted %d closed %d clients ok %d echoed %ld rdhup seen %s\n", accepted, closed, ok, echoed,
           rdhups > 0 || closed == CLIENTS ? "yes" : "no");

    /* A half-close reported as EPOLLIN | EPOLLRDHUP, after the data, in level-triggered mode. */
    int c = connect4(port);
    int s = -1;
    for (int i = 0; i < 100 && s < 0; i++) {
        s = accept(l, NULL, NULL);
        if (s < 0) usleep(10000);
    }
    struct epoll_event se = {.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP, .data.fd = s};
    epoll_ctl(ep, EPOLL_CTL_ADD, s, &se);
    struct epoll_event got;
    int n = epoll_wait(ep, &got, 1, 1000);
    printf("idle: %d events %x\n", n, got.events);
    write_all(c, "bye", 3);
    shutdown(c, SHUT_WR);
    usleep(20000);
    n = epoll_wait(ep, &got, 1, 1000);
    printf("half-closed: %d events %x\n", n, got.events);
    close(c);
    return 0;
}
