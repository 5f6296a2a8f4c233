/* A shared futex in a MAP_SHARED file mapping (host directory and tmpfs) and in shared
 * /dev/zero memory: processes meet on the page they share, not on the address. */
#include "guest.h"
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1

static long futex(int *addr, int op, int val) {
    return syscall(SYS_futex, addr, op, val, NULL, NULL, 0);
}

static void run(const char *what, int *word, int *word2) {
    /* word and word2 are the same page seen at two addresses of this process. */
    *word = 0;
    pid_t pid = fork();
    if (pid == 0) {
        struct timespec ts = {0, 50 * 1000 * 1000};
        nanosleep(&ts, NULL);
        __atomic_store_n(word2, 1, __ATOMIC_SEQ_CST);
        futex(word2, FUTEX_WAKE, 1);
        _exit(0);
    }
    while (__atomic_load_n(word, __ATOMIC_SEQ_CST) == 0) futex(word, FUTEX_WAIT, 0);
    printf("%s: woken with %d\n", what, *word);
    t_reap("waker", pid);
}

int main(void) {
    t_init();
    t_scratch();
    const char *paths[] = {"fs_mmap_futex.f", "/dev/shm/fs_mmap_futex.f"};
    for (int i = 0; i < 2; i++) {
        char p[128];
        snprintf(p, sizeof p, "%s.%d", paths[i], getpid());
        int fd = open(p, O_CREAT | O_RDWR | O_TRUNC, 0644);
        ftruncate(fd, 4096);
        int *a = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        int *b = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        run(i == 0 ? "host file, two mappings" : "tmpfs file, two mappings", a, b);
        int v = 0;
        pread(fd, &v, sizeof v, 0);
        printf("file holds %d\n", v);
        munmap(a, 4096);
        munmap(b, 4096);
        close(fd);
        unlink(p);
    }
    int z = open("/dev/zero", O_RDWR);
    int *s = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, z, 0);
    run("/dev/zero shared", s, s);
    int *anon = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    run("anonymous shared", anon, anon);
    return 0;
}
