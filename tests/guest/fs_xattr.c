/* Extended attributes in the user.* namespace on a host directory (the working directory) and
 * on tmpfs (/dev/shm): set/get/list/remove with the path, l* and f* forms, XATTR_CREATE and
 * XATTR_REPLACE, size queries, ERANGE, ENODATA, E2BIG, EOPNOTSUPP and EPERM cases. */
#include "guest.h"
#include <sys/xattr.h>

static void run(const char *base) {
    char f[256], d[256], l[256];
    snprintf(f, sizeof f, "%s/fs_xattr.%d.f", base, getpid());
    snprintf(d, sizeof d, "%s/fs_xattr.%d.d", base, getpid());
    snprintf(l, sizeof l, "%s/fs_xattr.%d.l", base, getpid());
    close(open(f, O_CREAT | O_WRONLY, 0644));
    mkdir(d, 0755);
    symlink(f, l);
    char buf[256];

    t_show("set user.color", setxattr(f, "user.color", "blue", 4, 0));
    t_show("get size", getxattr(f, "user.color", NULL, 0));
    memset(buf, 0, sizeof buf);
    t_show("get", getxattr(f, "user.color", buf, sizeof buf));
    printf("value: %s\n", buf);
    t_show("get into 2 bytes", getxattr(f, "user.color", buf, 2));
    t_show("get missing", getxattr(f, "user.none", buf, sizeof buf));
    t_show("create existing", setxattr(f, "user.color", "red", 3, XATTR_CREATE));
    t_show("replace missing", setxattr(f, "user.shape", "box", 3, XATTR_REPLACE));
    t_show("replace existing", setxattr(f, "user.color", "green", 5, XATTR_REPLACE));
    memset(buf, 0, sizeof buf);
    getxattr(f, "user.color", buf, sizeof buf);
    printf("after replace: %s\n", buf);
    t_show("create new", setxattr(f, "user.shape", "box", 3, XATTR_CREATE));
    t_show("empty value", setxattr(f, "user.empty", "", 0, 0));
    t_show("get empty", getxattr(f, "user.empty", buf, sizeof buf));
    ssize_t n = listxattr(f, buf, sizeof buf);
    int count = 0;
    for (ssize_t i = 0; i < n; i += strlen(buf + i) + 1)
        if (!strncmp(buf + i, "user.", 5)) count++;
    printf("user names listed: %d\n", count);
    printf("list size query covers it: %s\n", yesno(listxattr(f, NULL, 0) == n));
    t_show("list into 3 bytes", listxattr(f, buf, 3));
    t_show("remove", removexattr(f, "user.shape"));
    t_show("remove again", removexattr(f, "user.shape"));
    t_show("get removed", getxattr(f, "user.shape", buf, sizeof buf));

    /* The descriptor forms. */
    int fd = open(f, O_RDONLY);
    t_show("fsetxattr", fsetxattr(fd, "user.fd", "1", 1, 0));
    memset(buf, 0, sizeof buf);
    t_show("fgetxattr", fgetxattr(fd, "user.fd", buf, sizeof buf));
    t_show("fremovexattr", fremovexattr(fd, "user.fd"));
    int pfd = open(f, O_PATH);
    t_show("fgetxattr on O_PATH", fgetxattr(pfd, "user.color", buf, sizeof buf));
    close(pfd);
    close(fd);
    t_show("fgetxattr bad fd", fgetxattr(999, "user.color", buf, sizeof buf));

    /* Through a symbolic link: the path form follows it, the l* form does not. */
    memset(buf, 0, sizeof buf);
    t_show("get through link", getxattr(l, "user.color", buf, sizeof buf));
    t_show("lget on link", lgetxattr(l, "user.color", buf, sizeof buf));
    t_show("lset user.* on link", lsetxattr(l, "user.x", "1", 1, 0));

    /* Directories carry user.* too. */
    t_show("set on directory", setxattr(d, "user.dir", "yes", 3, 0));
    t_show("get on directory", getxattr(d, "user.dir", buf, sizeof buf));

    /* Errors. */
    t_show("bad flags", setxattr(f, "user.a", "1", 1, 4));
    t_show("empty name", setxattr(f, "", "1", 1, 0));
    char longname[300] = "user.";
    memset(longname + 5, 'n', 260);
    longname[265] = 0;
    t_show("name too long", setxattr(f, longname, "1", 1, 0));
    t_show("bare prefix", setxattr(f, "user.", "1", 1, 0));
    t_show("unknown namespace", setxattr(f, "bogus.a", "1", 1, 0));
    static char big[70000];
    t_show("value too large", setxattr(f, "user.big", big, sizeof big, 0));
    t_show("missing file", setxattr("fs_xattr-missing", "user.a", "1", 1, 0));

    unlink(l);
    unlink(f);
    rmdir(d);
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
