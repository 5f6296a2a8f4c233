/* Exit statuses: exit() truncates to 8 bits, return from main, atexit handlers, _exit skips them. */
#include "guest.h"

static void bye(void) { printf("atexit handler ran\n"); }

static pid_t spawn(int how) {
    pid_t pid = fork();
    if (pid != 0) return pid;
    switch (how) {
    case 0: exit(0);
    case 1: exit(1);
    case 2: exit(255);
    case 3: exit(256);
    case 4: exit(-1);
    case 5: atexit(bye); exit(7);
    case 6: atexit(bye); _exit(8);
    case 7: printf("unflushed"); _exit(9);
    }
    return 0;
}

int main(void) {
    t_init();
    const char *names[] = {"exit(0)", "exit(1)", "exit(255)", "exit(256)", "exit(-1)",
                           "atexit+exit(7)", "atexit+_exit(8)", "buffered+_exit(9)"};
    for (int i = 0; i < 8; i++) t_reap(names[i], spawn(i));
    printf("main returns 3\n");
    return 3;
}
