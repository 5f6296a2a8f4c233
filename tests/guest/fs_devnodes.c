/* The standard device nodes: /dev/null, zero, full (ENOSPC on write), random and urandom (reads of
 * the size asked), their st_rdev numbers and types, lseek on them, /dev/fd/N and /dev/stdin as
 * links to the open descriptors (reopening a pipe end through them), and /dev/shm as a tmpfs. */
#include "guest.h"
#include <sys/sysmacros.h>
#include <sys/statfs.h>

static void node(const char *path) {
    struct stat st;
    if (stat(path, &st) != 0) {
        printf("%s: -1 %s\n", path, errname(errno));
        return;
    }
    printf("%s: %s %u,%u mode %04o\n", path, S_ISCHR(st.st_mode) ? "char" : "other", major(st.st_rdev),
           minor(st.st_rdev), st.st_mode & 0777);
}

int main(void) {
    t_init();
    node("/dev/null");
    node("/dev/zero");
    node("/dev/full");
    node("/dev/random");
    node("/dev/urandom");
    node("/dev/tty");
    char buf[4096];
    int fd = open("/dev/null", O_RDWR);
    t_show("null write", write(fd, buf, sizeof buf));
    t_show("null read", read(fd, buf, sizeof buf));
    t_show("null lseek", lseek(fd, 100, SEEK_SET));
    t_show("null pwrite", pwrite(fd, buf, 10, 5));
    close(fd);
    fd = open("/dev/zero", O_RDWR);
    memset(buf, 1, sizeof buf);
    t_show("zero read", read(fd, buf, sizeof buf));
    int zeros = 1;
    for (unsigned i = 0; i < sizeof buf; i++)
        zeros &= buf[i] == 0;
    printf("  all zero: %s\n", yesno(zeros));
    t_show("zero write", write(fd, buf, 100));
    t_show("zero lseek", lseek(fd, 12345, SEEK_SET));
    close(fd);
    fd = open("/dev/full", O_RDWR);
    t_show("full write", write(fd, buf, 1));
    t_show("full read", read(fd, buf, 16));
    printf("  zero: %s\n", yesno(buf[0] == 0 && buf[15] == 0));
    close(fd);
    for (int r = 0; r < 2; r++) {
        const char *name = r ? "/dev/urandom" : "/dev/random";
        fd = open(name, O_RDONLY | O_NONBLOCK);
        unsigned char a[64], b[64];
        int n1 = read(fd, a, sizeof a), n2 = read(fd, b, sizeof b);
        printf("%s: read %d and %d bytes, differ: %s\n", name, n1, n2, yesno(memcmp(a, b, sizeof a) != 0));
        int big = read(fd, buf, sizeof buf);
        printf("  a 4096-byte read: %d\n", big);
        t_show("  write", write(fd, "x", 1) < 0 ? -1 : 0);
        close(fd);
    }
    /* /dev/fd and /dev/stdin. */
    char target[64] = {0};
    t_show("readlink /dev/fd", readlink("/dev/fd", target, sizeof target - 1));
    printf("  -> %s\n", target);
    int p[2];
    pipe(p);
    char path[64];
    snprintf(path, sizeof path, "/dev/fd/%d", p[1]);
    int w = open(path, O_WRONLY);
    printf("reopen the pipe's write end via /dev/fd: %s\n", yesno(w >= 0));
    write(w, "via-devfd", 9);
    close(w);
    memset(buf, 0, 16);
    read(p[0], buf, 9);
    printf("  read end got: %s\n", buf);
    dup2(p[0], 0);
    write(p[1], "stdin!", 6);
    int in = open("/dev/stdin", O_RDONLY);
    memset(buf, 0, 16);
    read(in, buf, 6);
    printf("/dev/stdin reads the pipe: %s\n", buf);
    close(in);
    t_show("/dev/fd/999", open("/dev/fd/999", O_RDONLY));
    struct stat a, b;
    fstat(p[0], &a);
    stat("/dev/stdin", &b);
    printf("stat /dev/stdin is the pipe: %s\n", yesno(a.st_ino == b.st_ino && S_ISFIFO(b.st_mode)));
    struct statfs sf;
    statfs("/dev/shm", &sf);
    printf("/dev/shm is tmpfs: %s\n", yesno(sf.f_type == 0x01021994));
    struct stat shm;
    stat("/dev/shm", &shm);
    printf("/dev/shm mode: %04o\n", shm.st_mode & 07777);
    return 0;
}
