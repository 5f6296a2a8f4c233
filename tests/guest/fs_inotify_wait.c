/* Waiting on inotify: a blocking read woken by another process's change, poll and epoll
 * readiness, FIONREAD, close ends the watches, and a watch on a file seen through a hard link. */
#include "guest.h"
#include <poll.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>

static void show(const char *what, const char *buf, ssize_t n) {
    printf("%s:", what);
    for (const char *p = buf; p < buf + n;) {
        const struct inotify_event *e = (const void *)p;
        printf(" [%s%s%s%s]", e->mask & IN_CREATE ? "CREATE" : "", e->mask & IN_MODIFY ? "MODIFY" : "",
               e->mask & IN_ATTRIB ? "ATTRIB" : "", e->mask & IN_CLOSE_WRITE ? "CLOSE_WRITE" : "");
        if (e->len) printf(" %s", e->name);
        p += sizeof *e + e->len;
    }
    printf("\n");
}

static void run(const char *base) {
    char d[256], f[300], h[300];
    snprintf(d, sizeof d, "%s/fs_inotify_wait.%d", base, getpid());
    snprintf(f, sizeof f, "%s/f", d);
    snprintf(h, sizeof h, "%s/h", d);
    mkdir(d, 0755);
    int in = inotify_init();
    inotify_add_watch(in, d, IN_CREATE);
    pid_t pid = fork();
    if (pid == 0) {
        struct timespec ts = {0, 50 * 1000 * 1000};
        nanosleep(&ts, NULL);
        close(open(f, O_CREAT | O_WRONLY, 0644));
        _exit(0);
    }
    char buf[1024] __attribute__((aligned(8)));
    ssize_t n = read(in, buf, sizeof buf);
    show("blocking read", buf, n);
    t_reap("creator", pid);

    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN, .data.u32 = 7}, out;
    epoll_ctl(ep, EPOLL_CTL_ADD, in, &ev);
    printf("epoll before: %d\n", epoll_wait(ep, &out, 1, 0));
    link(f, h);
    inotify_add_watch(in, h, IN_MODIFY | IN_ATTRIB);
    int fd = open(f, O_WRONLY);
    write(fd, "x", 1);
    close(fd);
    int r = epoll_wait(ep, &out, 1, 1000);
    printf("epoll after: %d data %u\n", r, r > 0 ? out.data.u32 : 0);
    struct pollfd p = {in, POLLIN, 0};
    printf("poll: %d\n", poll(&p, 1, 0));
    int avail = 0;
    ioctl(in, FIONREAD, &avail);
    n = read(in, buf, sizeof buf);
    printf("FIONREAD matches read: %s\n", yesno(avail == n));
    show("write through the other name", buf, n);
    close(ep);
    close(in);
    unlink(f);
    unlink(h);
    rmdir(d);
}

int main(void) {
    t_init();
    t_scratch();
    printf("== working directory\n");
    run(".");
    printf("== /dev/shm\n");
    run("/dev/shm");
    return 0;
}
