/* Default signal actions end a child with the signal (terminate or core): SIGINT, SIGQUIT,
 * SIGPIPE, SIGALRM, SIGFPE from a division by zero, SIGILL from ud2, SIGTRAP from int3, SIGSEGV;
 * SIGCHLD and SIGWINCH are ignored by default. The program itself then dies of SIGUSR2 (140). */
#include "guest.h"

static pid_t child(int how) {
    pid_t pid = fork();
    if (pid != 0) return pid;
    switch (how) {
    case 0: raise(SIGINT); break;
    case 1: raise(SIGQUIT); break;
    case 2: { int fds[2]; pipe(fds); close(fds[0]); write(fds[1], "x", 1); break; }
    case 3: alarm(1); pause(); break;
    case 4: __asm__ volatile("xor %%edx, %%edx\n\tmov $7, %%eax\n\txor %%ecx, %%ecx\n\tdiv %%ecx" ::: "eax", "ecx", "edx"); break;
    case 5: __asm__ volatile("ud2"); break;
    case 6: __asm__ volatile("int3"); break;
    case 7: *(volatile int *)0 = 0; break;
    case 8: raise(SIGCHLD); raise(SIGWINCH); raise(SIGURG); _exit(0);
    }
    _exit(100);
}

int main(void) {
    t_init();
    const char *names[] = {"SIGINT", "SIGQUIT", "write to closed pipe", "alarm", "divide by zero", "ud2", "int3",
                           "null write", "ignored by default"};
    for (int i = 0; i < 9; i++) t_reap(names[i], child(i));
    printf("raising SIGUSR2\n");
    raise(SIGUSR2);
    return 0;
}
