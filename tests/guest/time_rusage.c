/* CPU-time accounting: wait4 and waitid report the child's rusage, getrusage(RUSAGE_CHILDREN)
 * and times() accumulate reaped children, RUSAGE_SELF and RUSAGE_THREAD grow while computing,
 * and ru_maxrss reflects memory the child touched. Only properties are printed. */
#include "guest.h"
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/times.h>

static double secs(struct timeval tv) { return tv.tv_sec + tv.tv_usec / 1e6; }

static volatile unsigned long sink;
static void burn(double seconds) {
    struct rusage ru;
    do {
        for (int i = 0; i < 200000; i++) sink += i * 7;
        getrusage(RUSAGE_THREAD, &ru);
    } while (secs(ru.ru_utime) + secs(ru.ru_stime) < seconds);
}

int main(void) {
    t_init();
    pid_t c = fork();
    if (c == 0) {
        char *p = malloc(8 << 20);
        memset(p, 1, 8 << 20);
        burn(0.2);
        _exit(0);
    }
    struct rusage ru;
    memset(&ru, 0xff, sizeof ru);
    int st;
    pid_t r = wait4(c, &st, 0, &ru);
    printf("wait4 pid ok: %s\n", yesno(r == c));
    printf("child cpu >= 0.2 s: %s\n", yesno(secs(ru.ru_utime) + secs(ru.ru_stime) >= 0.2));
    printf("child utime >= 0.1 s: %s\n", yesno(secs(ru.ru_utime) >= 0.1));
    printf("child maxrss >= 8 MiB: %s\n", yesno(ru.ru_maxrss >= 8192));
    struct rusage ch;
    getrusage(RUSAGE_CHILDREN, &ch);
    printf("RUSAGE_CHILDREN includes it: %s\n", yesno(secs(ch.ru_utime) + secs(ch.ru_stime) >= 0.2 && ch.ru_maxrss >= 8192));
    struct tms tm;
    times(&tm);
    long hz = sysconf(_SC_CLK_TCK);
    printf("times() child ticks >= 0.1 s: %s\n", yesno(tm.tms_cutime + tm.tms_cstime >= hz / 10));

    c = fork();
    if (c == 0) {
        burn(0.1);
        _exit(0);
    }
    siginfo_t si;
    memset(&ru, 0, sizeof ru);
    /* The raw system call: glibc's waitid() has no rusage argument. */
    long w = syscall(247, P_PID, c, &si, WEXITED, &ru);
    printf("waitid rusage: %ld, cpu >= 0.1 s: %s\n", w, yesno(secs(ru.ru_utime) + secs(ru.ru_stime) >= 0.1));

    struct rusage before, after;
    getrusage(RUSAGE_SELF, &before);
    burn(0.1);
    getrusage(RUSAGE_SELF, &after);
    printf("RUSAGE_SELF grows: %s\n", yesno(secs(after.ru_utime) + secs(after.ru_stime) > secs(before.ru_utime) + secs(before.ru_stime)));
    return 0;
}
