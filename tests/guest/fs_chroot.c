/* chroot(2): the new root bounds absolute paths, ".." and absolute symbolic links; the working
 * directory left outside still works (getcwd says "(unreachable)"), fchdir escapes with a descriptor
 * opened before, a child inherits the root, and the errors (ENOTDIR, ENOENT, EPERM for non-root). */
#include "guest.h"

static void show_file(const char *what, const char *path) {
    char buf[64] = {0};
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        printf("%s: -1 %s\n", what, errname(errno));
        return;
    }
    read(fd, buf, sizeof buf - 1);
    close(fd);
    printf("%s: %s", what, buf);
}

static void put(const char *path, const char *text) {
    int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    write(fd, text, strlen(text));
    close(fd);
}

int main(void) {
    t_init();
    t_scratch();
    chmod(".", 0755);
    mkdir("jail", 0755);
    mkdir("jail/etc", 0755);
    mkdir("jail/sub", 0755);
    put("jail/etc/name", "inside\n");
    put("outside", "outside\n");
    symlink("/etc/name", "jail/sub/abs");
    symlink("../../../../outside", "jail/sub/up");
    t_show("chroot a file", chroot("outside"));
    t_show("chroot missing", chroot("missing"));
    int outfd = open(".", O_RDONLY | O_DIRECTORY);

    pid_t pid = fork();
    if (pid == 0) {
        pid_t child = fork();
        if (child == 0) {
            setuid(1000);
            t_show("chroot as uid 1000", chroot("jail"));
            _exit(0);
        }
        waitpid(child, NULL, 0);
        t_show("chroot jail", chroot("jail"));
        char cwd[256];
        char *c = getcwd(cwd, sizeof cwd);
        printf("getcwd outside the root: %s\n", c ? (strncmp(c, "(unreachable)", 13) == 0 ? "(unreachable)..." : "a path") : errname(errno));
        show_file("relative name from the old cwd", "outside");
        show_file("/etc/name", "/etc/name");
        show_file("/../../etc/name", "/../../etc/name");
        show_file("absolute link", "/sub/abs");
        show_file("relative link with ..", "/sub/up");
        t_show("chdir /", chdir("/"));
        c = getcwd(cwd, sizeof cwd);
        printf("getcwd: %s\n", c ? c : errname(errno));
        t_show("chdir ..", chdir(".."));
        printf("getcwd: %s\n", getcwd(cwd, sizeof cwd));
        show_file("etc/name from /", "etc/name");
        pid_t g = fork();
        if (g == 0) {
            show_file("grandchild sees /etc/name", "/etc/name");
            _exit(0);
        }
        waitpid(g, NULL, 0);
        /* A nested chroot into a subdirectory. */
        t_show("chroot sub", chroot("sub"));
        show_file("/abs now", "/abs");
        chdir("/");
        show_file("/up now", "/up");
        /* The descriptor opened before the chroot leads back out. */
        t_show("fchdir out", fchdir(outfd));
        show_file("outside via cwd", "outside");
        t_show("chroot .", chroot("."));
        show_file("/outside after chroot .", "/outside");
        _exit(0);
    }
    t_reap("child", pid);
    show_file("parent root unchanged", "jail/etc/name");
    return 0;
}
