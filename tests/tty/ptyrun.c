/* ptyrun CMD: runs `sh -c CMD` on a new pseudo-terminal the way script(1) does (the image's
 * BusyBox has no script applet): the pty gets this terminal's window size, the child becomes a
 * session leader with the slave as its controlling terminal, and the parent relays bytes both
 * ways with this terminal in raw mode until the child's output ends. Exits with its status. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: ptyrun COMMAND\n");
        return 2;
    }
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    if (m < 0 || grantpt(m) || unlockpt(m)) {
        perror("ptyrun: pseudo-terminal");
        return 1;
    }
    struct winsize ws;
    if (ioctl(0, TIOCGWINSZ, &ws) == 0) ioctl(m, TIOCSWINSZ, &ws);
    char *name = ptsname(m);
    pid_t pid = fork();
    if (pid == 0) {
        setsid();
        int s = open(name, O_RDWR);
        if (s < 0) {
            perror("ptyrun: slave");
            _exit(1);
        }
        ioctl(s, TIOCSCTTY, 0);
        dup2(s, 0);
        dup2(s, 1);
        dup2(s, 2);
        if (s > 2) close(s);
        close(m);
        execl("/bin/sh", "sh", "-c", argv[1], (char *)NULL);
        _exit(127);
    }
    struct termios saved, raw;
    int tty = tcgetattr(0, &saved) == 0;
    if (tty) {
        raw = saved;
        cfmakeraw(&raw);
        tcsetattr(0, TCSANOW, &raw);
    }
    char buf[4096];
    for (;;) {
        struct pollfd p[2] = {{m, POLLIN, 0}, {0, POLLIN, 0}};
        if (poll(p, 2, -1) < 0) continue;
        if (p[0].revents & (POLLIN | POLLHUP)) {
            ssize_t n = read(m, buf, sizeof buf);
            if (n <= 0) break;
            write(1, buf, n);
        }
        if (p[1].revents & POLLIN) {
            ssize_t n = read(0, buf, sizeof buf);
            if (n > 0) write(m, buf, n);
        }
    }
    if (tty) tcsetattr(0, TCSANOW, &saved);
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
