/* File metadata: chmod/fchmod, utimensat with explicit times, access(), umask, st_blksize,
 * symlink sizes, device numbers of /dev/null. */
#include "guest.h"
#include <sys/sysmacros.h>

int main(void) {
    t_init();
    t_scratch();
    mode_t old = umask(027);
    printf("umask returns the previous mask: %s\n", yesno(old != 027));
    int fd = open("f", O_CREAT | O_WRONLY, 0777);
    struct stat st;
    fstat(fd, &st);
    printf("mode with umask 027: %o\n", (unsigned)(st.st_mode & 07777));
    t_show("fchmod 4755", fchmod(fd, 04755));
    fstat(fd, &st);
    printf("mode: %o\n", (unsigned)(st.st_mode & 07777));
    t_show("chmod 600", chmod("f", 0600));
    stat("f", &st);
    printf("mode: %o\n", (unsigned)(st.st_mode & 07777));
    struct timespec ts[2] = {{1000000000, 123456789}, {1234567890, 987654321}};
    t_show("utimensat", utimensat(AT_FDCWD, "f", ts, 0));
    stat("f", &st);
    printf("atime %lld.%09ld mtime %lld.%09ld\n", (long long)st.st_atim.tv_sec, st.st_atim.tv_nsec,
           (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    struct timespec omit[2] = {{0, UTIME_OMIT}, {0, UTIME_NOW}};
    utimensat(AT_FDCWD, "f", omit, 0);
    stat("f", &st);
    printf("UTIME_OMIT keeps atime: %s, UTIME_NOW moves mtime: %s\n", yesno(st.st_atim.tv_sec == 1000000000),
           yesno(st.st_mtim.tv_sec > 1600000000));
    t_show("access F_OK", access("f", F_OK));
    t_show("access missing", access("missing", F_OK));
    printf("blksize positive: %s\n", yesno(st.st_blksize > 0));
    symlink("a-target-of-22-bytes!!", "l");
    lstat("l", &st);
    printf("symlink size: %lld\n", (long long)st.st_size);
    if (stat("/dev/null", &st) == 0)
        printf("/dev/null: char device %s, rdev 1:3 %s\n", yesno(S_ISCHR(st.st_mode)),
               yesno(major(st.st_rdev) == 1 && minor(st.st_rdev) == 3));
    mkdir("d", 0755);
    stat("d", &st);
    printf("directory: %s, nlink %ld\n", yesno(S_ISDIR(st.st_mode)), (long)st.st_nlink);
    mkdir("d/e", 0755);
    stat("d", &st);
    printf("nlink after a subdirectory: %ld\n", (long)st.st_nlink);
    t_show("stat empty path", stat("", &st));
    t_show("fstatat AT_EMPTY_PATH", fstatat(fd, "", &st, AT_EMPTY_PATH));
    return 0;
}
