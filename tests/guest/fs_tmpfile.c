/* O_TMPFILE on /dev/shm: an unnamed file (nlink 0, "/dev/shm/#INO (deleted)" in /proc/self/fd), named
 * later by linkat through /proc/self/fd with AT_SYMLINK_FOLLOW unless opened O_EXCL; the errors. */
#include "guest.h"

static void show_link(int fd) {
    char path[64], link[256];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(path, link, sizeof link - 1);
    link[n > 0 ? n : 0] = 0;
    struct stat st;
    fstat(fd, &st);
    char expect[256];
    snprintf(expect, sizeof expect, "/dev/shm/#%llu (deleted)", (unsigned long long)st.st_ino);
    printf("link is /dev/shm/#INO (deleted): %s\n", yesno(strcmp(link, expect) == 0));
}

int main(void) {
    t_init();
    char name[64];
    snprintf(name, sizeof name, "/dev/shm/fs_tmpfile.%d", getpid());
    int fd = open("/dev/shm", O_TMPFILE | O_RDWR, 0600);
    printf("open: %s\n", yesno(fd >= 0));
    write(fd, "tmpdata", 7);
    struct stat st;
    fstat(fd, &st);
    printf("nlink %ld size %lld mode %o\n", (long)st.st_nlink, (long long)st.st_size, st.st_mode & 07777);
    show_link(fd);
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    t_show("linkat by /proc/self/fd", linkat(AT_FDCWD, path, AT_FDCWD, name, AT_SYMLINK_FOLLOW));
    fstat(fd, &st);
    printf("nlink after link: %ld\n", (long)st.st_nlink);
    struct stat st2;
    stat(name, &st2);
    printf("same file: %s size %lld\n", yesno(st.st_ino == st2.st_ino), (long long)st2.st_size);
    t_show("second linkat to the same name", linkat(AT_FDCWD, path, AT_FDCWD, name, AT_SYMLINK_FOLLOW));
    close(fd);
    int rd = open(name, O_RDONLY);
    char buf[16] = {0};
    read(rd, buf, 7);
    printf("named file reads: %s\n", buf);
    close(rd);
    unlink(name);

    fd = open("/dev/shm", O_TMPFILE | O_WRONLY | O_EXCL, 0600);
    printf("O_EXCL open: %s\n", yesno(fd >= 0));
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    t_show("linkat of O_EXCL file", linkat(AT_FDCWD, path, AT_FDCWD, name, AT_SYMLINK_FOLLOW));
    close(fd);

    t_show("O_TMPFILE read-only", open("/dev/shm", O_TMPFILE | O_RDONLY, 0600));
    int f = open(name, O_CREAT | O_WRONLY, 0600);
    close(f);
    t_show("O_TMPFILE on a file", open(name, O_TMPFILE | O_RDWR, 0600));
    unlink(name);
    t_show("O_TMPFILE on a missing directory", open("/dev/shm/fs_tmpfile-missing/x", O_TMPFILE | O_RDWR, 0600));
    t_show("O_TMPFILE with O_CREAT", open("/dev/shm", O_TMPFILE | O_CREAT | O_RDWR, 0600));
    return 0;
}
