/* Process ids, process groups and sessions. (Under `jerla exec` the program is process 1 of its
 * own kernel, so only properties that hold natively too are printed.) */
#include "guest.h"

static volatile sig_atomic_t got;
static void on_usr1(int s) { (void)s; got++; }

int main(void) {
    t_init();
    pid_t me = getpid();
    printf("pid>0: %s\n", yesno(me > 0));
    printf("ppid differs from pid: %s\n", yesno(getppid() != me));
    printf("getpgid(0) == getpgrp(): %s\n", yesno(getpgid(0) == getpgrp()));
    int fds[2];
    pipe(fds);
    pid_t c = fork();
    if (c == 0) {
        printf("child: ppid is parent: %s\n", yesno(getppid() == me));
        printf("child: in parent's group: %s\n", yesno(getpgrp() == getpgid(me)));
        setpgid(0, 0);
        printf("child: own group after setpgid: %s\n", yesno(getpgrp() == getpid()));
        _exit(0);
    }
    t_reap("child", c);
    c = fork();
    if (c == 0) {
        pid_t sid = setsid();
        printf("child: setsid returns pid: %s\n", yesno(sid == getpid()));
        printf("child: getsid(0) is pid: %s, group is pid: %s\n", yesno(getsid(0) == getpid()), yesno(getpgrp() == getpid()));
        errno = 0;
        printf("child: setsid again: %s\n", setsid() < 0 ? errname(errno) : "ok");
        _exit(0);
    }
    t_reap("session child", c);
    signal(SIGUSR1, on_usr1);
    /* SIGUSR1 stays blocked until sigsuspend: with pause() a signal arriving between the test of
     * `got` and the system call would be consumed there and the child would sleep forever. */
    sigset_t usr1, old;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    sigprocmask(SIG_BLOCK, &usr1, &old);
    pid_t g = fork();
    if (g == 0) {
        setpgid(0, 0);
        signal(SIGUSR1, on_usr1);
        write(fds[1], "r", 1);
        while (!got) sigsuspend(&old);
        _exit(got);
    }
    sigprocmask(SIG_SETMASK, &old, NULL);
    char b;
    read(fds[0], &b, 1);
    t_show("kill(-group, SIGUSR1)", kill(-g, SIGUSR1));
    t_reap("group member", g);
    printf("parent not signalled: %s\n", yesno(got == 0));
    pid_t gone = fork();
    if (gone == 0) _exit(0);
    waitpid(gone, NULL, 0);
    t_show("setpgid of a reaped child", setpgid(gone, gone));
    t_show("kill(pid, 0) self", kill(me, 0));
    return 0;
}
