/* Blocked signals stay pending until unblocked; sigpending, sigsuspend, ignoring a pending signal
 * discards it, SIGKILL and SIGSTOP cannot be blocked. */
#include "guest.h"

static volatile int count;
static void on_usr(int s) { (void)s; count++; }

int main(void) {
    t_init();
    signal(SIGUSR1, on_usr);
    signal(SIGUSR2, on_usr);
    sigset_t block, old, pend;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigprocmask(SIG_BLOCK, &block, &old);
    raise(SIGUSR1);
    raise(SIGUSR1);
    sigpending(&pend);
    printf("while blocked: handled %d, pending USR1 %s, pending USR2 %s\n", count, yesno(sigismember(&pend, SIGUSR1)),
           yesno(sigismember(&pend, SIGUSR2)));
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("after unblock: handled %d (standard signals do not queue)\n", count);

    sigprocmask(SIG_BLOCK, &block, NULL);
    raise(SIGUSR1);
    signal(SIGUSR1, SIG_IGN);
    sigpending(&pend);
    printf("ignoring discards pending: %s\n", yesno(!sigismember(&pend, SIGUSR1)));
    signal(SIGUSR1, on_usr);
    sigprocmask(SIG_UNBLOCK, &block, NULL);

    sigset_t all;
    sigfillset(&all);
    sigprocmask(SIG_SETMASK, &all, NULL);
    sigset_t cur;
    sigprocmask(SIG_SETMASK, NULL, &cur);
    printf("fill mask: SIGKILL blocked %s, SIGSTOP blocked %s, SIGUSR2 blocked %s\n", yesno(sigismember(&cur, SIGKILL)),
           yesno(sigismember(&cur, SIGSTOP)), yesno(sigismember(&cur, SIGUSR2)));

    count = 0;
    pid_t parent = getpid();
    pid_t c = fork();
    if (c == 0) {
        usleep(100000);
        kill(parent, SIGUSR2);
        _exit(0);
    }
    sigset_t wait_mask;
    sigfillset(&wait_mask);
    sigdelset(&wait_mask, SIGUSR2);
    int r = sigsuspend(&wait_mask);
    printf("sigsuspend: %d %s, handled %d\n", r, errname(errno), count);
    sigprocmask(SIG_SETMASK, NULL, &cur);
    printf("mask after sigsuspend is the full one again: %s\n", yesno(sigismember(&cur, SIGUSR2)));
    t_reap("child", c);
    t_show("sigprocmask bad how", sigprocmask(99, &block, NULL));
    return 0;
}
