/* Private file mappings over the page cache, on a host directory and on tmpfs: copy-on-write
 * after fork, MADV_DONTNEED dropping private copies (the file shows again), mprotect, mremap
 * growing into more of the file, mincore, and offsets into the file. */
#include "guest.h"
#include <sys/mman.h>

static void run(const char *base) {
    char path[256];
    snprintf(path, sizeof path, "%s/fs_mmap_private.%d", base, getpid());
    int fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0644);
    char page[4096];
    for (int i = 0; i < 4; i++) {
        memset(page, 'A' + i, sizeof page);
        write(fd, page, sizeof page);
    }
    char *p = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 4096);
    printf("offset 4096 maps page B: %c %c\n", p[0], p[4096]);
    p[0] = 'x';
    pid_t pid = fork();
    if (pid == 0) {
        printf("child sees its parent's private copy: %c\n", p[0]);
        p[0] = 'y';
        p[4096] = 'z';
        _exit(0);
    }
    t_reap("child", pid);
    printf("parent after the child's stores: %c %c\n", p[0], p[4096]);
    char c;
    pread(fd, &c, 1, 4096);
    printf("file untouched: %c\n", c);
    t_show("MADV_DONTNEED", madvise(p, 4096, MADV_DONTNEED));
    printf("after DONTNEED the file shows again: %c\n", p[0]);
    pwrite(fd, "Q", 1, 4096 + 1);
    printf("and follows file changes: %c\n", p[1]);
    t_show("mprotect read-only", mprotect(p, 2 * 4096, PROT_READ));
    t_show("mprotect back", mprotect(p, 2 * 4096, PROT_READ | PROT_WRITE));
    p[2] = 'w';
    unsigned char vec[3] = {9, 9, 9};
    char *q = mremap(p, 2 * 4096, 3 * 4096, MREMAP_MAYMOVE);
    printf("mremap: %s, third page is D: %c, copy kept: %c\n", yesno(q != MAP_FAILED), q[2 * 4096], q[2]);
    t_show("mincore", mincore(q, 3 * 4096, vec));
    printf("resident: %d %d %d\n", vec[0] & 1, vec[1] & 1, vec[2] & 1);
    munmap(q, 3 * 4096);
    char *r = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 3 * 4096);
    printf("last page: %c\n", r[0]);
    munmap(r, 4096);
    char *e = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 8 * 4096);
    printf("map past the end succeeds: %s\n", yesno(e != MAP_FAILED));
    munmap(e, 4096);
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
    return 0;
}
