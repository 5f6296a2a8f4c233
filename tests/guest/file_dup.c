/* dup, dup2, dup3, F_DUPFD(_CLOEXEC): lowest free descriptor, shared offset, FD_CLOEXEC, and
 * close-on-exec across execve. */
#include "guest.h"

extern char **environ;

int main(int argc, char **argv) {
    if (argc > 2) {
        for (int i = 2; i < argc; i++) {
            int fd = atoi(argv[i]);
            printf("after exec fd %d: %s\n", fd, fcntl(fd, F_GETFD) < 0 ? errname(errno) : "open");
        }
        return 0;
    }
    t_init();
    t_scratch();
    int fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0644);
    printf("first fd is 3: %s\n", yesno(fd == 3));
    int d = dup(fd);
    printf("dup gives lowest free: %d\n", d);
    write(fd, "abcdef", 6);
    printf("offset shared by dup: %lld\n", (long long)lseek(d, 0, SEEK_CUR));
    t_show("dup2 onto itself", dup2(fd, fd));
    int other = open("g", O_CREAT | O_RDWR, 0644);
    t_show("dup2 onto an open fd", dup2(fd, other));
    printf("other now shares offset: %lld\n", (long long)lseek(other, 0, SEEK_CUR));
    t_show("dup2 to 100", dup2(fd, 100));
    t_show("dup3 same fds", dup3(fd, fd, 0));
    t_show("dup3 O_CLOEXEC to 101", dup3(fd, 101, O_CLOEXEC));
    printf("101 FD_CLOEXEC: %s, 100 FD_CLOEXEC: %s\n", yesno(fcntl(101, F_GETFD) & FD_CLOEXEC),
           yesno(fcntl(100, F_GETFD) & FD_CLOEXEC));
    t_show("F_DUPFD from 50", fcntl(fd, F_DUPFD, 50));
    t_show("F_DUPFD_CLOEXEC from 60", fcntl(fd, F_DUPFD_CLOEXEC, 60));
    t_show("F_SETFD cloexec on 50", fcntl(50, F_SETFD, FD_CLOEXEC));
    t_show("dup of a bad fd", dup(999));
    t_show("dup2 of a bad fd", dup2(999, 5));
    t_show("dup2 to a negative fd", dup2(fd, -1));
    close(d);
    int again = dup(fd);
    printf("closed slot is reused: %s\n", yesno(again == d));
    pid_t c = fork();
    if (c == 0) {
        char *args[] = {argv[0], "check", "50", "60", "100", "101", NULL};
        execve(argv[0], args, environ);
        _exit(127);
    }
    t_reap("exec child", c);
    return 0;
}
