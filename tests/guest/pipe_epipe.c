/* Writing to a pipe with no reader: SIGPIPE by default, EPIPE when SIGPIPE is ignored or handled. */
#include "guest.h"

static volatile int got_pipe;
static void on_pipe(int s) { (void)s; got_pipe++; }

int main(void) {
    t_init();
    int p[2];
    pipe(p);
    close(p[0]);
    pid_t c = fork();
    if (c == 0) {
        write(p[1], "x", 1);
        _exit(0);
    }
    t_reap("default action", c);
    signal(SIGPIPE, SIG_IGN);
    t_show("write with SIGPIPE ignored", write(p[1], "x", 1));
    signal(SIGPIPE, on_pipe);
    t_show("write with a handler", write(p[1], "x", 1));
    printf("handler calls: %d\n", got_pipe);
    close(p[1]);
    pipe(p);
    c = fork();
    if (c == 0) {
        signal(SIGPIPE, SIG_DFL);
        close(p[0]);
        static char big[65536 * 4];
        write(p[1], big, sizeof big);
        _exit(0);
    }
    close(p[1]);
    char buf[100];
    read(p[0], buf, sizeof buf);
    close(p[0]);
    t_reap("reader closes mid-transfer", c);
    return 0;
}
