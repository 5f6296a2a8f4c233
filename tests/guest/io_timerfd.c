/* timerfd: one-shot and periodic timers (expiration counts checked with timing slack), relative
 * and absolute expiries on CLOCK_MONOTONIC, CLOCK_REALTIME and CLOCK_BOOTTIME, gettime's
 * remaining time, settime returning the old setting, disarming, poll and epoll readiness,
 * non-blocking reads, a read interrupted by a signal (EINTR, or restarted with SA_RESTART), and
 * the error cases. */
#include "guest.h"
#include <poll.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <time.h>

#define SHOW(what, expr) do { errno = 0; long r_ = (long) (expr); printf("%s: %ld %s\n", what, r_, errname(r_ < 0 ? errno : 0)); } while (0)

static long long now_ns(clockid_t c) {
    struct timespec ts;
    clock_gettime(c, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static struct itimerspec its(long long value_ns, long long interval_ns) {
    struct itimerspec t;
    t.it_value.tv_sec = value_ns / 1000000000LL;
    t.it_value.tv_nsec = value_ns % 1000000000LL;
    t.it_interval.tv_sec = interval_ns / 1000000000LL;
    t.it_interval.tv_nsec = interval_ns % 1000000000LL;
    return t;
}

static long long ns(struct timespec ts) { return ts.tv_sec * 1000000000LL + ts.tv_nsec; }

static int readable(int fd) {
    struct pollfd p = {fd, POLLIN, 0};
    return poll(&p, 1, 0) == 1 && (p.revents & POLLIN);
}

static long long read_count(int fd) {
    uint64_t n = 0;
    ssize_t r = read(fd, &n, sizeof n);
    return r == 8 ? (long long) n : -1;
}

static int handled;
static void on_alarm(int sig) { (void) sig; handled++; }

static void alarm_in_ms(int ms) {
    struct itimerval v = {{0, 0}, {0, ms * 1000}};
    setitimer(ITIMER_REAL, &v, NULL);
}

int main(void) {
    t_init();
    int fd = timerfd_create(CLOCK_MONOTONIC, 0);
    printf("create: %s\n", fd >= 0 ? "ok" : errname(errno));
    char path[64], link[64] = "";
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    ssize_t ln = readlink(path, link, sizeof link - 1);
    if (ln > 0) link[ln] = 0;
    printf("fd link: %s\n", link);
    printf("O_RDWR: %s nonblock: %s cloexec: %s\n", yesno((fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR),
           yesno(fcntl(fd, F_GETFL) & O_NONBLOCK), yesno(fcntl(fd, F_GETFD) & FD_CLOEXEC));

    struct itimerspec cur, old;
    timerfd_gettime(fd, &cur);
    printf("unarmed gettime: %lld %lld\n", ns(cur.it_value), ns(cur.it_interval));
    printf("unarmed readable: %s\n", yesno(readable(fd)));

    /* One-shot, relative. */
    struct itimerspec v = its(5000000000LL, 0);
    SHOW("settime 5 s", timerfd_settime(fd, 0, &v, NULL));
    timerfd_gettime(fd, &cur);
    printf("remaining in (4s, 5s]: %s interval %lld\n",
           yesno(ns(cur.it_value) > 4000000000LL && ns(cur.it_value) <= 5000000000LL), ns(cur.it_interval));
    printf("readable before expiry: %s\n", yesno(readable(fd)));
    v = its(200000000, 0);
    long long t0 = now_ns(CLOCK_MONOTONIC);
    SHOW("settime one-shot 200 ms", timerfd_settime(fd, 0, &v, NULL));
    long long n = read_count(fd);
    long long el = now_ns(CLOCK_MONOTONIC) - t0;
    printf("blocking read: %lld after >= 195ms: %s\n", n, yesno(el >= 195000000));
    timerfd_gettime(fd, &cur);
    printf("expired gettime: %lld %lld\n", ns(cur.it_value), ns(cur.it_interval));
    fcntl(fd, F_SETFL, O_NONBLOCK);
    SHOW("nonblocking read after one-shot", read(fd, &n, 8));
    fcntl(fd, F_SETFL, 0);

    /* Expired but unread: readable, count 1, and a re-arm resets the count. */
    v = its(1000000, 0);
    timerfd_settime(fd, 0, &v, NULL);
    usleep(30000);
    struct pollfd pw = {fd, POLLIN, 0};
    printf("expired one-shot readable: %s\n", yesno(poll(&pw, 1, 5000) == 1));
    v = its(5000000000LL, 0);
    timerfd_settime(fd, 0, &v, NULL);
    printf("re-armed readable: %s\n", yesno(readable(fd)));

    /* settime returns the previous setting. */
    v = its(7000000000LL, 0);
    SHOW("settime with old", timerfd_settime(fd, 0, &v, &old));
    printf("old value in (4s, 5s]: %s old interval %lld\n",
           yesno(ns(old.it_value) > 4000000000LL && ns(old.it_value) <= 5000000000LL), ns(old.it_interval));
    /* Disarm. */
    v = its(0, 0);
    timerfd_settime(fd, 0, &v, &old);
    printf("disarm old in (6s, 7s]: %s\n", yesno(ns(old.it_value) > 6000000000LL && ns(old.it_value) <= 7000000000LL));
    timerfd_gettime(fd, &cur);
    printf("disarmed gettime: %lld %lld\n", ns(cur.it_value), ns(cur.it_interval));

    /* Periodic: 20 ms period, read after about 110 ms. */
    v = its(20000000, 20000000);
    timerfd_settime(fd, 0, &v, NULL);
    usleep(110000);
    n = read_count(fd);
    printf("periodic count 4..100: %s\n", yesno(n >= 4 && n <= 100));
    n = read_count(fd);
    printf("next periodic read 1..50: %s\n", yesno(n >= 1 && n <= 50));
    /* gettime after an expiry moves a periodic timer to its next period. */
    v = its(10000000, 2000000000LL);
    timerfd_settime(fd, 0, &v, NULL);
    usleep(50000);
    timerfd_gettime(fd, &cur);
    printf("periodic gettime: remaining in (0, 2s): %s interval %lld\n",
           yesno(ns(cur.it_value) > 0 && ns(cur.it_value) < 2000000000LL), ns(cur.it_interval));
    printf("the expiry before gettime still counts: %lld\n", read_count(fd));
    v = its(0, 0);
    timerfd_settime(fd, 0, &v, NULL);

    /* Absolute expiry in the future, and in the past. */
    long long abs = now_ns(CLOCK_MONOTONIC) + 50000000;
    v = its(abs, 0);
    SHOW("settime abstime", timerfd_settime(fd, TFD_TIMER_ABSTIME, &v, NULL));
    n = read_count(fd);
    printf("abstime read: %lld at or after expiry: %s\n", n, yesno(now_ns(CLOCK_MONOTONIC) >= abs));
    v = its(now_ns(CLOCK_MONOTONIC) - 1000000000LL, 0);
    timerfd_settime(fd, TFD_TIMER_ABSTIME, &v, NULL);
    int ready = readable(fd);
    printf("abstime in the past readable at once: %s count %lld\n", yesno(ready), read_count(fd));
    v = its(now_ns(CLOCK_MONOTONIC) - 1000000000LL, 100000000);
    timerfd_settime(fd, TFD_TIMER_ABSTIME, &v, NULL);
    n = read_count(fd);
    printf("periodic abstime 1 s back, 100 ms period: count 10..30: %s\n", yesno(n >= 10 && n <= 30));
    v = its(0, 0);
    timerfd_settime(fd, 0, &v, NULL);

    /* epoll. */
    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN, .data.u32 = 5}, out[2];
    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    printf("epoll unarmed: %d\n", epoll_wait(ep, out, 2, 0));
    v = its(30000000, 0);
    timerfd_settime(fd, 0, &v, NULL);
    int k = epoll_wait(ep, out, 2, 5000);
    printf("epoll wait: %d EPOLLIN %s data %u\n", k, yesno(k == 1 && (out[0].events & EPOLLIN)), k == 1 ? out[0].data.u32 : 0);
    printf("read after epoll: %lld\n", read_count(fd));
    printf("epoll after read: %d\n", epoll_wait(ep, out, 2, 0));
    close(ep);

    /* Other clocks, and flags at creation. */
    int rt = timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK | TFD_CLOEXEC);
    printf("realtime nonblock: %s cloexec: %s\n", yesno(fcntl(rt, F_GETFL) & O_NONBLOCK), yesno(fcntl(rt, F_GETFD) & FD_CLOEXEC));
    SHOW("realtime nonblocking unarmed read", read(rt, &n, 8));
    v = its(now_ns(CLOCK_REALTIME) + 40000000, 0);
    SHOW("realtime abstime cancel-on-set", timerfd_settime(rt, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &v, NULL));
    struct pollfd p = {rt, POLLIN, 0};
    printf("realtime poll: %d\n", poll(&p, 1, 5000));
    printf("realtime count: %lld\n", read_count(rt));
    close(rt);
    int bt = timerfd_create(CLOCK_BOOTTIME, 0);
    v = its(20000000, 0);
    timerfd_settime(bt, 0, &v, NULL);
    printf("boottime count: %lld\n", read_count(bt));
    close(bt);

    /* A signal interrupts a blocking read: EINTR without SA_RESTART. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    v = its(10000000000LL, 0);
    timerfd_settime(fd, 0, &v, NULL);
    alarm_in_ms(50);
    SHOW("read interrupted", read(fd, &n, 8));
    printf("handler ran: %d\n", handled);
    /* With SA_RESTART the read goes on and returns the expiration. */
    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    v = its(600000000, 0);
    timerfd_settime(fd, 0, &v, NULL);
    alarm_in_ms(20);
    printf("restarted read: %lld\n", read_count(fd));
    printf("handler ran: %d\n", handled);

    /* Errors. */
    int pf[2];
    pipe(pf);
    SHOW("bad clock", timerfd_create(123, 0));
    SHOW("process cputime clock", timerfd_create(CLOCK_PROCESS_CPUTIME_ID, 0));
    SHOW("monotonic raw clock", timerfd_create(CLOCK_MONOTONIC_RAW, 0));
    SHOW("bad create flags", timerfd_create(CLOCK_MONOTONIC, 1));
    v = its(1000000, 0);
    SHOW("bad settime flags", timerfd_settime(fd, 4, &v, NULL));
    v.it_value.tv_nsec = 1000000000;
    SHOW("tv_nsec 1e9", timerfd_settime(fd, 0, &v, NULL));
    v = its(1000000, 0);
    v.it_interval.tv_sec = -1;
    SHOW("negative interval", timerfd_settime(fd, 0, &v, NULL));
    v = its(1000000, 0);
    v.it_value.tv_sec = -1;
    SHOW("negative value", timerfd_settime(fd, 0, &v, NULL));
    SHOW("settime on a pipe", timerfd_settime(pf[0], 0, &v, NULL));
    v = its(1000000, 0);
    SHOW("settime on a closed fd", timerfd_settime(pf[1] + 40, 0, &v, NULL));
    SHOW("settime bad pointer", syscall(SYS_timerfd_settime, fd, 0, (void *) 8, NULL));
    SHOW("gettime on a pipe", timerfd_gettime(pf[0], &cur));
    SHOW("gettime bad pointer", syscall(SYS_timerfd_gettime, fd, (void *) 8));
    SHOW("read 4 bytes", read(fd, &n, 4));
    SHOW("write", write(fd, &n, 8));
    SHOW("lseek", (long) lseek(fd, 0, SEEK_SET));
    close(fd);
    return 0;
}
