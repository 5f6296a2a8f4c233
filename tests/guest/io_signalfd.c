/* signalfd: blocked signals read as signalfd_siginfo records (kill, tgkill, sigqueue values in
 * ssi_int, SIGCHLD with ssi_status and ssi_pid), several records in one read, a blocking read
 * woken by another process, poll and epoll readiness, O_NONBLOCK/EAGAIN, a mask update through
 * signalfd on the same fd, inheritance by a child, the /proc fd link, and the error cases. */
#include "guest.h"
#include <poll.h>
#include <pthread.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>

/* Prints "what: RESULT ERRNO", errno read after the call. */
#define SHOW(what, expr) do { errno = 0; long r_ = (long) (expr); printf("%s: %ld %s\n", what, r_, errname(r_ < 0 ? errno : 0)); } while (0)

static int sfd_read(int fd, struct signalfd_siginfo *si, int n) {
    ssize_t r = read(fd, si, n * sizeof *si);
    return r < 0 ? -1 : (int) (r / (ssize_t) sizeof *si);
}

static const char *signame(unsigned s) {
    switch (s) {
    case SIGUSR1: return "SIGUSR1";
    case SIGUSR2: return "SIGUSR2";
    case SIGCHLD: return "SIGCHLD";
    case SIGTERM: return "SIGTERM";
    case SIGHUP: return "SIGHUP";
    }
    if ((int) s == SIGRTMIN) return "SIGRTMIN";
    if ((int) s == SIGRTMIN + 1) return "SIGRTMIN+1";
    static char b[16];
    snprintf(b, sizeof b, "sig%u", s);
    return b;
}

static int thread_fd;
static struct signalfd_siginfo thread_si;
static ssize_t thread_ret;

static void *reader_thread(void *arg) {
    (void) arg;
    thread_ret = read(thread_fd, &thread_si, sizeof thread_si);
    return NULL;
}

static void on_hup(int sig) { (void) sig; }

static int pollin(int fd) {
    struct pollfd p = {fd, POLLIN, 0};
    int r = poll(&p, 1, 0);
    return r == 1 && (p.revents & POLLIN);
}

