/* Credentials over AF_UNIX: SO_PEERCRED for socketpair, connect and accept (pid, uid, gid at
 * connect time), SCM_CREDENTIALS with SO_PASSCRED (implicit and explicit), EPERM/ESRCH for
 * credentials one may not claim. Pids are compared, never printed. */
#include "sock.h"

static void peercred(const char *what, int fd, pid_t pid) {
    struct ucred u;
    socklen_t len = sizeof u;
    memset(&u, 0xff, sizeof u);
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &u, &len) < 0) {
        printf("%s: -1 %s\n", what, sock_errname(errno));
        return;
    }
    printf("%s: len %d pid %s uid %s gid %s\n", what, (int)len,
           u.pid == pid ? "expected" : u.pid == 0 ? "0" : "other",
           u.uid == getuid() ? "mine" : u.uid == (uid_t)-1 ? "-1" : "other",
           u.gid == getgid() ? "mine" : u.gid == (gid_t)-1 ? "-1" : "other");
}

static int send_creds(int s, pid_t pid, uid_t uid, gid_t gid) {
    union { char buf[CMSG_SPACE(sizeof(struct ucred))]; struct cmsghdr align; } ctl;
    struct iovec iov = {"c", 1};
    struct msghdr m = {0};
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    m.msg_control = ctl.buf;
    m.msg_controllen = sizeof ctl.buf;
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_CREDENTIALS;
    c->cmsg_len = CMSG_LEN(sizeof(struct ucred));
    struct ucred u = {pid, uid, gid};
    memcpy(CMSG_DATA(c), &u, sizeof u);
    return sendmsg(s, &m, 0);
}

static void recv_creds(const char *what, int s, pid_t pid) {
    char data[16];
    union { char buf[256]; struct cmsghdr align; } ctl;
    struct iovec iov = {data, sizeof data};
    struct msghdr m = {0};
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    m.msg_control = ctl.buf;
    m.msg_controllen = sizeof ctl.buf;
    int n = recvmsg(s, &m, 0);
    if (n < 0) {
        printf("%s: -1 %s\n", what, sock_errname(errno));
        return;
    }
    int found = 0;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS) {
            struct ucred u;
            memcpy(&u, CMSG_DATA(c), sizeof u);
            printf("%s: %d bytes, creds len %d pid %s uid %s gid %s\n", what, n, (int)c->cmsg_len,
                   u.pid == pid ? "expected" : "other", u.uid == getuid() ? "mine" : "other",
                   u.gid == getgid() ? "mine" : "other");
            found = 1;
        }
    }
    if (!found) printf("%s: %d bytes, no credentials\n", what, n);
}

int main(void) {
    t_init();
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    peercred("socketpair peer", sv[0], getpid());
    int lone = socket(AF_UNIX, SOCK_STREAM, 0);
    peercred("unconnected", lone, 0);
    struct ucred small;
    socklen_t len = 4;
    show("SO_PEERCRED with optlen 4", getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &small, &len));
    printf("  optlen now %d\n", (int)len);

    struct sockaddr_un a;
    socklen_t alen = un_abstract(&a, "creds");
    int l = socket(AF_UNIX, SOCK_STREAM, 0);
    bind(l, (struct sockaddr *)&a, alen);
    listen(l, 1);
    int ready[2];
    pipe(ready);
    pid_t child = fork();
    if (child == 0) {
        int c = socket(AF_UNIX, SOCK_STREAM, 0);
        if (connect(c, (struct sockaddr *)&a, alen) < 0) _exit(1);
        peercred("child sees listener", c, getppid());
        write(ready[1], "r", 1);
        char b;
        read(c, &b, 1);
        _exit(0);
    }
    char b;
    read(ready[0], &b, 1);
    int s = accept(l, NULL, NULL);
    peercred("accepted sees child", s, child);
    write(s, "x", 1);
    t_reap("child", child);
    close(s);

    /* SCM_CREDENTIALS. */
    int on = 1;
    send(sv[0], "a", 1, 0);
    recv_creds("without SO_PASSCRED", sv[1], getpid());
    show("SO_PASSCRED", setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof on));
    int v = 0;
    len = sizeof v;
    getsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &v, &len);
    printf("SO_PASSCRED reads %d\n", v);
    send(sv[0], "bb", 2, 0);
    recv_creds("implicit", sv[1], getpid());
    show("explicit own credentials", send_creds(sv[0], getpid(), getuid(), getgid()));
    recv_creds("explicit", sv[1], getpid());
    show("nonexistent pid", send_creds(sv[0], 999999, getuid(), getgid()));

    /* Sent before the receiver asked for credentials: none recorded (overflow ids); EOF reports zeros. */
    int ev[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, ev);
    send(ev[0], "e", 1, 0);
    setsockopt(ev[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof on);
    for (int i = 0; i < 2; i++) {
        char d[4];
        union { char buf[64]; struct cmsghdr align; } cb;
        struct iovec iov = {d, sizeof d};
        struct msghdr m = {0};
        m.msg_iov = &iov;
        m.msg_iovlen = 1;
        m.msg_control = cb.buf;
        m.msg_controllen = sizeof cb.buf;
        int n = recvmsg(ev[1], &m, 0);
        struct cmsghdr *c = CMSG_FIRSTHDR(&m);
        struct ucred u = {-1, 1, 1};
        if (c && c->cmsg_type == SCM_CREDENTIALS) memcpy(&u, CMSG_DATA(c), sizeof u);
        printf("%s: %d bytes, creds %d %d %d\n", i ? "at EOF" : "sent before SO_PASSCRED", n, (int)u.pid, (int)u.uid, (int)u.gid);
        close(ev[0]);
    }

    /* Datagram: credentials from a forked child. */
    int dv[2];
    socketpair(AF_UNIX, SOCK_DGRAM, 0, dv);
    setsockopt(dv[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof on);
    child = fork();
    if (child == 0) {
        send(dv[0], "kid", 3, 0);
        _exit(0);
    }
    t_reap("dgram child", child);
    recv_creds("from child", dv[1], child);
    return 0;
}
