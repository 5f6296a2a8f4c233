/* A SIGSEGV handler that siglongjmps back, several times in a row: the signal mask is restored
 * by siglongjmp, and si_addr names the faulting address. */
#include "guest.h"
#include <setjmp.h>

/* Faulting accesses are the point. */
#pragma GCC diagnostic ignored "-Warray-bounds"

static sigjmp_buf env;
static void *volatile addr;

static void on_segv(int sig, siginfo_t *si, void *uc) {
    (void)uc;
    addr = si->si_addr;
    siglongjmp(env, sig);
}

int main(void) {
    t_init();
    struct sigaction sa = {0};
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    char *targets[] = {(char *)0, (char *)16, (char *)0x1000, (char *)"read-only literal", (char *)-4096L};
    for (int i = 0; i < 5; i++) {
        int r = sigsetjmp(env, 1);
        if (r == 0) {
            if (i == 3) *(volatile char *)targets[i] = 'x';
            else (void)*(volatile char *)targets[i];
            printf("access %d: no fault\n", i);
        } else {
            printf("access %d: signal %d, si_addr matches: %s\n", i, r, yesno(addr == targets[i]));
        }
    }
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    printf("SIGSEGV unblocked after siglongjmp: %s\n", yesno(!sigismember(&cur, SIGSEGV)));
    int r = sigsetjmp(env, 0);
    if (r == 0) {
        (void)*(volatile int *)8;
    }
    sigprocmask(SIG_BLOCK, NULL, &cur);
    printf("sigsetjmp(env, 0): SIGSEGV still blocked after jump: %s\n", yesno(sigismember(&cur, SIGSEGV)));
    return 0;
}
