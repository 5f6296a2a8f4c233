/* mprotect: writes to read-only and accesses to PROT_NONE pages raise SIGSEGV with SEGV_ACCERR;
 * unmapped addresses give SEGV_MAPERR; si_addr is the faulting address. */
#include "guest.h"
#include <setjmp.h>
#include <sys/mman.h>

static sigjmp_buf env;
static volatile void *fault_addr;
static volatile int fault_code;

static void on_segv(int sig, siginfo_t *si, void *uc) {
    (void)uc;
    fault_addr = si->si_addr;
    fault_code = si->si_code;
    siglongjmp(env, sig);
}

static const char *code_name(int c) {
    return c == SEGV_MAPERR ? "SEGV_MAPERR" : c == SEGV_ACCERR ? "SEGV_ACCERR" : "other";
}

static void try_write(const char *what, volatile char *p) {
    fault_addr = NULL;
    if (sigsetjmp(env, 1) == 0) {
        *p = 1;
        printf("%s: wrote\n", what);
    } else {
        printf("%s: SIGSEGV %s, si_addr matches: %s\n", what, code_name(fault_code), yesno(fault_addr == (void *)p));
    }
}

static void try_read(const char *what, volatile char *p) {
    fault_addr = NULL;
    if (sigsetjmp(env, 1) == 0) {
        (void)*p;
        printf("%s: read\n", what);
    } else {
        printf("%s: SIGSEGV %s, si_addr matches: %s\n", what, code_name(fault_code), yesno(fault_addr == (void *)p));
    }
}

int main(void) {
    t_init();
    struct sigaction sa = {0};
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    long page = sysconf(_SC_PAGESIZE);
    char *m = mmap(NULL, 4 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    m[page + 10] = 'x';
    try_write("write rw page", m + 10);
    t_show("mprotect page 1 read-only", mprotect(m + page, page, PROT_READ));
    try_read("read ro page", m + page + 10);
    printf("value kept: %c\n", m[page + 10]);
    try_write("write ro page", m + page + 100);
    t_show("mprotect page 2 none", mprotect(m + 2 * page, page, PROT_NONE));
    try_read("read none page", m + 2 * page + 7);
    try_write("write none page", m + 2 * page + 8);
    t_show("mprotect page 1 rw again", mprotect(m + page, page, PROT_READ | PROT_WRITE));
    try_write("write page 1 again", m + page + 100);
    munmap(m + 3 * page, page);
    try_read("read unmapped page", m + 3 * page + 1);
    try_read("read NULL", NULL);
    try_write("write string literal", (char *)"constant");
    t_show("mprotect unaligned", mprotect(m + 1, page, PROT_READ));
    t_show("mprotect unmapped range", mprotect(m + 3 * page, page, PROT_READ));
    return 0;
}
