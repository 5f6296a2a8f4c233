/* Socket error cases: unsupported families, types and protocols, short and wrong-family
 * addresses, EADDRINUSE with and without SO_REUSEADDR / SO_REUSEPORT, IPV6_V6ONLY and the
 * dual-stack wildcard, EADDRNOTAVAIL, ECONNREFUSED, ENOTCONN, EISCONN, EINVAL for a second bind
 * and for listen-state misuse, ENETUNREACH for a v4-mapped destination on a v6-only socket. */
#include "inet_util.h"

static int bound_port(int s) {
    struct sockaddr_in6 a;
    socklen_t l = sizeof a;
    getsockname(s, (struct sockaddr *)&a, &l);
    return ntohs(a.sin6_port);
}

int main(void) {
    int one = 1;
    CHECK("socket AF 99", socket(99, SOCK_STREAM, 0));
    CHECK("socket INET SEQPACKET", socket(AF_INET, SOCK_SEQPACKET, 0));
    CHECK("socket INET STREAM UDP", socket(AF_INET, SOCK_STREAM, IPPROTO_UDP));
    CHECK("socket INET DGRAM TCP", socket(AF_INET, SOCK_DGRAM, IPPROTO_TCP));
    CHECK("socket INET6 STREAM TCP", socket(AF_INET6, SOCK_STREAM, IPPROTO_TCP));
    CHECK("socket INET DGRAM UDP", socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP));

    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = lo4(0);
    CHECK("bind short", bind(s, (struct sockaddr *)&a, sizeof a - 1));
    struct sockaddr_in6 a6 = lo6(0);
    CHECK("bind v6 address on v4 socket", bind(s, (struct sockaddr *)&a6, sizeof a6));
    CHECK("connect short", connect(s, (struct sockaddr *)&a, 1));
    CHECK("connect v6 address on v4 socket", connect(s, (struct sockaddr *)&a6, sizeof a6));
    struct sockaddr_in nowhere = lo4(0);
    nowhere.sin_addr.s_addr = htonl(0xc0000201); /* 192.0.2.1, TEST-NET-1 */
    CHECK("bind foreign address", bind(s, (struct sockaddr *)&nowhere, sizeof nowhere));
    CHECK("bind", bind(s, (struct sockaddr *)&a, sizeof a));
    CHECK("bind again", bind(s, (struct sockaddr *)&a, sizeof a));
    CHECK("getpeername unconnected", getpeername(s, (struct sockaddr *)&a, &(socklen_t){sizeof a}));
    CHECK("accept not listening", accept(s, NULL, NULL));
    int port = bound_port(s);

    /* Port conflicts. */
    int t = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in same = lo4(port);
    CHECK("bind same port", bind(t, (struct sockaddr *)&same, sizeof same));
    struct sockaddr_in any = lo4(port);
    any.sin_addr.s_addr = htonl(INADDR_ANY);
    CHECK("bind wildcard same port", bind(t, (struct sockaddr *)&any, sizeof any));
    struct sockaddr_in other = lo4(port);
    other.sin_addr.s_addr = htonl(0x7f000002);
    CHECK("bind 127.0.0.2 same port", bind(t, (struct sockaddr *)&other, sizeof other));
    close(t);
    CHECK("listen", listen(s, 4));
    CHECK("listen again", listen(s, 8));
    CHECK("connect on listener", connect(s, (struct sockaddr *)&same, sizeof same));
    t = socket(AF_INET, SOCK_STREAM, 0);
    setsockopt(t, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    CHECK("reuseaddr vs listener without it", bind(t, (struct sockaddr *)&same, sizeof same));
    close(t);

    /* SO_REUSEADDR on both: bind shares, a second listen conflicts. */
    int r1 = socket(AF_INET, SOCK_STREAM, 0), r2 = socket(AF_INET, SOCK_STREAM, 0);
    setsockopt(r1, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    setsockopt(r2, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in ra = lo4(0);
    bind(r1, (struct sockaddr *)&ra, sizeof ra);
    ra = lo4(bound_port(r1));
    CHECK("reuseaddr bind", bind(r2, (struct sockaddr *)&ra, sizeof ra));
    CHECK("reuseaddr listen 1", listen(r1, 1));
    CHECK("reuseaddr listen 2", listen(r2, 1));
    close(r1);
    close(r2);

    /* SO_REUSEPORT on both: two listeners share the port. */
    int p1 = socket(AF_INET, SOCK_STREAM, 0), p2 = socket(AF_INET, SOCK_STREAM, 0);
    setsockopt(p1, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
    setsockopt(p2, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
    struct sockaddr_in pa = lo4(0);
    bind(p1, (struct sockaddr *)&pa, sizeof pa);
    pa = lo4(bound_port(p1));
    CHECK("reuseport bind", bind(p2, (struct sockaddr *)&pa, sizeof pa));
    CHECK("reuseport listen 1", listen(p1, 1));
    CHECK("reuseport listen 2", listen(p2, 1));
    int cc = connect4(bound_port(p1));
    printf("reuseport connect ok\n");
    close(cc);

    /* IPv6 wildcard covers IPv4 unless IPV6_V6ONLY. */
    int w6 = socket(AF_INET6, SOCK_STREAM, 0);
    struct sockaddr_in6 w = lo6(0);
    w.sin6_addr = in6addr_any;
    bind(w6, (struct sockaddr *)&w, sizeof w);
    int wport = bound_port(w6);
    int w4 = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in wa = lo4(wport);
    CHECK("v4 on dual-stack port", bind(w4, (struct sockaddr *)&wa, sizeof wa));
    close(w4);
    close(w6);
    w6 = socket(AF_INET6, SOCK_STREAM, 0);
    setsockopt(w6, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    CHECK("v6only bind", bind(w6, (struct sockaddr *)&w, sizeof w));
    wport = bound_port(w6);
    w4 = socket(AF_INET, SOCK_STREAM, 0);
    wa = lo4(wport);
    CHECK("v4 on v6only port", bind(w4, (struct sockaddr *)&wa, sizeof wa));
    CHECK("V6ONLY after bind", setsockopt(w6, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one));
    struct sockaddr_in6 mapped = lo6(wport);
    inet_pton(AF_INET6, "::ffff:127.0.0.1", &mapped.sin6_addr);
    int m = socket(AF_INET6, SOCK_STREAM, 0);
    setsockopt(m, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    CHECK("v6only connect to mapped", connect(m, (struct sockaddr *)&mapped, sizeof mapped));
    CHECK("v6only bind mapped", bind(m, (struct sockaddr *)&mapped, sizeof mapped));
    CHECK("IPV6_V6ONLY on v4 socket", setsockopt(w4, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one));

    /* Connection errors. */
    int dead = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in da = lo4(0);
    bind(dead, (struct sockaddr *)&da, sizeof da);
    int dport = bound_port(dead);
    close(dead);
    int c = socket(AF_INET, SOCK_STREAM, 0);
    da = lo4(dport);
    CHECK("connect refused", connect(c, (struct sockaddr *)&da, sizeof da));
    CHECK("connect refused again", connect(c, (struct sockaddr *)&da, sizeof da));
    close(c);
    c = socket(AF_INET, SOCK_STREAM, 0);
    CHECK("connect", connect(c, (struct sockaddr *)&same, sizeof same));
    CHECK("connect connected", connect(c, (struct sockaddr *)&same, sizeof same));
    CHECK("bind connected", bind(c, (struct sockaddr *)&a, sizeof a));
    CHECK("listen connected", listen(c, 1));
    struct sockaddr_in6 v6a = lo6(port);
    int c6 = socket(AF_INET6, SOCK_STREAM, 0);
    CHECK("connect ::1 to v4-only listener", connect(c6, (struct sockaddr *)&v6a, sizeof v6a));
    CHECK("connect v6 short", connect(c6, (struct sockaddr *)&v6a, 20));
    int u = socket(AF_INET, SOCK_DGRAM, 0);
    CHECK("accept on UDP", accept(u, NULL, NULL));
    CHECK("sendto no address", sendto(u, "x", 1, 0, NULL, 0));
    CHECK("sendto short address", sendto(u, "x", 1, 0, (struct sockaddr *)&same, 4));
    CHECK("setsockopt short", setsockopt(u, SOL_SOCKET, SO_REUSEADDR, &one, 2));
    CHECK("setsockopt bad level", setsockopt(u, 12345, 1, &one, sizeof one));
    CHECK("getsockopt unknown", getsockopt(c, IPPROTO_TCP, 9999, &one, &(socklen_t){4}));
    CHECK("TCP option on UDP", setsockopt(u, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one));

    /* A server restarting while a connection it accepted is still open (the child keeps the
     * listener's SO_REUSEADDR). */
    int rl = socket(AF_INET, SOCK_STREAM, 0);
    setsockopt(rl, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in rla = lo4(0);
    bind(rl, (struct sockaddr *)&rla, sizeof rla);
    listen(rl, 1);
    rla = lo4(bound_port(rl));
    int rc = connect4(ntohs(rla.sin_port));
    int rs = accept(rl, NULL, NULL);
    close(rl);
    int again = socket(AF_INET, SOCK_STREAM, 0);
    CHECK("restart without SO_REUSEADDR", bind(again, (struct sockaddr *)&rla, sizeof rla));
    setsockopt(again, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    CHECK("restart with SO_REUSEADDR", bind(again, (struct sockaddr *)&rla, sizeof rla));
    CHECK("listen after restart", listen(again, 1));
    close(rs);
    close(rc);
    return 0;
}
