/* memfd_create and file seals: names in /proc/self/fd, MFD_CLOEXEC, F_ADD_SEALS/F_GET_SEALS
 * with F_SEAL_SEAL, SHRINK, GROW, WRITE (EBUSY while mapped writable), FUTURE_WRITE, the errors. */
#include "guest.h"
#include <sys/mman.h>
#include <sys/syscall.h>

#ifndef F_SEAL_FUTURE_WRITE
#define F_SEAL_FUTURE_WRITE 0x0010
#endif

static int memfd(const char *name, unsigned flags) { return syscall(SYS_memfd_create, name, flags); }

int main(void) {
    t_init();
    int fd = memfd("plain", MFD_CLOEXEC);
    printf("memfd: %s\n", yesno(fd >= 0));
    printf("cloexec: %d\n", fcntl(fd, F_GETFD));
    printf("flags rdwr: %s\n", yesno((fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR));
    char link[256], path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(path, link, sizeof link - 1);
    link[n > 0 ? n : 0] = 0;
    printf("link: %s\n", link);
    printf("write: %zd\n", write(fd, "hello memfd", 11));
    struct stat st;
    fstat(fd, &st);
    printf("size %lld regular %s mode %o nlink %ld\n", (long long)st.st_size, yesno(S_ISREG(st.st_mode)),
           st.st_mode & 0777, (long)st.st_nlink);
    char buf[32] = {0};
    pread(fd, buf, 11, 0);
    printf("read back: %s\n", buf);
    printf("seals without MFD_ALLOW_SEALING: %d\n", fcntl(fd, F_GET_SEALS));
    t_show("add seal without MFD_ALLOW_SEALING", fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE));

    /* Reopening through /proc/self/fd gives the same file. */
    int again = open(path, O_RDONLY);
    memset(buf, 0, sizeof buf);
    read(again, buf, 5);
    printf("reopened: %s\n", buf);
    close(again);

    /* A shared mapping is seen across fork. */
    ftruncate(fd, 4096);
    char *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    pid_t pid = fork();
    if (pid == 0) {
        strcpy(m, "from child");
        _exit(0);
    }
    t_reap("child", pid);
    memset(buf, 0, sizeof buf);
    pread(fd, buf, 10, 0);
    printf("child's store: %s / %s\n", m, buf);
    munmap(m, 4096);
    close(fd);

    fd = memfd("sealed", MFD_ALLOW_SEALING);
    printf("initial seals: %d\n", fcntl(fd, F_GET_SEALS));
    write(fd, "0123456789", 10);
    t_show("add SHRINK", fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK));
    t_show("shrink", ftruncate(fd, 5));
    t_show("grow", ftruncate(fd, 20));
    t_show("add GROW", fcntl(fd, F_ADD_SEALS, F_SEAL_GROW));
    t_show("grow again", ftruncate(fd, 30));
    t_show("write inside", pwrite(fd, "ab", 2, 0));
    t_show("write past end", pwrite(fd, "ab", 2, 20));
    t_show("write across end", pwrite(fd, "abcd", 4, 18));
    m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    t_show("add WRITE while mapped shared writable", fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE));
    munmap(m, 4096);
    m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    t_show("add WRITE with a private mapping", fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE));
    munmap(m, 4096);
    t_show("write after WRITE seal", pwrite(fd, "x", 1, 0));
    errno = 0;
    m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    printf("shared writable map after WRITE seal: %s\n", m == MAP_FAILED ? errname(errno) : "ok");
    m = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
    printf("read-only shared map: %s, data %.2s\n", m == MAP_FAILED ? errname(errno) : "ok", m);
    munmap(m, 4096);
    printf("seals: %#x\n", fcntl(fd, F_GET_SEALS));
    t_show("add unknown bit", fcntl(fd, F_ADD_SEALS, 0x100));
    t_show("add SEAL", fcntl(fd, F_ADD_SEALS, F_SEAL_SEAL));
    t_show("add after SEAL", fcntl(fd, F_ADD_SEALS, F_SEAL_FUTURE_WRITE));
    printf("final seals: %#x\n", fcntl(fd, F_GET_SEALS));
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    int ro = open(path, O_RDONLY);
    t_show("add seal through a read-only fd", fcntl(ro, F_ADD_SEALS, F_SEAL_SHRINK));
    close(ro);
    close(fd);

    fd = memfd("future", MFD_ALLOW_SEALING);
    write(fd, "abc", 3);
    t_show("add FUTURE_WRITE", fcntl(fd, F_ADD_SEALS, F_SEAL_FUTURE_WRITE));
    t_show("write after FUTURE_WRITE", write(fd, "d", 1));
    close(fd);

    /* Errors. */
    errno = 0;
    printf("unknown flag: %s\n", memfd("x", 0x100) < 0 ? errname(errno) : "ok");
    char longname[300];
    memset(longname, 'n', sizeof longname - 1);
    longname[299] = 0;
    errno = 0;
    printf("name too long: %s\n", memfd(longname, 0) < 0 ? errname(errno) : "ok");
    longname[249] = 0;
    errno = 0;
    fd = memfd(longname, 0);
    printf("name of 249 bytes: %s\n", fd < 0 ? errname(errno) : "ok");
    close(fd);
    int pfd[2];
    pipe(pfd);
    t_show("F_GET_SEALS on a pipe", fcntl(pfd[0], F_GET_SEALS));
    return 0;
}
