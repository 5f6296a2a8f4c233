/* RLIMIT_NPROC counts every task of the user: processes and threads (pthread_create gets EAGAIN at the limit), an unreaped zombie still counts until waited for. Needs root (setuid to an otherwise unused uid). */
#include "guest.h"
#include <pthread.h>
#include <sys/resource.h>

static void *idle(void *arg) {
    (void)arg;
    pause();
    return NULL;
}

int main(void) {
    t_init();
    pid_t c = fork();
    if (c == 0) {
        if (setuid(54321) != 0) {
            printf("setuid failed\n");
            _exit(1);
        }
        struct rlimit rl = {3, 3};
        setrlimit(RLIMIT_NPROC, &rl);
        /* Task 1 is this process; two more fit. */
        pid_t a = fork();
        if (a == 0) {
            pause();
            _exit(0);
        }
        printf("second task (fork): %s\n", a > 0 ? "allowed" : errname(errno));
        pthread_t th;
        int e = pthread_create(&th, NULL, idle, NULL);
        printf("third task (thread): %s\n", e == 0 ? "allowed" : errname(e));
        pid_t b = fork();
        if (b == 0)
            _exit(0);
        printf("fourth task (fork): %s\n", b > 0 ? "allowed" : errname(errno));
        pthread_t th2;
        e = pthread_create(&th2, NULL, idle, NULL);
        printf("fourth task (thread): %s\n", e == 0 ? "allowed" : errname(e));
        kill(a, SIGKILL);
        /* The killed child is a zombie until reaped: still counted. */
        siginfo_t si;
        waitid(P_PID, a, &si, WEXITED | WNOWAIT);
        b = fork();
        if (b == 0)
            _exit(0);
        printf("fork with a zombie unreaped: %s\n", b > 0 ? "allowed" : errname(errno));
        waitpid(a, NULL, 0);
        b = fork();
        if (b == 0)
            _exit(0);
        printf("fork after reaping it: %s\n", b > 0 ? "allowed" : errname(errno));
        if (b > 0)
            waitpid(b, NULL, 0);
        _exit(0);
    }
    t_reap("user child", c);
    return 0;
}
