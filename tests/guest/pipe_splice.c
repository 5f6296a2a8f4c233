/* splice: file -> pipe -> file with and without explicit offsets (which file offsets move),
 * a socketpair in both directions, pipe -> pipe, how much one call moves, blocking until a
 * writer comes, end of file, SPLICE_F_NONBLOCK and O_NONBLOCK (EAGAIN), and the errors (ESPIPE
 * for offsets on pipes, EINVAL without a pipe or for unsupported files, EBADF, EPIPE). */
#include "guest.h"
#include <stdint.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#define SHOW(what, expr) do { errno = 0; long r_ = (long) (expr); printf("%s: %ld %s\n", what, r_, errname(r_ < 0 ? errno : 0)); } while (0)

static char pattern(long i) { return (char) ('a' + (i * 7 + i / 13) % 26); }

static int queued(int fd) {
    int n = -1;
    ioctl(fd, FIONREAD, &n);
    return n;
}

static long offset(int fd) { return (long) lseek(fd, 0, SEEK_CUR); }

int main(void) {
    t_init();
    t_scratch();
    signal(SIGPIPE, SIG_IGN);
    static char big[200000], back[200000];
    for (long i = 0; i < (long) sizeof big; i++) big[i] = pattern(i);
    int src = open("src", O_RDWR | O_CREAT | O_TRUNC, 0644);
    write(src, big, sizeof big);
    lseek(src, 0, SEEK_SET);
    int dst = open("dst", O_RDWR | O_CREAT | O_TRUNC, 0644);
    int p[2];
    pipe(p);

    /* file -> pipe at the file offset, then at an explicit offset (the file offset stays). */
    SHOW("file to pipe 4096", splice(src, NULL, p[1], NULL, 4096, 0));
    printf("src offset: %ld queued: %d\n", offset(src), queued(p[0]));
    loff_t off = 100;
    SHOW("file to pipe at 100, 50 bytes", splice(src, &off, p[1], NULL, 50, 0));
    printf("off now %ld src offset: %ld queued: %d\n", (long) off, offset(src), queued(p[0]));

    /* pipe -> file: everything queued, up to len. */
    SHOW("pipe to file", splice(p[0], NULL, dst, NULL, 100000, 0));
    printf("dst offset: %ld queued: %d\n", offset(dst), queued(p[0]));
    memset(back, 0, sizeof back);
    pread(dst, back, 4146, 0);
    printf("dst content right: %s\n", yesno(memcmp(back, big, 4096) == 0 && memcmp(back + 4096, big + 100, 50) == 0));
    write(p[1], "hello", 5);
    loff_t o = 10000;
    SHOW("pipe to file at 10000", splice(p[0], NULL, dst, &o, 5, 0));
    struct stat st;
    fstat(dst, &st);
    printf("o now %ld dst offset %ld size %ld\n", (long) o, offset(dst), (long) st.st_size);
    write(p[1], "0123456789", 10);
    SHOW("pipe to file, len 4 of 10", splice(p[0], NULL, dst, NULL, 4, SPLICE_F_MORE | SPLICE_F_MOVE));
    printf("queued after: %d\n", queued(p[0]));
    char tmp[16] = "";
    read(p[0], tmp, sizeof tmp);
    printf("rest: %.6s\n", tmp);

    /* How much one call moves: at most what fits in the pipe. */
    off = 0;
    SHOW("file to empty pipe, 200000 asked", splice(src, &off, p[1], NULL, sizeof big, 0));
    SHOW("full pipe, SPLICE_F_NONBLOCK", splice(src, &off, p[1], NULL, 100, SPLICE_F_NONBLOCK));
    int moved = 0, r;
    while ((r = read(p[0], back + moved, 65536)) > 0 && (moved += r) < 65536) {}
    printf("pipe data right: %s\n", yesno(memcmp(back, big, 65536) == 0));
    /* Each page takes a pipe buffer of its own: an unaligned start or queued bytes leave less room. */
    off = 100;
    SHOW("file at offset 100 to empty pipe", splice(src, &off, p[1], NULL, sizeof big, 0));
    moved = 0;
    while ((r = read(p[0], back + moved, 65536)) > 0 && (moved += r) < 65436) {}
    printf("pipe data right: %s\n", yesno(memcmp(back, big + 100, 65436) == 0));
    write(p[1], "x", 1);
    off = 0;
    SHOW("file to pipe holding 1 byte", splice(src, &off, p[1], NULL, sizeof big, 0));
    moved = 0;
    while ((r = read(p[0], back + moved, 65536)) > 0 && (moved += r) < 61441) {}

    /* End of file. */
    off = sizeof big;
    SHOW("file at end", splice(src, &off, p[1], NULL, 100, 0));
    off = sizeof big - 10;
    SHOW("file near end", splice(src, &off, p[1], NULL, 100, 0));
    read(p[0], back, 100);

    /* socketpair both ways. */
    int s[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, s);
    write(s[1], "ping", 4);
    SHOW("socket to pipe", splice(s[0], NULL, p[1], NULL, 100, 0));
    SHOW("pipe to socket", splice(p[0], NULL, s[0], NULL, 100, 0));
    memset(tmp, 0, sizeof tmp);
    read(s[1], tmp, sizeof tmp);
    printf("socket got: %s\n", tmp);
    SHOW("empty socket, SPLICE_F_NONBLOCK", splice(s[0], NULL, p[1], NULL, 100, SPLICE_F_NONBLOCK));
    off = 0;
    SHOW("offset on a socket", splice(s[0], &off, p[1], NULL, 100, 0));
    shutdown(s[1], SHUT_WR);
    SHOW("socket at end of file", splice(s[0], NULL, p[1], NULL, 100, 0));

    /* pipe -> pipe. */
    int q[2];
    pipe(q);
    write(p[1], "abcdef", 6);
    SHOW("pipe to pipe 4", splice(p[0], NULL, q[1], NULL, 4, 0));
    printf("queued in: %d out: %d\n", queued(p[0]), queued(q[0]));
    SHOW("pipe to pipe rest", splice(p[0], NULL, q[1], NULL, 100, 0));
    memset(tmp, 0, sizeof tmp);
    read(q[0], tmp, sizeof tmp);
    printf("out got: %s\n", tmp);
    SHOW("empty pipe to pipe, nonblock", splice(p[0], NULL, q[1], NULL, 100, SPLICE_F_NONBLOCK));

    /* Empty pipe with a writer: EAGAIN when non-blocking, else wait for data. */
    SHOW("empty pipe, SPLICE_F_NONBLOCK", splice(p[0], NULL, dst, NULL, 100, SPLICE_F_NONBLOCK));
    fcntl(p[0], F_SETFL, O_NONBLOCK);
    SHOW("empty pipe, O_NONBLOCK", splice(p[0], NULL, dst, NULL, 100, 0));
    fcntl(p[0], F_SETFL, 0);
    pid_t c = fork();
    if (c == 0) {
        usleep(100000);
        write(p[1], "late", 4);
        _exit(0);
    }
    SHOW("blocking splice woken by a writer", splice(p[0], NULL, dst, NULL, 100, 0));
    t_reap("writer", c);
    c = fork();
    if (c == 0) {
        usleep(100000);
        write(p[1], "xy", 2);
        _exit(0);
    }
    SHOW("blocking pipe to pipe", splice(p[0], NULL, q[1], NULL, 100, 0));
    t_reap("writer", c);
    read(q[0], tmp, sizeof tmp);

    /* Errors. */
    int wo = open("wo", O_WRONLY | O_CREAT, 0644);
    int ro = open("src", O_RDONLY);
    int ap = open("ap", O_WRONLY | O_CREAT | O_APPEND, 0644);
    int ev = eventfd(0, 0);
    write(p[1], "zz", 2);
    off = 0;
    SHOW("len 0 with bad fds", splice(-1, NULL, -1, NULL, 0, 0));
    SHOW("bad flags", splice(p[0], NULL, dst, NULL, 1, 0x100));
    SHOW("no pipe", splice(src, NULL, dst, NULL, 10, 0));
    SHOW("offset on input pipe", splice(p[0], &off, dst, NULL, 10, 0));
    SHOW("offset on output pipe", splice(src, NULL, p[1], &off, 10, 0));
    SHOW("bad in fd", splice(99, NULL, p[1], NULL, 10, 0));
    SHOW("bad out fd", splice(p[0], NULL, 99, NULL, 10, 0));
    SHOW("same pipe", splice(p[0], NULL, p[1], NULL, 10, 0));
    SHOW("pipe write end as input", splice(p[1], NULL, dst, NULL, 10, 0));
    SHOW("write-only file as input", splice(wo, NULL, p[1], NULL, 10, 0));
    SHOW("read-only file as output", splice(p[0], NULL, ro, NULL, 10, 0));
    SHOW("O_APPEND output", splice(p[0], NULL, ap, NULL, 10, 0));
    off = -1;
    SHOW("negative offset", splice(src, &off, p[1], NULL, 10, 0));
    off = INT64_MAX - 10;
    SHOW("offset + len past the largest offset", splice(src, &off, p[1], NULL, 100, 0));
    SHOW("len SIZE_MAX from a file", splice(src, NULL, p[1], NULL, SIZE_MAX, 0));
    SHOW("len SIZE_MAX to a file", splice(p[0], NULL, dst, NULL, SIZE_MAX, 0));
    SHOW("bad offset pointer", splice(src, (loff_t *) 8, p[1], NULL, 10, 0));
    SHOW("eventfd as input", splice(ev, NULL, p[1], NULL, 10, 0));
    SHOW("eventfd as output", splice(p[0], NULL, ev, NULL, 10, 0));
    printf("still queued: %d\n", queued(p[0]));
    close(p[0]);
    SHOW("pipe without readers", splice(src, NULL, p[1], NULL, 10, 0));
    close(p[1]);
    pipe(p);
    close(p[1]);
    SHOW("pipe without writers", splice(p[0], NULL, dst, NULL, 10, 0));
    return 0;
}
