/* Helpers of the pty_*.c guest programs: a pseudo-terminal pair and reads of the master that
 * wait for output with a timeout (a master sees the slave's output asynchronously on Linux). */
#ifndef JERLA_PTY_H
#define JERLA_PTY_H
#include "guest.h"
#include <poll.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>

/* Opens a master with posix_openpt, grantpt and unlockpt, and its slave; exits on failure. */
static inline int pty_open(int *slave) {
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    if (m < 0 || grantpt(m) != 0 || unlockpt(m) != 0) {
        printf("pty setup failed: %s\n", errname(errno));
        exit(99);
    }
    *slave = open(ptsname(m), O_RDWR | O_NOCTTY);
    if (*slave < 0) {
        printf("slave open failed: %s\n", errname(errno));
        exit(99);
    }
    return m;
}

/* Reads from fd until `want` bytes arrived or 5 s passed; then waits `quiet_ms` for more. */
static inline int pty_read(int fd, char *buf, int cap, int want, int quiet_ms) {
    int n = 0;
    while (n < cap) {
        struct pollfd p = {fd, POLLIN, 0};
        int r = poll(&p, 1, n >= want ? quiet_ms : 5000);
        if (r <= 0 || !(p.revents & POLLIN)) break;
        int k = read(fd, buf + n, cap - n);
        if (k <= 0) break;
        n += k;
    }
    return n;
}

/* Prints `label: "text"` with control characters escaped. */
static inline void pty_show(const char *label, const char *buf, int n) {
    printf("%s: \"", label);
    for (int i = 0; i < n; i++) {
        unsigned char c = buf[i];
        if (c == '\n') printf("\\n");
        else if (c == '\r') printf("\\r");
        else if (c == '\b') printf("\\b");
        else if (c < 0x20 || c >= 0x7f) printf("\\x%02x", c);
        else putchar(c);
    }
    printf("\" (%d)\n", n);
}

/* Writes `in` to the master, then shows what the slave reads (one read) and the echo. */
static inline void pty_line(int m, int s, const char *label, const char *in, int echo_len) {
    char buf[256];
    write(m, in, strlen(in));
    int n = read(s, buf, sizeof buf);
    printf("%s ", label);
    pty_show("read", buf, n < 0 ? 0 : n);
    n = pty_read(m, buf, sizeof buf, echo_len, 100);
    printf("%s ", label);
    pty_show("echo", buf, n);
}

static inline double pty_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}
#endif
