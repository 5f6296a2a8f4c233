/* pidfds: pidfd_open, poll readiness when the process exits, pidfd_send_signal (with and
 * without a siginfo), pidfd_getfd duplicating a child's descriptor, waitid(P_PIDFD), and the
 * errors for bad arguments. */
#include "guest.h"
#include <poll.h>
#include <sys/syscall.h>

static int pidfd_open(pid_t pid, unsigned flags) { return syscall(SYS_pidfd_open, pid, flags); }
static int pidfd_send_signal(int fd, int sig, siginfo_t *info, unsigned flags) { return syscall(SYS_pidfd_send_signal, fd, sig, info, flags); }
static int pidfd_getfd(int fd, int target, unsigned flags) { return syscall(SYS_pidfd_getfd, fd, target, flags); }

int main(void) {
    t_init();
    int p[2];
    pipe(p);
    pid_t c = fork();
    if (c == 0) {
        for (;;) pause();
    }
    int fd = pidfd_open(c, 0);
    printf("pidfd_open: %s, close-on-exec: %s\n", yesno(fd >= 0), yesno(fcntl(fd, F_GETFD) & FD_CLOEXEC));
    struct pollfd pf = {fd, POLLIN, 0};
    printf("poll while running: %d\n", poll(&pf, 1, 0));

    close(p[0]);
    int dup = pidfd_getfd(fd, p[0], 0);
    printf("pidfd_getfd: %s\n", yesno(dup >= 0));
    write(p[1], "hi", 2);
    char b[3] = {0};
    read(dup, b, 2);
    printf("read through the duplicate: %s\n", b);
    t_show("pidfd_getfd bad flags", pidfd_getfd(fd, p[0], 1));
    t_show("pidfd_getfd bad target fd", pidfd_getfd(fd, 999, 0));

    t_show("pidfd_send_signal 0", pidfd_send_signal(fd, 0, NULL, 0));
    t_show("pidfd_send_signal bad flags", pidfd_send_signal(fd, SIGTERM, NULL, 8));
    t_show("pidfd_send_signal SIGTERM (PIDFD_SIGNAL_THREAD_GROUP)", pidfd_send_signal(fd, SIGTERM, NULL, 2));
    int n = poll(&pf, 1, 5000);
    printf("poll after exit: %d revents POLLIN %s\n", n, yesno(pf.revents & POLLIN));
    t_show("pidfd_send_signal to a zombie", pidfd_send_signal(fd, SIGTERM, NULL, 0));
    siginfo_t si;
    memset(&si, 0, sizeof si);
    t_show("waitid P_PIDFD", waitid(P_PIDFD, fd, &si, WEXITED));
    printf("  code %s status %d pid ok %s\n", si.si_code == CLD_KILLED ? "CLD_KILLED" : "?", si.si_status, yesno(si.si_pid == c));
    t_show("pidfd_send_signal to reaped", pidfd_send_signal(fd, SIGTERM, NULL, 0));
    close(fd);

    /* A siginfo of our own to ourselves. */
    int self = pidfd_open(getpid(), 0);
    sigset_t m;
    sigemptyset(&m);
    sigaddset(&m, SIGUSR1);
    sigprocmask(SIG_BLOCK, &m, NULL);
    memset(&si, 0, sizeof si);
    si.si_signo = SIGUSR1;
    si.si_code = SI_QUEUE;
    si.si_value.sival_int = 31;
    t_show("pidfd_send_signal with siginfo", pidfd_send_signal(self, SIGUSR1, &si, 0));
    siginfo_t got;
    sigwaitinfo(&m, &got);
    printf("  got code %s value %d\n", got.si_code == SI_QUEUE ? "SI_QUEUE" : "?", got.si_value.sival_int);

    /* clone3 with CLONE_PIDFD: the pidfd arrives with the child. */
    struct {
        unsigned long long flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
    } ca;
    memset(&ca, 0, sizeof ca);
    int cfd = -1;
    ca.flags = 0x1000; /* CLONE_PIDFD */
    ca.pidfd = (unsigned long)&cfd;
    ca.exit_signal = SIGCHLD;
    long k = syscall(SYS_clone3, &ca, 64);
    if (k == 0) _exit(5);
    printf("clone3 CLONE_PIDFD: child %s, pidfd %s\n", yesno(k > 0), yesno(cfd >= 0));
    memset(&si, 0, sizeof si);
    waitid(P_PIDFD, cfd, &si, WEXITED);
    printf("  waitid through it: code %s status %d\n", si.si_code == CLD_EXITED ? "CLD_EXITED" : "?", si.si_status);
    ca.flags = 0x1000 | 0x10000 | 0x800 | 0x100; /* CLONE_PIDFD | CLONE_THREAD | CLONE_SIGHAND | CLONE_VM */
    t_show("clone3 CLONE_PIDFD with CLONE_THREAD", syscall(SYS_clone3, &ca, 64));

    t_show("pidfd_open pid 0", pidfd_open(0, 0));
    t_show("pidfd_open bad flags", pidfd_open(getpid(), 1));
    t_show("pidfd_open missing", pidfd_open(99999, 0));
    t_show("pidfd_send_signal on a pipe", pidfd_send_signal(p[1], SIGTERM, NULL, 0));
    return 0;
}