int main(void) {
    t_init();
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGUSR1);
    sigaddset(&mask, SIGUSR2);
    sigaddset(&mask, SIGCHLD);
    sigaddset(&mask, SIGRTMIN);
    sigaddset(&mask, SIGRTMIN + 1);
    sigaddset(&mask, SIGTERM);
    sigprocmask(SIG_BLOCK, &mask, NULL);

    int fd = signalfd(-1, &mask, SFD_CLOEXEC);
    printf("signalfd: %s\n", fd >= 0 ? "ok" : errname(errno));
    printf("cloexec: %s\n", yesno(fcntl(fd, F_GETFD) & FD_CLOEXEC));
    printf("nonblock by default: %s\n", yesno(fcntl(fd, F_GETFL) & O_NONBLOCK));
    printf("access mode O_RDWR: %s\n", yesno((fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR));
    char path[64], link[64] = "";
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    ssize_t ln = readlink(path, link, sizeof link - 1);
    if (ln > 0) link[ln] = 0;
    printf("fd link: %s\n", link);

    /* SIGCHLD from a child's exit, before any other child exists. */
    pid_t c = fork();
    if (c == 0) _exit(7);
    struct signalfd_siginfo si[4];
    memset(si, 0xAA, sizeof si);
    int n = sfd_read(fd, si, 1);
    printf("sigchld read: %d %s code CLD_EXITED %s status %d pid-is-child %s uid-ok %s\n", n,
           signame(si[0].ssi_signo), yesno(si[0].ssi_code == CLD_EXITED), si[0].ssi_status,
           yesno(si[0].ssi_pid == (unsigned) c), yesno(si[0].ssi_uid == getuid()));
    printf("sigchld unused fields zero: %s\n", yesno(si[0].ssi_fd == 0 && si[0].ssi_int == 0 && si[0].ssi_addr == 0));
    t_reap("child", c);

    /* Nothing pending. */
    printf("poll empty: %s\n", yesno(pollin(fd)));

    /* kill(2): SI_USER with our pid. */
    kill(getpid(), SIGUSR1);
    printf("poll after kill: %s\n", yesno(pollin(fd)));
    memset(si, 0xAA, sizeof si);
    n = sfd_read(fd, si, 4);
    printf("kill read: %d %s code SI_USER %s pid-is-me %s uid-ok %s errno %d\n", n, signame(si[0].ssi_signo),
           yesno(si[0].ssi_code == SI_USER), yesno(si[0].ssi_pid == (unsigned) getpid()),
           yesno(si[0].ssi_uid == getuid()), si[0].ssi_errno);
    printf("poll drained: %s\n", yesno(pollin(fd)));

    /* Several records in one read, lowest signal first; a standard signal is not queued twice. */
    kill(getpid(), SIGUSR2);
    kill(getpid(), SIGUSR1);
    kill(getpid(), SIGUSR1);
    n = sfd_read(fd, si, 4);
    printf("multi read: %d", n);
    for (int i = 0; i < n; i++) printf(" %s", signame(si[i].ssi_signo));
    printf("\n");

    /* A buffer for fewer records takes only that many. */
    kill(getpid(), SIGUSR2);
    kill(getpid(), SIGUSR1);
    n = sfd_read(fd, si, 1);
    printf("one-record buffer: %d %s\n", n, signame(si[0].ssi_signo));
    n = sfd_read(fd, si, 1);
    printf("next: %d %s\n", n, signame(si[0].ssi_signo));

    /* sigqueue values: real-time signals queue, in order, with ssi_int and ssi_ptr. */
    union sigval v;
    v.sival_int = 42;
    sigqueue(getpid(), SIGRTMIN, v);
    v.sival_int = 43;
    sigqueue(getpid(), SIGRTMIN, v);
    v.sival_ptr = (void *) 0x1234;
    sigqueue(getpid(), SIGRTMIN + 1, v);
    n = sfd_read(fd, si, 4);
    printf("sigqueue read: %d\n", n);
    for (int i = 0; i < n; i++)
        printf("  %s code SI_QUEUE %s int %d ptr %#llx pid-is-me %s\n", signame(si[i].ssi_signo),
               yesno(si[i].ssi_code == SI_QUEUE), si[i].ssi_int, (unsigned long long) si[i].ssi_ptr,
               yesno(si[i].ssi_pid == (unsigned) getpid()));

    /* Thread-directed (tgkill) signals are read too. */
    syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGTERM);
    n = sfd_read(fd, si, 2);
    printf("tgkill read: %d %s code SI_TKILL %s\n", n, signame(si[0].ssi_signo), yesno(si[0].ssi_code == SI_TKILL));

    /* Non-blocking: EAGAIN; a short buffer: EINVAL. */
    int fl = fcntl(fd, F_GETFL);
    fcntl(fd, F_SETFL, fl | O_NONBLOCK);
    SHOW("nonblocking empty read", read(fd, si, sizeof si));
    fcntl(fd, F_SETFL, fl);
    SHOW("short buffer", read(fd, si, 64));
    int nb = signalfd(-1, &mask, SFD_NONBLOCK);
    printf("SFD_NONBLOCK flag: %s\n", yesno(fcntl(nb, F_GETFL) & O_NONBLOCK));
    SHOW("SFD_NONBLOCK read", read(nb, si, sizeof si));
    close(nb);

    /* A blocking read woken by a signal sent from another process. */
    c = fork();
    if (c == 0) {
        usleep(100000);
        kill(getppid(), SIGUSR2);
        _exit(0);
    }
    n = sfd_read(fd, si, 1);
    printf("blocking read: %d %s pid-is-child %s\n", n, signame(si[0].ssi_signo), yesno(si[0].ssi_pid == (unsigned) c));
    waitpid(c, NULL, 0);
    /* Its SIGCHLD is pending now: take it. */
    n = sfd_read(fd, si, 1);
    printf("its sigchld: %d %s\n", n, signame(si[0].ssi_signo));

    /* epoll readiness. */
    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN, .data.u32 = 77}, out[2];
    printf("epoll_ctl: %d\n", epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev));
    printf("epoll empty: %d\n", epoll_wait(ep, out, 2, 0));
    kill(getpid(), SIGUSR1);
    n = epoll_wait(ep, out, 2, 0);
    printf("epoll after kill: %d events EPOLLIN %s data %u\n", n, yesno(n == 1 && (out[0].events & EPOLLIN)),
           n == 1 ? out[0].data.u32 : 0);
    sfd_read(fd, si, 1);
    printf("epoll drained: %d\n", epoll_wait(ep, out, 2, 0));
    /* A blocking epoll_wait woken by a child's signal. */
    c = fork();
    if (c == 0) {
        usleep(100000);
        kill(getppid(), SIGUSR1);
        _exit(0);
    }
    n = epoll_wait(ep, out, 2, 5000);
    printf("blocking epoll_wait: %d\n", n);
    sfd_read(fd, si, 1);
    printf("read after epoll: %s pid-is-child %s\n", signame(si[0].ssi_signo), yesno(si[0].ssi_pid == (unsigned) c));
    waitpid(c, NULL, 0);
    sfd_read(fd, si, 1); /* its SIGCHLD */
    close(ep);

    /* Mask update: signalfd on the same fd changes what it reads. */
    sigset_t only2;
    sigemptyset(&only2);
    sigaddset(&only2, SIGUSR2);
    printf("update returns same fd: %s\n", yesno(signalfd(fd, &only2, 0) == fd));
    kill(getpid(), SIGUSR1);
    printf("poll with USR1 pending, mask USR2: %s\n", yesno(pollin(fd)));
    kill(getpid(), SIGUSR2);
    n = sfd_read(fd, si, 4);
    printf("read after update: %d %s\n", n, signame(si[0].ssi_signo));
    sigset_t pend;
    sigpending(&pend);
    printf("USR1 still pending: %s\n", yesno(sigismember(&pend, SIGUSR1)));
    /* Signals outside the mask are left alone; a second signalfd sees them. */
    sigset_t only1;
    sigemptyset(&only1);
    sigaddset(&only1, SIGUSR1);
    int fd2 = signalfd(-1, &only1, 0);
    n = sfd_read(fd2, si, 4);
    printf("second fd read: %d %s\n", n, signame(si[0].ssi_signo));
    /* SIGKILL and SIGSTOP in a mask are dropped silently. */
    sigaddset(&only1, SIGKILL);
    sigaddset(&only1, SIGSTOP);
    printf("mask with SIGKILL: %s\n", yesno(signalfd(fd2, &only1, 0) == fd2));

    /* A child reads its own signals through the inherited fd. */
    signalfd(fd, &mask, 0);
    c = fork();
    if (c == 0) {
        kill(getpid(), SIGUSR2);
        struct signalfd_siginfo s;
        ssize_t r = read(fd, &s, sizeof s);
        printf("child read: %zd %s pid-is-self %s\n", r, signame(s.ssi_signo), yesno(s.ssi_pid == (unsigned) getpid()));
        _exit(0);
    }
    t_reap("reader child", c);
    printf("parent poll after child: %s\n", yesno(pollin(fd)));
    n = sfd_read(fd, si, 1);
    printf("parent gets the child's SIGCHLD: %d %s\n", n, signame(si[0].ssi_signo));

    /* Another thread sleeps in read; a process-directed signal wakes it (all threads block it). */
    thread_fd = fd;
    pthread_t th;
    pthread_create(&th, NULL, reader_thread, NULL);
    usleep(100000);
    kill(getpid(), SIGUSR1);
    pthread_join(th, NULL);
    printf("thread read: %zd %s\n", thread_ret, signame(thread_si.ssi_signo));

    /* An unblocked signal with a handler interrupts a sleeping read: EINTR without SA_RESTART. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_hup;
    sigaction(SIGHUP, &sa, NULL);
    /* The child stays until the read is over, so its SIGCHLD cannot be what the read returns. */
    int hold[2];
    pipe(hold);
    c = fork();
    if (c == 0) {
        close(hold[1]);
        usleep(100000);
        kill(getppid(), SIGHUP);
        read(hold[0], &n, 1);
        _exit(0);
    }
    close(hold[0]);
    SHOW("read interrupted by a handled signal", read(fd, si, sizeof si));
    close(hold[1]);
    waitpid(c, NULL, 0);
    n = sfd_read(fd, si, 1);
    printf("then its sigchld: %d %s\n", n, signame(si[0].ssi_signo));

    /* Errors. */
    int p[2];
    pipe(p);
    SHOW("sizemask 4", syscall(SYS_signalfd4, -1, &mask, 4, 0));
    SHOW("sizemask 16", syscall(SYS_signalfd4, -1, &mask, 16, 0));
    SHOW("bad flags", syscall(SYS_signalfd4, -1, &mask, 8, 1));
    SHOW("old signalfd sizemask 4", syscall(SYS_signalfd, -1, &mask, 4));
    SHOW("not a signalfd", signalfd(p[0], &mask, 0));
    SHOW("closed fd", signalfd(p[1] + 50, &mask, 0));
    SHOW("fd -2", syscall(SYS_signalfd4, -2, &mask, 8, 0));
    SHOW("bad mask pointer", syscall(SYS_signalfd4, -1, (void *) 8, 8, 0));
    SHOW("write", write(fd, si, sizeof si[0]));
    SHOW("lseek", (long) lseek(fd, 0, SEEK_SET));
    close(fd);
    close(fd2);
    return 0;
}
