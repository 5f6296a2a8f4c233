/* fsync, fdatasync, syncfs and sync on a host directory and on tmpfs, and fallocate's visible
 * effects there (size and zeros; not block counts): grow, KEEP_SIZE, PUNCH_HOLE. */
#include "guest.h"

#ifndef FALLOC_FL_KEEP_SIZE
#define FALLOC_FL_KEEP_SIZE 0x01
#endif
#ifndef FALLOC_FL_PUNCH_HOLE
#define FALLOC_FL_PUNCH_HOLE 0x02
#endif

static long long size_of(int fd) {
    struct stat st;
    fstat(fd, &st);
    return (long long)st.st_size;
}

static void run(const char *base) {
    char path[256];
    snprintf(path, sizeof path, "%s/fs_fsync.%d", base, getpid());
    int fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0644);
    write(fd, "0123456789", 10);
    t_show("fsync", fsync(fd));
    t_show("fdatasync", fdatasync(fd));
    t_show("syncfs", syncfs(fd));
    sync();
    int ro = open(path, O_RDONLY);
    t_show("fsync read-only fd", fsync(ro));
    int dfd = open(base, O_RDONLY | O_DIRECTORY);
    t_show("fsync directory", fsync(dfd));
    close(dfd);
    t_show("fallocate grow to 100", fallocate(fd, 0, 50, 50));
    printf("size %lld\n", size_of(fd));
    char buf[16];
    memset(buf, 1, sizeof buf);
    pread(fd, buf, 4, 60);
    printf("grown bytes: %d %d %d %d\n", buf[0], buf[1], buf[2], buf[3]);
    t_show("fallocate inside", fallocate(fd, 0, 0, 10));
    printf("size %lld\n", size_of(fd));
    t_show("fallocate KEEP_SIZE past end", fallocate(fd, FALLOC_FL_KEEP_SIZE, 100, 1000));
    printf("size %lld\n", size_of(fd));
    t_show("punch 2..5", fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 2, 3));
    memset(buf, 0, sizeof buf);
    pread(fd, buf, 10, 0);
    for (int i = 0; i < 10; i++) printf("%c", buf[i] ? buf[i] : '.');
    printf("\nsize %lld\n", size_of(fd));
    t_show("punch without KEEP_SIZE", fallocate(fd, FALLOC_FL_PUNCH_HOLE, 0, 1));
    t_show("fallocate on read-only fd", fallocate(ro, 0, 0, 10));
    t_show("fallocate zero length", fallocate(fd, 0, 0, 0));
    close(ro);
    close(fd);
    unlink(path);
}

int main(void) {
    t_init();
    t_scratch();
    printf("== working directory\n");
    run(".");
    printf("== /dev/shm\n");
    run("/dev/shm");
    int pfd[2];
    pipe(pfd);
    t_show("fsync pipe", fsync(pfd[0]));
    t_show("fsync bad fd", fsync(999));
    return 0;
}
