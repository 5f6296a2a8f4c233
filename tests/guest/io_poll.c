/* poll on pipes: timeout with nothing ready, POLLIN after a write, POLLHUP after the writer
 * closes, POLLOUT until the pipe is full, POLLNVAL for a closed descriptor, POLLERR for a write
 * end without readers. */
#include "guest.h"
#include <poll.h>
#include <time.h>

static long ms_since(struct timespec *a) {
    struct timespec b;
    clock_gettime(CLOCK_MONOTONIC, &b);
    return (b.tv_sec - a->tv_sec) * 1000 + (b.tv_nsec - a->tv_nsec) / 1000000;
}

static void show(const char *what, int r, struct pollfd *p) {
    printf("%s: %d revents", what, r);
    if (p->revents & POLLIN) printf(" POLLIN");
    if (p->revents & POLLOUT) printf(" POLLOUT");
    if (p->revents & POLLHUP) printf(" POLLHUP");
    if (p->revents & POLLERR) printf(" POLLERR");
    if (p->revents & POLLNVAL) printf(" POLLNVAL");
    printf("\n");
}

int main(void) {
    t_init();
    int p[2];
    pipe(p);
    struct pollfd r = {p[0], POLLIN, 0}, w = {p[1], POLLOUT, 0};
    show("empty, timeout 0", poll(&r, 1, 0), &r);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int n = poll(&r, 1, 100);
    long el = ms_since(&t0);
    printf("timeout 100 ms: %d, waited 90..2000 ms: %s\n", n, yesno(el >= 90 && el < 2000));
    show("write end", poll(&w, 1, 0), &w);
    write(p[1], "x", 1);
    show("after write", poll(&r, 1, 0), &r);
    pid_t c = fork();
    if (c == 0) {
        usleep(100000);
        write(p[1], "y", 1);
        _exit(0);
    }
    char b[8];
    read(p[0], b, 1);
    show("blocking poll woken by a child's write", poll(&r, 1, 5000), &r);
    t_reap("child", c);
    read(p[0], b, 1);
    close(p[1]);
    show("writer closed", poll(&r, 1, 0), &r);
    close(p[0]);
    show("closed fd", poll(&r, 1, 0), &r);
    pipe(p);
    fcntl(p[1], F_SETFL, O_NONBLOCK);
    static char chunk[4096];
    while (write(p[1], chunk, sizeof chunk) > 0) {}
    w.fd = p[1];
    show("full pipe", poll(&w, 1, 0), &w);
    close(p[0]);
    show("no readers", poll(&w, 1, 0), &w);
    struct pollfd neg = {-1, POLLIN, 0};
    show("negative fd ignored", poll(&neg, 1, 0), &neg);
    pipe(p);
    write(p[1], "z", 1);
    struct pollfd many[3] = {{p[0], POLLIN, 0}, {p[1], POLLOUT, 0}, {p[0], POLLOUT, 0}};
    printf("three fds ready count: %d\n", poll(many, 3, 0));
    return 0;
}
