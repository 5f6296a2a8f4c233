/* sendfile and copy_file_range: with and without an offset pointer (the file offset moves only
 * without one), counts clamped at the end of the file, sendfile into a pipe and a socket,
 * copy_file_range between files on a host directory and on tmpfs and across them, overlapping
 * ranges in one file (EINVAL), and the errors (EBADF, EINVAL, ESPIPE, EISDIR, EXDEV). */
#include "guest.h"
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/syscall.h>

static long cfr(int in, off_t *ip, int out, off_t *op, size_t len, unsigned flags) {
    return syscall(SYS_copy_file_range, in, ip, out, op, len, flags);
}

static void contents(const char *what, int fd) {
    char buf[64] = {0};
    int n = pread(fd, buf, sizeof buf - 1, 0);
    printf("  %s: \"%s\" (%d bytes)\n", what, buf, n);
}

static void run(const char *dir, const char *tag) {
    printf("-- %s\n", tag);
    char src[300], dst[300];
    snprintf(src, sizeof src, "%s/src", dir);
    snprintf(dst, sizeof dst, "%s/dst", dir);
    int in = open(src, O_CREAT | O_RDWR | O_TRUNC, 0644);
    write(in, "abcdefghijklmnopqrstuvwxyz", 26);
    int out = open(dst, O_CREAT | O_RDWR | O_TRUNC, 0644);
    lseek(in, 0, SEEK_SET);
    t_show("sendfile 5 from the offset", sendfile(out, in, NULL, 5));
    printf("  in offset %ld, out offset %ld\n", (long)lseek(in, 0, SEEK_CUR), (long)lseek(out, 0, SEEK_CUR));
    off_t off = 20;
    t_show("sendfile 100 at *offset 20", sendfile(out, in, &off, 100));
    printf("  *offset %ld, in offset %ld\n", (long)off, (long)lseek(in, 0, SEEK_CUR));
    off = 26;
    t_show("sendfile at the end", sendfile(out, in, &off, 10));
    off = 100;
    t_show("sendfile past the end", sendfile(out, in, &off, 10));
    t_show("sendfile count 0", sendfile(out, in, NULL, 0));
    contents("dst", out);
    off = -1;
    t_show("sendfile negative offset", sendfile(out, in, &off, 1));
    int ro = open(src, O_RDONLY), wo = open(src, O_WRONLY);
    t_show("sendfile to a read-only fd", sendfile(ro, in, NULL, 1));
    t_show("sendfile from a write-only fd", sendfile(out, wo, NULL, 1));
    int ap = open(dst, O_WRONLY | O_APPEND);
    t_show("sendfile to O_APPEND", sendfile(ap, in, NULL, 1));
    close(ap);

    /* copy_file_range. */
    off_t ioff = 2, ooff = 30;
    t_show("copy_file_range 4 at 2 -> 30", cfr(in, &ioff, out, &ooff, 4, 0));
    printf("  offsets now %ld %ld\n", (long)ioff, (long)ooff);
    contents("dst", out);
    lseek(in, 10, SEEK_SET);
    lseek(out, 0, SEEK_SET);
    t_show("copy_file_range 3 from the offsets", cfr(in, NULL, out, NULL, 3, 0));
    printf("  file offsets now %ld %ld\n", (long)lseek(in, 0, SEEK_CUR), (long)lseek(out, 0, SEEK_CUR));
    contents("dst", out);
    ioff = 24;
    t_show("copy_file_range clamped at the end", cfr(in, &ioff, out, NULL, 100, 0));
    ioff = 40;
    t_show("copy_file_range past the end", cfr(in, &ioff, out, NULL, 100, 0));
    ioff = 0, ooff = 5;
    t_show("copy_file_range overlapping in one file", cfr(in, &ioff, in, &ooff, 10, 0));
    ioff = 0, ooff = 10;
    t_show("copy_file_range disjoint in one file", cfr(in, &ioff, in, &ooff, 10, 0));
    contents("src", in);
    t_show("copy_file_range bad flags", cfr(in, NULL, out, NULL, 1, 1));
    t_show("copy_file_range to read-only", cfr(in, NULL, ro, NULL, 1, 0));
    ap = open(dst, O_WRONLY | O_APPEND);
    t_show("copy_file_range to O_APPEND", cfr(in, NULL, ap, NULL, 1, 0));
    close(ap);
    int d = open(dir, O_RDONLY | O_DIRECTORY);
    t_show("copy_file_range from a directory", cfr(d, NULL, out, NULL, 1, 0));
    close(d);
    close(ro);
    close(wo);
    close(in);
    close(out);
}

int main(void) {
    t_init();
    const char *s = t_scratch();
    run(s, "host directory");
    char shm[64];
    snprintf(shm, sizeof shm, "/dev/shm/fs_sendfile.%d", getpid());
    mkdir(shm, 0755);
    run(shm, "tmpfs");
    printf("-- across filesystems, pipes and sockets\n");
    int a = open("src", O_RDONLY);
    char name[300];
    snprintf(name, sizeof name, "%s/cross", shm);
    int b = open(name, O_CREAT | O_RDWR | O_TRUNC, 0644);
    t_show("copy_file_range host -> tmpfs", cfr(a, NULL, b, NULL, 8, 0));
    t_show("sendfile host -> tmpfs", sendfile(b, a, NULL, 8));
    contents("cross", b);
    int p[2];
    pipe(p);
    off_t off = 0;
    t_show("sendfile into a pipe", sendfile(p[1], a, &off, 6));
    char buf[16] = {0};
    read(p[0], buf, sizeof buf - 1);
    printf("  pipe carries \"%s\"\n", buf);
    write(p[1], "xyz", 3);
    t_show("sendfile from a pipe to a file", sendfile(b, p[0], NULL, 3));
    t_show("sendfile from a pipe with an offset", sendfile(b, p[0], &off, 3));
    t_show("copy_file_range from a pipe", cfr(p[0], NULL, b, NULL, 3, 0));
    int s2[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, s2);
    off = 10;
    t_show("sendfile into a socket", sendfile(s2[0], a, &off, 5));
    memset(buf, 0, sizeof buf);
    read(s2[1], buf, sizeof buf - 1);
    printf("  socket carries \"%s\"\n", buf);
    t_show("sendfile bad in fd", sendfile(b, 999, NULL, 1));
    return 0;
}
