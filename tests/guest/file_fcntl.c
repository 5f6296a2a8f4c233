/* fcntl: F_GETFL access mode and flags, O_NONBLOCK on a pipe (EAGAIN), O_APPEND via F_SETFL,
 * POSIX record locks seen from another process. */
#include "guest.h"

int main(void) {
    t_init();
    t_scratch();
    int fd = open("f", O_CREAT | O_RDWR, 0644);
    int fl = fcntl(fd, F_GETFL);
    printf("O_RDWR: %s, O_APPEND: %s\n", yesno((fl & O_ACCMODE) == O_RDWR), yesno(fl & O_APPEND));
    int ro = open("f", O_RDONLY);
    printf("O_RDONLY fd reports O_RDONLY: %s\n", yesno((fcntl(ro, F_GETFL) & O_ACCMODE) == O_RDONLY));
    t_show("F_SETFL O_APPEND", fcntl(fd, F_SETFL, fl | O_APPEND));
    printf("O_APPEND now: %s\n", yesno(fcntl(fd, F_GETFL) & O_APPEND));
    write(fd, "12345", 5);
    lseek(fd, 0, SEEK_SET);
    write(fd, "67", 2);
    char buf[16] = {0};
    pread(fd, buf, sizeof buf - 1, 0);
    printf("append ignores lseek: %s\n", buf);

    int p[2];
    pipe(p);
    fcntl(p[0], F_SETFL, fcntl(p[0], F_GETFL) | O_NONBLOCK);
    t_show("nonblocking read of empty pipe", read(p[0], buf, 1));
    write(p[1], "z", 1);
    t_show("nonblocking read with data", read(p[0], buf, 1));
    fcntl(p[1], F_SETFL, O_NONBLOCK);
    static char chunk[4096];
    long total = 0;
    for (;;) {
        ssize_t n = write(p[1], chunk, sizeof chunk);
        if (n < 0) {
            printf("pipe full after %ld bytes: %s\n", total, errname(errno));
            break;
        }
        total += n;
    }

    struct flock lk = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 10};
    t_show("F_SETLK write lock 0-9", fcntl(fd, F_SETLK, &lk));
    pid_t me = getpid();
    pid_t c = fork();
    if (c == 0) {
        int cfd = open("f", O_RDWR);
        struct flock q = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 5, .l_len = 1};
        fcntl(cfd, F_GETLK, &q);
        printf("child F_GETLK: type is F_WRLCK %s, owner is parent %s, start %lld len %lld\n",
               yesno(q.l_type == F_WRLCK), yesno(q.l_pid == me), (long long)q.l_start, (long long)q.l_len);
        struct flock t = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 1};
        int r = fcntl(cfd, F_SETLK, &t);
        printf("child F_SETLK on locked range: %s\n", r < 0 ? errname(errno) : "granted");
        struct flock u = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 20, .l_len = 5};
        printf("child F_SETLK on free range: %s\n", fcntl(cfd, F_SETLK, &u) < 0 ? errname(errno) : "granted");
        _exit(0);
    }
    t_reap("lock child", c);
    t_show("F_GETFD", fcntl(fd, F_GETFD));
    t_show("bad command", fcntl(fd, 9999));
    t_show("F_GETFL on bad fd", fcntl(999, F_GETFL));
    return 0;
}
