/* File mappings kept coherent with the file on a host directory and on tmpfs: a shared mapping
 * past the end becomes usable after ftruncate grows the file (and reads see mapped writes), msync
 * with MS_SYNC, MS_ASYNC and MS_INVALIDATE, msync's errors (EINVAL for bad flags or alignment,
 * ENOMEM for unmapped memory, EBUSY for MS_INVALIDATE on a locked page), anonymous MAP_SHARED
 * memory and /dev/zero mappings shared (or not) with a forked child. */
#include "guest.h"
#include <setjmp.h>
#include <sys/mman.h>

static sigjmp_buf jb;

static void on_bus(int sig) {
    siglongjmp(jb, sig);
}

static int touch(volatile char *p) {
    if (sigsetjmp(jb, 1))
        return -1;
    return *p;
}

static void run(const char *path, const char *tag) {
    printf("-- %s\n", tag);
    int fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0644);
    write(fd, "hello", 5);
    char *m = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    printf("first page byte 4: %c\n", m[4]);
    printf("second page before growing: %s\n", touch(m + 4096) < 0 ? "SIGBUS" : "readable");
    ftruncate(fd, 2 * 4096 + 10);
    printf("second page after growing: %s, value %d\n", touch(m + 4096) < 0 ? "SIGBUS" : "readable", m[4096]);
    m[4096] = 'X';
    m[2 * 4096 + 5] = 'Y';
    char b[2] = {0};
    pread(fd, b, 1, 4096);
    printf("read sees the mapped write: %c\n", b[0]);
    pwrite(fd, "Z", 1, 4097);
    printf("mapping sees pwrite: %c\n", m[4097]);
    t_show("msync MS_SYNC", msync(m, 3 * 4096, MS_SYNC));
    t_show("msync MS_ASYNC", msync(m, 4096, MS_ASYNC));
    t_show("msync MS_INVALIDATE", msync(m, 4096, MS_INVALIDATE));
    t_show("msync MS_SYNC|MS_INVALIDATE", msync(m, 4096, MS_SYNC | MS_INVALIDATE));
    t_show("msync MS_SYNC|MS_ASYNC", msync(m, 4096, MS_SYNC | MS_ASYNC));
    t_show("msync unknown flag", msync(m, 4096, 8));
    t_show("msync unaligned", msync(m + 1, 4096, MS_SYNC));
    t_show("msync length 0", msync(m, 0, MS_SYNC));
    t_show("msync a partial page length", msync(m, 100, MS_SYNC));
    munmap(m + 4096, 4096);
    t_show("msync over a hole", msync(m, 3 * 4096, MS_SYNC));
    t_show("msync unmapped", msync(m + 4096, 4096, MS_SYNC));
    if (mlock(m, 4096) == 0) {
        t_show("msync MS_INVALIDATE on a locked page", msync(m, 4096, MS_INVALIDATE));
        munlock(m, 4096);
    }
    /* Shrinking: the tail page goes away again. */
    ftruncate(fd, 10);
    printf("third page after shrinking: %s\n", touch(m + 2 * 4096) < 0 ? "SIGBUS" : "readable");
    munmap(m, 3 * 4096);
    /* Private mapping: sees the file until it writes. */
    ftruncate(fd, 4096);
    char *pm = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    pwrite(fd, "Q", 1, 0);
    printf("private mapping sees a file change before writing: %c\n", pm[0]);
    pm[1] = 'P';
    pwrite(fd, "R", 1, 2);
    pread(fd, b, 1, 1);
    printf("file does not see the private write: %s\n", yesno(b[0] != 'P'));
    printf("private page after its own write keeps its copy: %s\n", yesno(pm[2] != 'R'));
    munmap(pm, 4096);
    close(fd);
}

static void share(const char *what, char *m) {
    m[0] = 'a';
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        m[0] = 'c';
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    printf("%s: parent sees %c\n", what, m[0]);
}

int main(void) {
    t_init();
    struct sigaction sa = {.sa_handler = on_bus};
    sigaction(SIGBUS, &sa, NULL);
    t_scratch();
    run("file", "host directory");
    char shm[64];
    snprintf(shm, sizeof shm, "/dev/shm/fs_mmap_coherence.%d", getpid());
    run(shm, "tmpfs");
    unlink(shm);
    printf("--\n");
    share("anonymous MAP_SHARED", mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0));
    share("anonymous MAP_PRIVATE", mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    int z = open("/dev/zero", O_RDWR);
    share("/dev/zero MAP_SHARED", mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, z, 0));
    share("/dev/zero MAP_PRIVATE", mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, z, 0));
    char *zm = mmap(NULL, 8192, PROT_READ, MAP_PRIVATE, z, 0);
    printf("/dev/zero reads zeros: %s\n", yesno(zm[0] == 0 && zm[8191] == 0));
    return 0;
}
