/* epoll edge-triggered mode reports a pipe or socket once per arrival of new data, not again after a
 * partial read or a write to the other side of a socket; EPOLL_CTL_ADD of an epoll file that would
 * make a cycle, or a chain deeper than EP_MAX_NESTS, fails with ELOOP. */
#include "guest.h"
#include <sys/epoll.h>
#include <sys/socket.h>

#define CHECK(x) ((x) < 0 ? printf("line %d: %s\n", __LINE__, errname(errno)) : 0)

static void wait_report(const char *what, int ep) {
    struct epoll_event ev[4];
    int n = epoll_wait(ep, ev, 4, 0);
    if (n < 0) {
        printf("%s: -1 %s\n", what, errname(errno));
        return;
    }
    printf("%s: %d", what, n);
    for (int i = 0; i < n; i++)
        printf(" [%lu %#x]", (unsigned long)ev[i].data.u64, ev[i].events);
    printf("\n");
}

static void edge(const char *kind, int rfd, int wfd) {
    char buf[64];
    char name[128];
    int ep = epoll_create1(0);
    struct epoll_event e = {.events = EPOLLIN | EPOLLET, .data.u64 = 7};
    CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, rfd, &e));
    snprintf(name, sizeof name, "%s: empty", kind);
    wait_report(name, ep);
    write(wfd, "0123456789", 10);
    snprintf(name, sizeof name, "%s: after write 10", kind);
    wait_report(name, ep);
    snprintf(name, sizeof name, "%s: again", kind);
    wait_report(name, ep);
    printf("%s: read %zd\n", kind, read(rfd, buf, 5));
    snprintf(name, sizeof name, "%s: after partial read", kind);
    wait_report(name, ep);
    write(wfd, "abc", 3);
    snprintf(name, sizeof name, "%s: after write 3", kind);
    wait_report(name, ep);
    snprintf(name, sizeof name, "%s: again", kind);
    wait_report(name, ep);
    printf("%s: read %zd\n", kind, read(rfd, buf, sizeof buf));
    snprintf(name, sizeof name, "%s: drained", kind);
    wait_report(name, ep);
    e.events = EPOLLIN | EPOLLET;
    CHECK(epoll_ctl(ep, EPOLL_CTL_MOD, rfd, &e));
    write(wfd, "x", 1);
    snprintf(name, sizeof name, "%s: level for comparison", kind);
    e.events = EPOLLIN;
    CHECK(epoll_ctl(ep, EPOLL_CTL_MOD, rfd, &e));
    wait_report(name, ep);
    wait_report(name, ep);
    close(ep);
}

int main(void) {
    t_init();
    int p[2];
    CHECK(pipe(p));
    edge("pipe", p[0], p[1]);
    close(p[0]);
    close(p[1]);

    int s[2];
    CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, s));
    edge("stream", s[0], s[1]);
    /* Data the reader side sends does not make its own end readable again. */
    int ep = epoll_create1(0);
    struct epoll_event e = {.events = EPOLLIN | EPOLLOUT | EPOLLET, .data.u64 = 9};
    CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, s[0], &e));
    wait_report("stream in|out: first", ep);
    wait_report("stream in|out: again", ep);
    write(s[1], "zz", 2);
    wait_report("stream in|out: peer wrote", ep);
    wait_report("stream in|out: again", ep);
    close(ep);
    close(s[0]);
    close(s[1]);

    CHECK(socketpair(AF_UNIX, SOCK_DGRAM, 0, s));
    edge("dgram", s[0], s[1]);
    close(s[0]);
    close(s[1]);

    /* Cycles and nesting depth. */
    int a = epoll_create1(0), b = epoll_create1(0);
    struct epoll_event ee = {.events = EPOLLIN};
    CHECK(epoll_ctl(a, EPOLL_CTL_ADD, b, &ee));
    t_show("add a to b (cycle)", epoll_ctl(b, EPOLL_CTL_ADD, a, &ee));
    t_show("add a to a", epoll_ctl(a, EPOLL_CTL_ADD, a, &ee));
    int chain[8];
    for (int i = 0; i < 8; i++)
        chain[i] = epoll_create1(0);
    for (int i = 1; i < 8; i++) {
        char name[64];
        snprintf(name, sizeof name, "chain depth %d", i);
        t_show(name, epoll_ctl(chain[i], EPOLL_CTL_ADD, chain[i - 1], &ee));
    }
    /* A chain of four below an instance already two deep is too long as well. */
    int top = epoll_create1(0), mid = epoll_create1(0), low = epoll_create1(0);
    CHECK(epoll_ctl(top, EPOLL_CTL_ADD, mid, &ee));
    CHECK(epoll_ctl(mid, EPOLL_CTL_ADD, low, &ee));
    t_show("add depth-3 chain under a depth-2 one", epoll_ctl(low, EPOLL_CTL_ADD, chain[2], &ee));
    t_show("add depth-2 chain under a depth-2 one", epoll_ctl(low, EPOLL_CTL_ADD, chain[1], &ee));
    int c = epoll_create1(0), d = epoll_create1(0), x = epoll_create1(0);
    CHECK(epoll_ctl(c, EPOLL_CTL_ADD, d, &ee));
    CHECK(epoll_ctl(d, EPOLL_CTL_ADD, x, &ee));
    t_show("add c to x (longer cycle)", epoll_ctl(x, EPOLL_CTL_ADD, c, &ee));
    CHECK(epoll_ctl(c, EPOLL_CTL_DEL, d, &ee));
    t_show("add c to x after removing d from c", epoll_ctl(x, EPOLL_CTL_ADD, c, &ee));
    return 0;
}
