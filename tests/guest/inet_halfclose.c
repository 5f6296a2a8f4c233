/* TCP half-close and teardown over loopback: SHUT_WR delivers end of file after the data while
 * the other direction keeps working; writing after SHUT_WR fails with EPIPE and SIGPIPE; the
 * TCP states on both sides; MSG_PEEK and MSG_WAITALL; closing with unread data or with a zero
 * linger resets the peer (ECONNRESET once, then end of file); writing to a closed peer first
 * succeeds, then fails with EPIPE. */
#include "inet_util.h"
#include <sys/ioctl.h>

static volatile int sigpipes;
static void on_pipe(int s) { (void)s; sigpipes++; }

static int tcp_state(int s) {
    struct tcp_info ti;
    socklen_t l = sizeof ti;
    memset(&ti, 0, sizeof ti);
    getsockopt(s, IPPROTO_TCP, TCP_INFO, &ti, &l);
    return ti.tcpi_state;
}

static int revents(int s, short events) {
    struct pollfd p = {s, events, 0};
    poll(&p, 1, 1000);
    return p.revents;
}

static void pair(int l, int port, int *c, int *s) {
    *c = connect4(port);
    *s = accept(l, NULL, NULL);
}

int main(void) {
    signal(SIGPIPE, on_pipe);
    int port;
    int l = listen4(&port, 8);
    int c, s;
    char buf[64];

    pair(l, port, &c, &s);
    printf("states %d %d\n", tcp_state(c), tcp_state(s));
    write_all(c, "request", 7);
    CHECK("shutdown WR", shutdown(c, SHUT_WR));
    usleep(10000);
    printf("server revents %x\n", revents(s, POLLIN | POLLOUT | POLLRDHUP));
    int cs = tcp_state(c);
    /* FIN_WAIT1 or FIN_WAIT2, depending on when the loopback acknowledges the FIN. */
    printf("states after FIN %s %d\n", cs == 4 || cs == 5 ? "FIN_WAIT" : "other", tcp_state(s));
    ssize_t n = read(s, buf, sizeof buf);
    printf("server read %zd '%.*s'\n", n, (int)n, buf);
    n = read(s, buf, sizeof buf);
    printf("server read at EOF %zd\n", n);
    write_all(s, "response", 8);
    n = read(c, buf, sizeof buf);
    printf("client read %zd '%.*s'\n", n, (int)n, buf);
    n = write(c, "more", 4);
    printf("write after SHUT_WR %zd %s sigpipes %d\n", n, neterr(errno), sigpipes);
    n = send(c, "more", 4, MSG_NOSIGNAL);
    printf("send MSG_NOSIGNAL %zd %s sigpipes %d\n", n, neterr(errno), sigpipes);
    close(s);
    n = read(c, buf, sizeof buf);
    printf("client read after server close %zd\n", n);
    printf("client revents %x\n", revents(c, POLLIN | POLLOUT | POLLRDHUP));
    close(c);

    /* MSG_PEEK, MSG_WAITALL, FIONREAD. */
    pair(l, port, &c, &s);
    write_all(c, "abc", 3);
    usleep(10000);
    int avail = -1;
    ioctl(s, FIONREAD, &avail);
    printf("FIONREAD %d\n", avail);
    n = recv(s, buf, sizeof buf, MSG_PEEK);
    printf("peek %zd '%.*s'\n", n, (int)n, buf);
    if (fork() == 0) {
        usleep(50000);
        write_all(c, "def", 3);
        usleep(50000);
        write_all(c, "ghi", 3);
        _exit(0);
    }
    n = recv(s, buf, 9, MSG_WAITALL);
    printf("waitall %zd '%.*s'\n", n, (int)n, buf);
    wait(NULL);
    int outq = -1;
    ioctl(c, TIOCOUTQ, &outq);
    printf("SIOCOUTQ %d\n", outq);

    /* Close with unread data: the peer is reset. */
    write_all(c, "unread", 6);
    usleep(10000);
    close(s);
    printf("reset revents %x\n", revents(c, POLLIN | POLLOUT | POLLRDHUP));
    printf("state after reset %d\n", tcp_state(c));
    n = read(c, buf, sizeof buf);
    printf("read after reset %zd %s\n", n, n < 0 ? neterr(errno) : "-");
    n = read(c, buf, sizeof buf);
    printf("read again %zd\n", n);
    n = write(c, "x", 1);
    printf("write after reset %zd %s sigpipes %d\n", n, neterr(errno), sigpipes);
    struct sockaddr_in pn;
    socklen_t pl = sizeof pn;
    CHECK("getpeername after reset", getpeername(c, (struct sockaddr *)&pn, &pl));
    CHECK("shutdown after reset", shutdown(c, SHUT_RDWR));
    close(c);

    /* SO_LINGER with a zero timeout resets on close. */
    pair(l, port, &c, &s);
    struct linger lg = {1, 0};
    CHECK("SO_LINGER", setsockopt(c, SOL_SOCKET, SO_LINGER, &lg, sizeof lg));
    close(c);
    n = read(s, buf, sizeof buf);
    printf("read after linger close %zd %s\n", n, n < 0 ? neterr(errno) : "-");
    close(s);

    /* Writing to a closed peer: the first write succeeds, the reset makes the next fail. */
    pair(l, port, &c, &s);
    close(s);
    n = read(c, buf, sizeof buf);
    printf("EOF %zd state %d\n", n, tcp_state(c));
    n = write(c, "x", 1);
    printf("first write %zd\n", n);
    usleep(10000);
    n = write(c, "x", 1);
    printf("second write %zd %s sigpipes %d\n", n, neterr(errno), sigpipes);
    n = write(c, "x", 1);
    printf("third write %zd %s sigpipes %d\n", n, neterr(errno), sigpipes);
    close(c);

    /* SHUT_RD: reads return end of file. */
    pair(l, port, &c, &s);
    CHECK("shutdown RD", shutdown(s, SHUT_RD));
    n = read(s, buf, sizeof buf);
    printf("read after SHUT_RD %zd\n", n);
    CHECK("shutdown bad how", shutdown(s, 7));
    int u = socket(AF_INET, SOCK_STREAM, 0);
    CHECK("shutdown unconnected", shutdown(u, SHUT_RDWR));
    CHECK("recv unconnected", recv(u, buf, 1, 0));
    n = send(u, "x", 1, MSG_NOSIGNAL);
    printf("send unconnected %zd %s\n", n, neterr(errno));
    return 0;
}
