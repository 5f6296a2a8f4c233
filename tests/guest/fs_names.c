/* Name errors on a host directory and on tmpfs: EEXIST, ENOENT, ENOTDIR, EISDIR, ENOTEMPTY,
 * ELOOP, ENAMETOOLONG, EBADF, EINVAL, EXDEV, and hard and symbolic links (counts, dangling links,
 * O_NOFOLLOW, trailing slashes). */
#include "guest.h"

static void run(const char *base) {
    char d[256];
    snprintf(d, sizeof d, "%s/fs_names.%d", base, getpid());
    mkdir(d, 0755);
    int dfd = open(d, O_RDONLY | O_DIRECTORY);
    close(openat(dfd, "f", O_CREAT | O_WRONLY, 0644));
    mkdirat(dfd, "dir", 0755);
    close(openat(dfd, "dir/inner", O_CREAT | O_WRONLY, 0644));

    t_show("mkdir existing dir", mkdirat(dfd, "dir", 0755));
    t_show("mkdir over a file", mkdirat(dfd, "f", 0755));
    t_show("O_CREAT|O_EXCL existing", openat(dfd, "f", O_CREAT | O_EXCL | O_WRONLY, 0644));
    t_show("open missing", openat(dfd, "missing", O_RDONLY));
    t_show("open through a file", openat(dfd, "f/x", O_RDONLY));
    t_show("create through a file", openat(dfd, "f/x", O_CREAT | O_WRONLY, 0644));
    t_show("open dir for writing", openat(dfd, "dir", O_WRONLY));
    t_show("O_DIRECTORY on a file", openat(dfd, "f", O_RDONLY | O_DIRECTORY));
    t_show("file with trailing slash", openat(dfd, "f/", O_RDONLY));
    t_show("O_CREAT dir with trailing slash", openat(dfd, "newdir/", O_CREAT | O_WRONLY, 0644));
    t_show("rmdir non-empty", unlinkat(dfd, "dir", AT_REMOVEDIR));
    t_show("rmdir a file", unlinkat(dfd, "f", AT_REMOVEDIR));
    t_show("unlink a directory", unlinkat(dfd, "dir", 0));
    t_show("rmdir .", unlinkat(dfd, "dir/.", AT_REMOVEDIR));
    t_show("unlinkat bad flag", unlinkat(dfd, "f", 0x1));
    char longname[300];
    memset(longname, 'x', 299);
    longname[299] = 0;
    t_show("name of 299 bytes", openat(dfd, longname, O_CREAT | O_WRONLY, 0644));
    longname[255] = 0;
    int fd = openat(dfd, longname, O_CREAT | O_WRONLY, 0644);
    printf("name of 255 bytes: %s\n", yesno(fd >= 0));
    close(fd);
    unlinkat(dfd, longname, 0);
    static char longpath[5000];
    for (int i = 0; i < 4500; i += 2) { longpath[i] = 'a'; longpath[i + 1] = '/'; }
    t_show("path of 4500 bytes", openat(dfd, longpath, O_RDONLY));
    t_show("bad dirfd", openat(999, "f", O_RDONLY));
    t_show("file as dirfd", openat(openat(dfd, "f", O_RDONLY), "x", O_RDONLY));
    t_show("empty path", openat(dfd, "", O_RDONLY));

    /* Symbolic links. */
    t_show("symlink", symlinkat("f", dfd, "lf"));
    t_show("symlink over existing", symlinkat("f", dfd, "lf"));
    t_show("dangling symlink", symlinkat("nowhere", dfd, "dangle"));
    t_show("open dangling", openat(dfd, "dangle", O_RDONLY));
    fd = openat(dfd, "dangle", O_CREAT | O_WRONLY, 0644);
    printf("O_CREAT through dangling link creates the target: %s\n", yesno(fd >= 0 && faccessat(dfd, "nowhere", F_OK, 0) == 0));
    close(fd);
    t_show("O_CREAT|O_EXCL on a link", openat(dfd, "lf", O_CREAT | O_EXCL | O_WRONLY, 0644));
    t_show("O_NOFOLLOW on a link", openat(dfd, "lf", O_RDONLY | O_NOFOLLOW));
    symlinkat("loop2", dfd, "loop1");
    symlinkat("loop1", dfd, "loop2");
    t_show("loop", openat(dfd, "loop1", O_RDONLY));
    t_show("mkdir through loop parent", mkdirat(dfd, "loop1/x", 0755));
    char buf[64] = {0};
    t_show("readlink", readlinkat(dfd, "lf", buf, sizeof buf));
    printf("body: %s\n", buf);
    t_show("readlink a file", readlinkat(dfd, "f", buf, sizeof buf));
    t_show("readlink short buffer", readlinkat(dfd, "dangle", buf, 3));
    struct stat st, lst;
    fstatat(dfd, "lf", &st, 0);
    fstatat(dfd, "lf", &lst, AT_SYMLINK_NOFOLLOW);
    printf("stat follows: %s, lstat is a link of size %lld\n", yesno(S_ISREG(st.st_mode)), (long long)lst.st_size);
    symlinkat("dir", dfd, "ldir");
    fstatat(dfd, "ldir/", &st, AT_SYMLINK_NOFOLLOW);
    printf("link to dir with trailing slash is followed: %s\n", yesno(S_ISDIR(st.st_mode)));

    /* Hard links. */
    t_show("link", linkat(dfd, "f", dfd, "hard", 0));
    fstatat(dfd, "f", &st, 0);
    printf("nlink after link: %ld\n", (long)st.st_nlink);
    t_show("link to existing name", linkat(dfd, "f", dfd, "hard", 0));
    t_show("link a directory", linkat(dfd, "dir", dfd, "dirlink", 0));
    t_show("link missing", linkat(dfd, "missing", dfd, "x", 0));
    linkat(dfd, "lf", dfd, "hardlink_to_link", 0);
    fstatat(dfd, "hardlink_to_link", &st, AT_SYMLINK_NOFOLLOW);
    printf("link without FOLLOW links the symlink: %s\n", yesno(S_ISLNK(st.st_mode)));
    linkat(dfd, "lf", dfd, "hardlink_followed", AT_SYMLINK_FOLLOW);
    fstatat(dfd, "hardlink_followed", &st, AT_SYMLINK_NOFOLLOW);
    printf("link with FOLLOW links the target: %s\n", yesno(S_ISREG(st.st_mode)));
    unlinkat(dfd, "hard", 0);
    fstatat(dfd, "f", &st, 0);
    printf("nlink after unlink: %ld\n", (long)st.st_nlink);
    char other[128];
    snprintf(other, sizeof other, "%s/fs_names.x.%d", strcmp(base, ".") ? "." : "/dev/shm", getpid());
    t_show("link across filesystems", linkat(dfd, "f", AT_FDCWD, other, 0));

    const char *names[] = {"f", "dir/inner", "lf", "dangle", "nowhere", "loop1", "loop2", "ldir", "hardlink_to_link",
                           "hardlink_followed", NULL};
    for (int i = 0; names[i]; i++) unlinkat(dfd, names[i], 0);
    unlinkat(dfd, "dir", AT_REMOVEDIR);
    close(dfd);
    t_show("rmdir emptied", rmdir(d));
}

int main(void) {
    t_init();
    t_scratch();
    printf("== working directory\n");
    run(".");
    printf("== /dev/shm\n");
    run("/dev/shm");
    return 0;
}
