/* Stack overflow caught on an alternate signal stack (sigaltstack + SA_ONSTACK). */
#include "guest.h"
#include <setjmp.h>

static sigjmp_buf env;
static volatile int on_alt;
static char *alt_base;
static size_t alt_size;

static void on_segv(int sig) {
    char here;
    on_alt = &here >= alt_base && &here < alt_base + alt_size;
    siglongjmp(env, sig);
}

/* Overflowing the stack is the point. */
#pragma GCC diagnostic ignored "-Winfinite-recursion"

static int recurse(int n) {
    volatile char pad[512];
    pad[0] = (char)n;
    return recurse(n + 1) + pad[0];
}

int main(void) {
    t_init();
    alt_size = 64 * 1024;
    alt_base = malloc(alt_size);
    stack_t ss = {.ss_sp = alt_base, .ss_size = alt_size, .ss_flags = 0};
    t_show("sigaltstack", sigaltstack(&ss, NULL));
    stack_t cur;
    sigaltstack(NULL, &cur);
    printf("altstack reads back: size %zu, disabled %s\n", cur.ss_size, yesno(cur.ss_flags & SS_DISABLE));
    struct sigaction sa = {0};
    sa.sa_handler = on_segv;
    sa.sa_flags = SA_ONSTACK;
    sigaction(SIGSEGV, &sa, NULL);
    if (sigsetjmp(env, 1) == 0) {
        recurse(0);
    } else {
        printf("stack overflow caught, handler ran on the alternate stack: %s\n", yesno(on_alt));
    }
    stack_t small = {.ss_sp = alt_base, .ss_size = 100, .ss_flags = 0};
    t_show("sigaltstack too small", sigaltstack(&small, NULL));
    return 0;
}
