/* SCM_RIGHTS: passing pipe and socket descriptors over AF_UNIX sockets, within a process and to
 * a forked child; descriptors stay alive while in flight; MSG_CTRUNC when the control buffer is
 * short (the rest are closed); MSG_CMSG_CLOEXEC; MSG_PEEK duplicates; bad descriptors. */
#include "sock.h"

static int send_fds(int s, const char *data, int *fds, int nfds) {
    char ctl[CMSG_SPACE(sizeof(int) * 16)];
    memset(ctl, 0, sizeof ctl);
    struct iovec iov = {(void *)data, strlen(data)};
    struct msghdr m = {0};
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    if (nfds > 0) {
        m.msg_control = ctl;
        m.msg_controllen = CMSG_SPACE(sizeof(int) * nfds);
        struct cmsghdr *c = CMSG_FIRSTHDR(&m);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
        memcpy(CMSG_DATA(c), fds, sizeof(int) * nfds);
    }
    return sendmsg(s, &m, 0);
}

static int quiet;

/* Receives with a control buffer of ctllen bytes; stores up to 16 fds; returns the data length. */
static int recv_fds(int s, int flags, size_t ctllen, int *fds, int *nfds, int *mflags) {
    char data[64];
    union { char buf[512]; struct cmsghdr align; } ctl;
    struct iovec iov = {data, sizeof data - 1};
    struct msghdr m = {0};
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    m.msg_control = ctllen ? ctl.buf : NULL;
    m.msg_controllen = ctllen;
    int n = recvmsg(s, &m, flags);
    *nfds = 0;
    if (n < 0) return n;
    *mflags = m.msg_flags;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
            int k = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
            memcpy(fds + *nfds, CMSG_DATA(c), k * sizeof(int));
            *nfds += k;
        }
    }
    if (!quiet)
        printf("  got %d bytes, %d fds, controllen %zu, CTRUNC %s\n", n, *nfds, (size_t)m.msg_controllen,
               yesno(*mflags & MSG_CTRUNC));
    return n;
}

int main(void) {
    t_init();
    int sv[2], p[2], fds[16], n, fl;
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    pipe(p);
    show("send pipe write end", send_fds(sv[0], "W", &p[1], 1));
    close(p[1]);
    recv_fds(sv[1], 0, 512, fds, &n, &fl);
    printf("received fd differs from closed one: %s\n", yesno(n == 1));
    show("write through passed fd", write(fds[0], "via", 3));
    char buf[16];
    show("read pipe", read(p[0], buf, sizeof buf));
    printf("FD_CLOEXEC without flag: %d\n", fcntl(fds[0], F_GETFD));
    close(fds[0]);

    /* Close every sender-side copy while the descriptor is in flight. */
    pipe(p);
    send_fds(sv[0], "F", &p[0], 1);
    close(p[0]);
    recv_fds(sv[1], MSG_CMSG_CLOEXEC, 512, fds, &n, &fl);
    printf("FD_CLOEXEC with MSG_CMSG_CLOEXEC: %d\n", fcntl(fds[0], F_GETFD));
    write(p[1], "kept", 4);
    n = read(fds[0], buf, sizeof buf);
    printf("read through in-flight fd: %.*s\n", n, buf);
    close(fds[0]);
    close(p[1]);

    /* Three descriptors, room for two (CMSG_SPACE pads one int to eight bytes): the third is closed, MSG_CTRUNC. */
    int three[3];
    pipe(p);
    three[0] = three[1] = three[2] = p[1];
    send_fds(sv[0], "3", three, 3);
    close(p[1]);
    recv_fds(sv[1], 0, CMSG_SPACE(sizeof(int)), fds, &n, &fl);
    for (int i = 0; i < n; i++) close(fds[i]);
    show("pipe EOF: all write ends closed", read(p[0], buf, sizeof buf));
    close(p[0]);

    /* No control buffer at all. */
    pipe(p);
    send_fds(sv[0], "N", &p[1], 1);
    close(p[1]);
    recv_fds(sv[1], 0, 0, fds, &n, &fl);
    show("pipe EOF after discarded fd", read(p[0], buf, sizeof buf));
    close(p[0]);

    /* MSG_PEEK gives a duplicate and leaves the message. */
    pipe(p);
    send_fds(sv[0], "P", &p[1], 1);
    recv_fds(sv[1], MSG_PEEK, 512, fds, &n, &fl);
    int peeked = fds[0];
    recv_fds(sv[1], 0, 512, fds, &n, &fl);
    printf("peek and read gave different fds: %s\n", yesno(peeked != fds[0]));
    close(peeked);
    close(fds[0]);
    close(p[0]);
    close(p[1]);

    /* Data after a message with descriptors is not merged into the same read. */
    pipe(p);
    send_fds(sv[0], "ab", &p[0], 1);
    send(sv[0], "cd", 2, 0);
    recv_fds(sv[1], 0, 512, fds, &n, &fl);
    close(fds[0]);
    recv_fds(sv[1], 0, 512, fds, &n, &fl);
    close(p[0]);
    close(p[1]);

    /* Errors. */
    int bad = 999;
    show("send bad fd", send_fds(sv[0], "B", &bad, 1));
    show("data of the failed message not sent", recv(sv[1], buf, sizeof buf, MSG_DONTWAIT));

    /* To a forked child over a datagram pair; the child uses the fd and exits. */
    int dv[2];
    socketpair(AF_UNIX, SOCK_DGRAM, 0, dv);
    pipe(p);
    pid_t c = fork();
    if (c == 0) {
        int got[16], k, f;
        quiet = 1;
        close(dv[0]);
        if (recv_fds(dv[1], 0, 512, got, &k, &f) < 0 || k != 2) _exit(1);
        write(got[0], "child", 5);
        int x = -1;
        int r = recv(got[1], &x, sizeof x, 0);
        _exit(r == sizeof x && x == 42 ? 0 : 2);
    }
    close(dv[1]);
    int pv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, pv);
    int two[2] = {p[1], pv[1]};
    show("send pipe and socket to child", send_fds(dv[0], "C", two, 2));
    close(p[1]);
    close(pv[1]);
    int v = 42;
    send(pv[0], &v, sizeof v, 0);
    n = read(p[0], buf, sizeof buf);
    printf("child wrote: %.*s\n", n > 0 ? n : 0, buf);
    t_reap("child", c);
    show("pipe EOF after child exit", read(p[0], buf, sizeof buf));
    show("socket EOF after child exit", recv(pv[0], buf, sizeof buf, 0));
    return 0;
}
