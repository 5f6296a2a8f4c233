/* Anonymous mmap/munmap: private and shared mappings, partial unmap, MAP_FIXED, shared across fork. */
#include "guest.h"
#include <setjmp.h>
#include <sys/mman.h>

static sigjmp_buf env;
static void on_segv(int sig) { siglongjmp(env, sig); }

static int probe(volatile char *addr) {
    if (sigsetjmp(env, 1) == 0) {
        (void)*addr;
        return 1;
    }
    return 0;
}

int main(void) {
    t_init();
    signal(SIGSEGV, on_segv);
    long page = sysconf(_SC_PAGESIZE);
    printf("page size: %ld\n", page);
    char *m = mmap(NULL, 16 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("mmap 16 pages: %s\n", m == MAP_FAILED ? "failed" : "ok");
    int zero = 1;
    for (long i = 0; i < 16 * page; i++) if (m[i]) zero = 0;
    printf("fresh memory is zero: %s\n", yesno(zero));
    for (int i = 0; i < 16; i++) m[i * page] = 'a' + i;
    t_show("munmap page 5", munmap(m + 5 * page, page));
    printf("page 4 readable: %s\n", yesno(probe(m + 4 * page)));
    printf("page 5 readable: %s\n", yesno(probe(m + 5 * page)));
    printf("page 6 readable: %s, holds %c\n", yesno(probe(m + 6 * page)), m[6 * page]);
    char *f = mmap(m + 5 * page, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    printf("MAP_FIXED into the hole: %s\n", f == m + 5 * page ? "same address" : "elsewhere");
    printf("page 5 readable again: %s, zero: %s\n", yesno(probe(m + 5 * page)), yesno(m[5 * page] == 0));
    char *g = mmap(m + 2 * page, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    printf("MAP_FIXED over a live page replaces it: %s\n", yesno(g == m + 2 * page && m[2 * page] == 0));
    t_show("munmap all", munmap(m, 16 * page));
    printf("after munmap readable: %s\n", yesno(probe(m)));
    t_show("munmap unaligned", munmap(m + 1, page));
    t_show("munmap length 0", munmap(m, 0));

    int *shared = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    int *priv = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    *shared = 1;
    *priv = 1;
    pid_t pid = fork();
    if (pid == 0) {
        *shared = 42;
        *priv = 42;
        _exit(0);
    }
    t_reap("child", pid);
    printf("MAP_SHARED after child write: %d\n", *shared);
    printf("MAP_PRIVATE after child write: %d\n", *priv);
    void *bad = mmap(NULL, page, PROT_READ, MAP_PRIVATE, -1, 0);
    printf("mmap without MAP_ANONYMOUS on fd -1: %s\n", bad == MAP_FAILED ? errname(errno) : "mapped");
    bad = mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("mmap length 0: %s\n", bad == MAP_FAILED ? errname(errno) : "mapped");
    return 0;
}
