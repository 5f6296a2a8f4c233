/* SIGCHLD: a handler that reaps with WNOHANG, si_code CLD_EXITED, and SIGCHLD ignored (children
 * are reaped by the kernel, wait returns ECHILD). */
#include "guest.h"

static volatile int reaped, first_code, exited_sum;

static void on_chld(int sig, siginfo_t *si, void *uc) {
    (void)sig;
    (void)uc;
    if (!first_code) first_code = si->si_code;
    int st;
    while (waitpid(-1, &st, WNOHANG) > 0) {
        reaped++;
        exited_sum += WEXITSTATUS(st);
    }
}

int main(void) {
    t_init();
    struct sigaction sa = {0};
    sa.sa_sigaction = on_chld;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigaction(SIGCHLD, &sa, NULL);
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGCHLD);
    sigprocmask(SIG_BLOCK, &block, &old);
    for (int i = 1; i <= 3; i++) {
        if (fork() == 0) _exit(i);
    }
    while (reaped < 3) sigsuspend(&old);
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("reaped %d children, statuses sum %d, si_code CLD_EXITED: %s\n", reaped, exited_sum,
           yesno(first_code == CLD_EXITED));

    signal(SIGCHLD, SIG_IGN);
    pid_t c = fork();
    if (c == 0) _exit(0);
    int st;
    pid_t r = waitpid(c, &st, 0);
    printf("SIG_IGN child: waitpid %s\n", r < 0 ? errname(errno) : "returned the child");

    signal(SIGCHLD, SIG_DFL);
    c = fork();
    if (c == 0) _exit(9);
    t_reap("default SIGCHLD child", c);
    return 0;
}
