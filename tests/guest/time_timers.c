/* POSIX timers and CPU-time interval timers: timer_create with SIGEV_SIGNAL (si_code SI_TIMER,
 * si_value), SIGEV_NONE read back with timer_gettime, a periodic timer's expiries while its
 * signal is blocked (re-arming discards the stale signal), absolute expiry, deletion, error cases, and ITIMER_VIRTUAL / ITIMER_PROF / CPU-clock timers firing
 * on consumed CPU time. */
#include "guest.h"
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>

static volatile int fired, last_code, last_value, last_overrun;
static void on_timer(int sig, siginfo_t *si, void *uc) {
    (void)sig; (void)uc;
    fired++;
    last_code = si->si_code;
    last_value = si->si_value.sival_int;
    last_overrun = si->si_overrun;
}

static void install(int sig) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_timer;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigaction(sig, &sa, NULL);
}

static void wait_fired(int n) {
    struct timespec ts = {0, 1000000};
    for (int i = 0; i < 5000 && fired < n; i++) nanosleep(&ts, NULL);
}

static volatile unsigned long sink;
static void spin_until(volatile int *flag, int n) {
    for (long i = 0; i < 4000000000L && *flag < n; i++) sink += i;
}

int main(void) {
    t_init();
    install(SIGRTMIN);
    struct sigevent sev;
    memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_SIGNAL;
    sev.sigev_signo = SIGRTMIN;
    sev.sigev_value.sival_int = 99;
    timer_t tm;
    printf("create MONOTONIC: %d\n", timer_create(CLOCK_MONOTONIC, &sev, &tm));
    struct itimerspec its = {{0, 0}, {0, 300 * 1000 * 1000}};
    printf("settime one-shot 300 ms: %d\n", timer_settime(tm, 0, &its, NULL));
    struct itimerspec cur;
    timer_gettime(tm, &cur);
    printf("armed: %s\n", yesno(cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec > 0 && cur.it_value.tv_nsec <= 300000000));
    wait_fired(1);
    printf("fired %d code %s value %d\n", fired, last_code == SI_TIMER ? "SI_TIMER" : "?", last_value);
    timer_gettime(tm, &cur);
    printf("disarmed after expiry: %s\n", yesno(cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec == 0));

    /* Periodic, blocked for a while: one signal with the missed expiries as overruns. */
    sigset_t m;
    sigemptyset(&m);
    sigaddset(&m, SIGRTMIN);
    sigprocmask(SIG_BLOCK, &m, NULL);
    fired = 0;
    struct itimerspec per = {{0, 5 * 1000 * 1000}, {0, 5 * 1000 * 1000}};
    timer_settime(tm, 0, &per, NULL);
    usleep(100 * 1000);
    siginfo_t si;
    struct timespec limit = {2, 0}; /* the expiries are late only on a loaded machine */
    int got = sigtimedwait(&m, &si, &limit);
    printf("periodic while blocked: one signal %s, si_overrun >= 5: %s, getoverrun matches: %s\n", yesno(got == SIGRTMIN),
           yesno(si.si_overrun >= 5), yesno(timer_getoverrun(tm) == si.si_overrun));
    usleep(20 * 1000);
    struct itimerspec zero = {{0, 0}, {0, 0}}, old;
    timer_settime(tm, 0, &zero, &old);
    sigprocmask(SIG_UNBLOCK, &m, NULL);
    printf("disarming discarded the pending signal: %s\n", yesno(fired == 0));
    printf("old interval 5 ms: %s\n", yesno(old.it_interval.tv_sec == 0 && old.it_interval.tv_nsec == 5000000));
    printf("delete: %d\n", timer_delete(tm));
    errno = 0; /* musl's timer_delete returns the error without setting errno */
    printf("delete again fails: %s\n", yesno(timer_delete(tm) != 0));

    /* Absolute expiry on CLOCK_REALTIME; a NULL sigevent means SIGALRM with the id as value. */
    install(SIGALRM);
    fired = 0;
    timer_t ta;
    timer_create(CLOCK_REALTIME, NULL, &ta);
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    now.tv_nsec += 10 * 1000 * 1000;
    if (now.tv_nsec >= 1000000000) { now.tv_sec++; now.tv_nsec -= 1000000000; }
    struct itimerspec abs = {{0, 0}, now};
    timer_settime(ta, TIMER_ABSTIME, &abs, NULL);
    wait_fired(1);
    printf("absolute REALTIME: fired %d\n", fired);
    timer_delete(ta);

    /* SIGEV_NONE: nothing is sent, the time left still counts down. */
    sev.sigev_notify = SIGEV_NONE;
    timer_t tn;
    timer_create(CLOCK_MONOTONIC, &sev, &tn);
    struct itimerspec longer = {{0, 0}, {5, 0}};
    timer_settime(tn, 0, &longer, NULL);
    usleep(20000);
    timer_gettime(tn, &cur);
    printf("SIGEV_NONE counts down: %s\n", yesno(cur.it_value.tv_sec < 5 && cur.it_value.tv_sec >= 4));
    timer_delete(tn);

    timer_t tt;

    /* Errors. */
    t_show("bad clock", timer_create(12345, NULL, &tt));
    sev.sigev_notify = 77;
    t_show("bad notify", timer_create(CLOCK_MONOTONIC, &sev, &tt));
    sev.sigev_notify = SIGEV_SIGNAL;
    sev.sigev_signo = 200;
    t_show("bad signal", timer_create(CLOCK_MONOTONIC, &sev, &tt));

    /* CPU time: ITIMER_VIRTUAL, ITIMER_PROF and a CLOCK_PROCESS_CPUTIME_ID timer fire while spinning. */
    install(SIGVTALRM);
    install(SIGPROF);
    struct itimerval iv = {{0, 0}, {0, 50000}};
    fired = 0;
    setitimer(ITIMER_VIRTUAL, &iv, NULL);
    spin_until(&fired, 1);
    printf("ITIMER_VIRTUAL fired: %d code %s\n", fired, last_code == SI_KERNEL ? "SI_KERNEL" : "?");
    fired = 0;
    setitimer(ITIMER_PROF, &iv, NULL);
    spin_until(&fired, 1);
    printf("ITIMER_PROF fired: %d\n", fired);
    struct itimerval gv;
    getitimer(ITIMER_PROF, &gv);
    printf("ITIMER_PROF disarmed: %s\n", yesno(gv.it_value.tv_sec == 0 && gv.it_value.tv_usec == 0));
    sev.sigev_notify = SIGEV_SIGNAL;
    sev.sigev_signo = SIGRTMIN;
    sev.sigev_value.sival_int = 7;
    timer_t tc;
    printf("create PROCESS_CPUTIME: %d\n", timer_create(CLOCK_PROCESS_CPUTIME_ID, &sev, &tc));
    struct itimerspec cpu = {{0, 0}, {0, 50 * 1000 * 1000}};
    fired = 0;
    timer_settime(tc, 0, &cpu, NULL);
    spin_until(&fired, 1);
    printf("CPU-time timer fired: %d value %d\n", fired, last_value);
    return 0;
}
