/* tee and vmsplice: tee copies queued pipe data into another pipe without consuming it (partial
 * lengths, end of file, waiting for data, EAGAIN, the errors); vmsplice gathers user buffers
 * into a pipe (as much as fits) and scatters a pipe's data into user buffers, with
 * SPLICE_F_NONBLOCK and the errors. */
#include "guest.h"
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/uio.h>

#define SHOW(what, expr) do { errno = 0; long r_ = (long) (expr); printf("%s: %ld %s\n", what, r_, errname(r_ < 0 ? errno : 0)); } while (0)

static int queued(int fd) {
    int n = -1;
    ioctl(fd, FIONREAD, &n);
    return n;
}

static void drain(int fd, const char *label) {
    char b[64] = "";
    ssize_t n = read(fd, b, sizeof b - 1);
    printf("%s: %zd \"%s\"\n", label, n, n > 0 ? b : "");
}

static char page_buf[100000] __attribute__((aligned(4096)));

int main(void) {
    t_init();
    t_scratch();
    signal(SIGPIPE, SIG_IGN);
    int p[2], q[2];
    pipe(p);
    pipe(q);

    write(p[1], "hello world", 11);
    SHOW("tee all", tee(p[0], q[1], 100, 0));
    printf("queued in: %d out: %d\n", queued(p[0]), queued(q[0]));
    drain(q[0], "out");
    SHOW("tee 5", tee(p[0], q[1], 5, SPLICE_F_MORE));
    drain(q[0], "out");
    /* The classic pattern: tee to one pipe, then splice the original to a file. */
    int f = open("copy", O_RDWR | O_CREAT | O_TRUNC, 0644);
    SHOW("tee again", tee(p[0], q[1], 100, 0));
    SHOW("splice original to file", splice(p[0], NULL, f, NULL, 100, 0));
    drain(q[0], "tee copy");
    char b[32] = "";
    pread(f, b, sizeof b - 1, 0);
    printf("file: %s\n", b);

    /* Empty input. */
    SHOW("empty, SPLICE_F_NONBLOCK", tee(p[0], q[1], 10, SPLICE_F_NONBLOCK));
    fcntl(q[1], F_SETFL, O_NONBLOCK);
    SHOW("empty, O_NONBLOCK on the output", tee(p[0], q[1], 10, 0));
    fcntl(q[1], F_SETFL, 0);
    pid_t c = fork();
    if (c == 0) {
        usleep(100000);
        write(p[1], "late", 4);
        _exit(0);
    }
    SHOW("blocking tee woken by a writer", tee(p[0], q[1], 10, 0));
    t_reap("writer", c);
    drain(q[0], "out");
    drain(p[0], "in");

    /* A full output pipe. */
    int r[2];
    pipe(r);
    fcntl(r[1], F_SETFL, O_NONBLOCK);
    static char chunk[4096];
    while (write(r[1], chunk, sizeof chunk) > 0) {}
    write(p[1], "data", 4);
    SHOW("full output, SPLICE_F_NONBLOCK", tee(p[0], r[1], 10, SPLICE_F_NONBLOCK));

    /* Errors. */
    int file = open("copy", O_RDONLY);
    SHOW("len 0 with bad fds", tee(-1, -1, 0, 0));
    SHOW("bad flags before len 0", tee(-1, -1, 0, 0x40));
    SHOW("same pipe", tee(p[0], p[1], 10, 0));
    SHOW("file as input", tee(file, q[1], 10, 0));
    SHOW("file as output", tee(p[0], f, 10, 0));
    SHOW("bad fd", tee(99, q[1], 10, 0));
    SHOW("write end as input", tee(p[1], q[1], 10, 0));
    SHOW("read end as output", tee(p[0], q[0], 10, 0));
    int dead[2];
    pipe(dead);
    close(dead[0]);
    SHOW("output without readers", tee(p[0], dead[1], 10, 0));
    close(dead[1]);
    drain(p[0], "in");
    close(p[1]);
    SHOW("input at end of file", tee(p[0], q[1], 10, 0));
    close(p[0]);
    pipe(p);

    /* vmsplice into a pipe: gathers the buffers. */
    struct iovec iov[3] = {{"abc", 3}, {"", 0}, {"defg", 4}};
    SHOW("vmsplice 3 buffers", vmsplice(p[1], iov, 3, 0));
    drain(p[0], "pipe");
    for (long i = 0; i < (long) sizeof page_buf; i++) page_buf[i] = (char) i;
    struct iovec one = {page_buf, sizeof page_buf};
    SHOW("vmsplice more than fits", vmsplice(p[1], &one, 1, SPLICE_F_GIFT));
    SHOW("vmsplice full, SPLICE_F_NONBLOCK", vmsplice(p[1], &one, 1, SPLICE_F_NONBLOCK));
    /* O_NONBLOCK does not matter to vmsplice: it waits for a reader to make room. */
    fcntl(p[1], F_SETFL, O_NONBLOCK);
    c = fork();
    if (c == 0) {
        static char first[4096];
        usleep(100000);
        read(p[0], first, sizeof first);
        _exit(memcmp(first, page_buf, sizeof first) == 0 ? 0 : 1);
    }
    SHOW("vmsplice full, O_NONBLOCK, waits for room", vmsplice(p[1], &one, 1, 0));
    t_reap("reader", c);
    fcntl(p[1], F_SETFL, 0);
    static char back[65536];
    int got = 0, n;
    while (got < 65536 && (n = read(p[0], back + got, sizeof back - got)) > 0) got += n;
    printf("data right: %s\n", yesno(got == 65536 && memcmp(back, page_buf + 4096, 61440) == 0
                                     && memcmp(back + 61440, page_buf, 4096) == 0));

    /* Each user page takes a pipe buffer: an unaligned buffer fills the pipe with less. */
    struct iovec unaligned = {page_buf + 100, 70000};
    SHOW("vmsplice unaligned", vmsplice(p[1], &unaligned, 1, 0));
    got = 0;
    while (got < 65436 && (n = read(p[0], back + got, sizeof back - got)) > 0) got += n;
    printf("data right: %s\n", yesno(got == 65436 && memcmp(back, page_buf + 100, 65436) == 0));

    /* vmsplice out of a pipe: scatters into the buffers. */
    write(p[1], "xyz123", 6);
    char a1[4] = "", a2[8] = "";
    struct iovec out[2] = {{a1, 3}, {a2, 7}};
    SHOW("vmsplice to user", vmsplice(p[0], out, 2, 0));
    printf("buffers: %s %s\n", a1, a2);
    SHOW("vmsplice from empty, SPLICE_F_NONBLOCK", vmsplice(p[0], out, 2, SPLICE_F_NONBLOCK));
    c = fork();
    if (c == 0) {
        usleep(100000);
        write(p[1], "wake", 4);
        _exit(0);
    }
    memset(a2, 0, sizeof a2);
    SHOW("blocking vmsplice to user", vmsplice(p[0], out, 2, 0));
    t_reap("writer", c);
    printf("buffers: %s %s\n", a1, a2);

    /* vmsplice errors. */
    SHOW("vmsplice bad flags", vmsplice(p[1], iov, 1, 0x40));
    SHOW("vmsplice bad fd", vmsplice(99, iov, 1, 0));
    SHOW("vmsplice on a file", vmsplice(f, iov, 1, 0));
    SHOW("vmsplice 1025 buffers", vmsplice(p[1], iov, 1025, 0));
    SHOW("vmsplice bad iovec pointer", vmsplice(p[1], (struct iovec *) 8, 1, 0));
    struct iovec badbuf = {(void *) 8, 10};
    SHOW("vmsplice bad buffer", vmsplice(p[1], &badbuf, 1, 0));
    struct iovec empty = {"", 0};
    SHOW("vmsplice nothing", vmsplice(p[1], &empty, 1, 0));
    printf("queued: %d\n", queued(p[0]));
    close(p[0]);
    SHOW("vmsplice without readers", vmsplice(p[1], iov, 1, 0));
    return 0;
}
