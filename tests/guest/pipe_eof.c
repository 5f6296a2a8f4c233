/* A pipe reads EOF once every writer has closed it (the writer exits); a reader sees the data
 * first. Pipe capacity and a large transfer with a checksum. */
#include "guest.h"

int main(void) {
    t_init();
    int p[2];
    pipe(p);
    pid_t w = fork();
    if (w == 0) {
        close(p[0]);
        for (int i = 0; i < 3; i++) dprintf(p[1], "line %d\n", i);
        _exit(0);
    }
    close(p[1]);
    char buf[256];
    ssize_t n, total = 0;
    while ((n = read(p[0], buf + total, sizeof buf - total)) > 0) total += n;
    printf("read %zd bytes then EOF (%zd): %.*s", total, n, (int)total, buf);
    t_reap("writer", w);
    close(p[0]);

    pipe(p);
    t_show("F_GETPIPE_SZ", fcntl(p[0], F_GETPIPE_SZ));
    w = fork();
    if (w == 0) {
        close(p[0]);
        static unsigned char chunk[10000];
        for (int round = 0; round < 100; round++) {
            for (int i = 0; i < (int)sizeof chunk; i++) chunk[i] = (unsigned char)(i + round);
            if (write(p[1], chunk, sizeof chunk) != sizeof chunk) _exit(1);
        }
        _exit(0);
    }
    close(p[1]);
    unsigned long sum = 0;
    long bytes = 0;
    unsigned char big[8192];
    while ((n = read(p[0], big, sizeof big)) > 0) {
        for (ssize_t i = 0; i < n; i++) sum = sum * 31 + big[i];
        bytes += n;
    }
    printf("1 MB transfer: %ld bytes, checksum %lu\n", bytes, sum);
    t_reap("bulk writer", w);

    pipe(p);
    int extra = dup(p[1]);
    close(p[1]);
    write(extra, "x", 1);
    close(extra);
    ssize_t first = read(p[0], buf, 10);
    ssize_t second = read(p[0], buf, 10);
    printf("EOF only after the last write end closes: %zd then %zd\n", first, second);
    pipe2(p, O_CLOEXEC | O_NONBLOCK);
    printf("pipe2 flags: cloexec %s, nonblock %s\n", yesno(fcntl(p[0], F_GETFD) & FD_CLOEXEC),
           yesno(fcntl(p[1], F_GETFL) & O_NONBLOCK));
    return 0;
}
