/* Signal round trip: raise(SIGUSR1) with a handler, so each iteration is a kill system call, a
 * signal frame built on the stack, the handler and rt_sigreturn. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

static volatile long handled;
static void on_usr1(int sig) { (void)sig; handled++; }

int main(int argc, char **argv) {
    long scale = argc > 1 ? atol(argv[1]) : 1;
    long n = 5000 * scale;
    struct sigaction sa = {0};
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);
    for (long i = 0; i < n; i++) raise(SIGUSR1);
    printf("%ld signals handled\n", handled);
    return 0;
}
