/* Open flags on a host directory and on tmpfs: O_APPEND (with pwrite's quirk), O_TRUNC,
 * O_PATH descriptors (what works, EBADF for the rest), O_CLOEXEC, F_GETFL/F_SETFL, O_NOFOLLOW
 * with O_PATH, and invalid combinations. */
#include "guest.h"
#include <sys/ioctl.h>

static void run(const char *base) {
    char d[256], f[300];
    snprintf(d, sizeof d, "%s/fs_oflags.%d", base, getpid());
    snprintf(f, sizeof f, "%s/f", d);
    mkdir(d, 0755);
    int fd = open(f, O_CREAT | O_WRONLY | O_APPEND, 0644);
    write(fd, "one", 3);
    lseek(fd, 0, SEEK_SET);
    write(fd, "two", 3);
    pwrite(fd, "3", 1, 0);
    close(fd);
    char buf[32] = {0};
    fd = open(f, O_RDONLY);
    read(fd, buf, sizeof buf - 1);
    close(fd);
    printf("append: %s\n", buf);
    fd = open(f, O_RDWR | O_TRUNC);
    struct stat st;
    fstat(fd, &st);
    printf("O_TRUNC size %lld\n", (long long)st.st_size);
    int fl = fcntl(fd, F_GETFL);
    printf("F_GETFL accmode O_RDWR: %s, append %s\n", yesno((fl & O_ACCMODE) == O_RDWR), yesno(fl & O_APPEND));
    fcntl(fd, F_SETFL, fl | O_APPEND | O_NONBLOCK);
    fl = fcntl(fd, F_GETFL);
    printf("after F_SETFL: append %s nonblock %s\n", yesno(fl & O_APPEND), yesno(fl & O_NONBLOCK));
    fcntl(fd, F_SETFL, fl | O_RDONLY | O_TRUNC);
    printf("F_SETFL ignores access mode and O_TRUNC: %s\n", yesno((fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR));
    close(fd);

    int cl = open(f, O_RDONLY | O_CLOEXEC);
    printf("O_CLOEXEC: %d\n", fcntl(cl, F_GETFD));
    close(cl);

    int pf = open(f, O_PATH);
    printf("O_PATH open: %s\n", yesno(pf >= 0));
    t_show("read on O_PATH", read(pf, buf, 1));
    t_show("write on O_PATH", write(pf, "x", 1));
    t_show("fstat on O_PATH", fstat(pf, &st));
    t_show("fchmod on O_PATH", fchmod(pf, 0600));
    t_show("ioctl on O_PATH", ioctl(pf, 0x541B, &fl));
    printf("O_PATH F_GETFL has O_PATH: %s\n", yesno(fcntl(pf, F_GETFL) & O_PATH));
    close(pf);
    int pd = open(d, O_PATH | O_DIRECTORY);
    int in = openat(pd, "f", O_RDONLY);
    printf("openat through an O_PATH directory: %s\n", yesno(in >= 0));
    close(in);
    t_show("fchdir to an O_PATH directory", fchdir(pd));
    close(pd);
    char lnk[320];
    snprintf(lnk, sizeof lnk, "%s/lnk", d);
    symlink("f", lnk);
    int pl = open(lnk, O_PATH | O_NOFOLLOW);
    fstat(pl, &st);
    printf("O_PATH|O_NOFOLLOW opens the link itself: %s\n", yesno(S_ISLNK(st.st_mode)));
    close(pl);
    t_show("O_NOFOLLOW on a link", open(lnk, O_RDONLY | O_NOFOLLOW));
    t_show("O_DIRECTORY|O_CREAT", open(f, O_CREAT | O_DIRECTORY | O_RDWR, 0644));
    unlink(lnk);
    unlink(f);
    rmdir(d);
}

int main(void) {
    t_init();
    t_scratch();
    char here[4096];
    getcwd(here, sizeof here);
    printf("== working directory\n");
    run(here);
    chdir(here);
    printf("== /dev/shm\n");
    run("/dev/shm");
    return 0;
}
