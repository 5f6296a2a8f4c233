/* Non-canonical reads of a pseudo-terminal slave in the four VMIN/VTIME combinations (termios(3)):
 * MIN=0 TIME=0 polls, MIN>0 TIME=0 waits for MIN bytes, MIN=0 TIME>0 times out with 0, MIN>0
 * TIME>0 returns what came once the inter-byte timer expires. Timings are checked loosely. */
#include "pty.h"

static void set_mode(int s, int vmin, int vtime) {
    struct termios tio;
    tcgetattr(s, &tio);
    tio.c_lflag &= ~(ICANON | ECHO);
    tio.c_cc[VMIN] = vmin;
    tio.c_cc[VTIME] = vtime;
    tcsetattr(s, TCSANOW, &tio);
}

/* A child that writes `text` to the master after `delay_ms`. */
static pid_t later(int m, const char *text, int delay_ms) {
    pid_t p = fork();
    if (p == 0) {
        usleep(delay_ms * 1000);
        write(m, text, strlen(text));
        _exit(0);
    }
    return p;
}

static void wait_input(int s, int n) {
    for (int i = 0; i < 500; i++) {
        int avail = 0;
        ioctl(s, FIONREAD, &avail);
        if (avail >= n) return;
        usleep(10000);
    }
}

int main(void) {
    t_init();
    int s, m = pty_open(&s);
    char buf[64];
    double t0;
    int n;

    set_mode(s, 0, 0);
    t0 = pty_now();
    n = read(s, buf, sizeof buf);
    printf("MIN=0 TIME=0 empty: %d, immediate: %s\n", n, yesno(pty_now() - t0 < 0.5));
    write(m, "abc", 3);
    wait_input(s, 3);
    n = read(s, buf, sizeof buf);
    printf("MIN=0 TIME=0 data: %d \"%.*s\"\n", n, n, buf);

    set_mode(s, 3, 0);
    write(m, "xy", 2);
    pid_t p = later(m, "z", 300);
    n = read(s, buf, sizeof buf);
    printf("MIN=3 TIME=0: %d \"%.*s\"\n", n, n, buf);
    t_reap("writer", p);
    write(m, "12345", 5);
    wait_input(s, 5);
    n = read(s, buf, 2);
    printf("MIN=3 TIME=0 short buffer: %d \"%.*s\"\n", n, n, buf);
    n = read(s, buf, sizeof buf);
    printf("MIN=3 TIME=0 rest: %d \"%.*s\"\n", n, n, buf);

    set_mode(s, 0, 3);
    t0 = pty_now();
    n = read(s, buf, sizeof buf);
    double el = pty_now() - t0;
    printf("MIN=0 TIME=3 empty: %d, waited about 0.3 s: %s\n", n, yesno(el >= 0.2 && el < 3));
    p = later(m, "q", 100);
    n = read(s, buf, sizeof buf);
    printf("MIN=0 TIME=3 data: %d \"%.*s\"\n", n, n, buf);
    t_reap("writer", p);

    set_mode(s, 4, 3);
    p = later(m, "ab", 100);
    t0 = pty_now();
    n = read(s, buf, sizeof buf);
    el = pty_now() - t0;
    printf("MIN=4 TIME=3 two bytes: %d \"%.*s\", after the timer: %s\n", n, n, buf, yesno(el >= 0.2 && el < 5));
    t_reap("writer", p);
    write(m, "wxyz", 4);
    wait_input(s, 4);
    n = read(s, buf, sizeof buf);
    printf("MIN=4 TIME=3 four bytes: %d \"%.*s\"\n", n, n, buf);

    set_mode(s, 1, 0);
    fcntl(s, F_SETFL, O_NONBLOCK);
    t_show("O_NONBLOCK empty", read(s, buf, sizeof buf));
    return 0;
}
