/* Pipe capacity: F_GETPIPE_SZ, F_SETPIPE_SZ rounding up to a power-of-two number of pages (at
 * least one), EBUSY when shrinking below the bytes held, /proc/sys/fs/pipe-max-size as the limit
 * for unprivileged users (EPERM), writes of at most PIPE_BUF bytes on a full
 * O_NONBLOCK pipe (EAGAIN, never partial) versus larger writes (partial), and FIONREAD. */
#include "guest.h"
#include <sys/ioctl.h>
#include <limits.h>

static void fill(int fd, long *total) {
    static char buf[65536];
    long n;
    *total = 0;
    while ((n = write(fd, buf, sizeof buf)) > 0)
        *total += n;
}

int main(void) {
    t_init();
    int p[2];
    pipe2(p, O_NONBLOCK);
    t_show("default F_GETPIPE_SZ", fcntl(p[0], F_GETPIPE_SZ));
    t_show("F_GETPIPE_SZ on the write end", fcntl(p[1], F_GETPIPE_SZ));
    t_show("set 1", fcntl(p[0], F_SETPIPE_SZ, 1));
    t_show("  now", fcntl(p[0], F_GETPIPE_SZ));
    t_show("set 0", fcntl(p[0], F_SETPIPE_SZ, 0));
    t_show("set 5000", fcntl(p[0], F_SETPIPE_SZ, 5000));
    t_show("set 12288", fcntl(p[0], F_SETPIPE_SZ, 12288));
    t_show("set 100000", fcntl(p[1], F_SETPIPE_SZ, 100000));
    t_show("  seen from the read end", fcntl(p[0], F_GETPIPE_SZ));
    long total;
    fill(p[1], &total);
    printf("filled with %ld bytes\n", total);
    int n = 0;
    ioctl(p[0], FIONREAD, &n);
    printf("FIONREAD %d\n", n);
    t_show("shrink below the content", fcntl(p[0], F_SETPIPE_SZ, 4096));
    t_show("grow while full", fcntl(p[0], F_SETPIPE_SZ, 262144));
    char small[PIPE_BUF];
    t_show("write of PIPE_BUF after growing", write(p[1], small, sizeof small));
    close(p[0]);
    close(p[1]);

    /* PIPE_BUF atomicity on a nearly full non-blocking pipe. */
    pipe2(p, O_NONBLOCK);
    fill(p[1], &total);
    static char b[8192];
    t_show("write PIPE_BUF when full", write(p[1], small, PIPE_BUF));
    t_show("write 1 when full", write(p[1], small, 1));
    read(p[0], b, 4096);
    t_show("write 8192 with a page free (partial)", write(p[1], b, 8192));
    t_show("write 1 when full again", write(p[1], small, 1));
    read(p[0], b, 4096);
    t_show("write PIPE_BUF with a page free", write(p[1], small, PIPE_BUF));
    ioctl(p[0], FIONREAD, &n);
    printf("FIONREAD %d\n", n);
    close(p[0]);
    close(p[1]);

    /* The unprivileged limit. */
    char buf[32] = {0};
    int fd = open("/proc/sys/fs/pipe-max-size", O_RDONLY);
    read(fd, buf, sizeof buf - 1);
    close(fd);
    long max = atol(buf);
    printf("pipe-max-size: %ld\n", max);
    pipe(p);
    t_show("root sets max", fcntl(p[0], F_SETPIPE_SZ, max) == max ? 0 : -1);
    t_show("above 2^31", fcntl(p[0], F_SETPIPE_SZ, (1L << 31) + 1));
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        setuid(1000);
        int q[2];
        pipe(q);
        t_show("uid 1000 sets max", fcntl(q[0], F_SETPIPE_SZ, max) == max ? 0 : -1);
        t_show("uid 1000 sets max+1", fcntl(q[0], F_SETPIPE_SZ, max + 1));
        t_show("uid 1000 shrinks a big pipe", fcntl(p[0], F_SETPIPE_SZ, 4096));
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    fd = open("/dev/null", O_RDONLY);
    t_show("F_GETPIPE_SZ on a file", fcntl(fd, F_GETPIPE_SZ));
    t_show("F_SETPIPE_SZ on a file", fcntl(fd, F_SETPIPE_SZ, 4096));
    return 0;
}
