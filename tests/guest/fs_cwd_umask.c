/* The working directory and umask belong to each process: a forked child's chdir and umask do
 * not change its parent's; umask masks the mode of open(O_CREAT), mkdir, mknod (FIFO), mkfifo and
 * symlink-free creations, but not chmod, and a removed working directory still serves ".". */
#include "guest.h"
#include <sys/sysmacros.h>

static void mode_of(const char *what, const char *path) {
    struct stat st;
    if (lstat(path, &st) != 0)
        printf("%s: -1 %s\n", what, errname(errno));
    else
        printf("%s: %04o\n", what, st.st_mode & 07777);
}

int main(void) {
    t_init();
    t_scratch();
    mkdir("a", 0755);
    mkdir("b", 0755);
    umask(022);
    pid_t pid = fork();
    if (pid == 0) {
        chdir("a");
        umask(077);
        close(open("in_a", O_CREAT | O_WRONLY, 0666));
        mode_of("child file with umask 077", "in_a");
        _exit(0);
    }
    t_reap("child", pid);
    printf("parent umask still: %04o\n", umask(022));
    t_show("parent does not see in_a here", access("in_a", F_OK));
    t_show("but in a/", access("a/in_a", F_OK));

    static const int masks[] = {0, 022, 027, 077, 0777};
    for (unsigned i = 0; i < sizeof masks / sizeof masks[0]; i++) {
        char name[64];
        umask(masks[i]);
        printf("umask %04o\n", masks[i]);
        snprintf(name, sizeof name, "f%u", i);
        close(open(name, O_CREAT | O_WRONLY, 0777));
        mode_of("  open 0777", name);
        snprintf(name, sizeof name, "d%u", i);
        mkdir(name, 0777);
        mode_of("  mkdir 0777", name);
        snprintf(name, sizeof name, "s%u", i);
        mkdir(name, 01777);
        mode_of("  mkdir 01777", name);
        snprintf(name, sizeof name, "p%u", i);
        mknod(name, S_IFIFO | 0666, 0);
        mode_of("  mknod fifo 0666", name);
        snprintf(name, sizeof name, "q%u", i);
        mkfifo(name, 0644);
        mode_of("  mkfifo 0644", name);
        snprintf(name, sizeof name, "f%u", i);
        chmod(name, 0777);
        mode_of("  chmod 0777", name);
        snprintf(name, sizeof name, "c%u", i);
        close(creat(name, 06777));
        mode_of("  creat 06777", name);
    }
    umask(022);
    /* O_CREAT on an existing file keeps its mode. */
    close(open("keep", O_CREAT | O_WRONLY, 0600));
    close(open("keep", O_CREAT | O_WRONLY, 0777));
    mode_of("existing file keeps 0600", "keep");
    /* A working directory that was removed. */
    mkdir("gone", 0755);
    pid = fork();
    if (pid == 0) {
        chdir("gone");
        rmdir("../gone");
        struct stat st;
        t_show("stat . in removed cwd", stat(".", &st));
        t_show("create in removed cwd", open("x", O_CREAT | O_WRONLY, 0644));
        t_show("mkdir in removed cwd", mkdir("y", 0755));
        char buf[256];
        t_show("getcwd", getcwd(buf, sizeof buf) ? 0 : -1);
        t_show("chdir ..", chdir(".."));
        _exit(0);
    }
    t_reap("child", pid);
    return 0;
}
