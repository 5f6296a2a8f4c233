/* Waiting with a signal mask: ppoll and pselect6 let a blocked signal in only while they wait
 * (EINTR, the handler runs, the old mask is back afterwards), epoll_pwait likewise; the timeout
 * left as the C library reports it; select over descriptors above 1000 (up to FD_SETSIZE) and EBADF
 * for one not open; and poll with more descriptors than RLIMIT_NOFILE (EINVAL). */
#include "guest.h"
#include <poll.h>
#include <sys/select.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <time.h>

static volatile sig_atomic_t got;

static void on_usr1(int sig) {
    (void)sig;
    got++;
}

static int usr1_blocked(void) {
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    return sigismember(&cur, SIGUSR1);
}

int main(void) {
    t_init();
    struct sigaction sa = {.sa_handler = on_usr1};
    sigaction(SIGUSR1, &sa, NULL);
    sigset_t block, empty;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigemptyset(&empty);
    sigprocmask(SIG_BLOCK, &block, NULL);
    int p[2];
    pipe(p);

    /* A pending blocked signal: ppoll with an empty mask lets it in at once. */
    kill(getpid(), SIGUSR1);
    printf("pending while blocked, handler ran: %d\n", got);
    struct pollfd pf = {.fd = p[0], .events = POLLIN};
    struct timespec ts = {5, 0};
    t_show("ppoll with an empty mask", ppoll(&pf, 1, &ts, &empty));
    printf("handler ran: %d, still blocked after: %s\n", got, yesno(usr1_blocked()));
    /* ppoll with the signal still blocked just times out. */
    kill(getpid(), SIGUSR1);
    struct timespec shortt = {0, 50000000};
    t_show("ppoll keeping it blocked", ppoll(&pf, 1, &shortt, &block));
    printf("handler ran: %d, timeout left: %ld.%09ld\n", got, (long)shortt.tv_sec, shortt.tv_nsec);
    sigset_t pend;
    sigpending(&pend);
    printf("still pending: %s\n", yesno(sigismember(&pend, SIGUSR1)));
    /* pselect takes it in. */
    fd_set rd;
    FD_ZERO(&rd);
    FD_SET(p[0], &rd);
    struct timespec ts2 = {5, 0};
    t_show("pselect with an empty mask", pselect(p[0] + 1, &rd, NULL, NULL, &ts2, &empty));
    printf("handler ran: %d, still blocked after: %s\n", got, yesno(usr1_blocked()));
    /* A signal from another process arriving during the wait. */
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        usleep(100000);
        kill(getppid(), SIGUSR1);
        _exit(0);
    }
    struct timespec ts3 = {5, 0};
    t_show("ppoll interrupted by a signal sent later", ppoll(&pf, 1, &ts3, &empty));
    waitpid(pid, NULL, 0);
    printf("handler ran: %d, time left below 5 s: %s\n", got, yesno(ts3.tv_sec < 5));
    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN};
    epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
    kill(getpid(), SIGUSR1);
    t_show("epoll_pwait with an empty mask", epoll_pwait(ep, &ev, 1, 5000, &empty));
    printf("handler ran: %d, still blocked after: %s\n", got, yesno(usr1_blocked()));
    /* Ready descriptors and no signal: the count. */
    write(p[1], "x", 1);
    t_show("ppoll ready, no signal", ppoll(&pf, 1, NULL, &empty));
    t_show("ppoll bad timeout", ppoll(&pf, 1, &(struct timespec){0, -1}, NULL));

    /* select with high descriptors. */
    int hi = dup2(p[0], 1000);
    int top = dup2(p[1], FD_SETSIZE - 1);
    fd_set r2, w2;
    FD_ZERO(&r2);
    FD_ZERO(&w2);
    FD_SET(hi, &r2);
    FD_SET(top, &w2);
    struct timeval tv = {0, 0};
    int n = select(FD_SETSIZE, &r2, &w2, NULL, &tv);
    printf("select up to FD_SETSIZE: %d, fd 1000 readable %s, fd %d writable %s\n", n, yesno(FD_ISSET(hi, &r2)),
           FD_SETSIZE - 1, yesno(FD_ISSET(top, &w2)));
    close(1000);
    FD_ZERO(&r2);
    FD_SET(1000, &r2);
    t_show("select on a closed descriptor", select(1001, &r2, NULL, NULL, &tv));
    struct rlimit rl = {64, 64};
    setrlimit(RLIMIT_NOFILE, &rl);
    static struct pollfd many[100];
    for (int i = 0; i < 100; i++)
        many[i].fd = -1;
    t_show("poll with more fds than RLIMIT_NOFILE", poll(many, 100, 0));
    t_show("poll with negative fds only", poll(many, 64, 0));
    return 0;
}
