/* RLIMIT_AS: mmap, mremap, brk and stack growth fail with ENOMEM once the address space would exceed the limit. */
#include "guest.h"
#include <sys/mman.h>
#include <sys/resource.h>

#define MB (1024L * 1024)

static long vm_size_kb(void) {
    char line[256];
    long kb = -1;
    FILE *f = fopen("/proc/self/status", "r");
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "VmSize: %ld kB", &kb) == 1)
            break;
    if (f)
        fclose(f);
    return kb;
}

static const char *mres(void *p) {
    return p == MAP_FAILED ? errname(errno) : "ok";
}

static void *anon(long len) {
    return mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

int main(void) {
    t_init();
    pid_t c = fork();
    if (c == 0) {
        /* Leave 64 MiB of room above what is mapped now. */
        long base = vm_size_kb() * 1024;
        struct rlimit rl = {base + 64 * MB, RLIM_INFINITY};
        t_show("setrlimit AS", setrlimit(RLIMIT_AS, &rl));
        void *a = anon(32 * MB);
        printf("mmap 32M: %s\n", mres(a));
        printf("mmap 48M more: %s\n", mres(anon(48 * MB)));
        void *fixed = mmap(a, 32 * MB, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
        printf("MAP_FIXED over the 32M: %s\n", mres(fixed));
        printf("mremap 32M->80M: %s\n", mres(mremap(a, 32 * MB, 80 * MB, MREMAP_MAYMOVE)));
        void *small = mremap(a, 32 * MB, 16 * MB, 0);
        printf("mremap 32M->16M: %s\n", mres(small));
        void *cur = sbrk(0);
        printf("sbrk 64M: %s\n", sbrk(64 * MB) == (void *)-1 ? errname(errno) : "ok");
        printf("break unchanged: %s\n", yesno(sbrk(0) == cur));
        printf("sbrk 1M: %s\n", sbrk(1 * MB) == (void *)-1 ? errname(errno) : "ok");
        t_show("munmap 16M", munmap(a, 16 * MB));
        printf("mmap 40M now: %s\n", mres(anon(40 * MB)));
        rl.rlim_cur = RLIM_INFINITY;
        t_show("setrlimit AS infinity", setrlimit(RLIMIT_AS, &rl));
        printf("mmap 256M: %s\n", mres(anon(256 * MB)));
        _exit(0);
    }
    t_reap("child", c);
    return 0;
}
