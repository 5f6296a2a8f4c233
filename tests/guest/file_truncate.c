/* truncate and ftruncate: growing fills with zeros, shrinking drops data; the errors. */
#include "guest.h"

static long long size_of(const char *p) {
    struct stat st;
    stat(p, &st);
    return (long long)st.st_size;
}

int main(void) {
    t_init();
    t_scratch();
    int fd = open("f", O_CREAT | O_RDWR, 0644);
    write(fd, "hello world", 11);
    t_show("ftruncate 5", ftruncate(fd, 5));
    printf("size: %lld\n", size_of("f"));
    t_show("ftruncate 10000", ftruncate(fd, 10000));
    char buf[16];
    pread(fd, buf, 8, 3);
    printf("data then zeros: %.2s %d %d %d\n", buf, buf[2], buf[3], buf[7]);
    printf("offset untouched: %lld\n", (long long)lseek(fd, 0, SEEK_CUR));
    t_show("truncate by path to 3", truncate("f", 3));
    printf("size: %lld\n", size_of("f"));
    t_show("ftruncate negative", ftruncate(fd, -1));
    mkdir("d", 0755);
    t_show("truncate a directory", truncate("d", 0));
    t_show("truncate missing", truncate("missing", 0));
    int ro = open("f", O_RDONLY);
    t_show("ftruncate O_RDONLY fd", ftruncate(ro, 0));
    close(fd);
    fd = open("f", O_WRONLY | O_TRUNC);
    printf("O_TRUNC size: %lld\n", size_of("f"));
    return 0;
}
