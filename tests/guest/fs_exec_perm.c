/* execve and file permissions on tmpfs: root needs an x bit to execute; a non-root user needs the
 * x bit of its class (owner, group or other, whichever matches first), which the primary or a
 * supplementary group (setgroups) can give; the ids a plain program runs with; EACCES for a
 * directory and on a noexec mount. */
#include "guest.h"
#include <grp.h>
#include <sys/auxv.h>
#include <sys/mount.h>

static char dir[256];

static void copy_self(const char *to) {
    int in = open("/proc/self/exe", O_RDONLY);
    int out = open(to, O_CREAT | O_WRONLY | O_TRUNC, 0755);
    char buf[65536];
    ssize_t n;
    while ((n = read(in, buf, sizeof buf)) > 0)
        write(out, buf, n);
    close(in);
    close(out);
}

/* Runs `prog report` as uid/gid (with the given supplementary group, or none) and prints what it says. */
static void run_as(const char *what, const char *prog, int uid, int gid, int group) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        if (group >= 0) {
            gid_t g = group;
            setgroups(1, &g);
        } else {
            setgroups(0, NULL);
        }
        setresgid(gid, gid, gid);
        setresuid(uid, uid, uid);
        execl(prog, prog, "report", what, (char *)NULL);
        printf("%s: exec failed: %s\n", what, errname(errno));
        _exit(1);
    }
    waitpid(pid, NULL, 0);
}

int main(int argc, char **argv) {
    t_init();
    if (argc > 2) {
        uid_t r, e, s;
        gid_t gr, ge, gs;
        getresuid(&r, &e, &s);
        getresgid(&gr, &ge, &gs);
        printf("%s: uid %d/%d/%d gid %d/%d/%d secure %lu\n", argv[2], (int)r, (int)e, (int)s, (int)gr, (int)ge, (int)gs,
               getauxval(AT_SECURE));
        return 0;
    }
    snprintf(dir, sizeof dir, "/dev/shm/fs_exec_perm.%d", getpid());
    mkdir(dir, 0755);
    chmod(dir, 0755);
    char prog[300];
    snprintf(prog, sizeof prog, "%s/prog", dir);
    copy_self(prog);
    chown(prog, 2000, 3000);

    chmod(prog, 0755);
    run_as("plain 0755 as 1000", prog, 1000, 1000, -1);
    run_as("plain 0755 as root", prog, 0, 0, -1);
    chmod(prog, 0754);
    run_as("0754 as 1000 (no x for other)", prog, 1000, 1000, -1);
    run_as("0754 as 1000 in group 3000", prog, 1000, 1000, 3000);
    run_as("0754 as 2000 (the owner)", prog, 2000, 1000, -1);
    chmod(prog, 0075);
    run_as("0075 as 2000 (owner class has no x)", prog, 2000, 3000, -1);
    chmod(prog, 0750);
    run_as("0750 as 1000 with primary group 3000", prog, 1000, 3000, -1);
    chmod(prog, 0705);
    run_as("0705 as 1000 in group 3000 (group class has no x)", prog, 1000, 1000, 3000);
    chmod(prog, 0644);
    run_as("0644 as root", prog, 0, 0, -1);
    chmod(prog, 0010);
    run_as("0010 as root", prog, 0, 0, -1);
    run_as("directory as root", dir, 0, 0, -1);

    /* nosuid and noexec mounts. */
    char mnt[300], p2[400];
    snprintf(mnt, sizeof mnt, "%s/mnt", dir);
    mkdir(mnt, 0755);
    if (mount("tmpfs", mnt, "tmpfs", 0, "mode=755") == 0) {
        snprintf(p2, sizeof p2, "%s/prog", mnt);
        copy_self(p2);
        run_as("on a tmpfs of its own as 1000", p2, 1000, 1000, -1);
        mount(NULL, mnt, NULL, MS_REMOUNT | MS_NOEXEC, "mode=755");
        run_as("on a noexec mount as root", p2, 0, 0, -1);
        umount2(mnt, MNT_DETACH);
    } else {
        printf("mount: %s\n", errname(errno));
    }
    unlink(prog);
    rmdir(mnt);
    rmdir(dir);
    return 0;
}
