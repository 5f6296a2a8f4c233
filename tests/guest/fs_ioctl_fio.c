/* Generic file ioctls: FIONREAD on a pipe, a regular file (host directory and tmpfs), a socket
 * pair and /dev/null; FIONBIO switching O_NONBLOCK; FIOCLEX and FIONCLEX switching FD_CLOEXEC;
 * FIOASYNC; and ENOTTY for terminal requests on files, EBADF on O_PATH and closed descriptors. */
#include "guest.h"
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <termios.h>

static void nread(const char *what, int fd) {
    int n = -7;
    if (ioctl(fd, FIONREAD, &n) != 0)
        printf("FIONREAD %s: -1 %s\n", what, errname(errno));
    else
        printf("FIONREAD %s: %d\n", what, n);
}

static void file_case(const char *path, const char *tag) {
    int fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0644);
    write(fd, "0123456789", 10);
    lseek(fd, 0, SEEK_SET);
    printf("-- %s\n", tag);
    nread("file at 0", fd);
    lseek(fd, 4, SEEK_SET);
    nread("file at 4", fd);
    lseek(fd, 20, SEEK_SET);
    nread("file past the end", fd);
    close(fd);
    mkdir("adir", 0755);
    fd = open(".", O_RDONLY | O_DIRECTORY);
    nread("directory", fd);
    close(fd);
}

int main(void) {
    t_init();
    t_scratch();
    file_case("file", "host directory");
    char shm[64];
    snprintf(shm, sizeof shm, "/dev/shm/fs_ioctl_fio.%d", getpid());
    file_case(shm, "tmpfs");
    unlink(shm);
    printf("--\n");
    int p[2];
    pipe(p);
    nread("empty pipe", p[0]);
    write(p[1], "hello", 5);
    nread("pipe with 5 bytes", p[0]);
    nread("pipe write end", p[1]);
    char b[2];
    read(p[0], b, 2);
    nread("pipe after reading 2", p[0]);
    int s[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, s);
    write(s[0], "abcdefg", 7);
    usleep(10000);
    nread("stream socket", s[1]);
    int d[2];
    socketpair(AF_UNIX, SOCK_DGRAM, 0, d);
    write(d[0], "abc", 3);
    write(d[0], "defgh", 5);
    nread("datagram socket (first datagram)", d[1]);
    int null = open("/dev/null", O_RDONLY);
    nread("/dev/null", null);

    /* FIONBIO. */
    int on = 1, off = 0;
    t_show("FIONBIO on", ioctl(p[0], FIONBIO, &on));
    printf("  O_NONBLOCK set: %s\n", yesno(fcntl(p[0], F_GETFL) & O_NONBLOCK));
    read(p[0], b, sizeof b);
    read(p[0], b, sizeof b);
    t_show("  read of an empty pipe", read(p[0], b, 1));
    t_show("FIONBIO off", ioctl(p[0], FIONBIO, &off));
    printf("  O_NONBLOCK set: %s\n", yesno(fcntl(p[0], F_GETFL) & O_NONBLOCK));
    /* FIOCLEX / FIONCLEX. */
    t_show("FIOCLEX", ioctl(p[1], FIOCLEX));
    printf("  FD_CLOEXEC: %s\n", yesno(fcntl(p[1], F_GETFD) & FD_CLOEXEC));
    t_show("FIONCLEX", ioctl(p[1], FIONCLEX));
    printf("  FD_CLOEXEC: %s\n", yesno(fcntl(p[1], F_GETFD) & FD_CLOEXEC));
    t_show("FIOASYNC on", ioctl(p[0], FIOASYNC, &on));
    printf("  O_ASYNC set: %s\n", yesno(fcntl(p[0], F_GETFL) & O_ASYNC));
    t_show("FIOASYNC off", ioctl(p[0], FIOASYNC, &off));
    /* Errors. */
    int f = open("file", O_RDONLY);
    struct termios tio;
    t_show("TCGETS on a file", ioctl(f, TCGETS, &tio));
    t_show("TCGETS on a pipe", ioctl(p[0], TCGETS, &tio));
    t_show("FIOCLEX on a file", ioctl(f, FIOCLEX));
    t_show("FIONBIO on a file", ioctl(f, FIONBIO, &on));
    printf("  O_NONBLOCK set on the file: %s\n", yesno(fcntl(f, F_GETFL) & O_NONBLOCK));
    t_show("unknown request on a file", ioctl(f, 0x12345678, 0));
    int pf = open("file", O_PATH);
    t_show("FIONREAD on O_PATH", ioctl(pf, FIONREAD, &on));
    t_show("FIOCLEX on O_PATH", ioctl(pf, FIOCLEX));
    close(f);
    t_show("FIONREAD on a closed fd", ioctl(f, FIONREAD, &on));
    return 0;
}
