/* chown, fchown, lchown and fchownat on a host directory and on tmpfs: -1 leaves an id unchanged,
 * lchown and AT_SYMLINK_NOFOLLOW change the link itself, set-user-ID and set-group-ID bits are
 * cleared by a chown of a regular file (not of a directory), and a non-root owner may only change
 * the group to one of its own groups (EPERM otherwise); writes by a non-root user clear S_ISUID. */
#include "guest.h"
#include <grp.h>

static void ids(int dfd, const char *what, const char *p, int flags) {
    struct stat st;
    if (fstatat(dfd, p, &st, flags) != 0)
        printf("%s: -1 %s\n", what, errname(errno));
    else
        printf("%s: uid %d gid %d mode %04o\n", what, (int)st.st_uid, (int)st.st_gid, st.st_mode & 07777);
}

static void run(const char *base, const char *tag) {
    char d[256];
    snprintf(d, sizeof d, "%s/fs_chown.%d", base, getpid());
    mkdir(d, 0777);
    chmod(d, 0777);
    int dfd = open(d, O_RDONLY | O_DIRECTORY);
    printf("-- %s\n", tag);
    int fd = openat(dfd, "f", O_CREAT | O_RDWR, 0644);
    t_show("fchownat 1000 2000", fchownat(dfd, "f", 1000, 2000, 0));
    ids(dfd, "  f", "f", 0);
    t_show("fchownat -1 3000", fchownat(dfd, "f", -1, 3000, 0));
    ids(dfd, "  f", "f", 0);
    t_show("fchown 4000 -1", fchown(fd, 4000, -1));
    ids(dfd, "  f", "f", 0);
    t_show("fchown -1 -1", fchown(fd, -1, -1));
    ids(dfd, "  f", "f", 0);
    /* Set-id bits. */
    fchmod(fd, 06755);
    ids(dfd, "chmod 06755", "f", 0);
    t_show("fchown same ids", fchown(fd, 4000, 3000));
    ids(dfd, "  f", "f", 0);
    fchmod(fd, 06745);
    t_show("fchown -1 -1 with 06745", fchown(fd, -1, -1));
    ids(dfd, "  f", "f", 0);
    fchmod(fd, 02755);
    t_show("fchown of a 02755 file", fchown(fd, 0, 0));
    ids(dfd, "  f", "f", 0);
    mkdirat(dfd, "dir", 0755);
    fchmodat(dfd, "dir", 06755, 0);
    t_show("chown of a 06755 directory", fchownat(dfd, "dir", 1000, 1000, 0));
    ids(dfd, "  dir", "dir", 0);
    /* Symbolic links. */
    symlinkat("f", dfd, "link");
    t_show("fchownat AT_SYMLINK_NOFOLLOW", fchownat(dfd, "link", 5000, 5000, AT_SYMLINK_NOFOLLOW));
    ids(dfd, "  link", "link", AT_SYMLINK_NOFOLLOW);
    ids(dfd, "  f", "f", 0);
    t_show("fchownat following", fchownat(dfd, "link", 6000, 6000, 0));
    ids(dfd, "  link", "link", AT_SYMLINK_NOFOLLOW);
    ids(dfd, "  f", "f", 0);
    int pfd = openat(dfd, "f", O_PATH);
    t_show("fchownat AT_EMPTY_PATH", fchownat(pfd, "", 7000, -1, AT_EMPTY_PATH));
    t_show("fchown on O_PATH", fchown(pfd, 7000, -1));
    close(pfd);
    ids(dfd, "  f", "f", 0);
    t_show("fchownat bad flag", fchownat(dfd, "f", 0, 0, 0x2));
    t_show("fchownat missing", fchownat(dfd, "missing", 0, 0, 0));
    t_show("fchown bad fd", fchown(999, 0, 0));

    /* A non-root owner. */
    fchown(fd, 1000, 1000);
    fchmod(fd, 04766);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        gid_t groups[] = {1000, 1500};
        setgroups(2, groups);
        setgid(1000);
        setuid(1000);
        t_show("owner chown to another uid", fchownat(dfd, "f", 1001, -1, 0));
        t_show("owner chgrp to a supplementary group", fchownat(dfd, "f", -1, 1500, 0));
        ids(dfd, "  f", "f", 0);
        t_show("owner chgrp to a foreign group", fchownat(dfd, "f", -1, 2500, 0));
        t_show("owner chown to itself", fchownat(dfd, "f", 1000, -1, 0));
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    /* Another user: a write clears S_ISUID (and S_ISGID with group execute); chmod and chown fail,
     * except chown -1 -1, which changes nothing but the set-id bits. */
    fchmod(fd, 06776);
    ids(dfd, "  f", "f", 0);
    pid = fork();
    if (pid == 0) {
        setgroups(0, NULL);
        setgid(1001);
        setuid(1001);
        int w = openat(dfd, "f", O_WRONLY);
        t_show("other user writes", write(w, "x", 1));
        close(w);
        ids(dfd, "  after the write", "f", 0);
        t_show("other user chmod", fchmodat(dfd, "f", 0777, 0));
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    fchmod(fd, 06776);
    pid = fork();
    if (pid == 0) {
        setgroups(0, NULL);
        setgid(1001);
        setuid(1001);
        t_show("other user chown -1 -1", fchownat(dfd, "f", -1, -1, 0));
        ids(dfd, "  after it", "f", 0);
        t_show("other user truncates", ftruncate(openat(dfd, "f", O_WRONLY), 0));
        ids(dfd, "  after the truncate", "f", 0);
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    close(fd);
    close(dfd);
}

int main(void) {
    t_init();
    const char *s = t_scratch();
    chmod(s, 0755);
    run(s, "host directory");
    run("/dev/shm", "tmpfs");
    return 0;
}
