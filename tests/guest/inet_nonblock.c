/* Non-blocking TCP over loopback: connect returns EINPROGRESS, poll reports writable and SO_ERROR
 * is 0, a second connect returns 0 and a third EISCONN; a refused connect reports POLLERR and
 * ECONNREFUSED through SO_ERROR; accept and recv return EAGAIN; a full accept queue keeps the
 * next connector in SYN_SENT until accept makes room; closing the listener resets what is
 * still queued. */
#include "inet_util.h"

static int so_error(int s) {
    int e = -1;
    socklen_t l = sizeof e;
    getsockopt(s, SOL_SOCKET, SO_ERROR, &e, &l);
    return e;
}

static int tcp_state(int s) {
    struct tcp_info ti;
    socklen_t l = sizeof ti;
    memset(&ti, 0, sizeof ti);
    if (getsockopt(s, IPPROTO_TCP, TCP_INFO, &ti, &l) < 0) return -1;
    return ti.tcpi_state;
}

static int revents(int s, short events, int timeout) {
    struct pollfd p = {s, events, 0};
    int n = poll(&p, 1, timeout);
    return n < 0 ? -1 : p.revents;
}

int main(void) {
    int port;
    int l = listen4(&port, 1);
    fcntl(l, F_SETFL, O_NONBLOCK);
    CHECK("accept empty", accept(l, NULL, NULL));
    printf("listener revents %x\n", revents(l, POLLIN | POLLOUT, 0));

    int c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    printf("fresh revents %x state %d\n", revents(c, POLLIN | POLLOUT | POLLRDHUP, 0), tcp_state(c));
    struct sockaddr_in a = lo4(port);
    CHECK("connect", connect(c, (struct sockaddr *)&a, sizeof a));
    printf("writable revents %x\n", revents(c, POLLIN | POLLOUT | POLLRDHUP, 1000));
    printf("SO_ERROR %s\n", neterr(so_error(c)));
    CHECK("connect again", connect(c, (struct sockaddr *)&a, sizeof a));
    CHECK("connect third", connect(c, (struct sockaddr *)&a, sizeof a));
    printf("state %d\n", tcp_state(c));
    printf("listener readable %x\n", revents(l, POLLIN, 1000));
    char buf[16];
    CHECK("recv empty", recv(c, buf, sizeof buf, 0));

    /* The accept queue holds backlog+1 connections; the next waits in SYN_SENT. */
    int d = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    CHECK("connect d", connect(d, (struct sockaddr *)&a, sizeof a));
    printf("d revents %x\n", revents(d, POLLOUT, 100));
    int e = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    CHECK("connect e", connect(e, (struct sockaddr *)&a, sizeof a));
    printf("e revents %x state %d\n", revents(e, POLLOUT, 100), tcp_state(e));
    CHECK("connect e again", connect(e, (struct sockaddr *)&a, sizeof a));
    int s1 = accept(l, NULL, NULL);
    int s2 = accept(l, NULL, NULL);
    printf("accepted %s %s\n", s1 >= 0 ? "yes" : "no", s2 >= 0 ? "yes" : "no");
    printf("e revents after accept %x\n", revents(e, POLLOUT, 3000));
    int s3 = accept(l, NULL, NULL);
    for (int i = 0; s3 < 0 && i < 100; i++) {
        revents(l, POLLIN, 100);
        s3 = accept(l, NULL, NULL);
    }
    printf("third accepted %s\n", s3 >= 0 ? "yes" : "no");
    /* Data flows on the accepted, non-blocking pair. */
    CHECK("send", send(c, "hello", 5, 0));
    printf("s1 revents %x\n", revents(s1, POLLIN, 1000));
    ssize_t n = recv(s1, buf, sizeof buf, 0);
    printf("s1 got %zd '%.*s'\n", n, (int)n, buf);
    int flags = fcntl(s1, F_GETFL);
    printf("accepted O_NONBLOCK %s\n", (flags & O_NONBLOCK) ? "yes" : "no");
    int s4 = accept4(l, NULL, NULL, SOCK_NONBLOCK);
    printf("accept4 empty %s\n", s4 < 0 ? neterr(errno) : "ok");

    /* A connection still queued when the listener closes is reset. */
    int f = socket(AF_INET, SOCK_STREAM, 0);
    CHECK("connect f", connect(f, (struct sockaddr *)&a, sizeof a));
    close(l);
    printf("f revents %x\n", revents(f, POLLIN | POLLRDHUP, 1000));
    CHECK("recv on reset", recv(f, buf, sizeof buf, 0));
    CHECK("recv after reset", recv(f, buf, sizeof buf, 0));
    CHECK("send after reset", send(f, "x", 1, MSG_NOSIGNAL));

    /* A refused non-blocking connect. */
    int r = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    CHECK("connect refused", connect(r, (struct sockaddr *)&a, sizeof a));
    printf("refused revents %x\n", revents(r, POLLIN | POLLOUT | POLLRDHUP, 1000));
    printf("refused SO_ERROR %s\n", neterr(so_error(r)));
    printf("SO_ERROR cleared %s\n", neterr(so_error(r)));
    printf("refused state %d\n", tcp_state(r));
    int r2 = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    connect(r2, (struct sockaddr *)&a, sizeof a);
    revents(r2, POLLOUT, 1000);
    CHECK("connect after refusal", connect(r2, (struct sockaddr *)&a, sizeof a));
    return 0;
}
