/* Sparse files on tmpfs (/dev/shm): SEEK_DATA and SEEK_HOLE over written pages and holes,
 * fallocate (allocate, KEEP_SIZE, PUNCH_HOLE) and st_blocks, and their errors. */
#include "guest.h"
#ifndef FALLOC_FL_KEEP_SIZE
#define FALLOC_FL_KEEP_SIZE 0x01
#endif
#ifndef FALLOC_FL_PUNCH_HOLE
#define FALLOC_FL_PUNCH_HOLE 0x02
#endif

static void blocks(const char *what, int fd) {
    struct stat st;
    fstat(fd, &st);
    printf("%s: size %lld blocks %lld\n", what, (long long)st.st_size, (long long)st.st_blocks);
}

static void seeks(int fd, long long size) {
    for (long long off = 0; off <= size; off += 4096) {
        errno = 0;
        long long d = lseek(fd, off, SEEK_DATA);
        int ed = errno;
        errno = 0;
        long long h = lseek(fd, off, SEEK_HOLE);
        int eh = errno;
        printf("  at %lld: data %lld%s%s hole %lld%s%s\n", off, d, d < 0 ? " " : "", d < 0 ? errname(ed) : "", h,
               h < 0 ? " " : "", h < 0 ? errname(eh) : "");
    }
}

int main(void) {
    t_init();
    char path[64];
    snprintf(path, sizeof path, "/dev/shm/fs_sparse.%d", getpid());
    int fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0644);
    blocks("empty", fd);
    t_show("SEEK_DATA on empty", lseek(fd, 0, SEEK_DATA));
    t_show("SEEK_HOLE on empty", lseek(fd, 0, SEEK_HOLE));
    pwrite(fd, "a", 1, 4096);
    pwrite(fd, "b", 1, 3 * 4096 + 10);
    ftruncate(fd, 6 * 4096);
    blocks("two pages written in six", fd);
    seeks(fd, 6 * 4096);
    t_show("SEEK_DATA negative", lseek(fd, -1, SEEK_DATA));
    t_show("SEEK_HOLE past end", lseek(fd, 7 * 4096, SEEK_HOLE));

    t_show("fallocate page 5", fallocate(fd, 0, 5 * 4096, 4096));
    blocks("after fallocate", fd);
    t_show("fallocate KEEP_SIZE past end", fallocate(fd, FALLOC_FL_KEEP_SIZE, 6 * 4096, 8192));
    blocks("after KEEP_SIZE", fd);
    t_show("fallocate growing", fallocate(fd, 0, 8 * 4096, 100));
    blocks("after growing", fd);
    t_show("punch page 1", fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 4096, 4096));
    blocks("after punch", fd);
    char c = 1;
    pread(fd, &c, 1, 4096);
    printf("punched byte: %d\n", c);
    t_show("punch inside a page", fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 3 * 4096 + 5, 10));
    pread(fd, &c, 1, 3 * 4096 + 10);
    printf("byte in punched range: %d\n", c);
    blocks("after partial punch", fd);
    seeks(fd, 9 * 4096);
    t_show("punch without KEEP_SIZE", fallocate(fd, FALLOC_FL_PUNCH_HOLE, 0, 4096));
    t_show("zero length", fallocate(fd, 0, 0, 0));
    t_show("negative offset", fallocate(fd, 0, -1, 10));
    t_show("unknown mode", fallocate(fd, 0x100, 0, 10));
    int ro = open(path, O_RDONLY);
    t_show("read-only fd", fallocate(ro, 0, 0, 10));
    close(ro);
    int pfd[2];
    pipe(pfd);
    t_show("pipe", fallocate(pfd[1], 0, 0, 10));
    t_show("SEEK_DATA on a pipe", lseek(pfd[0], 0, SEEK_DATA));
    close(fd);
    unlink(path);
    return 0;
}
