/* timer_create with SIGEV_THREAD_ID: each expiry's signal goes to the named thread (gettid in the handler), si_code SI_TIMER; bad tids are EINVAL; SIGEV_NONE is read with timer_gettime. */
#include "guest.h"
#include <pthread.h>
#include <sys/syscall.h>
#include <time.h>

#ifndef sigev_notify_thread_id
#define sigev_notify_thread_id _sigev_un._tid
#endif

static volatile pid_t handled_by;
static volatile int handled, code;
static volatile pid_t worker_tid;
static volatile int stop;

static pid_t tid(void) { return (pid_t)syscall(SYS_gettid); }

static void on_timer(int sig, siginfo_t *si, void *uc) {
    (void)sig; (void)uc;
    handled_by = tid();
    code = si->si_code;
    handled++;
}

static void *worker(void *arg) {
    (void)arg;
    worker_tid = tid();
    while (!stop)
        usleep(1000);
    return NULL;
}

static int fire_at(pid_t target, const char *label) {
    struct sigevent sev;
    memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_THREAD_ID;
    sev.sigev_signo = SIGUSR1;
    sev.sigev_notify_thread_id = target;
    timer_t t;
    if (timer_create(CLOCK_MONOTONIC, &sev, &t) != 0) {
        printf("%s: timer_create: %s\n", label, errname(errno));
        return -1;
    }
    handled = 0;
    handled_by = 0;
    struct itimerspec its = {{0, 5000000}, {0, 5000000}};
    timer_settime(t, 0, &its, NULL);
    int ok = 1;
    for (int n = 0; n < 3; n++) {
        while (handled <= n)
            usleep(500);
        ok &= handled_by == target;
    }
    timer_delete(t);
    printf("%s: 3 expiries, all in the target thread: %s, si_code SI_TIMER: %s\n", label, yesno(ok), yesno(code == SI_TIMER));
    return 0;
}

int main(void) {
    t_init();
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_timer;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigaction(SIGUSR1, &sa, NULL);
    pthread_t th;
    pthread_create(&th, NULL, worker, NULL);
    while (!worker_tid)
        usleep(1000);
    fire_at(worker_tid, "to the worker");
    fire_at(tid(), "to the main thread");

    /* A tid outside the process, or one that does not exist, is refused. */
    struct sigevent sev;
    memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_THREAD_ID;
    sev.sigev_signo = SIGUSR1;
    timer_t t;
    pid_t c = fork();
    if (c == 0) {
        pause();
        _exit(0);
    }
    sev.sigev_notify_thread_id = c;
    t_show("SIGEV_THREAD_ID, another process", timer_create(CLOCK_MONOTONIC, &sev, &t));
    kill(c, SIGKILL);
    waitpid(c, NULL, 0);
    sev.sigev_notify_thread_id = 0x3ffffff0;
    t_show("SIGEV_THREAD_ID, no such thread", timer_create(CLOCK_MONOTONIC, &sev, &t));
    sev.sigev_notify = SIGEV_SIGNAL | SIGEV_THREAD_ID;
    sev.sigev_notify_thread_id = tid();
    t_show("SIGEV_SIGNAL|SIGEV_THREAD_ID", timer_create(CLOCK_MONOTONIC, &sev, &t) == 0 ? 0 : -1);

    /* SIGEV_NONE: nothing is delivered; timer_gettime shows the time left and the interval. */
    sev.sigev_notify = SIGEV_NONE;
    timer_t tn;
    t_show("SIGEV_NONE create", timer_create(CLOCK_MONOTONIC, &sev, &tn));
    struct itimerspec its = {{2, 0}, {0, 30000000}}, cur;
    handled = 0;
    timer_settime(tn, 0, &its, NULL);
    usleep(100000);
    timer_gettime(tn, &cur);
    printf("SIGEV_NONE after expiry: reloaded into the interval: %s, interval 2 s: %s, nothing handled: %s\n",
           yesno(cur.it_value.tv_sec == 1 || (cur.it_value.tv_sec == 2 && cur.it_value.tv_nsec == 0)),
           yesno(cur.it_interval.tv_sec == 2 && cur.it_interval.tv_nsec == 0), yesno(handled == 0));
    printf("SIGEV_NONE overrun: %d\n", timer_getoverrun(tn));
    timer_delete(tn);
    stop = 1;
    pthread_join(th, NULL);
    return 0;
}
