/* File mappings share the page cache with read and write, on the working directory's filesystem
 * (a host directory) and on /dev/shm (tmpfs): MAP_SHARED sees writes and is seen by reads;
 * MAP_PRIVATE sees file changes until it writes a page; msync and munmap write back; sharing
 * across fork; /dev/zero; the errors. */
#include "guest.h"
#include <sys/mman.h>

static char page[8192];

static void run(const char *dir) {
    char path[256];
    snprintf(path, sizeof path, "%s/fs_mmap_shared.%d", dir, getpid());
    int fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0644);
    memset(page, 'a', sizeof page);
    write(fd, page, sizeof page);

    char *s = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    printf("maps: %s %s\n", yesno(s != MAP_FAILED), yesno(p != MAP_FAILED));

    pwrite(fd, "XYZ", 3, 10);
    printf("write seen by shared: %.3s\n", s + 10);
    printf("write seen by private: %.3s\n", p + 10);

    s[100] = 'Q';
    char c = 0;
    pread(fd, &c, 1, 100);
    printf("store through shared seen by read: %c\n", c);
    printf("store through shared seen by private: %c\n", p[100]);

    p[200] = 'P';
    pread(fd, &c, 1, 200);
    printf("store through private kept out of file: %c shared %c\n", c, s[200]);
    pwrite(fd, "W", 1, 201);
    printf("private page copied, later write unseen: %c, other page sees: ", p[201]);
    pwrite(fd, "V", 1, 5000);
    printf("%c\n", p[5000]);

    printf("msync MS_SYNC: %d\n", msync(s, 8192, MS_SYNC));
    printf("msync MS_ASYNC: %d\n", msync(s, 8192, MS_ASYNC));
    t_show("msync bad flags", msync(s, 8192, MS_SYNC | MS_ASYNC));
    t_show("msync unaligned", msync(s + 1, 100, MS_SYNC));

    /* Sharing across fork: the child's stores reach the parent and the file. */
    pid_t pid = fork();
    if (pid == 0) {
        s[300] = 'C';
        p[300] = 'c';
        _exit(0);
    }
    t_reap("child", pid);
    pread(fd, &c, 1, 300);
    printf("child store via shared: map %c file %c, via private: %c\n", s[300], c, p[300]);

    /* munmap writes back; a fresh descriptor sees the stores. */
    s[400] = 'M';
    munmap(s, 8192);
    munmap(p, 8192);
    close(fd);
    fd = open(path, O_RDONLY);
    char buf[8];
    pread(fd, buf, 1, 400);
    pread(fd, buf + 1, 1, 100);
    printf("after munmap and reopen: %c%c\n", buf[0], buf[1]);

    /* The partial last page: bytes past the end are zero, stores there do not grow the file. */
    close(fd);
    fd = open(path, O_RDWR);
    ftruncate(fd, 5000);
    s = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    printf("past end within page: %d %d\n", s[5000], s[8191]);
    s[6000] = 'Z';
    munmap(s, 8192);
    struct stat st;
    fstat(fd, &st);
    printf("size after store past end: %lld\n", (long long)st.st_size);

    /* A growing file: pages past the old end appear after the write. */
    s = mmap(NULL, 8192, PROT_READ, MAP_SHARED, fd, 0);
    pwrite(fd, "G", 1, 7000);
    printf("grown file seen: %c\n", s[7000]);
    munmap(s, 8192);

    /* Errors. */
    int ro = open(path, O_RDONLY);
    int wo = open(path, O_WRONLY);
    errno = 0;
    printf("shared writable on O_RDONLY: %s\n", mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0) == MAP_FAILED ? errname(errno) : "ok");
    errno = 0;
    printf("any map on O_WRONLY: %s\n", mmap(NULL, 4096, PROT_READ, MAP_SHARED, wo, 0) == MAP_FAILED ? errname(errno) : "ok");
    errno = 0;
    char *r = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, ro, 0);
    printf("private writable on O_RDONLY: %s\n", r == MAP_FAILED ? errname(errno) : "ok");
    r[0] = 'x';
    munmap(r, 4096);
    r = mmap(NULL, 4096, PROT_READ, MAP_SHARED, ro, 0);
    t_show("mprotect shared O_RDONLY to write", mprotect(r, 4096, PROT_READ | PROT_WRITE));
    munmap(r, 4096);
    int dfd = open(dir, O_RDONLY | O_DIRECTORY);
    errno = 0;
    printf("map a directory: %s\n", mmap(NULL, 4096, PROT_READ, MAP_SHARED, dfd, 0) == MAP_FAILED ? errname(errno) : "ok");
    errno = 0;
    printf("map a closed fd: %s\n", mmap(NULL, 4096, PROT_READ, MAP_SHARED, 999, 0) == MAP_FAILED ? errname(errno) : "ok");
    errno = 0;
    printf("unaligned offset: %s\n", mmap(NULL, 4096, PROT_READ, MAP_SHARED, ro, 100) == MAP_FAILED ? errname(errno) : "ok");
    close(dfd);
    close(ro);
    close(wo);
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

    /* /dev/zero: private is plain zero memory, shared is shared anonymous memory across fork. */
    int z = open("/dev/zero", O_RDWR);
    char *zp = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, z, 0);
    char *zs = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, z, 0);
    printf("/dev/zero zeros: %d %d\n", zp[10], zs[10]);
    pid_t pid = fork();
    if (pid == 0) {
        zp[0] = 1;
        zs[0] = 2;
        _exit(0);
    }
    t_reap("zero child", pid);
    printf("/dev/zero after child: private %d shared %d\n", zp[0], zs[0]);
    close(z);
    return 0;
}
