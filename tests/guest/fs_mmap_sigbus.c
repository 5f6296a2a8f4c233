/* A file mapping's pages wholly beyond the end of the file raise SIGBUS (BUS_ADRERR at the
 * address), also after ftruncate shrinks a mapped file; the partial last page stays usable. */
#include "guest.h"
#include <setjmp.h>
#include <sys/mman.h>

static sigjmp_buf env;
static volatile int code;
static void *volatile where;

static void on_bus(int sig, siginfo_t *si, void *ctx) {
    (void)sig; (void)ctx;
    code = si->si_code;
    where = si->si_addr;
    siglongjmp(env, 1);
}

static void touch(const char *what, volatile char *p, int write) {
    code = 0;
    where = 0;
    if (sigsetjmp(env, 1) == 0) {
        if (write) *p = 1;
        else (void)*p;
        printf("%s: ok\n", what);
    } else {
        printf("%s: SIGBUS %s at address %s\n", what, code == BUS_ADRERR ? "BUS_ADRERR" : "other", yesno(where == (void *)p));
    }
}

static void run(const char *dir) {
    char path[256];
    snprintf(path, sizeof path, "%s/fs_mmap_sigbus.%d", dir, getpid());
    int fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0644);
    ftruncate(fd, 4096 + 100);
    char *s = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    char *p = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    touch("shared first page", s, 1);
    touch("shared partial page past end", s + 4096 + 200, 0);
    touch("shared page past end (read)", s + 2 * 4096, 0);
    touch("shared page past end (write)", s + 2 * 4096 + 8, 1);
    touch("private page past end", p + 2 * 4096, 0);
    ftruncate(fd, 0);
    touch("shared first page after truncate to 0", s + 16, 0);
    touch("private first page after truncate to 0", p, 0);
    ftruncate(fd, 3 * 4096);
    touch("shared third page after growing", s + 2 * 4096, 1);
    printf("grown pages read zero: %d %d\n", s[0], s[4096 + 200]);
    munmap(s, 3 * 4096);
    munmap(p, 3 * 4096);
    close(fd);
    unlink(path);
}

int main(void) {
    t_init();
    t_scratch();
    struct sigaction sa = {0};
    sa.sa_sigaction = on_bus;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGBUS, &sa, NULL);
    printf("== working directory\n");
    run(".");
    printf("== /dev/shm\n");
    run("/dev/shm");
    /* Without a handler the process dies of SIGBUS. */
    int fd = open("f", O_CREAT | O_RDWR, 0644);
    char *m = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
    pid_t pid = fork();
    if (pid == 0) {
        signal(SIGBUS, SIG_DFL);
        printf("%d\n", m[0]);
        _exit(0);
    }
    t_reap("child touching an empty file's mapping", pid);
    return 0;
}
