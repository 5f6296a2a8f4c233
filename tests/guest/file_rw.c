/* open/read/write/lseek/stat/fstat, holes, O_TRUNC, readv/writev. */
#include "guest.h"
#include <sys/uio.h>

static void show_stat(const char *what, struct stat *st) {
    printf("%s: size %lld, mode %o, nlink %ld, regular %s\n", what, (long long)st->st_size,
           (unsigned)(st->st_mode & 07777), (long)st->st_nlink, yesno(S_ISREG(st->st_mode)));
}

int main(void) {
    t_init();
    t_scratch();
    umask(022);
    int fd = open("f", O_CREAT | O_EXCL | O_RDWR, 0666);
    t_show("write", write(fd, "hello world\n", 12));
    t_show("lseek SET 6", lseek(fd, 6, SEEK_SET));
    char buf[64] = {0};
    t_show("read", read(fd, buf, sizeof buf));
    printf("read data: %s", buf);
    t_show("read at EOF", read(fd, buf, sizeof buf));
    t_show("lseek CUR -6", lseek(fd, -6, SEEK_CUR));
    t_show("lseek END 0", lseek(fd, 0, SEEK_END));
    t_show("lseek before start", lseek(fd, -100, SEEK_SET));
    struct stat a, b;
    fstat(fd, &a);
    stat("f", &b);
    show_stat("fstat", &a);
    printf("stat and fstat agree on ino and dev: %s\n", yesno(a.st_ino == b.st_ino && a.st_dev == b.st_dev));
    t_show("lseek to 1 MiB", lseek(fd, 1 << 20, SEEK_SET));
    t_show("write past the end", write(fd, "!", 1));
    fstat(fd, &a);
    show_stat("with hole", &a);
    pread(fd, buf, 4, 4096);
    printf("hole reads as zero: %s\n", yesno(!buf[0] && !buf[1] && !buf[2] && !buf[3]));
    close(fd);
    fd = open("f", O_WRONLY | O_TRUNC);
    fstat(fd, &a);
    show_stat("after O_TRUNC", &a);
    struct iovec iov[3] = {{"one ", 4}, {"two ", 4}, {"three\n", 6}};
    t_show("writev", writev(fd, iov, 3));
    close(fd);
    fd = open("f", O_RDONLY);
    char x[5] = {0}, y[5] = {0}, z[8] = {0};
    struct iovec rv[3] = {{x, 4}, {y, 4}, {z, 7}};
    t_show("readv", readv(fd, rv, 3));
    printf("readv parts: <%s> <%s> <%s>\n", x, y, z);
    t_show("write to O_RDONLY", write(fd, "x", 1));
    close(fd);
    t_show("read closed fd", read(fd, buf, 1));
    t_show("open O_EXCL existing", open("f", O_CREAT | O_EXCL | O_WRONLY, 0644));
    fd = open("g", O_CREAT | O_WRONLY, 0777);
    fstat(fd, &a);
    printf("umask 022 applied: %o\n", (unsigned)(a.st_mode & 0777));
    close(fd);
    fd = open("big", O_CREAT | O_RDWR, 0600);
    static char blob[300000];
    for (int i = 0; i < (int)sizeof blob; i++) blob[i] = (char)(i * 7);
    t_show("write 300000", write(fd, blob, sizeof blob));
    lseek(fd, 0, SEEK_SET);
    static char back[300000];
    ssize_t got = 0, n;
    while ((n = read(fd, back + got, sizeof back - got)) > 0) got += n;
    printf("read back %zd bytes, equal: %s\n", got, yesno(memcmp(blob, back, sizeof blob) == 0));
    return 0;
}
