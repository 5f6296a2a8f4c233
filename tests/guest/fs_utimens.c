/* File times on a host directory and on tmpfs: utimensat with nanoseconds, UTIME_NOW and
 * UTIME_OMIT (each alone and together), a NULL times array, futimens, utimes and futimesat with
 * microseconds, AT_SYMLINK_NOFOLLOW on a link, ctime moving on every change, the permission rules
 * (write access suffices for "now", explicit times need ownership) and EINVAL for bad nanoseconds. */
#include "guest.h"
#include <sys/time.h>
#include <time.h>

static struct stat st_of(int dfd, const char *p, int flags) {
    struct stat st;
    memset(&st, 0, sizeof st);
    fstatat(dfd, p, &st, flags);
    return st;
}

static void show(int dfd, const char *p, int flags) {
    struct stat st = st_of(dfd, p, flags);
    printf("  atime %lld.%09ld mtime %lld.%09ld\n", (long long)st.st_atim.tv_sec, st.st_atim.tv_nsec,
           (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
}

static int recent(struct timespec t) {
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    return t.tv_sec <= now.tv_sec && t.tv_sec >= now.tv_sec - 60;
}

static void run(const char *base, const char *tag) {
    char d[256];
    snprintf(d, sizeof d, "%s/fs_utimens.%d", base, getpid());
    mkdir(d, 0777);
    chmod(d, 0777);
    int dfd = open(d, O_RDONLY | O_DIRECTORY);
    printf("-- %s\n", tag);
    int fd = openat(dfd, "f", O_CREAT | O_RDWR, 0666);
    fchmod(fd, 0666);
    struct timespec ts[2] = {{1000000000, 123456789}, {1200000000, 987654321}};
    t_show("utimensat explicit", utimensat(dfd, "f", ts, 0));
    show(dfd, "f", 0);
    struct timespec omit_a[2] = {{0, UTIME_OMIT}, {1300000000, 5}};
    t_show("UTIME_OMIT atime", utimensat(dfd, "f", omit_a, 0));
    show(dfd, "f", 0);
    struct timespec omit_m[2] = {{1400000000, 7}, {0, UTIME_OMIT}};
    t_show("UTIME_OMIT mtime", utimensat(dfd, "f", omit_m, 0));
    show(dfd, "f", 0);
    struct stat before = st_of(dfd, "f", 0);
    struct timespec omit_both[2] = {{0, UTIME_OMIT}, {0, UTIME_OMIT}};
    t_show("UTIME_OMIT both", utimensat(dfd, "f", omit_both, 0));
    struct stat after = st_of(dfd, "f", 0);
    printf("  times unchanged: %s\n", yesno(before.st_atim.tv_sec == after.st_atim.tv_sec && before.st_mtim.tv_sec == after.st_mtim.tv_sec));
    struct timespec now_a[2] = {{0, UTIME_NOW}, {0, UTIME_OMIT}};
    t_show("UTIME_NOW atime", utimensat(dfd, "f", now_a, 0));
    after = st_of(dfd, "f", 0);
    printf("  atime recent: %s, mtime kept: %s\n", yesno(recent(after.st_atim)), yesno(after.st_mtim.tv_sec == 1300000000));
    t_show("NULL times", utimensat(dfd, "f", NULL, 0));
    after = st_of(dfd, "f", 0);
    printf("  both recent: %s, ctime recent: %s\n", yesno(recent(after.st_atim) && recent(after.st_mtim)), yesno(recent(after.st_ctim)));
    t_show("futimens", futimens(fd, ts));
    show(dfd, "f", 0);
    struct timeval tv[2] = {{1500000000, 250000}, {1600000000, 999999}};
    char path[300];
    snprintf(path, sizeof path, "%s/f", d);
    t_show("utimes", utimes(path, tv));
    show(dfd, "f", 0);
    t_show("futimesat", futimesat(dfd, "f", tv));
    show(dfd, "f", 0);
    struct timeval badtv[2] = {{0, 1000000}, {0, 0}};
    t_show("utimes bad usec", utimes(path, badtv));
    struct timespec bad[2] = {{0, 1000000000}, {0, 0}};
    t_show("bad nsec", utimensat(dfd, "f", bad, 0));
    struct timespec neg[2] = {{0, -1}, {0, 0}};
    t_show("negative nsec", utimensat(dfd, "f", neg, 0));
    struct timespec old[2] = {{-1, 0}, {0, 500}};
    t_show("before 1970", utimensat(dfd, "f", old, 0));
    show(dfd, "f", 0);
    t_show("bad flag", utimensat(dfd, "f", ts, 0x2));
    t_show("UTIME_OMIT both on a missing file", utimensat(dfd, "missing", omit_both, 0));
    t_show("UTIME_OMIT both with a bad flag", utimensat(dfd, "f", omit_both, 0x2));
    t_show("missing", utimensat(dfd, "missing", ts, 0));
    /* A symbolic link's own times. */
    symlinkat("f", dfd, "link");
    struct timespec lts[2] = {{1100000000, 1}, {1100000000, 2}};
    t_show("AT_SYMLINK_NOFOLLOW", utimensat(dfd, "link", lts, AT_SYMLINK_NOFOLLOW));
    show(dfd, "link", AT_SYMLINK_NOFOLLOW);
    show(dfd, "f", 0);
    /* ctime follows chmod. */
    utimensat(dfd, "f", ts, 0);
    /* Permissions: another user with write access may set "now" but not explicit times. */
    fchown(fd, 1000, 1000);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        setgroups(0, NULL);
        setgid(1001);
        setuid(1001);
        t_show("other user, write access, NULL", utimensat(dfd, "f", NULL, 0));
        t_show("other user, write access, UTIME_NOW both", utimensat(dfd, "f", (struct timespec[2]){{0, UTIME_NOW}, {0, UTIME_NOW}}, 0));
        t_show("other user, explicit", utimensat(dfd, "f", ts, 0));
        t_show("other user, NOW and OMIT", utimensat(dfd, "f", now_a, 0));
        t_show("other user, OMIT both", utimensat(dfd, "f", omit_both, 0));
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    fchmod(fd, 0644);
    pid = fork();
    if (pid == 0) {
        setgroups(0, NULL);
        setgid(1001);
        setuid(1001);
        t_show("other user, no write access, NULL", utimensat(dfd, "f", NULL, 0));
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    pid = fork();
    if (pid == 0) {
        setgroups(0, NULL);
        setgid(1000);
        setuid(1000);
        t_show("owner without write access, explicit", utimensat(dfd, "f", ts, 0));
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    close(fd);
    close(dfd);
}

int main(void) {
    t_init();
    const char *s = t_scratch();
    chmod(s, 0755);
    run(s, "host directory");
    run("/dev/shm", "tmpfs");
    return 0;
}
