/* fork and wait: exit statuses in order, WNOHANG on a running child, ECHILD without children. */
#include "guest.h"

int main(void) {
    t_init();
    pid_t kids[5];
    for (int i = 0; i < 5; i++) {
        kids[i] = fork();
        if (kids[i] == 0) _exit(10 + i);
    }
    for (int i = 4; i >= 0; i--) {
        char label[32];
        snprintf(label, sizeof label, "child %d", i);
        t_reap(label, kids[i]);
    }
    int fds[2];
    pipe(fds);
    pid_t slow = fork();
    if (slow == 0) {
        char c;
        close(fds[1]);
        read(fds[0], &c, 1);
        _exit(3);
    }
    close(fds[0]);
    int st;
    printf("WNOHANG while running: %d\n", (int)waitpid(slow, &st, WNOHANG));
    write(fds[1], "x", 1);
    t_reap("slow child", slow);
    t_show("wait with no children", wait(&st));
    t_show("waitpid of a stranger", waitpid(1, &st, 0));
    pid_t a = fork();
    if (a == 0) _exit(0);
    pid_t any = wait(&st);
    printf("wait(any) returns the child: %s, %s\n", yesno(any == a), t_status(st));
    pid_t gp = fork();
    if (gp == 0) {
        pid_t grandchild = fork();
        if (grandchild == 0) _exit(5);
        int s2;
        waitpid(grandchild, &s2, 0);
        _exit(WEXITSTATUS(s2) + 1);
    }
    t_reap("child that reaped its own child", gp);
    return 0;
}
