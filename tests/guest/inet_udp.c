/* UDP over loopback: request/response with message boundaries, MSG_PEEK, MSG_TRUNC, implicit bind
 * on sendto, connect filtering, ECONNREFUSED on a connected socket to a closed port, IPv6 and
 * v4-mapped addresses, FIONREAD, and shutdown on unconnected sockets. */
#include "inet_util.h"
#include <sys/ioctl.h>

int main(void) {
    int srv = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in a = lo4(0);
    socklen_t al = sizeof a;
    CHECK("bind", bind(srv, (struct sockaddr *)&a, sizeof a));
    getsockname(srv, (struct sockaddr *)&a, &al);

    int cli = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in me;
    socklen_t ml = sizeof me;
    getsockname(cli, (struct sockaddr *)&me, &ml);
    printf("unbound port %d\n", ntohs(me.sin_port));
    /* Three datagrams keep their boundaries. */
    CHECK("sendto 1", sendto(cli, "one", 3, 0, (struct sockaddr *)&a, sizeof a));
    CHECK("sendto 2", sendto(cli, "two!", 4, 0, (struct sockaddr *)&a, sizeof a));
    CHECK("sendto 3", sendto(cli, "", 0, 0, (struct sockaddr *)&a, sizeof a));
    ml = sizeof me;
    getsockname(cli, (struct sockaddr *)&me, &ml);
    printf("autobound: %s\n", ntohs(me.sin_port) != 0 ? "yes" : "no");

    int n = -1;
    ioctl(srv, FIONREAD, &n);
    printf("FIONREAD %d\n", n);
    char buf[64];
    struct sockaddr_in from;
    socklen_t fl = sizeof from;
    ssize_t r = recvfrom(srv, buf, sizeof buf, MSG_PEEK, (struct sockaddr *)&from, &fl);
    printf("peek %zd '%.*s'\n", r, (int)r, buf);
    r = recv(srv, buf, 2, MSG_TRUNC);
    printf("trunc recv %zd\n", r);
    struct msghdr mh;
    struct iovec iov = {buf, 2};
    memset(&mh, 0, sizeof mh);
    mh.msg_iov = &iov;
    mh.msg_iovlen = 1;
    mh.msg_name = &from;
    mh.msg_namelen = sizeof from;
    r = recvmsg(srv, &mh, 0);
    printf("recvmsg %zd flags %s from same port %s\n", r, (mh.msg_flags & MSG_TRUNC) ? "TRUNC" : "-",
           from.sin_port == me.sin_port ? "yes" : "no");
    r = recv(srv, buf, sizeof buf, 0);
    printf("empty datagram %zd\n", r);
    r = recv(srv, buf, sizeof buf, MSG_DONTWAIT);
    printf("empty queue %zd %s\n", r, neterr(errno));

    /* Reply to the sender's address. */
    CHECK("reply", sendto(srv, "pong", 4, 0, (struct sockaddr *)&from, sizeof from));
    r = recv(cli, buf, sizeof buf, 0);
    printf("client got %zd '%.*s'\n", r, (int)r, buf);

    /* A connected socket only hears its peer. */
    int other = socket(AF_INET, SOCK_DGRAM, 0);
    CHECK("connect", connect(cli, (struct sockaddr *)&a, sizeof a));
    CHECK("send connected", send(cli, "c", 1, 0));
    fl = sizeof from;
    recvfrom(srv, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
    sendto(other, "stranger", 8, 0, (struct sockaddr *)&from, sizeof from);
    sendto(srv, "friend", 6, 0, (struct sockaddr *)&from, sizeof from);
    r = recv(cli, buf, sizeof buf, 0);
    printf("connected got '%.*s'\n", (int)r, buf);
    struct sockaddr_in pn;
    socklen_t pl = sizeof pn;
    CHECK("getpeername", getpeername(cli, (struct sockaddr *)&pn, &pl));
    CHECK("getpeername unconnected", getpeername(srv, (struct sockaddr *)&pn, &pl));
    CHECK("send without address", send(srv, "x", 1, 0));
    CHECK("sendto port 0", sendto(other, "x", 1, 0, (struct sockaddr *)&(struct sockaddr_in){.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)}, sizeof(struct sockaddr_in)));

    /* A connected socket to a closed port learns ECONNREFUSED. */
    int dead = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in closed = lo4(0);
    bind(dead, (struct sockaddr *)&closed, sizeof closed);
    al = sizeof closed;
    getsockname(dead, (struct sockaddr *)&closed, &al);
    close(dead);
    int c2 = socket(AF_INET, SOCK_DGRAM, 0);
    connect(c2, (struct sockaddr *)&closed, sizeof closed);
    CHECK("send to closed", send(c2, "x", 1, 0));
    usleep(20000);
    CHECK("recv after refusal", recv(c2, buf, sizeof buf, MSG_DONTWAIT));
    CHECK("recv again", recv(c2, buf, sizeof buf, MSG_DONTWAIT));
    /* Unconnected: the refusal is not reported. */
    CHECK("sendto closed unconnected", sendto(other, "x", 1, 0, (struct sockaddr *)&closed, sizeof closed));
    usleep(20000);
    CHECK("recv unconnected", recv(other, buf, sizeof buf, MSG_DONTWAIT));

    /* IPv6 and a v4-mapped sender on a dual-stack socket. */
    int s6 = socket(AF_INET6, SOCK_DGRAM, 0);
    struct sockaddr_in6 a6 = lo6(0);
    a6.sin6_addr = in6addr_any;
    CHECK("bind6", bind(s6, (struct sockaddr *)&a6, sizeof a6));
    al = sizeof a6;
    getsockname(s6, (struct sockaddr *)&a6, &al);
    struct sockaddr_in to4 = lo4(ntohs(a6.sin6_port));
    sendto(other, "v4", 2, 0, (struct sockaddr *)&to4, sizeof to4);
    struct sockaddr_in6 f6;
    socklen_t f6l = sizeof f6;
    r = recvfrom(s6, buf, sizeof buf, 0, (struct sockaddr *)&f6, &f6l);
    char txt[64];
    inet_ntop(AF_INET6, &f6.sin6_addr, txt, sizeof txt);
    printf("v6 socket got %zd from %s len %d\n", r, txt, (int)f6l);
    int c6 = socket(AF_INET6, SOCK_DGRAM, 0);
    struct sockaddr_in6 to6 = lo6(ntohs(a6.sin6_port));
    sendto(c6, "v6", 2, 0, (struct sockaddr *)&to6, sizeof to6);
    f6l = sizeof f6;
    r = recvfrom(s6, buf, sizeof buf, 0, (struct sockaddr *)&f6, &f6l);
    inet_ntop(AF_INET6, &f6.sin6_addr, txt, sizeof txt);
    printf("v6 socket got %zd from %s\n", r, txt);

    /* shutdown on an unconnected UDP socket: ENOTCONN, yet reads then return 0. */
    CHECK("shutdown unconnected", shutdown(srv, SHUT_RD));
    CHECK("recv after SHUT_RD", recv(srv, buf, sizeof buf, 0));
    CHECK("listen on UDP", listen(srv, 1));
    static char big[70000];
    CHECK("send too big", sendto(other, big, sizeof big, 0, (struct sockaddr *)&a, sizeof a));
    return 0;
}
