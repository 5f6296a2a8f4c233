/* Blocking AF_UNIX calls and signals: a connect to a full backlog waits until accept makes room;
 * accept and recv interrupted by a signal fail with EINTR without SA_RESTART and are restarted
 * with it; a blocked datagram sender waits for room in the receiver's queue. */
#include "sock.h"

static void on_alarm(int s) { (void)s; }

/* Runs `expr` under a periodic SIGALRM (every 50 ms): a signal that arrives before the call blocks
 * (a slow start) is followed by another, so the outcome does not depend on timing. */
#define WITH_ALARMS(expr) ({ ualarm(50000, 50000); long r_ = (expr); int e_ = errno; ualarm(0, 0); errno = e_; r_; })

static void handler(int restart) {
    struct sigaction sa = {0};
    sa.sa_handler = on_alarm;
    sa.sa_flags = restart ? SA_RESTART : 0;
    sigaction(SIGALRM, &sa, NULL);
}

int main(void) {
    t_init();
    struct sockaddr_un a;
    socklen_t alen = un_abstract(&a, "block");
    int l = socket(AF_UNIX, SOCK_STREAM, 0);
    bind(l, (struct sockaddr *)&a, alen);
    listen(l, 0);
    int c1 = socket(AF_UNIX, SOCK_STREAM, 0);
    show("first connect fills the backlog", connect(c1, (struct sockaddr *)&a, alen));
    int done[2];
    pipe(done);
    pid_t c = fork();
    if (c == 0) {
        int c2 = socket(AF_UNIX, SOCK_STREAM, 0);
        int r = connect(c2, (struct sockaddr *)&a, alen);
        write(done[1], r == 0 ? "y" : "n", 1);
        write(c2, "hi", 2);
        _exit(0);
    }
    usleep(100000);
    printf("second connect still waiting: %s\n", yesno(pollnow(done[0], POLLIN) == 0));
    int s1 = accept(l, NULL, NULL);
    char r = 0;
    read(done[0], &r, 1);
    printf("second connect finished after accept: %c\n", r);
    int s2 = accept(l, NULL, NULL);
    char buf[8];
    show("read from second", read(s2, buf, sizeof buf));
    t_reap("connector", c);
    close(s1);
    close(s2);
    close(c1);

    handler(0);
    show("accept interrupted", WITH_ALARMS(accept(l, NULL, NULL)));
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    show("recv interrupted", WITH_ALARMS(recv(sv[0], buf, sizeof buf, 0)));
    handler(1);
    c = fork();
    if (c == 0) {
        usleep(200000);
        write(sv[1], "ok", 2);
        int k = socket(AF_UNIX, SOCK_STREAM, 0);
        connect(k, (struct sockaddr *)&a, alen);
        _exit(0);
    }
    show("recv restarted", WITH_ALARMS(recv(sv[0], buf, sizeof buf, 0)));
    int s3 = WITH_ALARMS(accept(l, NULL, NULL));
    printf("accept restarted: %s\n", yesno(s3 >= 0));
    t_reap("helper", c);

    /* A datagram sender blocks on a full receiver queue until it is read. */
    struct sockaddr_un d;
    socklen_t dlen = un_abstract(&d, "block-dgram");
    int rx = socket(AF_UNIX, SOCK_DGRAM, 0);
    bind(rx, (struct sockaddr *)&d, dlen);
    int tx = socket(AF_UNIX, SOCK_DGRAM, 0);
    int n = 0;
    while (sendto(tx, "m", 1, MSG_DONTWAIT, (struct sockaddr *)&d, dlen) == 1) n++;
    printf("queue full after %d\n", n);
    c = fork();
    if (c == 0) {
        usleep(100000);
        recv(rx, buf, sizeof buf, 0);
        _exit(0);
    }
    show("blocking sendto waits for room", sendto(tx, "m", 1, 0, (struct sockaddr *)&d, dlen));
    t_reap("reader", c);
    return 0;
}
