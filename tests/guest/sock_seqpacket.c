/* AF_UNIX sequenced-packet sockets: listen/accept on an abstract name, record boundaries and
 * truncation, EOF and EPIPE (without SIGPIPE) after the peer closes, ENOTCONN before connect,
 * EPROTOTYPE when connecting to a listener of another type, poll states. */
#include "sock.h"

int main(void) {
    t_init();
    signal(SIGPIPE, SIG_DFL);
    struct sockaddr_un a;
    socklen_t alen = un_abstract(&a, "seqpacket");
    int l = socket(AF_UNIX, SOCK_SEQPACKET, 0);
    printf("fresh socket poll: %s\n", pollbits(pollnow(l, POLLIN | POLLOUT | POLLRDHUP)));
    show("listen unbound", listen(l, 1));
    show("bind", bind(l, (struct sockaddr *)&a, alen));
    show("listen", listen(l, 4));
    int acc = 0;
    socklen_t len = sizeof acc;
    getsockopt(l, SOL_SOCKET, SO_ACCEPTCONN, &acc, &len);
    printf("SO_ACCEPTCONN %d\n", acc);
    printf("listener poll: %s\n", pollbits(pollnow(l, POLLIN | POLLOUT)));

    int st = socket(AF_UNIX, SOCK_STREAM, 0);
    show("stream connect to seqpacket listener", connect(st, (struct sockaddr *)&a, alen));
    int c = socket(AF_UNIX, SOCK_SEQPACKET, 0);
    char buf[64];
    show("send before connect", send(c, "x", 1, 0));
    show("recv before connect", recv(c, buf, 1, MSG_DONTWAIT));
    show("connect", connect(c, (struct sockaddr *)&a, alen));
    show("connect again", connect(c, (struct sockaddr *)&a, alen));
    printf("listener poll with a pending connection: %s\n", pollbits(pollnow(l, POLLIN)));
    int s = accept(l, NULL, NULL);
    printf("accept: %s\n", s >= 0 ? "ok" : sock_errname(errno));
    int type = 0;
    len = sizeof type;
    getsockopt(s, SOL_SOCKET, SO_TYPE, &type, &len);
    printf("accepted SO_TYPE is SOCK_SEQPACKET: %s\n", yesno(type == SOCK_SEQPACKET));
    int fl = fcntl(l, F_GETFL);
    fcntl(l, F_SETFL, fl | O_NONBLOCK);
    show("accept on O_NONBLOCK listener", accept(l, NULL, NULL));

    show("send 3", send(c, "one", 3, 0));
    show("send 5", send(c, "three", 5, 0));
    show("send 0", send(c, "", 0, 0));
    show("send 4", send(c, "four", 4, 0));
    long n = show("recv 64", recv(s, buf, sizeof buf, 0));
    printf("  %.*s\n", (int)n, buf);
    struct iovec iov = {buf, 2};
    struct msghdr m = {0};
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    n = show("recvmsg 2 of 5", recvmsg(s, &m, 0));
    printf("  %.*s trunc %s eor %s\n", (int)n, buf, yesno(m.msg_flags & MSG_TRUNC), yesno(m.msg_flags & MSG_EOR));
    show("recv empty record", recv(s, buf, sizeof buf, 0));
    show("recv peek", recv(s, buf, sizeof buf, MSG_PEEK));
    show("recv", recv(s, buf, sizeof buf, 0));
    printf("server poll idle: %s\n", pollbits(pollnow(s, POLLIN | POLLOUT | POLLRDHUP)));

    show("shutdown c SHUT_WR", shutdown(c, SHUT_WR));
    printf("server poll after peer SHUT_WR: %s\n", pollbits(pollnow(s, POLLIN | POLLOUT | POLLRDHUP)));
    show("recv after peer SHUT_WR", recv(s, buf, sizeof buf, 0));
    show("send on shut-down side", send(c, "x", 1, 0));
    show("reverse direction still works", send(s, "back", 4, 0));
    show("recv it", recv(c, buf, sizeof buf, 0));
    close(c);
    printf("server poll after peer close: %s\n", pollbits(pollnow(s, POLLIN | POLLOUT | POLLRDHUP)));
    show("recv after close", recv(s, buf, sizeof buf, 0));
    show("send after peer close (no SIGPIPE)", send(s, "x", 1, 0));
    close(s);
    close(l);
    int c2 = socket(AF_UNIX, SOCK_SEQPACKET, 0);
    show("connect after listener closed", connect(c2, (struct sockaddr *)&a, alen));

    int sv[2];
    show("socketpair", socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv));
    send(sv[0], "abc", 3, 0);
    send(sv[0], "de", 2, 0);
    show("pair recv", recv(sv[1], buf, sizeof buf, 0));
    show("pair recv MSG_TRUNC", recv(sv[1], buf, 1, MSG_TRUNC));
    return 0;
}
