/* A pipe's room is counted in page-sized slots as on Linux: a write tops up the last buffer only
 * with the part of its length past a page multiple, so after filling a pipe and reading a little a
 * small non-blocking write still fails with EAGAIN; POLLOUT means a free slot; F_SETPIPE_SZ refuses
 * to shrink below the slots in use; FIONREAD counts bytes; vmsplice takes a slot per piece of a user page. */
#include "guest.h"
#include <sys/uio.h>
#include <poll.h>
#include <sys/ioctl.h>

static char big[1 << 17];
static char pages[4][4096] __attribute__((aligned(4096)));

static void state(const char *what, int rfd, int wfd) {
    struct pollfd p = {.fd = wfd, .events = POLLOUT};
    poll(&p, 1, 0);
    int n = -1;
    ioctl(rfd, FIONREAD, &n);
    printf("%s: fionread %d pollout %s\n", what, n, yesno(p.revents & POLLOUT));
}

static void w(const char *what, int fd, size_t len) {
    t_show(what, write(fd, big, len));
}

static void r(const char *what, int fd, size_t len) {
    t_show(what, read(fd, big, len));
}

/* Writes single bytes until EAGAIN and prints how many went in. */
static void fill_bytes(const char *what, int fd) {
    long n = 0;
    while (write(fd, "x", 1) == 1)
        n++;
    printf("%s: %ld bytes then %s\n", what, n, errname(errno));
}

int main(void) {
    t_init();
    memset(big, 'a', sizeof big);
    int p[2];
    if (pipe2(p, O_NONBLOCK) < 0)
        return 1;
    printf("capacity %d\n", fcntl(p[1], F_GETPIPE_SZ));
    w("write 65536", p[1], 65536);
    state("full", p[0], p[1]);
    w("write 1 when full", p[1], 1);
    r("read 100", p[0], 100);
    state("after read 100", p[0], p[1]);
    w("write 100 (no free slot)", p[1], 100);
    r("read 4000", p[0], 4000);
    state("after first slot freed", p[0], p[1]);
    w("write 4096", p[1], 4096);
    w("write 1", p[1], 1);
    r("read all", p[0], sizeof big);
    state("empty", p[0], p[1]);

    /* Small writes share a page; a write that does not fit the last page takes a new slot. */
    fill_bytes("one-byte writes", p[1]);
    r("read all", p[0], sizeof big);
    for (int i = 0; i < 16; i++)
        write(p[1], big, 3000);
    state("16 writes of 3000", p[0], p[1]);
    w("write 1000 (fits the last page)", p[1], 1000);
    w("write 97 (does not)", p[1], 97);
    w("write 96", p[1], 96);
    r("read all", p[0], sizeof big);

    /* A larger write tops up with its length modulo the page size, then whole pages. */
    w("write 10", p[1], 10);
    w("write 8192+100", p[1], 8192 + 100);
    w("write 70000 (partial)", p[1], 70000);
    state("after partial", p[0], p[1]);
    r("read all", p[0], sizeof big);
    w("write 4000", p[1], 4000);
    w("write 4097 (one page and one byte merged)", p[1], 4097);
    w("write 96", p[1], 96);
    state("three buffers", p[0], p[1]);
    r("read all", p[0], sizeof big);

    /* F_SETPIPE_SZ counts slots, not bytes. */
    for (int i = 0; i < 5; i++)
        write(p[1], big, 10);
    printf("5 writes of 10 then shrink to 1 page: %d\n", fcntl(p[1], F_SETPIPE_SZ, 4096));
    r("read all", p[0], sizeof big);
    t_show("grow to 16 pages", fcntl(p[1], F_SETPIPE_SZ, 65536));
    for (int i = 0; i < 3; i++)
        write(p[1], big, 4096);
    t_show("3 full slots, shrink to 2 pages", fcntl(p[1], F_SETPIPE_SZ, 8192));
    t_show("shrink to 4 pages", fcntl(p[1], F_SETPIPE_SZ, 16384));
    state("4 pages with 3 used", p[0], p[1]);
    w("write 5000", p[1], 5000);
    w("write 100", p[1], 100);
    r("read all", p[0], sizeof big);
    t_show("shrink to 1 page", fcntl(p[1], F_SETPIPE_SZ, 1));
    w("write 4096", p[1], 4096);
    state("one full page", p[0], p[1]);
    r("read 1", p[0], 1);
    w("write 1", p[1], 1);
    r("read all", p[0], sizeof big);
    w("write 4097 to a one-page pipe", p[1], 4097);
    r("read all", p[0], sizeof big);
    t_show("grow to 16 pages", fcntl(p[1], F_SETPIPE_SZ, 65536));

    /* vmsplice: ten pieces of user memory take ten slots, and a write does not merge into them. */
    struct iovec v[10];
    for (int i = 0; i < 10; i++) {
        v[i].iov_base = pages[i % 4] + 100 * i;
        v[i].iov_len = 10;
    }
    t_show("vmsplice 10 pieces of 10", vmsplice(p[1], v, 10, 0));
    w("write 65536", p[1], 65536);
    w("write 1", p[1], 1);
    r("read all", p[0], sizeof big);
    v[0].iov_base = pages[0] + 4000;
    v[0].iov_len = 200;
    t_show("vmsplice across a page boundary", vmsplice(p[1], v, 1, 0));
    w("write 65536", p[1], 65536);
    close(p[0]);
    close(p[1]);
    return 0;
}
