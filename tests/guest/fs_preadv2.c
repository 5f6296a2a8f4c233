/* preadv2/pwritev2: offset -1 uses and moves the file offset, RWF_APPEND writes at the end
 * without O_APPEND, RWF_NOWAIT on a file and on an empty pipe (EAGAIN), RWF_HIPRI/DSYNC/SYNC
 * accepted, unknown flags (EOPNOTSUPP), ESPIPE for pipes with an offset, and EINVAL for a
 * negative offset other than -1 or a bad iovec count. */
#include "guest.h"
#include <sys/uio.h>
#include <sys/syscall.h>
#include <limits.h>

/* From linux/fs.h (musl does not define them all). */
#undef RWF_HIPRI
#undef RWF_DSYNC
#undef RWF_SYNC
#undef RWF_NOWAIT
#undef RWF_APPEND
#define RWF_HIPRI 0x1
#define RWF_DSYNC 0x2
#define RWF_SYNC 0x4
#define RWF_NOWAIT 0x8
#define RWF_APPEND 0x10

static long pr2(int fd, const struct iovec *iov, int cnt, long off, int flags) {
    return syscall(SYS_preadv2, fd, iov, cnt, off, 0L, flags);
}

static long pw2(int fd, const struct iovec *iov, int cnt, long off, int flags) {
    return syscall(SYS_pwritev2, fd, iov, cnt, off, 0L, flags);
}

static void contents(int fd) {
    char buf[64] = {0};
    pread(fd, buf, sizeof buf - 1, 0);
    printf("  contents: %s  offset: %ld\n", buf, (long)lseek(fd, 0, SEEK_CUR));
}

static void run(const char *path) {
    printf("-- %s\n", path[0] == '/' ? "tmpfs" : "host directory");
    int fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0644);
    char a[] = "hello", b[] = "world";
    struct iovec iov[2] = {{a, 5}, {b, 5}};
    t_show("pwritev2 at 0", pw2(fd, iov, 2, 0, 0));
    contents(fd);
    t_show("pwritev2 at -1", pw2(fd, iov, 1, -1, 0));
    contents(fd);
    t_show("pwritev2 at -1 again", pw2(fd, iov + 1, 1, -1, 0));
    contents(fd);
    t_show("pwritev2 RWF_APPEND at 0", pw2(fd, iov, 1, 0, RWF_APPEND));
    contents(fd);
    t_show("pwritev2 RWF_APPEND at -1", pw2(fd, iov + 1, 1, -1, RWF_APPEND));
    contents(fd);
    lseek(fd, 3, SEEK_SET);
    char r1[4] = {0}, r2[4] = {0};
    struct iovec rv[2] = {{r1, 3}, {r2, 3}};
    t_show("preadv2 at -1", pr2(fd, rv, 2, -1, 0));
    printf("  read: %s|%s  offset: %ld\n", r1, r2, (long)lseek(fd, 0, SEEK_CUR));
    t_show("preadv2 at 10", pr2(fd, rv, 2, 10, 0));
    printf("  read: %s|%s  offset: %ld\n", r1, r2, (long)lseek(fd, 0, SEEK_CUR));
    t_show("preadv2 RWF_NOWAIT", pr2(fd, rv, 1, 0, RWF_NOWAIT));
    t_show("preadv2 RWF_HIPRI", pr2(fd, rv, 1, 0, RWF_HIPRI));
    t_show("pwritev2 RWF_DSYNC", pw2(fd, iov, 1, 30, RWF_DSYNC));
    t_show("pwritev2 RWF_SYNC", pw2(fd, iov, 1, 35, RWF_SYNC));
    t_show("preadv2 unknown flag", pr2(fd, rv, 1, 0, 0x40000));
    t_show("pwritev2 unknown flag", pw2(fd, iov, 1, 0, 0x40000));
    t_show("preadv2 at -2", pr2(fd, rv, 1, -2, 0));
    t_show("pwritev2 at -5", pw2(fd, iov, 1, -5, 0));
    t_show("preadv2 zero iovecs", pr2(fd, rv, 0, 0, 0));
    t_show("preadv2 negative count", pr2(fd, rv, -1, 0, 0));
    t_show("preadv2 count above IOV_MAX", pr2(fd, rv, IOV_MAX + 1, 0, 0));
    t_show("preadv2 at end", pr2(fd, rv, 2, 1000, 0));
    close(fd);
    fd = open(path, O_RDONLY);
    t_show("pwritev2 on read-only", pw2(fd, iov, 1, 0, 0));
    close(fd);
    fd = open(path, O_WRONLY);
    t_show("preadv2 on write-only", pr2(fd, rv, 1, 0, 0));
    close(fd);
}

int main(void) {
    t_init();
    t_scratch();
    run("file");
    char shm[64];
    snprintf(shm, sizeof shm, "/dev/shm/fs_preadv2.%d", getpid());
    run(shm);
    unlink(shm);
    int p[2];
    pipe(p);
    char r[8];
    struct iovec rv = {r, sizeof r};
    struct iovec wv = {"pipe", 4};
    printf("-- pipe\n");
    t_show("preadv2 RWF_NOWAIT on an empty pipe", pr2(p[0], &rv, 1, -1, RWF_NOWAIT));
    t_show("preadv2 with an offset", pr2(p[0], &rv, 1, 0, 0));
    t_show("pwritev2 with an offset", pw2(p[1], &wv, 1, 0, 0));
    t_show("pwritev2 at -1", pw2(p[1], &wv, 1, -1, 0));
    t_show("preadv2 at -1 RWF_NOWAIT", pr2(p[0], &rv, 1, -1, RWF_NOWAIT));
    return 0;
}
