/* Clocks: CLOCK_MONOTONIC never goes back, nanosleep sleeps at least as asked, CLOCK_REALTIME
 * agrees with gettimeofday and time(), clock_getres, CPU-time clocks advance with work. */
#include "guest.h"
#include <sys/time.h>
#include <time.h>

static double now(clockid_t c) {
    struct timespec t;
    clock_gettime(c, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

/* CLOCK_BOOTTIME read after CLOCK_MONOTONIC is never behind it (it also counts suspend). */
static int boottime_after_monotonic(void) {
    double m = now(CLOCK_MONOTONIC);
    return now(CLOCK_BOOTTIME) >= m;
}

int main(void) {
    t_init();
    struct timespec prev, cur;
    clock_gettime(CLOCK_MONOTONIC, &prev);
    int backwards = 0;
    for (int i = 0; i < 100000; i++) {
        clock_gettime(CLOCK_MONOTONIC, &cur);
        if (cur.tv_sec < prev.tv_sec || (cur.tv_sec == prev.tv_sec && cur.tv_nsec < prev.tv_nsec)) backwards++;
        prev = cur;
    }
    printf("monotonic went backwards: %d times\n", backwards);
    double a = now(CLOCK_MONOTONIC);
    struct timespec req = {0, 100000000}, rem = {9, 9};
    t_show("nanosleep 100 ms", nanosleep(&req, &rem));
    double slept = now(CLOCK_MONOTONIC) - a;
    printf("slept at least 100 ms: %s, less than 2 s: %s\n", yesno(slept >= 0.1), yesno(slept < 2));
    a = now(CLOCK_MONOTONIC);
    usleep(20000);
    printf("usleep 20 ms: %s\n", yesno(now(CLOCK_MONOTONIC) - a >= 0.02));
    double rt = now(CLOCK_REALTIME);
    struct timeval tv;
    gettimeofday(&tv, NULL);
    time_t t = time(NULL);
    printf("realtime after 2020: %s\n", yesno(rt > 1577836800.0));
    printf("gettimeofday within 1 s: %s, time() within 1 s: %s\n",
           yesno(tv.tv_sec + tv.tv_usec / 1e6 - rt < 1 && tv.tv_sec + tv.tv_usec / 1e6 - rt > -1),
           yesno(t - (time_t)rt <= 1 && t - (time_t)rt >= -1));
    struct timespec res;
    t_show("clock_getres MONOTONIC", clock_getres(CLOCK_MONOTONIC, &res));
    printf("resolution at most 1 ms: %s\n", yesno(res.tv_sec == 0 && res.tv_nsec <= 1000000));
    double c0 = now(CLOCK_PROCESS_CPUTIME_ID);
    volatile unsigned long x = 0;
    for (unsigned long i = 0; i < 20000000; i++) x += i;
    printf("process CPU time advanced: %s\n", yesno(now(CLOCK_PROCESS_CPUTIME_ID) > c0));
    printf("thread CPU time positive: %s\n", yesno(now(CLOCK_THREAD_CPUTIME_ID) > 0));
    printf("boottime >= monotonic: %s\n", yesno(boottime_after_monotonic()));
    t_show("clock_gettime bad clock", clock_gettime((clockid_t)1234, &cur));
    struct timespec badreq = {0, 1000000000};
    t_show("nanosleep tv_nsec too big", nanosleep(&badreq, NULL));
    struct tm tm;
    time_t fixed = 1234567890;
    gmtime_r(&fixed, &tm);
    char buf[64];
    strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %A", &tm);
    printf("gmtime: %s\n", buf);
    return 0;
}
