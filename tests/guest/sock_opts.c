/* Socket options and batch calls on AF_UNIX: SO_TYPE/SO_DOMAIN/SO_PROTOCOL, buffer sizes (Linux
 * doubles them), SO_RCVTIMEO/SO_SNDTIMEO (EAGAIN on timeout, EINTR when a signal interrupts a
 * timed wait, restart without a timeout), SO_REUSEADDR, SO_LINGER, sendmmsg/recvmmsg,
 * readv/writev and MSG_PEEK on streams, fcntl O_NONBLOCK. */
#include "sock.h"
#include <sys/uio.h>
#include <sys/time.h>

static int getint(int fd, int name) {
    int v = -12345;
    socklen_t len = sizeof v;
    if (getsockopt(fd, SOL_SOCKET, name, &v, &len) < 0) return -errno;
    return v;
}

static void on_alarm(int s) { (void)s; }

/* Runs `expr` under a periodic SIGALRM (every 50 ms): a signal that arrives before the call blocks
 * (a slow start) is followed by another, so the outcome does not depend on timing. */
#define WITH_ALARMS(expr) ({ ualarm(50000, 50000); long r_ = (expr); int e_ = errno; ualarm(0, 0); errno = e_; r_; })

int main(void) {
    t_init();
    int st = socket(AF_UNIX, SOCK_STREAM, 0), dg = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    printf("FD_CLOEXEC from SOCK_CLOEXEC: %d / %d\n", fcntl(st, F_GETFD), fcntl(dg, F_GETFD));
    printf("SO_TYPE %d %d SO_DOMAIN %d SO_PROTOCOL %d\n", getint(st, SO_TYPE), getint(dg, SO_TYPE),
           getint(st, SO_DOMAIN), getint(st, SO_PROTOCOL));
    printf("SO_ACCEPTCONN %d SO_ERROR %d SO_REUSEADDR %d SO_KEEPALIVE %d\n", getint(st, SO_ACCEPTCONN),
           getint(st, SO_ERROR), getint(st, SO_REUSEADDR), getint(st, SO_KEEPALIVE));
    printf("default SO_SNDBUF %d SO_RCVBUF %d\n", getint(st, SO_SNDBUF), getint(st, SO_RCVBUF));
    int v = 10000;
    setsockopt(st, SOL_SOCKET, SO_SNDBUF, &v, sizeof v);
    setsockopt(st, SOL_SOCKET, SO_RCVBUF, &v, sizeof v);
    printf("after 10000: SO_SNDBUF %d SO_RCVBUF %d\n", getint(st, SO_SNDBUF), getint(st, SO_RCVBUF));
    v = 1;
    setsockopt(st, SOL_SOCKET, SO_SNDBUF, &v, sizeof v);
    setsockopt(st, SOL_SOCKET, SO_RCVBUF, &v, sizeof v);
    printf("after 1: SO_SNDBUF %d SO_RCVBUF %d\n", getint(st, SO_SNDBUF), getint(st, SO_RCVBUF));
    show("SO_REUSEADDR on", setsockopt(st, SOL_SOCKET, SO_REUSEADDR, &v, sizeof v));
    printf("SO_REUSEADDR now %d\n", getint(st, SO_REUSEADDR));
    struct linger lg = {1, 5}, lgo;
    show("SO_LINGER", setsockopt(st, SOL_SOCKET, SO_LINGER, &lg, sizeof lg));
    socklen_t len = sizeof lgo;
    getsockopt(st, SOL_SOCKET, SO_LINGER, &lgo, &len);
    printf("linger %d %d len %d\n", lgo.l_onoff, lgo.l_linger, (int)len);
    char small[2];
    len = sizeof small;
    show("SO_TYPE into 2 bytes", getsockopt(st, SOL_SOCKET, SO_TYPE, small, &len));
    printf("  len %d\n", (int)len);

    /* Timeouts. */
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    struct timeval tv = {0, 100000}, got;
    show("SO_RCVTIMEO 100ms", setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv));
    len = sizeof got;
    getsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &got, &len);
    printf("SO_RCVTIMEO reads %ld.%06ld len %d\n", (long)got.tv_sec, (long)got.tv_usec, (int)len);
    char buf[256];
    struct timeval t0, t1;
    gettimeofday(&t0, NULL);
    show("read with timeout", read(sv[0], buf, sizeof buf));
    gettimeofday(&t1, NULL);
    long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_usec - t0.tv_usec) / 1000;
    printf("waited at least 90ms: %s\n", yesno(ms >= 90));
    struct sigaction sa = {0};
    sa.sa_handler = on_alarm;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    tv.tv_sec = 5;
    tv.tv_usec = 0;
    setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    show("timed read interrupted (SA_RESTART does not restart)", WITH_ALARMS(read(sv[0], buf, sizeof buf)));
    tv.tv_sec = 0;
    setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    printf("SO_RCVTIMEO cleared reads %ld\n", (setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv),
           len = sizeof got, getsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &got, &len), (long)got.tv_sec + got.tv_usec));
    pid_t c = fork();
    if (c == 0) {
        usleep(150000);
        write(sv[1], "after", 5);
        _exit(0);
    }
    show("untimed read restarted after SA_RESTART signal", WITH_ALARMS(read(sv[0], buf, sizeof buf)));
    t_reap("child", c);
    v = 4608;
    setsockopt(sv[1], SOL_SOCKET, SO_SNDBUF, &v, sizeof v);
    tv.tv_usec = 50000;
    setsockopt(sv[1], SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    static char big[1 << 20];
    long n = write(sv[1], big, sizeof big);
    printf("write with SO_SNDTIMEO: partial %s\n", yesno(n > 0 && n < (long)sizeof big));
    n = write(sv[1], big, sizeof big);
    printf("write again: %ld %s\n", n, n < 0 ? sock_errname(errno) : "");
    close(sv[0]);
    close(sv[1]);

    /* Stream odds and ends. */
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    struct iovec wv[3] = {{"ab", 2}, {"cde", 3}, {"f", 1}};
    show("writev", writev(sv[0], wv, 3));
    show("recv MSG_PEEK", recv(sv[1], buf, 4, MSG_PEEK));
    printf("  %.4s\n", buf);
    char x[2], y[10];
    struct iovec rv[2] = {{x, 2}, {y, 10}};
    n = show("readv", readv(sv[1], rv, 2));
    printf("  %.2s|%.*s\n", x, (int)n - 2, y);
    fcntl(sv[1], F_SETFL, O_NONBLOCK);
    show("read after F_SETFL O_NONBLOCK", read(sv[1], buf, 1));
    show("recv 0 bytes with data absent (MSG_DONTWAIT)", recv(sv[1], buf, 0, MSG_DONTWAIT));

    /* sendmmsg / recvmmsg on a datagram pair. */
    int dv[2];
    socketpair(AF_UNIX, SOCK_DGRAM, 0, dv);
    struct mmsghdr mm[3];
    struct iovec iv[3] = {{"one", 3}, {"two!", 4}, {"three", 5}};
    memset(mm, 0, sizeof mm);
    for (int i = 0; i < 3; i++) {
        mm[i].msg_hdr.msg_iov = &iv[i];
        mm[i].msg_hdr.msg_iovlen = 1;
    }
    show("sendmmsg", sendmmsg(dv[0], mm, 3, 0));
    printf("  lens %u %u %u\n", mm[0].msg_len, mm[1].msg_len, mm[2].msg_len);
    char rb[4][8];
    struct iovec ri[4];
    struct mmsghdr rm[4];
    memset(rm, 0, sizeof rm);
    for (int i = 0; i < 4; i++) {
        ri[i].iov_base = rb[i];
        ri[i].iov_len = 4;
        rm[i].msg_hdr.msg_iov = &ri[i];
        rm[i].msg_hdr.msg_iovlen = 1;
    }
    show("recvmmsg MSG_WAITFORONE", recvmmsg(dv[1], rm, 4, MSG_WAITFORONE, NULL));
    printf("  lens %u %u %u, third truncated %s\n", rm[0].msg_len, rm[1].msg_len, rm[2].msg_len,
           yesno(rm[2].msg_hdr.msg_flags & MSG_TRUNC));
    show("recvmmsg nothing (MSG_DONTWAIT)", recvmmsg(dv[1], rm, 4, MSG_DONTWAIT, NULL));
    return 0;
}
