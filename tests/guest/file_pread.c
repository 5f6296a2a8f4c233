/* pread/pwrite and preadv/pwritev use their own offset and leave the file offset alone. */
#include "guest.h"
#include <sys/uio.h>

int main(void) {
    t_init();
    t_scratch();
    int fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0644);
    write(fd, "0123456789abcdef", 16);
    lseek(fd, 3, SEEK_SET);
    char buf[17] = {0};
    t_show("pread 4 at 10", pread(fd, buf, 4, 10));
    printf("data: %s\n", buf);
    printf("offset unchanged: %lld\n", (long long)lseek(fd, 0, SEEK_CUR));
    t_show("pwrite at 2", pwrite(fd, "XY", 2, 2));
    t_show("pwrite past end", pwrite(fd, "Z", 1, 20));
    memset(buf, 0, sizeof buf);
    t_show("read", read(fd, buf, 5));
    printf("read from offset 3: %s\n", buf);
    char a[4] = {0}, b[4] = {0};
    struct iovec v[2] = {{a, 3}, {b, 3}};
    t_show("preadv at 0", preadv(fd, v, 2, 0));
    printf("parts: %s %s\n", a, b);
    struct iovec w[2] = {{"AA", 2}, {"BB", 2}};
    t_show("pwritev at 12", pwritev(fd, w, 2, 12));
    char all[32] = {0};
    ssize_t n = pread(fd, all, sizeof all, 0);
    for (ssize_t i = 0; i < n; i++) if (!all[i]) all[i] = '.';
    printf("file: %s\n", all);
    t_show("pread negative offset", pread(fd, buf, 1, -1));
    int p[2];
    pipe(p);
    t_show("pread on a pipe", pread(p[0], buf, 1, 0));
    return 0;
}
