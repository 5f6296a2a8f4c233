/* Permission checks for an unprivileged user (a child that switches to uid/gid 1000), on a host
 * directory and on tmpfs: EACCES for missing read, write and search bits, EPERM for the sticky
 * bit and for changing others' files, access(2), and what the owner may do. */
#include "guest.h"
#include <sys/xattr.h>
#include <utime.h>

static void prepare(const char *d) {
    char p[512];
    mkdir(d, 0777);
    chmod(d, 0777);
    snprintf(p, sizeof p, "%s/ro_file", d); close(open(p, O_CREAT | O_WRONLY, 0444)); chmod(p, 0444);
    snprintf(p, sizeof p, "%s/secret", d); close(open(p, O_CREAT | O_WRONLY, 0600)); chmod(p, 0600);
    snprintf(p, sizeof p, "%s/noexec", d); mkdir(p, 0777); chmod(p, 0666);
    snprintf(p, sizeof p, "%s/noexec/x", d); close(open(p, O_CREAT | O_WRONLY, 0644));
    snprintf(p, sizeof p, "%s/rodir", d); mkdir(p, 0755);
    snprintf(p, sizeof p, "%s/rodir/f", d); close(open(p, O_CREAT | O_WRONLY, 0644));
    snprintf(p, sizeof p, "%s/rodir/sub", d); mkdir(p, 0755);
    snprintf(p, sizeof p, "%s/sticky", d); mkdir(p, 0777); chmod(p, 01777);
    snprintf(p, sizeof p, "%s/sticky/rootfile", d); close(open(p, O_CREAT | O_WRONLY, 0666)); chmod(p, 0666);
}

static void as_user(const char *d) {
    char p[512], q[512];
#define P(name) (snprintf(p, sizeof p, "%s/%s", d, name), p)
#define Q(name) (snprintf(q, sizeof q, "%s/%s", d, name), q)
    int fd = open(P("ro_file"), O_RDONLY);
    printf("read-only file for reading: %s\n", yesno(fd >= 0));
    close(fd);
    t_show("read-only file for writing", open(P("ro_file"), O_WRONLY));
    t_show("read-only file O_TRUNC", open(P("ro_file"), O_RDONLY | O_TRUNC));
    t_show("secret for reading", open(P("secret"), O_RDONLY));
    struct stat st;
    t_show("stat through a directory without x", stat(P("noexec/x"), &st));
    t_show("create in a read-only directory", open(P("rodir/new"), O_CREAT | O_WRONLY, 0644));
    t_show("mkdir in a read-only directory", mkdir(P("rodir/newdir"), 0755));
    t_show("unlink in a read-only directory", unlink(P("rodir/f")));
    t_show("rmdir in a read-only directory", rmdir(P("rodir/sub")));
    t_show("symlink in a read-only directory", symlink("f", P("rodir/lnk")));
    t_show("rename out of a read-only directory", rename(P("rodir/f"), Q("moved")));
    t_show("unlink another's file in a sticky directory", unlink(P("sticky/rootfile")));
    t_show("rename another's file in a sticky directory", rename(P("sticky/rootfile"), Q("sticky/r2")));
    fd = open(P("sticky/rootfile"), O_WRONLY);
    printf("write another's 0666 file: %s\n", yesno(fd >= 0));
    close(fd);
    t_show("chmod another's file", chmod(P("ro_file"), 0777));
    t_show("chown another's file", chown(P("ro_file"), 1000, 1000));
    struct utimbuf ut = {1, 1};
    t_show("utime explicit on another's file", utime(P("ro_file"), &ut));
    t_show("utime now without write access", utime(P("ro_file"), NULL));
    t_show("utime now with write access", utime(P("sticky/rootfile"), NULL));
    t_show("truncate read-only file", truncate(P("ro_file"), 0));
    t_show("access secret R_OK", access(P("secret"), R_OK));
    t_show("access ro_file W_OK", access(P("ro_file"), W_OK));
    t_show("access ro_file R_OK", access(P("ro_file"), R_OK));
    t_show("access ro_file F_OK", access(P("ro_file"), F_OK));
    t_show("setxattr without write access", setxattr(P("ro_file"), "user.a", "1", 1, 0));
    fd = open(P("mine"), O_CREAT | O_WRONLY, 0600);
    printf("create own file: %s\n", yesno(fd >= 0));
    close(fd);
    stat(P("mine"), &st);
    printf("owner %d group %d\n", (int)st.st_uid, (int)st.st_gid);
    t_show("chmod own file", chmod(P("mine"), 0640));
    t_show("chown own file to root", chown(P("mine"), 0, -1));
    t_show("chgrp own file to a foreign group", chown(P("mine"), -1, 0));
    t_show("chmod setgid as a non-member keeps going", chmod(P("mine"), 02640));
    stat(P("mine"), &st);
    printf("mode now %o\n", st.st_mode & 07777);
    t_show("unlink own file in sticky dir's parent", unlink(P("mine")));
#undef P
#undef Q
}

static void cleanup(const char *d) {
    char p[512];
    const char *files[] = {"ro_file", "secret", "noexec/x", "rodir/f", "sticky/rootfile", "mine", NULL};
    snprintf(p, sizeof p, "%s/noexec", d); chmod(p, 0755);
    for (int i = 0; files[i]; i++) { snprintf(p, sizeof p, "%s/%s", d, files[i]); unlink(p); }
    const char *dirs[] = {"noexec", "rodir/sub", "rodir", "sticky", NULL};
    for (int i = 0; dirs[i]; i++) { snprintf(p, sizeof p, "%s/%s", d, dirs[i]); rmdir(p); }
    rmdir(d);
}

static void run(const char *base) {
    char d[256];
    snprintf(d, sizeof d, "%s/fs_perm.%d", base, getpid());
    prepare(d);
    pid_t pid = fork();
    if (pid == 0) {
        if (setgid(1000) != 0 || setuid(1000) != 0) _exit(99);
        as_user(d);
        _exit(0);
    }
    t_reap("user child", pid);
    cleanup(d);
}

int main(void) {
    t_init();
    const char *scratch = t_scratch();
    chmod(scratch, 0755);
    printf("== working directory\n");
    run(scratch);
    printf("== /dev/shm\n");
    run("/dev/shm");
    return 0;
}
