/* Hard links on a host directory and on tmpfs: link counts through link, unlink and rename,
 * links sharing data and metadata, linkat of a symbolic link (the link itself) versus
 * AT_SYMLINK_FOLLOW, AT_EMPTY_PATH from a descriptor, and the errors (EXDEV across mounts, EPERM
 * for directories, EEXIST, ENOENT, EINVAL for unknown flags, ENOENT for an unlinked file). */
#include "guest.h"

static long nlink(int dfd, const char *p, int flags) {
    struct stat st;
    if (fstatat(dfd, p, &st, flags) != 0)
        return -errno;
    return (long)st.st_nlink;
}

static void run(const char *base, const char *tag) {
    char d[256];
    snprintf(d, sizeof d, "%s/fs_link.%d", base, getpid());
    mkdir(d, 0755);
    int dfd = open(d, O_RDONLY | O_DIRECTORY);
    printf("-- %s\n", tag);
    int fd = openat(dfd, "a", O_CREAT | O_RDWR, 0644);
    write(fd, "first", 5);
    printf("new file nlink %ld\n", nlink(dfd, "a", 0));
    t_show("link a b", linkat(dfd, "a", dfd, "b", 0));
    t_show("link b c", linkat(dfd, "b", dfd, "c", 0));
    printf("nlink a=%ld b=%ld c=%ld\n", nlink(dfd, "a", 0), nlink(dfd, "b", 0), nlink(dfd, "c", 0));
    struct stat sa, sc;
    fstatat(dfd, "a", &sa, 0);
    fstatat(dfd, "c", &sc, 0);
    printf("same inode: %s\n", yesno(sa.st_ino == sc.st_ino && sa.st_dev == sc.st_dev));
    fchmodat(dfd, "c", 0600, 0);
    fstatat(dfd, "a", &sa, 0);
    printf("chmod through c seen at a: %04o\n", sa.st_mode & 07777);
    int fc = openat(dfd, "c", O_WRONLY | O_APPEND);
    write(fc, "+more", 5);
    close(fc);
    char buf[32] = {0};
    pread(fd, buf, sizeof buf - 1, 0);
    printf("a reads: %s\n", buf);
    t_show("unlink a", unlinkat(dfd, "a", 0));
    printf("nlink b=%ld fstat of the open a=%ld\n", nlink(dfd, "b", 0), (fstat(fd, &sa), (long)sa.st_nlink));
    t_show("ftruncate the open a", ftruncate(fd, 5));
    printf("b size %lld\n", (fstatat(dfd, "b", &sa, 0), (long long)sa.st_size));
    t_show("rename b over c", renameat(dfd, "b", dfd, "c"));
    printf("after renaming a link over another link of the same file: b %s, c nlink %ld\n",
           nlink(dfd, "b", 0) > 0 ? "still there" : "gone", nlink(dfd, "c", 0));
    /* Links to symbolic links. */
    symlinkat("c", dfd, "sym");
    t_show("linkat sym plain", linkat(dfd, "sym", dfd, "hsym", 0));
    struct stat st;
    fstatat(dfd, "hsym", &st, AT_SYMLINK_NOFOLLOW);
    printf("hsym is a link: %s, nlink %ld\n", yesno(S_ISLNK(st.st_mode)), (long)st.st_nlink);
    t_show("linkat sym AT_SYMLINK_FOLLOW", linkat(dfd, "sym", dfd, "hfollow", AT_SYMLINK_FOLLOW));
    fstatat(dfd, "hfollow", &st, AT_SYMLINK_NOFOLLOW);
    printf("hfollow is regular: %s, c nlink %ld\n", yesno(S_ISREG(st.st_mode)), nlink(dfd, "c", 0));
    symlinkat("nothing", dfd, "dangle");
    t_show("link a dangling symlink", linkat(dfd, "dangle", dfd, "hdangle", 0));
    t_show("follow a dangling symlink", linkat(dfd, "dangle", dfd, "hdangle2", AT_SYMLINK_FOLLOW));
    /* From a descriptor. */
    int cfd = openat(dfd, "c", O_RDONLY);
    t_show("AT_EMPTY_PATH from a descriptor", linkat(cfd, "", dfd, "fromfd", AT_EMPTY_PATH));
    t_show("empty path without AT_EMPTY_PATH", linkat(cfd, "", dfd, "fromfd2", 0));
    printf("c nlink %ld\n", nlink(dfd, "c", 0));
    unlinkat(dfd, "c", 0);
    unlinkat(dfd, "hfollow", 0);
    unlinkat(dfd, "fromfd", 0);
    unlinkat(dfd, "b", 0);
    t_show("AT_EMPTY_PATH of an unlinked file", linkat(cfd, "", dfd, "revive", AT_EMPTY_PATH));
    close(cfd);
    /* Errors. */
    mkdirat(dfd, "dir", 0755);
    close(openat(dfd, "f", O_CREAT | O_WRONLY, 0644));
    printf("dir nlink %ld\n", nlink(dfd, "dir", 0));
    mkdirat(dfd, "dir/sub", 0755);
    printf("dir nlink with a subdirectory %ld\n", nlink(dfd, "dir", 0));
    t_show("link a directory", linkat(dfd, "dir", dfd, "dir2", 0));
    t_show("link to an existing name", linkat(dfd, "f", dfd, "dir", 0));
    t_show("link missing", linkat(dfd, "missing", dfd, "m", 0));
    t_show("link into a missing directory", linkat(dfd, "f", dfd, "nodir/f", 0));
    t_show("link with a trailing slash", linkat(dfd, "f", dfd, "g/", 0));
    t_show("link source with a trailing slash", linkat(dfd, "f/", dfd, "g", 0));
    t_show("unknown flag", linkat(dfd, "f", dfd, "g", 0x2));
    t_show("link across mounts into /dev", linkat(dfd, "f", AT_FDCWD, "/dev/fs_link.f", 0));
    t_show("link from /proc", linkat(AT_FDCWD, "/proc/self/status", dfd, "st", 0));
    close(fd);
    close(dfd);
}

int main(void) {
    t_init();
    const char *s = t_scratch();
    run(s, "host directory");
    run("/dev/shm", "tmpfs");
    /* Between the two filesystems. */
    close(open("x", O_CREAT | O_WRONLY, 0644));
    char name[64];
    snprintf(name, sizeof name, "/dev/shm/fs_link.x.%d", getpid());
    t_show("link host file into tmpfs", link("x", name));
    t_show("rename host file into tmpfs", rename("x", name));
    return 0;
}
