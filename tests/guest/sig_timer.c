/* Interval timers and alarm(): periodic SIGALRM ticks, alarm returns the time left, getitimer. */
#include "guest.h"
#include <sys/time.h>

static volatile int ticks;
static void on_alarm(int s) { (void)s; ticks++; }

int main(void) {
    t_init();
    signal(SIGALRM, on_alarm);
    struct itimerval it = {{0, 20000}, {0, 20000}};
    t_show("setitimer", setitimer(ITIMER_REAL, &it, NULL));
    while (ticks < 5) pause();
    struct itimerval cur;
    getitimer(ITIMER_REAL, &cur);
    printf("ticks reached 5, interval still 20ms: %s\n", yesno(cur.it_interval.tv_usec == 20000));
    struct itimerval off = {{0, 0}, {0, 0}};
    setitimer(ITIMER_REAL, &off, NULL);
    int seen = ticks;
    usleep(100000);
    printf("no ticks after disarming: %s\n", yesno(ticks == seen));
    printf("alarm(10) first: %u\n", alarm(10));
    unsigned left = alarm(0);
    printf("alarm(0) returns about 10: %s\n", yesno(left >= 9 && left <= 10));
    return 0;
}
