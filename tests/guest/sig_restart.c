/* A read from a pipe interrupted by a signal: restarted with SA_RESTART, EINTR without. */
#include "guest.h"
#include <sys/time.h>

static volatile int handled;
static void on_alarm(int s) { (void)s; handled++; }

static void trial(int flags) {
    struct sigaction sa = {0};
    sa.sa_handler = on_alarm;
    sa.sa_flags = flags;
    sigaction(SIGALRM, &sa, NULL);
    int fds[2];
    pipe(fds);
    pid_t writer = fork();
    if (writer == 0) {
        close(fds[0]);
        usleep(600000);
        write(fds[1], "late", 4);
        _exit(0);
    }
    close(fds[1]);
    handled = 0;
    struct itimerval it = {{0, 0}, {0, 150000}};
    setitimer(ITIMER_REAL, &it, NULL);
    char buf[16];
    ssize_t n = read(fds[0], buf, sizeof buf);
    printf("%s: handler ran %d time(s), read ", flags & SA_RESTART ? "SA_RESTART" : "no SA_RESTART", handled);
    if (n < 0) printf("-1 %s\n", errname(errno));
    else printf("%zd bytes: %.*s\n", n, (int)n, buf);
    t_reap("writer", writer);
    close(fds[0]);
}

int main(void) {
    t_init();
    trial(SA_RESTART);
    trial(0);
    return 0;
}
