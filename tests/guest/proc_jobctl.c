/* Job-control stops and continues as wait reports them (WUNTRACED, WCONTINUED, waitid
 * CLD_STOPPED/CLD_CONTINUED), the core-dump bit of a fatal SIGSEGV (WCOREDUMP), PR_SET_PDEATHSIG
 * and PR_SET_CHILD_SUBREAPER reparenting. */
#include "guest.h"
#include <sys/prctl.h>
#include <sys/resource.h>

static void show_status(const char *what, int st) {
    if (WIFEXITED(st)) printf("%s: exited %d\n", what, WEXITSTATUS(st));
    else if (WIFSIGNALED(st)) printf("%s: signaled %d\n", what, WTERMSIG(st));
    else if (WIFSTOPPED(st)) printf("%s: stopped %d\n", what, WSTOPSIG(st));
    else if (WIFCONTINUED(st)) printf("%s: continued\n", what);
    else printf("%s: 0x%x\n", what, st);
}

/* Runs in a process that is not init and whose child has its own process group in the same
 * session: otherwise the group would be orphaned and SIGTSTP discarded (is_global_init in
 * will_become_orphaned_pgrp; under `jerla exec` the program itself is pid 1). */
static void job_control(void) {
    int p[2];
    pipe(p);
    pid_t c = fork();
    if (c == 0) {
        setpgid(0, 0);
        close(p[1]);
        char b;
        read(p[0], &b, 1);
        _exit(3);
    }
    close(p[0]);
    setpgid(c, c);
    int st;
    kill(c, SIGSTOP);
    pid_t r = waitpid(c, &st, WUNTRACED);
    show_status("after SIGSTOP", st);
    printf("  pid matches: %s\n", yesno(r == c));
    printf("WNOHANG|WUNTRACED again: %d\n", waitpid(c, &st, WNOHANG | WUNTRACED));
    kill(c, SIGCONT);
    r = waitpid(c, &st, WCONTINUED);
    show_status("after SIGCONT", st);
    kill(c, SIGTSTP);
    siginfo_t si;
    memset(&si, 0, sizeof si);
    waitid(P_PID, c, &si, WSTOPPED);
    printf("waitid stop: code %s status %d\n", si.si_code == CLD_STOPPED ? "CLD_STOPPED" : "?", si.si_status);
    kill(c, SIGCONT);
    memset(&si, 0, sizeof si);
    waitid(P_PID, c, &si, WCONTINUED);
    printf("waitid continue: code %s status %d\n", si.si_code == CLD_CONTINUED ? "CLD_CONTINUED" : "?", si.si_status);
    write(p[1], "x", 1);
    waitpid(c, &st, 0);
    show_status("final", st);
}

int main(void) {
    t_init();
    int st;
    pid_t c = fork();
    if (c == 0) {
        job_control();
        _exit(0);
    }
    waitpid(c, &st, 0);

    /* SIGSEGV with a core limit of 0: no core bit; with core dumps allowed the bit depends on
     * the host's core_pattern, so only the signal is shown. */
    c = fork();
    if (c == 0) {
        struct rlimit rl = {0, 0};
        setrlimit(RLIMIT_CORE, &rl);
        *(volatile int *)(long)getpid() = 1;
        _exit(0);
    }
    waitpid(c, &st, 0);
    printf("segv, RLIMIT_CORE 0: signaled %d core %d\n", WTERMSIG(st), WCOREDUMP(st) ? 1 : 0);

    /* From here on orphaned descendants come to us (under `jerla exec` we are init anyway). */
    printf("set subreaper: %d\n", prctl(PR_SET_CHILD_SUBREAPER, 1));
    int sr = 0;
    prctl(PR_GET_CHILD_SUBREAPER, &sr);
    printf("get subreaper: %d\n", sr);

    /* PR_SET_PDEATHSIG: the grandchild is told when its parent dies. */
    int q[2];
    pipe(q);
    c = fork();
    if (c == 0) {
        pid_t gc = fork();
        if (gc == 0) {
            static volatile sig_atomic_t got;
            void h(int s) { (void)s; got = 1; }
            signal(SIGUSR1, h);
            sigset_t m, old;
            sigemptyset(&m);
            sigaddset(&m, SIGUSR1);
            sigprocmask(SIG_BLOCK, &m, &old);
            prctl(PR_SET_PDEATHSIG, SIGUSR1);
            int sig = 0;
            prctl(PR_GET_PDEATHSIG, &sig);
            write(q[1], sig == SIGUSR1 ? "p" : "?", 1);
            while (!got) sigsuspend(&old);
            write(q[1], "d", 1);
            _exit(0);
        }
        char b;
        read(q[0], &b, 1);
        _exit(b == 'p' ? 0 : 1);
    }
    waitpid(c, &st, 0);
    char b = 0;
    read(q[0], &b, 1);
    printf("pdeathsig delivered after the parent died: %s\n", yesno(b == 'd'));
    wait(&st);
    show_status("pdeathsig grandchild reaped by the subreaper", st);

    /* Subreaper: orphaned grandchildren are reparented to us, not to init. */
    pid_t me = getpid();
    int x[2];
    pipe(x);
    c = fork();
    if (c == 0) {
        pid_t gc = fork();
        if (gc == 0) {
            close(x[1]);
            char z;
            read(x[0], &z, 1); /* the parent has exited now */
            _exit(getppid() == me ? 42 : 43);
        }
        _exit(0);
    }
    waitpid(c, &st, 0);
    write(x[1], "go", 1);
    wait(&st);
    show_status("orphan reaped by the subreaper", st);
    printf("no more children: %s\n", errname(wait(&st) < 0 ? errno : 0));
    return 0;
}
