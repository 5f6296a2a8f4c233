/* abort(): a SIGABRT handler that returns does not stop it; the process dies of SIGABRT (134). */
#include "guest.h"

static void on_abrt(int s) {
    (void)s;
    static const char msg[] = "SIGABRT handler ran\n";
    write(1, msg, sizeof msg - 1);
}

int main(void) {
    t_init();
    pid_t c = fork();
    if (c == 0) {
        raise(SIGABRT);
        _exit(0);
    }
    t_reap("raise(SIGABRT) child", c);
    signal(SIGABRT, on_abrt);
    printf("calling abort()\n");
    abort();
}
