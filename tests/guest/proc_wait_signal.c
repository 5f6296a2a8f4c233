/* Children ended or stopped by signals: WIFSIGNALED/WTERMSIG, WUNTRACED/WCONTINUED. */
#include "guest.h"

static pid_t sleeper(void) {
    pid_t pid = fork();
    if (pid == 0) {
        for (;;) pause();
    }
    return pid;
}

int main(void) {
    t_init();
    pid_t p = sleeper();
    kill(p, SIGKILL);
    t_reap("SIGKILL", p);
    p = sleeper();
    kill(p, SIGTERM);
    t_reap("SIGTERM", p);
    p = fork();
    if (p == 0) {
        volatile int *null = NULL;
        *null = 1;
        _exit(0);
    }
    t_reap("null write", p);
    p = sleeper();
    kill(p, SIGSTOP);
    int st;
    waitpid(p, &st, WUNTRACED);
    printf("after SIGSTOP: %s\n", t_status(st));
    kill(p, SIGCONT);
    waitpid(p, &st, WCONTINUED);
    printf("after SIGCONT: %s\n", t_status(st));
    kill(p, SIGHUP);
    t_reap("SIGHUP", p);
    siginfo_t si;
    p = fork();
    if (p == 0) _exit(17);
    memset(&si, 0, sizeof si);
    waitid(P_PID, p, &si, WEXITED);
    printf("waitid: si_code CLD_EXITED %s, si_status %d, si_pid matches %s\n",
           yesno(si.si_code == CLD_EXITED), si.si_status, yesno(si.si_pid == p));
    p = sleeper();
    kill(p, SIGUSR1);
    memset(&si, 0, sizeof si);
    waitid(P_PID, p, &si, WEXITED);
    printf("waitid killed: si_code CLD_KILLED %s, si_status %d\n", yesno(si.si_code == CLD_KILLED), si.si_status);
    return 0;
}
