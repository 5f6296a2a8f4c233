/* Pseudo-terminals through posix_openpt/grantpt/unlockpt/ptsname: the lock, the slave node,
 * canonical line editing (erase, kill, werase, EOF) with its echo, ICRNL and ONLCR, ECHO off,
 * ECHOCTL, the window size, FIONREAD, and EIO on the master once every slave file is closed. */
#include "pty.h"
#include <sys/sysmacros.h>

int main(void) {
    t_init();
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    printf("posix_openpt: %s\n", yesno(m >= 0));
    printf("isatty(master): %s\n", yesno(isatty(m)));
    int locked = -1;
    t_show("TIOCGPTLCK", ioctl(m, TIOCGPTLCK, &locked));
    printf("locked: %d\n", locked);
    int ptn = -1;
    t_show("TIOCGPTN", ioctl(m, TIOCGPTN, &ptn));
    char expect[64];
    snprintf(expect, sizeof expect, "/dev/pts/%d", ptn);
    printf("ptsname matches TIOCGPTN: %s\n", yesno(strcmp(ptsname(m), expect) == 0));
    t_show("open locked slave", open(expect, O_RDWR | O_NOCTTY));
    t_show("grantpt", grantpt(m));
    t_show("unlockpt", unlockpt(m));
    struct stat st;
    t_show("stat slave", stat(expect, &st));
    printf("slave is chr 136:ptn: %s\n",
           yesno(S_ISCHR(st.st_mode) && major(st.st_rdev) == 136 && (int)minor(st.st_rdev) == ptn));
    int s = open(expect, O_RDWR | O_NOCTTY);
    printf("open slave: %s\n", yesno(s >= 0));
    printf("isatty(slave): %s\n", yesno(isatty(s)));
    printf("ttyname is ptsname: %s\n", yesno(ttyname(s) && strcmp(ttyname(s), expect) == 0));
    t_show("TIOCGPTN on slave", ioctl(s, TIOCGPTN, &ptn));

    struct winsize ws = {1, 1, 1, 1};
    t_show("TIOCGWINSZ", ioctl(s, TIOCGWINSZ, &ws));
    printf("initial size: %dx%d\n", ws.ws_col, ws.ws_row);

    struct termios tio;
    tcgetattr(s, &tio);
    printf("defaults: ICANON %s ECHO %s ISIG %s ICRNL %s ONLCR %s\n", yesno(tio.c_lflag & ICANON),
           yesno(tio.c_lflag & ECHO), yesno(tio.c_lflag & ISIG), yesno(tio.c_iflag & ICRNL),
           yesno(tio.c_oflag & ONLCR));
    /* The master's settings are its slave's. */
    struct termios mt;
    tcgetattr(m, &mt);
    printf("master sees slave settings: %s\n", yesno(mt.c_lflag == tio.c_lflag && mt.c_iflag == tio.c_iflag));

    pty_line(m, s, "erase", "abc\x7f" "d\n", 9);
    pty_line(m, s, "kill", "xyz\x15ok\n", 16);
    pty_line(m, s, "werase", "one two\x17three\n", 23);
    pty_line(m, s, "icrnl", "hi\r", 4);
    pty_line(m, s, "echoctl", "\x01x\n", 5);
    pty_line(m, s, "eof-partial", "abc\x04", 3);
    pty_line(m, s, "eof-empty", "\x04", 0);

    tio.c_lflag &= ~ECHO;
    tcsetattr(s, TCSANOW, &tio);
    pty_line(m, s, "noecho", "secret\n", 0);
    tio.c_lflag |= ECHO;
    tcsetattr(s, TCSANOW, &tio);

    char buf[256];
    write(s, "a\nb\n", 4);
    int n = pty_read(m, buf, sizeof buf, 6, 100);
    pty_show("onlcr", buf, n);
    tio.c_oflag &= ~ONLCR;
    tcsetattr(s, TCSANOW, &tio);
    write(s, "a\nb\n", 4);
    n = pty_read(m, buf, sizeof buf, 4, 100);
    pty_show("-onlcr", buf, n);
    tio.c_oflag &= ~OPOST;
    tcsetattr(s, TCSANOW, &tio);

    write(s, "12345", 5);
    struct pollfd p = {m, POLLIN, 0};
    poll(&p, 1, 5000);
    usleep(50000);
    int avail = -1;
    t_show("FIONREAD master", ioctl(m, FIONREAD, &avail));
    printf("available: %d\n", avail);
    n = pty_read(m, buf, sizeof buf, 5, 100);
    pty_show("raw", buf, n);

    /* A slave writer fills the master's buffer, then may write again once the master reads. */
    fcntl(s, F_SETFL, O_NONBLOCK);
    static char chunk[1024];
    memset(chunk, 'x', sizeof chunk);
    long total = 0;
    int r;
    while ((r = write(s, chunk, sizeof chunk)) > 0 && total < (16L << 20)) total += r;
    printf("slave write fills up: %s (%s)\n", yesno(r < 0 && total > 0), errname(r < 0 ? errno : 0));
    struct pollfd sp = {s, POLLOUT, 0};
    printf("slave POLLOUT when full: %s\n", yesno(poll(&sp, 1, 0) == 1));
    fcntl(m, F_SETFL, O_NONBLOCK);
    long drained = 0;
    for (int idle = 0; idle < 20 && drained < total;) {
        r = read(m, buf, sizeof buf);
        if (r > 0) drained += r;
        else { idle++; usleep(10000); }
    }
    printf("master drains it all: %s\n", yesno(drained == total));
    sp.revents = 0;
    printf("slave POLLOUT after the master read: %s\n", yesno(poll(&sp, 1, 5000) == 1 && (sp.revents & POLLOUT)));
    fcntl(m, F_SETFL, 0);
    fcntl(s, F_SETFL, 0);

    int s2 = dup(s);
    close(s);
    fcntl(m, F_SETFL, O_NONBLOCK);
    errno = 0;
    t_show("read master with a slave open", read(m, buf, sizeof buf));
    close(s2);
    t_show("read master, slaves closed", read(m, buf, sizeof buf));
    int again = open(expect, O_RDWR | O_NOCTTY);
    printf("slave reopens: %s\n", yesno(again >= 0));
    write(again, "z", 1);
    n = pty_read(m, buf, sizeof buf, 1, 100);
    pty_show("after reopen", buf, n);
    close(again);
    close(m);
    printf("node gone after master close: %s\n", yesno(access(expect, F_OK) != 0));
    return 0;
}
