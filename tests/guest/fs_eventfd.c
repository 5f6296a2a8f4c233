/* eventfd: the counter read and reset, EFD_SEMAPHORE reading one at a time, EFD_NONBLOCK (EAGAIN
 * on zero and on overflow), the limit 0xfffffffffffffffe (EINVAL for ~0), a blocked write woken by
 * a read, short buffers (EINVAL), poll readiness (POLLIN, POLLOUT), and EFD_CLOEXEC; unknown
 * flags are EINVAL. */
#include "guest.h"
#include <poll.h>
#include <stdint.h>
#include <sys/eventfd.h>

static void rd(const char *what, int fd) {
    uint64_t v = 0;
    ssize_t n = read(fd, &v, sizeof v);
    if (n < 0)
        printf("%s: -1 %s\n", what, errname(errno));
    else
        printf("%s: %llu\n", what, (unsigned long long)v);
}

static void wr(const char *what, int fd, uint64_t v) {
    t_show(what, write(fd, &v, sizeof v));
}

static void pollshow(const char *what, int fd) {
    struct pollfd p = {.fd = fd, .events = POLLIN | POLLOUT};
    poll(&p, 1, 0);
    printf("%s:%s%s\n", what, p.revents & POLLIN ? " POLLIN" : "", p.revents & POLLOUT ? " POLLOUT" : "");
}

int main(void) {
    t_init();
    int fd = eventfd(5, EFD_NONBLOCK);
    pollshow("poll at 5", fd);
    wr("write 3", fd, 3);
    rd("read", fd);
    rd("read at 0", fd);
    pollshow("poll at 0", fd);
    wr("write 0xfffffffffffffffe", fd, 0xfffffffffffffffeULL);
    pollshow("poll at the limit", fd);
    wr("write 1 at the limit", fd, 1);
    wr("write 0 at the limit", fd, 0);
    rd("read", fd);
    wr("write ~0", fd, ~0ULL);
    uint32_t small = 1;
    t_show("write 4 bytes", write(fd, &small, 4));
    t_show("read 4 bytes", read(fd, &small, 4));
    uint64_t two[2] = {7, 8};
    wr("write 42", fd, 42);
    t_show("read 16 bytes", read(fd, two, 16));
    printf("  value %llu\n", (unsigned long long)two[0]);
    close(fd);

    fd = eventfd(3, EFD_SEMAPHORE | EFD_NONBLOCK);
    rd("semaphore read", fd);
    rd("semaphore read", fd);
    rd("semaphore read", fd);
    rd("semaphore read at 0", fd);
    wr("semaphore write 2", fd, 2);
    rd("semaphore read", fd);
    close(fd);

    /* Blocking: a write that would overflow waits for a read. */
    fd = eventfd(0, 0);
    wr("write 0xfffffffffffffff0", fd, 0xfffffffffffffff0ULL);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        uint64_t v = 100;
        ssize_t r = write(fd, &v, sizeof v);
        printf("child's blocked write of 100 finished: %zd\n", r);
        _exit(0);
    }
    usleep(100000);
    uint64_t first = 0;
    read(fd, &first, sizeof first);
    waitpid(pid, NULL, 0);
    printf("parent had read: %llu\n", (unsigned long long)first);
    rd("parent reads", fd);
    close(fd);
    /* A read of zero blocks until a write. */
    fd = eventfd(0, 0);
    pid = fork();
    if (pid == 0) {
        usleep(100000);
        uint64_t v = 9;
        write(fd, &v, sizeof v);
        _exit(0);
    }
    rd("blocking read woken by a write", fd);
    waitpid(pid, NULL, 0);
    close(fd);

    fd = eventfd(0, EFD_CLOEXEC);
    printf("EFD_CLOEXEC gives FD_CLOEXEC: %s\n", yesno(fcntl(fd, F_GETFD) & FD_CLOEXEC));
    close(fd);
    t_show("unknown flag", eventfd(0, 2));
    return 0;
}
