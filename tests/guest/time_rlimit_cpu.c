/* RLIMIT_CPU: SIGXCPU when the CPU time reaches the soft limit (caught here), then SIGKILL at
 * the hard limit; and SIGXCPU's default action ends a process with a core-dump signal. */
#include "guest.h"
#include <sys/resource.h>

static volatile int xcpu;
static void on_xcpu(int s) {
    (void)s;
    if (xcpu++ == 0) write(1, "SIGXCPU caught\n", 15);
}

int main(void) {
    t_init();
    pid_t c = fork();
    if (c == 0) {
        signal(SIGXCPU, on_xcpu);
        struct rlimit rl = {1, 2};
        setrlimit(RLIMIT_CPU, &rl);
        volatile unsigned long x = 0;
        for (;;) x++;
    }
    int st;
    waitpid(c, &st, 0);
    printf("at the hard limit: signaled %d\n", WIFSIGNALED(st) ? WTERMSIG(st) : -1);
    c = fork();
    if (c == 0) {
        struct rlimit rl = {1, RLIM_INFINITY};
        setrlimit(RLIMIT_CPU, &rl);
        for (volatile unsigned long x = 0;; x++) {}
    }
    waitpid(c, &st, 0);
    printf("default SIGXCPU: signaled %d\n", WIFSIGNALED(st) ? WTERMSIG(st) : -1);
    return 0;
}
