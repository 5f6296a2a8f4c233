/* eventfd edge cases: reads and writes shorter than 8 bytes fail with EINVAL, longer ones use the
 * first 8 bytes, the value 2^64-1 is refused, a write that would overflow fails with EAGAIN when
 * non-blocking, lseek, pread and pwrite behave as on Linux, and EFD_SEMAPHORE counts down by one. */
#include "guest.h"
#include <poll.h>
#include <stdint.h>
#include <sys/eventfd.h>

static void show_poll(const char *what, int fd) {
    struct pollfd p = {.fd = fd, .events = POLLIN | POLLOUT};
    int n = poll(&p, 1, 0);
    printf("%s: poll %d revents %#x\n", what, n, p.revents);
}

static void show_read(const char *what, int fd, size_t len) {
    unsigned char buf[32];
    memset(buf, 0xAA, sizeof buf);
    ssize_t n = read(fd, buf, len);
    if (n < 0) {
        printf("%s: -1 %s\n", what, errname(errno));
        return;
    }
    uint64_t v;
    memcpy(&v, buf, 8);
    printf("%s: %zd value %llu byte8 %#x\n", what, n, (unsigned long long)v, buf[8]);
}

int main(void) {
    t_init();
    int fd = eventfd(0, EFD_NONBLOCK);
    uint64_t v = 5;
    t_show("write 4 bytes", write(fd, &v, 4));
    t_show("write 7 bytes", write(fd, &v, 7));
    t_show("write 0 bytes", write(fd, &v, 0));
    uint64_t two[2] = {3, 100};
    t_show("write 16 bytes", write(fd, two, 16));
    t_show("write 8 bytes", write(fd, &v, 8));
    show_read("read 4 bytes", fd, 4);
    show_read("read 0 bytes", fd, 0);
    show_read("read 16 bytes", fd, 16);
    show_read("read empty", fd, 8);
    v = UINT64_MAX;
    t_show("write 2^64-1", write(fd, &v, 8));
    v = UINT64_MAX - 1;
    t_show("write 2^64-2", write(fd, &v, 8));
    show_poll("full", fd);
    v = 1;
    t_show("write 1 when full", write(fd, &v, 8));
    v = 0;
    t_show("write 0 when full", write(fd, &v, 8));
    show_read("read full", fd, 8);
    show_poll("drained", fd);

    t_show("lseek 0 SEEK_SET", lseek(fd, 0, SEEK_SET));
    t_show("lseek 10 SEEK_SET", lseek(fd, 10, SEEK_SET));
    t_show("lseek 5 SEEK_CUR", lseek(fd, 5, SEEK_CUR));
    t_show("lseek 0 SEEK_END", lseek(fd, 0, SEEK_END));
    t_show("lseek -1 SEEK_SET", lseek(fd, -1, SEEK_SET));
    t_show("lseek whence 5", lseek(fd, 0, 5));
    v = 2;
    t_show("pwrite", pwrite(fd, &v, 8, 0));
    t_show("pread", pread(fd, &v, 8, 0));
    close(fd);

    fd = eventfd(3, EFD_SEMAPHORE | EFD_NONBLOCK);
    show_read("semaphore read 1", fd, 8);
    show_read("semaphore read 2", fd, 8);
    show_read("semaphore read 3", fd, 8);
    show_read("semaphore read 4", fd, 8);
    close(fd);
    t_show("eventfd bad flags", eventfd(0, 0x10));
    return 0;
}
