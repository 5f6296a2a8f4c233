/* Symbolic link resolution on a host directory and on tmpfs: chains up to the 40-link limit
 * (ELOOP beyond), loops inside a path, relative and absolute targets, ".." inside targets, trailing
 * slashes on links to files and directories, readlink truncation and its errors. */
#include "guest.h"
#include <limits.h>

static void run(const char *base, const char *tag) {
    char d[256];
    snprintf(d, sizeof d, "%s/fs_symlink_chain.%d", base, getpid());
    mkdir(d, 0755);
    int dfd = open(d, O_RDONLY | O_DIRECTORY);
    printf("-- %s\n", tag);
    int fd = openat(dfd, "target", O_CREAT | O_WRONLY, 0644);
    write(fd, "data", 4);
    close(fd);
    mkdirat(dfd, "sub", 0755);
    char name[32], prev[32];
    /* l1 -> target, lN -> l(N-1): opening lN follows N links. */
    for (int i = 1; i <= 41; i++) {
        snprintf(name, sizeof name, "l%d", i);
        if (i == 1)
            snprintf(prev, sizeof prev, "target");
        else
            snprintf(prev, sizeof prev, "l%d", i - 1);
        symlinkat(prev, dfd, name);
    }
    fd = openat(dfd, "l39", O_RDONLY);
    printf("chain of 39: %s\n", yesno(fd >= 0));
    close(fd);
    fd = openat(dfd, "l40", O_RDONLY);
    printf("chain of 40: %s\n", yesno(fd >= 0));
    close(fd);
    t_show("chain of 41", openat(dfd, "l41", O_RDONLY));
    struct stat st;
    t_show("stat chain of 41", fstatat(dfd, "l41", &st, 0));
    t_show("lstat chain of 41", fstatat(dfd, "l41", &st, AT_SYMLINK_NOFOLLOW));
    /* A link to a directory inside the path counts too. */
    symlinkat("sub", dfd, "lsub");
    fd = openat(dfd, "lsub/../target", O_RDONLY);
    printf("lsub/../target opens: %s\n", yesno(fd >= 0));
    close(fd);
    /* ".." of a symlinked directory is the target's parent. */
    symlinkat("../target", dfd, "sub/up");
    char buf[16] = {0};
    fd = openat(dfd, "sub/up", O_RDONLY);
    read(fd, buf, sizeof buf - 1);
    close(fd);
    printf("sub/up reads: %s\n", buf);
    symlinkat(d, dfd, "abs");
    fd = openat(dfd, "abs/target", O_RDONLY);
    printf("absolute link to the directory: %s\n", yesno(fd >= 0));
    close(fd);
    symlinkat("self", dfd, "self");
    t_show("self loop", openat(dfd, "self", O_RDONLY));
    t_show("self loop as a directory", openat(dfd, "self/x", O_RDONLY));
    t_show("self loop O_CREAT", openat(dfd, "self", O_CREAT | O_WRONLY, 0644));
    t_show("self loop lstat", fstatat(dfd, "self", &st, AT_SYMLINK_NOFOLLOW));
    t_show("unlink self loop", unlinkat(dfd, "self", 0));
    /* Trailing slashes. */
    t_show("link to file with slash", openat(dfd, "l1/", O_RDONLY));
    t_show("stat link to file with slash", fstatat(dfd, "l1/", &st, 0));
    t_show("lstat link to file with slash", fstatat(dfd, "l1/", &st, AT_SYMLINK_NOFOLLOW));
    t_show("link to dir with slash", fstatat(dfd, "lsub/", &st, AT_SYMLINK_NOFOLLOW));
    printf("is dir: %s\n", yesno(S_ISDIR(st.st_mode)));
    t_show("unlink link to dir with slash", unlinkat(dfd, "lsub/", 0));
    t_show("rmdir link to dir", unlinkat(dfd, "lsub", AT_REMOVEDIR));
    t_show("dir with two slashes", fstatat(dfd, "sub//", &st, 0));
    t_show("symlink name with slash", symlinkat("target", dfd, "newlink/"));
    t_show("mkdir with slash", mkdirat(dfd, "newdir/", 0755));
    t_show("rmdir with slash", unlinkat(dfd, "newdir/", AT_REMOVEDIR));
    t_show("rename file to slash", renameat(dfd, "target", dfd, "t2/"));
    t_show("rename dir to slash", renameat(dfd, "sub/", dfd, "sub2/"));
    renameat(dfd, "sub2", dfd, "sub");
    /* readlink. */
    memset(buf, '#', sizeof buf);
    t_show("readlink a file", readlinkat(dfd, "target", buf, sizeof buf));
    t_show("readlink truncated", readlinkat(dfd, "sub/up", buf, 3));
    printf("buf: %.5s\n", buf);
    t_show("readlink size 0", readlinkat(dfd, "l2", buf, 0));
    t_show("readlink a directory", readlinkat(dfd, "sub", buf, sizeof buf));
    t_show("readlink missing", readlinkat(dfd, "missing", buf, sizeof buf));
    t_show("readlink through link to dir", readlinkat(dfd, "sub/up", buf, sizeof buf));
    t_show("symlink empty target", symlinkat("", dfd, "empty"));
    static char longt[PATH_MAX + 10];
    memset(longt, 'a', PATH_MAX);
    longt[PATH_MAX] = 0;
    t_show("symlink target of PATH_MAX", symlinkat(longt, dfd, "long"));
    longt[PATH_MAX - 1] = 0;
    t_show("symlink target of PATH_MAX-1", symlinkat(longt, dfd, "long"));
    fstatat(dfd, "long", &st, AT_SYMLINK_NOFOLLOW);
    printf("its size: %lld\n", (long long)st.st_size);
    t_show("open it", openat(dfd, "long", O_RDONLY));
    close(dfd);
}

int main(void) {
    t_init();
    run(t_scratch(), "host directory");
    run("/dev/shm", "tmpfs");
    return 0;
}
