/* select on pipes: readiness sets, timeouts (and the remaining time written back), EBADF. */
#include "guest.h"
#include <sys/select.h>

int main(void) {
    t_init();
    int p[2], q[2];
    pipe(p);
    pipe(q);
    fd_set rd, wr;
    FD_ZERO(&rd);
    FD_SET(p[0], &rd);
    FD_SET(q[0], &rd);
    struct timeval tv = {0, 0};
    int max = (p[0] > q[0] ? p[0] : q[0]) + 1;
    printf("nothing ready: %d\n", select(max, &rd, NULL, NULL, &tv));
    write(q[1], "x", 1);
    FD_ZERO(&rd);
    FD_SET(p[0], &rd);
    FD_SET(q[0], &rd);
    int n = select(max, &rd, NULL, NULL, NULL);
    printf("one ready: %d, p %s, q %s\n", n, yesno(FD_ISSET(p[0], &rd)), yesno(FD_ISSET(q[0], &rd)));
    FD_ZERO(&wr);
    FD_SET(p[1], &wr);
    FD_SET(q[1], &wr);
    printf("write ends ready: %d\n", select((p[1] > q[1] ? p[1] : q[1]) + 1, NULL, &wr, NULL, NULL));
    FD_ZERO(&rd);
    FD_SET(p[0], &rd);
    tv.tv_sec = 0;
    tv.tv_usec = 150000;
    n = select(p[0] + 1, &rd, NULL, NULL, &tv);
    printf("timeout: %d, remaining time written back as zero: %s\n", n, yesno(tv.tv_sec == 0 && tv.tv_usec == 0));
    pid_t c = fork();
    if (c == 0) {
        usleep(100000);
        close(p[1]);
        _exit(0);
    }
    close(p[1]);
    FD_ZERO(&rd);
    FD_SET(p[0], &rd);
    n = select(p[0] + 1, &rd, NULL, NULL, NULL);
    char b;
    printf("EOF is readable: %d, read returns %zd\n", n, read(p[0], &b, 1));
    t_reap("child", c);
    int bad = dup(0);
    close(bad);
    FD_ZERO(&rd);
    FD_SET(bad, &rd);
    tv.tv_sec = 0;
    tv.tv_usec = 0;
    t_show("closed fd in the set", select(bad + 1, &rd, NULL, NULL, &tv));
    t_show("negative nfds", select(-1, NULL, NULL, NULL, &tv));
    return 0;
}
