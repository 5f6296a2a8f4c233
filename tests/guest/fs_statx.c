/* statx on tmpfs (/dev/shm) and stat on both filesystems: the fields it fills, times that move
 * with writes and chmod, sizes and blocks, AT_EMPTY_PATH and AT_SYMLINK_NOFOLLOW, and the errors. */
#include "guest.h"
#include <sys/syscall.h>
#include <sys/sysmacros.h>

#ifndef STATX_BASIC_STATS
struct statx_timestamp { long long tv_sec; unsigned tv_nsec; int pad; };
struct statx {
    unsigned stx_mask, stx_blksize;
    unsigned long long stx_attributes;
    unsigned stx_nlink, stx_uid, stx_gid;
    unsigned short stx_mode, pad1;
    unsigned long long stx_ino, stx_size, stx_blocks, stx_attributes_mask;
    struct statx_timestamp stx_atime, stx_btime, stx_ctime, stx_mtime;
    unsigned stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
    unsigned long long rest[14];
};
#define STATX_BASIC_STATS 0x7ffU
#define STATX_BTIME 0x800U
#endif

static long sx(int dirfd, const char *path, int flags, unsigned mask, struct statx *b) {
    return syscall(SYS_statx, dirfd, path, flags, mask, b);
}

int main(void) {
    t_init();
    t_scratch();
    char path[64];
    snprintf(path, sizeof path, "/dev/shm/fs_statx.%d", getpid());
    int fd = open(path, O_CREAT | O_RDWR, 0640);
    write(fd, "hello", 5);
    struct statx a, b;
    t_show("statx", sx(AT_FDCWD, path, 0, STATX_BASIC_STATS | STATX_BTIME, &a));
    printf("mask has basic stats: %s, btime: %s\n", yesno((a.stx_mask & STATX_BASIC_STATS) == STATX_BASIC_STATS),
           yesno(a.stx_mask & STATX_BTIME));
    printf("mode %o size %llu nlink %u uid %u blksize %u blocks>0 %s\n", a.stx_mode, a.stx_size, a.stx_nlink,
           a.stx_uid, a.stx_blksize, yesno(a.stx_blocks > 0));
    struct stat st;
    fstat(fd, &st);
    printf("same as fstat: ino %s dev %s\n", yesno(st.st_ino == a.stx_ino),
           yesno(major(st.st_dev) == a.stx_dev_major && minor(st.st_dev) == a.stx_dev_minor));
    printf("btime <= mtime: %s\n", yesno(a.stx_btime.tv_sec <= a.stx_mtime.tv_sec));
    struct timespec ts = {0, 20 * 1000 * 1000};
    nanosleep(&ts, NULL);
    write(fd, "!", 1);
    sx(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &b);
    printf("write moves mtime: %s, ctime: %s, size %llu\n",
           yesno(b.stx_mtime.tv_sec * 1000000000LL + b.stx_mtime.tv_nsec > a.stx_mtime.tv_sec * 1000000000LL + a.stx_mtime.tv_nsec),
           yesno(b.stx_ctime.tv_sec * 1000000000LL + b.stx_ctime.tv_nsec > a.stx_ctime.tv_sec * 1000000000LL + a.stx_ctime.tv_nsec),
           b.stx_size);
    nanosleep(&ts, NULL);
    fchmod(fd, 0600);
    sx(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &a);
    printf("chmod moves ctime only: %s\n",
           yesno(a.stx_ctime.tv_nsec != b.stx_ctime.tv_nsec && a.stx_mtime.tv_nsec == b.stx_mtime.tv_nsec));
    symlink(path, "lnk");
    sx(AT_FDCWD, "lnk", AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &a);
    printf("nofollow: link %s, size is the body length %s\n", yesno(S_ISLNK(a.stx_mode)), yesno(a.stx_size == strlen(path)));
    sx(AT_FDCWD, "lnk", 0, STATX_BASIC_STATS, &a);
    printf("follow: regular %s\n", yesno(S_ISREG(a.stx_mode)));
    mkdir("d", 0755);
    stat("d", &st);
    printf("dir nlink %ld\n", (long)st.st_nlink);
    mkdir("d/sub", 0755);
    stat("d", &st);
    printf("dir nlink with a subdir %ld\n", (long)st.st_nlink);
    int pfd[2];
    pipe(pfd);
    sx(pfd[0], "", AT_EMPTY_PATH, STATX_BASIC_STATS, &a);
    printf("pipe is a fifo: %s\n", yesno(S_ISFIFO(a.stx_mode)));
    t_show("bad flags", sx(AT_FDCWD, path, 0x1, STATX_BASIC_STATS, &a));
    t_show("reserved mask bit", sx(AT_FDCWD, path, 0, 0x80000000U, &a));
    t_show("missing", sx(AT_FDCWD, "missing", 0, STATX_BASIC_STATS, &a));
    t_show("empty path without AT_EMPTY_PATH", sx(fd, "", 0, STATX_BASIC_STATS, &a));
    t_show("bad fd with AT_EMPTY_PATH", sx(999, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &a));
    t_show("bad buffer", sx(AT_FDCWD, path, 0, STATX_BASIC_STATS, (struct statx *)8));
    rmdir("d/sub");
    rmdir("d");
    unlink("lnk");
    close(fd);
    unlink(path);
    return 0;
}
