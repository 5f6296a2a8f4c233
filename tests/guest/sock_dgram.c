/* AF_UNIX datagram sockets: message boundaries, truncation (MSG_TRUNC both ways), MSG_PEEK,
 * sender addresses, abstract and autobound names, connected sockets (EPERM, ECONNREFUSED), the
 * receive queue limit of an unconnected sender, empty datagrams. */
#include "sock.h"

int main(void) {
    t_init();
    t_scratch();
    struct sockaddr_un ra, sa, got;
    socklen_t ralen = un_path(&ra, "recv.sock");
    socklen_t salen = un_abstract(&sa, "dgram-sender");
    int r = socket(AF_UNIX, SOCK_DGRAM, 0);
    int s = socket(AF_UNIX, SOCK_DGRAM, 0);
    show("bind receiver", bind(r, (struct sockaddr *)&ra, ralen));
    show("bind sender (abstract)", bind(s, (struct sockaddr *)&sa, salen));
    show("bind sender again", bind(s, (struct sockaddr *)&sa, salen));
    int s2 = socket(AF_UNIX, SOCK_DGRAM, 0);
    show("bind same abstract name", bind(s2, (struct sockaddr *)&sa, salen));

    show("sendto 5", sendto(s, "hello", 5, 0, (struct sockaddr *)&ra, ralen));
    show("sendto 3", sendto(s, "abc", 3, 0, (struct sockaddr *)&ra, ralen));
    show("sendto 0", sendto(s, "", 0, 0, (struct sockaddr *)&ra, ralen));
    show("sendto 10", sendto(s, "0123456789", 10, 0, (struct sockaddr *)&ra, ralen));
    int avail = -1;
    show("FIONREAD", ioctl(r, FIONREAD, &avail));
    printf("first datagram length: %d\n", avail);

    char buf[64];
    socklen_t glen = sizeof got;
    memset(&got, 0, sizeof got);
    long n = show("recvfrom peek", recvfrom(r, buf, 2, MSG_PEEK, (struct sockaddr *)&got, &glen));
    printf("data %.*s, from len %d abstract: %s same: %s\n", (int)n, buf, (int)glen, yesno(got.sun_path[0] == 0),
           yesno(glen == salen && memcmp(&got, &sa, salen) == 0));
    n = show("recv 2 (truncating)", recv(r, buf, 2, 0));
    printf("data %.*s\n", (int)n, buf);
    n = show("recv MSG_TRUNC", recv(r, buf, 1, MSG_TRUNC));
    printf("data %.*s\n", 1, buf);
    show("recv empty datagram", recv(r, buf, sizeof buf, 0));

    struct iovec iov = {buf, 4};
    struct msghdr m = {0};
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    m.msg_name = &got;
    m.msg_namelen = sizeof got;
    n = show("recvmsg 4 of 10", recvmsg(r, &m, 0));
    printf("msg_flags MSG_TRUNC: %s, namelen %d\n", yesno(m.msg_flags & MSG_TRUNC), (int)m.msg_namelen);
    show("recv nothing (MSG_DONTWAIT)", recv(r, buf, sizeof buf, MSG_DONTWAIT));

    /* An unbound sender: the receiver sees an empty address. */
    int u = socket(AF_UNIX, SOCK_DGRAM, 0);
    show("unbound sendto", sendto(u, "x", 1, 0, (struct sockaddr *)&ra, ralen));
    glen = sizeof got;
    show("recvfrom", recvfrom(r, buf, sizeof buf, 0, (struct sockaddr *)&got, &glen));
    printf("from len %d\n", (int)glen);

    /* Autobind: a bare family gets an abstract name of 5 hex digits. */
    int ab = socket(AF_UNIX, SOCK_DGRAM, 0);
    struct sockaddr_un fam = {AF_UNIX};
    show("autobind", bind(ab, (struct sockaddr *)&fam, sizeof(sa_family_t)));
    glen = sizeof got;
    getsockname(ab, (struct sockaddr *)&got, &glen);
    printf("autobound len %d abstract %s\n", (int)glen, yesno(got.sun_path[0] == 0));

    /* Connected datagram sockets. */
    show("connect s -> r", connect(s, (struct sockaddr *)&ra, ralen));
    show("send connected", send(s, "ping", 4, 0));
    n = show("recv", recv(r, buf, sizeof buf, 0));
    show("connect r -> s", connect(r, (struct sockaddr *)&sa, salen));
    show("third party to r (connected elsewhere)", sendto(u, "y", 1, 0, (struct sockaddr *)&ra, ralen));
    show("getpeername s", getpeername(s, (struct sockaddr *)&got, &(socklen_t){sizeof got}));
    show("getpeername u", getpeername(u, (struct sockaddr *)&got, &(socklen_t){sizeof got}));
    struct sockaddr unspec = {AF_UNSPEC};
    show("disconnect r (AF_UNSPEC)", connect(r, &unspec, sizeof unspec));
    show("third party to r again", sendto(u, "y", 1, 0, (struct sockaddr *)&ra, ralen));
    show("recv it", recv(r, buf, sizeof buf, 0));
    show("send on unconnected", send(u, "z", 1, 0));

    /* The receive queue of a socket not connected back holds max_dgram_qlen + 1 messages. */
    int q = 0;
    while (sendto(u, "q", 1, MSG_DONTWAIT, (struct sockaddr *)&ra, ralen) == 1 && q < 100) q++;
    printf("queued before EAGAIN: %d (%s)\n", q, sock_errname(errno));
    printf("poll of connected sender while full: %s\n", pollbits(pollnow(s, POLLOUT)));
    recv(r, buf, sizeof buf, 0);
    show("sendto after one read", sendto(u, "q", 1, MSG_DONTWAIT, (struct sockaddr *)&ra, ralen));
    while (recv(r, buf, sizeof buf, MSG_DONTWAIT) > 0) {}

    /* The peer goes away. */
    close(r);
    show("send to closed peer", send(s, "x", 1, 0));
    show("send again", send(s, "x", 1, 0));
    show("sendto removed name", sendto(u, "x", 1, 0, (struct sockaddr *)&ra, ralen));
    unlink("recv.sock");
    show("sendto unlinked name", sendto(u, "x", 1, 0, (struct sockaddr *)&ra, ralen));

    /* socketpair keeps boundaries both ways; no queue limit between the pair. */
    int sv[2];
    show("socketpair", socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
    for (int i = 0; i < 20; i++) send(sv[0], buf, i + 1, 0);
    int total = 0, msgs = 0;
    while ((n = recv(sv[1], buf, sizeof buf, MSG_DONTWAIT)) > 0) { total += n; msgs++; }
    printf("pair: %d messages, %d bytes\n", msgs, total);
    static char huge[300000];
    show("send larger than SO_SNDBUF", send(sv[0], huge, sizeof huge, 0));
    return 0;
}
