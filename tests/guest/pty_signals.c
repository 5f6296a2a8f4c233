/* Job control on a pseudo-terminal: a session leader acquires the slave as its controlling
 * terminal by opening it (/dev/tty is ENXIO before), ^C sends SIGINT to the foreground group,
 * TIOCSWINSZ on the master sends SIGWINCH, TIOCGPGRP/TIOCGSID work on the master, and closing
 * the master hangs up: SIGHUP to the session leader, reads return 0, writes EIO. */
#include "pty.h"

static volatile sig_atomic_t got_int, got_winch, got_hup;
static void on_int(int sig) { (void)sig; got_int++; }
static void on_winch(int sig) { (void)sig; got_winch++; }
static void on_hup(int sig) { (void)sig; got_hup++; }

static int report;
static void say(const char *fmt, long v) {
    char line[128];
    int n = snprintf(line, sizeof line, fmt, v);
    write(report, line, n);
}

static void say_s(const char *fmt, const char *v) {
    char line[128];
    int n = snprintf(line, sizeof line, fmt, v);
    write(report, line, n);
}

static const char *err_or(long ret, const char *ok) {
    if (ret >= 0) return ok;
    return errno == ENXIO ? "ENXIO" : errname(errno);
}

static void wait_flag(volatile sig_atomic_t *f) {
    for (int i = 0; i < 500 && !*f; i++) usleep(10000);
}

static void child(const char *name, int go) {
    char c;
    setsid();
    int fd = open("/dev/tty", O_RDWR);
    say_s("child: /dev/tty before: %s\n", err_or(fd, "opened"));
    int s = open(name, O_RDWR);
    say("child: slave opened: %ld\n", s >= 0);
    pid_t sid = -1, pg = -1;
    ioctl(s, TIOCGSID, &sid);
    say("child: TIOCGSID is own pid: %ld\n", sid == getpid());
    pg = tcgetpgrp(s);
    say("child: foreground is own group: %ld\n", pg == getpgrp());
    fd = open("/dev/tty", O_RDWR);
    say("child: /dev/tty after: %ld\n", fd >= 0);
    struct sigaction sa = {0};
    sa.sa_flags = SA_RESTART;
    sa.sa_handler = on_int;
    sigaction(SIGINT, &sa, NULL);
    sa.sa_handler = on_winch;
    sigaction(SIGWINCH, &sa, NULL);
    sa.sa_handler = on_hup;
    sigaction(SIGHUP, &sa, NULL);
    write(report, "R", 1);
    read(go, &c, 1);
    wait_flag(&got_int);
    say("child: SIGINT: %ld\n", got_int);
    write(report, "R", 1);
    read(go, &c, 1);
    wait_flag(&got_winch);
    struct winsize ws;
    ioctl(s, TIOCGWINSZ, &ws);
    say("child: SIGWINCH: %ld", got_winch);
    say(" size %ld", ws.ws_col);
    say("x%ld\n", ws.ws_row);
    write(report, "R", 1);
    read(go, &c, 1);
    wait_flag(&got_hup);
    say("child: SIGHUP: %ld\n", got_hup);
    char buf[16];
    long n = read(s, buf, sizeof buf);
    say("child: read after hangup: %ld\n", n);
    n = write(s, "x", 1);
    say_s("child: write after hangup: %s\n", err_or(n, "ok"));
    fd = open("/dev/tty", O_RDWR);
    say_s("child: /dev/tty after hangup: %s\n", err_or(fd, "opened"));
    _exit(0);
}

/* Copies the child's report up to the next "R" (or its end) to stdout. */
static void relay(int from) {
    char c;
    while (read(from, &c, 1) == 1 && c != 'R') putchar(c);
    fflush(stdout);
}

int main(void) {
    t_init();
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    grantpt(m);
    unlockpt(m);
    char name[64];
    snprintf(name, sizeof name, "%s", ptsname(m));
    int rep[2], go[2];
    pipe(rep);
    pipe(go);
    pid_t pid = fork();
    if (pid == 0) {
        close(m);
        close(rep[0]);
        close(go[1]);
        report = rep[1];
        child(name, go[0]);
    }
    close(rep[1]);
    close(go[0]);
    relay(rep[0]);
    pid_t pg = -1, sid = -1;
    ioctl(m, TIOCGPGRP, &pg);
    printf("master TIOCGPGRP is the child: %s\n", yesno(pg == pid));
    ioctl(m, TIOCGSID, &sid);
    printf("master TIOCGSID is the child: %s\n", yesno(sid == pid));
    t_show("tcgetpgrp(master) without a controlling tty", tcgetpgrp(m) == pid ? 0 : -1);
    write(m, "\x03", 1);
    char buf[64];
    int n = pty_read(m, buf, sizeof buf, 2, 100);
    pty_show("echo of ^C", buf, n);
    write(go[1], "g", 1);
    relay(rep[0]);
    struct winsize ws = {30, 100, 0, 0};
    t_show("TIOCSWINSZ on master", ioctl(m, TIOCSWINSZ, &ws));
    write(go[1], "g", 1);
    relay(rep[0]);
    close(m);
    write(go[1], "g", 1);
    relay(rep[0]);
    t_reap("child", pid);
    return 0;
}
