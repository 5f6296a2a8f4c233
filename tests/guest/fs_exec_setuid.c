/* execve honours the set-user-ID and set-group-ID bits: the effective and saved ids become the file's
 * owner and group, AT_SECURE is 1 and the process is no longer dumpable; nothing changes without the
 * bits, for set-group-ID without group execute, or on a nosuid mount; a plain exec makes the saved
 * ids equal the effective ones; a set-id exec clears the parent-death signal. */
#include "guest.h"
#include <sys/auxv.h>
#include <sys/mount.h>
#include <sys/prctl.h>

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

/* Runs `prog report what` with the given real/effective/saved ids and prints what it says. */
static void run_as(const char *what, const char *prog, int ruid, int euid, int suid, int gid) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        setgroups(0, NULL);
        setresgid(gid, gid, gid);
        setresuid(ruid, euid, suid);
        prctl(PR_SET_PDEATHSIG, SIGUSR1, 0, 0, 0);
        execl(prog, prog, "report", what, (char *)NULL);
        printf("%s: exec failed: %s\n", what, errname(errno));
        _exit(1);
    }
    waitpid(pid, NULL, 0);
}

static void setup(const char *prog, int uid, int gid, int mode) {
    copy_self(prog);
    chown(prog, uid, gid);
    chmod(prog, mode);
}

int main(int argc, char **argv) {
    t_init();
    if (argc > 2) {
        uid_t r, e, s;
        gid_t gr, ge, gs;
        getresuid(&r, &e, &s);
        getresgid(&gr, &ge, &gs);
        int pdeath = -1;
        prctl(PR_GET_PDEATHSIG, &pdeath, 0, 0, 0);
        printf("%s: uid %d/%d/%d gid %d/%d/%d secure %lu dumpable %d pdeathsig %d\n", argv[2], (int)r, (int)e, (int)s,
               (int)gr, (int)ge, (int)gs, getauxval(AT_SECURE), prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), pdeath);
        return 0;
    }
    const char *base = getenv("TEST_TMPDIR");
    char dir[256], prog[300];
    snprintf(dir, sizeof dir, "%s/setuid", base ? base : ".");
    mkdir(dir, 0755);
    chmod(dir, 0755);
    chmod(base ? base : ".", 0755);
    snprintf(prog, sizeof prog, "%s/prog", dir);

    setup(prog, 1234, 2345, 06755);
    run_as("6755 1234:2345 as 1000", prog, 1000, 1000, 1000, 1000);
    run_as("6755 1234:2345 as root", prog, 0, 0, 0, 0);
    setup(prog, 1234, 2345, 04755);
    run_as("4755 1234:2345 as 1000", prog, 1000, 1000, 1000, 1000);
    setup(prog, 1234, 2345, 02755);
    run_as("2755 1234:2345 as 1000", prog, 1000, 1000, 1000, 1000);
    setup(prog, 1234, 2345, 02745);
    run_as("2745 (no group x) as 1000", prog, 1000, 1000, 1000, 1000);
    setup(prog, 1234, 2345, 0755);
    run_as("0755 1234:2345 as 1000", prog, 1000, 1000, 1000, 1000);
    run_as("0755 as ruid 1000 euid 1001 suid 1002", prog, 1000, 1001, 1002, 1000);
    setup(prog, 1000, 1000, 04755);
    run_as("4755 owned by the caller as 1000", prog, 1000, 1000, 1000, 1000);
    setup(prog, 0, 0, 04755);
    run_as("4755 root:root as 1000", prog, 1000, 1000, 1000, 1000);
    unlink(prog);

    char mnt[300], p2[400];
    snprintf(mnt, sizeof mnt, "%s/mnt", dir);
    mkdir(mnt, 0755);
    if (mount("tmpfs", mnt, "tmpfs", MS_NOSUID, "mode=755") == 0) {
        snprintf(p2, sizeof p2, "%s/prog", mnt);
        setup(p2, 1234, 2345, 06755);
        run_as("6755 on a nosuid mount as 1000", p2, 1000, 1000, 1000, 1000);
        mount(NULL, mnt, NULL, MS_REMOUNT, "mode=755");
        run_as("6755 after remount without nosuid as 1000", p2, 1000, 1000, 1000, 1000);
        umount2(mnt, MNT_DETACH);
    } else {
        printf("mount: %s\n", errname(errno));
    }
    rmdir(mnt);
    rmdir(dir);
    return 0;
}
