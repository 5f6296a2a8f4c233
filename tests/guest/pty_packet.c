/* Packet mode (TIOCPKT): a master read returns a status byte, 0 before data, or the
 * TIOCPKT_FLUSHREAD/FLUSHWRITE/STOP/START/NOSTOP/DOSTOP events of the slave. */
#include "pty.h"

static void show(int m, const char *label) {
    unsigned char buf[64];
    int n = pty_read(m, (char *)buf, sizeof buf, 1, 0);
    printf("%s: %d bytes, status %d", label, n, n > 0 ? buf[0] : -1);
    if (n > 1) printf(" data \"%.*s\"", n - 1, (char *)buf + 1);
    printf("\n");
}

int main(void) {
    t_init();
    int s, m = pty_open(&s);
    int on = -1;
    t_show("TIOCGPKT", ioctl(m, TIOCGPKT, &on));
    printf("packet: %d\n", on);
    on = 1;
    t_show("TIOCPKT on", ioctl(m, TIOCPKT, &on));
    ioctl(m, TIOCGPKT, &on);
    printf("packet: %d\n", on);
    write(s, "hi", 2);
    show(m, "data");
    tcflush(s, TCIFLUSH);
    show(m, "TCIFLUSH");
    tcflush(s, TCOFLUSH);
    show(m, "TCOFLUSH");
    write(m, "\x13", 1);
    show(m, "^S");
    write(m, "\x11", 1);
    show(m, "^Q");
    struct termios tio;
    tcgetattr(s, &tio);
    tio.c_iflag &= ~IXON;
    tcsetattr(s, TCSANOW, &tio);
    show(m, "-ixon");
    tio.c_iflag |= IXON;
    tcsetattr(s, TCSANOW, &tio);
    show(m, "ixon");
    struct pollfd p = {m, POLLIN | POLLPRI, 0};
    printf("poll idle: %d\n", poll(&p, 1, 100));
    tcflush(s, TCIFLUSH);
    p.revents = 0;
    poll(&p, 1, 5000);
    printf("poll after flush: POLLIN %s POLLPRI %s\n", yesno(p.revents & POLLIN), yesno(p.revents & POLLPRI));
    show(m, "flush");
    on = 0;
    ioctl(m, TIOCPKT, &on);
    write(s, "plain", 5);
    char buf[64];
    int n = pty_read(m, buf, sizeof buf, 5, 50);
    pty_show("packet off", buf, n);
    return 0;
}
