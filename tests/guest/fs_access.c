/* access, faccessat and faccessat2 on a host directory and on tmpfs: root passes read and write
 * checks whatever the mode but needs some x bit for X_OK; a non-root user by owner, group and
 * other bits; real versus effective ids (AT_EACCESS); AT_SYMLINK_NOFOLLOW and AT_EMPTY_PATH with
 * faccessat2; and the errors (EINVAL for bad modes and flags, ENOENT, ENOTDIR, EACCES on the path). */
#include "guest.h"
#include <sys/syscall.h>

static int fa2(int dfd, const char *p, int mode, int flags) {
    return syscall(SYS_faccessat2, dfd, p, mode, flags);
}

/* Returns one of eight rotating buffers, so one printf may show several results. */
static const char *modes(int dfd, const char *p, int flags) {
    static char bufs[8][8];
    static int next;
    char *out = bufs[next++ % 8];
    int i = 0;
    out[i++] = fa2(dfd, p, R_OK, flags) == 0 ? 'r' : '-';
    out[i++] = fa2(dfd, p, W_OK, flags) == 0 ? 'w' : '-';
    out[i++] = fa2(dfd, p, X_OK, flags) == 0 ? 'x' : '-';
    out[i++] = fa2(dfd, p, F_OK, flags) == 0 ? 'f' : '-';
    out[i] = 0;
    return out;
}

static void run(const char *base, const char *tag) {
    char d[256];
    snprintf(d, sizeof d, "%s/fs_access.%d", base, getpid());
    mkdir(d, 0755);
    chmod(d, 0755);
    int dfd = open(d, O_RDONLY | O_DIRECTORY);
    printf("-- %s\n", tag);
    static const int perms[] = {0000, 0400, 0200, 0100, 0010, 0001, 0640, 0604, 0755, 0070, 0007};
    char name[32];
    for (unsigned i = 0; i < sizeof perms / sizeof perms[0]; i++) {
        snprintf(name, sizeof name, "m%04o", perms[i]);
        close(openat(dfd, name, O_CREAT | O_WRONLY, 0600));
        fchownat(dfd, name, 1000, 1000, 0);
        fchmodat(dfd, name, perms[i], 0);
    }
    mkdirat(dfd, "dir0", 0000);
    symlinkat("m0000", dfd, "link");
    symlinkat("missing", dfd, "dangling");
    printf("root:");
    for (unsigned i = 0; i < sizeof perms / sizeof perms[0]; i++) {
        snprintf(name, sizeof name, "m%04o", perms[i]);
        printf(" %04o=%s", perms[i], modes(dfd, name, 0));
    }
    printf(" dir0=%s\n", modes(dfd, "dir0", 0));
    fflush(stdout);
    static const struct { int uid, gid; const char *who; } users[] = {
        {1000, 1000, "owner"}, {1001, 1000, "group"}, {1001, 1001, "other"}};
    for (int u = 0; u < 3; u++) {
        pid_t pid = fork();
        if (pid == 0) {
            setgroups(0, NULL);
            setgid(users[u].gid);
            setuid(users[u].uid);
            printf("%s:", users[u].who);
            for (unsigned i = 0; i < sizeof perms / sizeof perms[0]; i++) {
                snprintf(name, sizeof name, "m%04o", perms[i]);
                printf(" %04o=%s", perms[i], modes(dfd, name, 0));
            }
            printf("\n");
            _exit(0);
        }
        waitpid(pid, NULL, 0);
    }
    /* Real uid 1001, effective uid 1000: access checks the real ids, AT_EACCESS the effective. */
    pid_t pid = fork();
    if (pid == 0) {
        setgroups(0, NULL);
        setresgid(1001, 1000, 1000);
        setresuid(1001, 1000, 0);
        printf("real 1001, effective 1000: m0400 access %s, AT_EACCESS %s, m0007 access %s, AT_EACCESS %s\n",
               modes(dfd, "m0400", 0), modes(dfd, "m0400", AT_EACCESS),
               modes(dfd, "m0007", 0), modes(dfd, "m0007", AT_EACCESS));
        printf("faccessat (no flags argument) m0400: %s\n", syscall(SYS_faccessat, dfd, "m0400", R_OK) == 0 ? "yes" : errname(errno));
        printf("access m0400: %s\n", faccessat(dfd, "m0400", R_OK, AT_EACCESS) == 0 ? "yes" : errname(errno));
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    /* Through a directory without search permission. */
    close(openat(dfd, "dir0/x", O_CREAT | O_WRONLY, 0644));
    pid = fork();
    if (pid == 0) {
        setgid(1000);
        setuid(1000);
        t_show("through dir0 as uid 1000", fa2(dfd, "dir0/x", F_OK, 0));
        t_show("dir0 itself F_OK", fa2(dfd, "dir0", F_OK, 0));
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    printf("link followed: %s, AT_SYMLINK_NOFOLLOW: %s\n", modes(dfd, "link", 0), modes(dfd, "link", AT_SYMLINK_NOFOLLOW));
    printf("dangling: %s, AT_SYMLINK_NOFOLLOW: %s\n", modes(dfd, "dangling", 0), modes(dfd, "dangling", AT_SYMLINK_NOFOLLOW));
    int fd = openat(dfd, "m0100", O_PATH);
    printf("AT_EMPTY_PATH on O_PATH fd of m0100: %s\n", modes(fd, "", AT_EMPTY_PATH));
    t_show("empty path without AT_EMPTY_PATH", fa2(fd, "", F_OK, 0));
    close(fd);
    t_show("bad mode", fa2(dfd, "m0000", 8, 0));
    t_show("bad flag", fa2(dfd, "m0000", F_OK, 0x1));
    t_show("missing", fa2(dfd, "missing", F_OK, 0));
    t_show("through a file", fa2(dfd, "m0000/x", F_OK, 0));
    t_show("bad dirfd", fa2(999, "m0000", F_OK, 0));
    t_show("access bad mode", access(d, 0x10));
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
