/* execve keeps ignored signals ignored and the blocked mask, and resets handled signals to the
 * default action. */
#include "guest.h"

extern char **environ;
static void handler(int s) { (void)s; }

int main(int argc, char **argv) {
    if (argc > 1) {
        struct sigaction sa;
        sigaction(SIGUSR1, NULL, &sa);
        printf("after exec: SIGUSR1 ignored %s\n", yesno(sa.sa_handler == SIG_IGN));
        sigaction(SIGUSR2, NULL, &sa);
        printf("after exec: SIGUSR2 default %s\n", yesno(sa.sa_handler == SIG_DFL));
        sigset_t cur;
        sigprocmask(SIG_BLOCK, NULL, &cur);
        printf("after exec: SIGHUP blocked %s, SIGTERM blocked %s\n", yesno(sigismember(&cur, SIGHUP)),
               yesno(sigismember(&cur, SIGTERM)));
        sigset_t pend;
        sigpending(&pend);
        printf("after exec: SIGHUP still pending %s\n", yesno(sigismember(&pend, SIGHUP)));
        return 0;
    }
    t_init();
    signal(SIGUSR1, SIG_IGN);
    signal(SIGUSR2, handler);
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGHUP);
    sigprocmask(SIG_BLOCK, &block, NULL);
    raise(SIGHUP);
    char *args[] = {argv[0], "after", NULL};
    execve(argv[0], args, environ);
    printf("execve failed: %s\n", errname(errno));
    return 1;
}
