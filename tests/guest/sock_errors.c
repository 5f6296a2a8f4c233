/* Error cases of the socket calls: unknown families, types and protocols, bad lengths, names in
 * use, nothing listening, missing paths, non-sockets, bad flags, the wrong socket state. */
#include "sock.h"

int main(void) {
    t_init();
    t_scratch();
    show("socket family 99", socket(99, SOCK_STREAM, 0));
    show("socket family -1", socket(-1, SOCK_STREAM, 0));
    show("socket AF_UNIX type 0", socket(AF_UNIX, 0, 0));
    show("socket AF_UNIX SOCK_RAW", socket(AF_UNIX, SOCK_RAW, 0));
    show("socket AF_UNIX SOCK_RDM", socket(AF_UNIX, SOCK_RDM, 0));
    show("socket AF_UNIX type 77", socket(AF_UNIX, 77, 0));
    show("socket AF_UNIX protocol 5", socket(AF_UNIX, SOCK_STREAM, 5));
    show("socket bad flag bits", socket(AF_UNIX, SOCK_STREAM | 0x100000, 0));
    show("socketpair family 99", socketpair(99, SOCK_STREAM, 0, (int[2]){0}));
    int *volatile badp = (int *)8;
    show("socketpair bad pointer", socketpair(AF_UNIX, SOCK_STREAM, 0, badp));

    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a, b;
    socklen_t alen = un_path(&a, "name.sock");
    show("bind length 1", bind(s, (struct sockaddr *)&a, 1));
    show("bind length -1", bind(s, (struct sockaddr *)&a, -1));
    show("bind length 200", bind(s, (struct sockaddr *)&a, 200));
    struct sockaddr_un wrong = a;
    wrong.sun_family = AF_INET;
    show("bind wrong family", bind(s, (struct sockaddr *)&wrong, alen));
    show("bind bad pointer", bind(s, (struct sockaddr *)8, alen));
    un_path(&b, "missing-dir/name.sock");
    show("bind in missing directory", bind(s, (struct sockaddr *)&b, sizeof b));
    close(open("file", O_CREAT | O_WRONLY, 0644));
    un_path(&b, "file");
    show("bind over a file", bind(s, (struct sockaddr *)&b, sizeof b));
    show("bind", bind(s, (struct sockaddr *)&a, alen));
    int s2 = socket(AF_UNIX, SOCK_STREAM, 0);
    show("bind same path", bind(s2, (struct sockaddr *)&a, alen));
    show("connect to bound, not listening", connect(s2, (struct sockaddr *)&a, alen));
    show("connect to a regular file", connect(s2, (struct sockaddr *)&b, sizeof b));
    un_path(&b, "nothing");
    show("connect to missing path", connect(s2, (struct sockaddr *)&b, sizeof b));
    struct sockaddr_un ab;
    socklen_t ablen = un_abstract(&ab, "nobody");
    show("connect to unused abstract name", connect(s2, (struct sockaddr *)&ab, ablen));
    show("connect length 1", connect(s2, (struct sockaddr *)&a, 1));
    int d = socket(AF_UNIX, SOCK_DGRAM, 0);
    show("dgram connect to stream socket path", connect(d, (struct sockaddr *)&a, alen));
    show("dgram listen", listen(d, 1));
    show("dgram accept", accept(d, NULL, NULL));
    show("accept on unlistening stream", accept(s2, NULL, NULL));
    show("accept4 bad flags", accept4(s, NULL, NULL, 1));
    show("send on unconnected stream", send(s2, "x", 1, 0));
    show("recv on unconnected stream", recv(s2, (char[4]){0}, 4, 0));
    show("getpeername unconnected", getpeername(s2, (struct sockaddr *)&b, &(socklen_t){sizeof b}));
    show("getsockname negative length", getsockname(s, (struct sockaddr *)&b, &(socklen_t){-1}));
    socklen_t shortlen = 4;
    show("getsockname short buffer", getsockname(s, (struct sockaddr *)&b, &shortlen));
    printf("  full length reported: %d\n", (int)shortlen);
    show("listen", listen(s, 1));
    show("connect from listening socket", connect(s, (struct sockaddr *)&a, alen));
    show("bind a bound socket", bind(s, (struct sockaddr *)&ab, ablen));

    /* Not a socket. */
    int f = open("file", O_RDONLY);
    show("bind on a file", bind(f, (struct sockaddr *)&a, alen));
    show("listen on a file", listen(f, 1));
    show("accept on a file", accept(f, NULL, NULL));
    show("send on a file", send(f, "x", 1, 0));
    show("recvfrom on a file", recvfrom(f, (char[4]){0}, 4, 0, NULL, NULL));
    show("getsockopt on a file", getsockopt(f, SOL_SOCKET, SO_TYPE, &(int){0}, &(socklen_t){4}));
    show("shutdown on a file", shutdown(f, SHUT_RD));
    show("send on a bad fd", send(12345, "x", 1, 0));
    show("lseek on a socket", lseek(s, 0, SEEK_SET));

    /* Options. */
    show("getsockopt unknown level", getsockopt(s, 12345, 1, &(int){0}, &(socklen_t){4}));
    show("getsockopt unknown option", getsockopt(s, SOL_SOCKET, 9999, &(int){0}, &(socklen_t){4}));
    show("getsockopt negative optlen", getsockopt(s, SOL_SOCKET, SO_TYPE, &(int){0}, &(socklen_t){-1}));
    show("setsockopt short int", setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &(int){1}, 2));
    show("setsockopt negative optlen", setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &(int){1}, -1));
    show("setsockopt unknown option", setsockopt(s, SOL_SOCKET, 9999, &(int){1}, 4));
    show("setsockopt TCP level on unix", setsockopt(s, 6, 1, &(int){1}, 4));
    struct timeval bad = {1, 2000000};
    show("SO_RCVTIMEO bad usec", setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &bad, sizeof bad));
    show("SO_RCVTIMEO short", setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &bad, 8));

    /* Messages. */
    int sv[2];
    socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
    struct msghdr m = {0};
    struct iovec iov = {"x", 1};
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    char ctl[64] = {0};
    m.msg_control = ctl;
    m.msg_controllen = sizeof ctl;
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    c->cmsg_len = 8;
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    show("sendmsg cmsg_len too small", sendmsg(sv[0], &m, 0));
    c->cmsg_len = 200;
    show("sendmsg cmsg_len too big", sendmsg(sv[0], &m, 0));
    c->cmsg_len = CMSG_LEN(4);
    c->cmsg_type = 77;
    show("sendmsg unknown SOL_SOCKET cmsg", sendmsg(sv[0], &m, 0));
    m.msg_control = NULL;
    m.msg_controllen = 0;
    m.msg_iovlen = 5000;
    show("sendmsg too many iovecs", sendmsg(sv[0], &m, 0));
    m.msg_iovlen = 1;
    m.msg_name = &a;
    m.msg_namelen = -1;
    show("sendmsg negative namelen", sendmsg(sv[0], &m, 0));
    show("sendmsg bad msghdr", sendmsg(sv[0], (struct msghdr *)8, 0));
    show("send MSG_OOB", send(sv[0], "x", 1, MSG_OOB));
    show("recv bad buffer", (send(sv[0], "x", 1, 0), recv(sv[1], (char *)8, 1, 0)));
    return 0;
}
