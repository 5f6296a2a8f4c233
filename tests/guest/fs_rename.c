/* rename and renameat2 on a host directory and on tmpfs: replacing files and empty directories,
 * RENAME_NOREPLACE, RENAME_EXCHANGE (files, a file with a directory), names followed after the
 * move (open through the new name at once, a renamed parent), and the errors. */
#include "guest.h"
#include <sys/syscall.h>

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE 1
#define RENAME_EXCHANGE 2
#define RENAME_WHITEOUT 4
#endif

static long r2(const char *a, const char *b, unsigned flags) {
    return syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, flags);
}

static void put(const char *path, const char *text) {
    int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    write(fd, text, strlen(text));
    close(fd);
}

static void get(const char *what, const char *path) {
    char buf[64] = {0};
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        printf("%s: open %s\n", what, errname(errno));
        return;
    }
    read(fd, buf, sizeof buf - 1);
    close(fd);
    printf("%s: %s\n", what, buf);
}

static void run(const char *base) {
    char d[256], p[40][320];
    snprintf(d, sizeof d, "%s/fs_rename.%d", base, getpid());
    mkdir(d, 0755);
    const char *names[] = {"a", "b", "c", "dir1", "dir2", "dir1/x", "dir2/y", "full", "full/f", "e", "dir3", "dir3/in", "dir4"};
    for (int i = 0; i < 13; i++) snprintf(p[i], sizeof p[i], "%s/%s", d, names[i]);
    put(p[0], "A");
    put(p[1], "B");
    t_show("rename a to c", rename(p[0], p[2]));
    get("c right after", p[2]);
    get("a after", p[0]);
    t_show("rename c over b", rename(p[2], p[1]));
    get("b now", p[1]);
    put(p[0], "A2");
    t_show("NOREPLACE onto existing", r2(p[0], p[1], RENAME_NOREPLACE));
    t_show("NOREPLACE onto new", r2(p[0], p[2], RENAME_NOREPLACE));
    get("c", p[2]);
    t_show("EXCHANGE b and c", r2(p[1], p[2], RENAME_EXCHANGE));
    get("b after exchange", p[1]);
    get("c after exchange", p[2]);
    t_show("EXCHANGE with missing", r2(p[1], p[9], RENAME_EXCHANGE));
    t_show("EXCHANGE|NOREPLACE", r2(p[1], p[2], RENAME_EXCHANGE | RENAME_NOREPLACE));
    t_show("unknown flag", r2(p[1], p[2], 8));

    mkdir(p[3], 0755);
    put(p[5], "X");
    mkdir(p[4], 0755);
    t_show("EXCHANGE dir1 and file b", r2(p[3], p[1], RENAME_EXCHANGE));
    char bx[340];
    snprintf(bx, sizeof bx, "%s/x", p[1]);
    get("b/x after exchange", bx);
    get("dir1 is the file", p[3]);
    t_show("EXCHANGE back", r2(p[3], p[1], RENAME_EXCHANGE));
    t_show("dir onto empty dir", rename(p[3], p[4]));
    snprintf(bx, sizeof bx, "%s/x", p[4]);
    get("dir2/x", bx);
    mkdir(p[7], 0755);
    put(p[8], "F");
    t_show("dir onto non-empty dir", rename(p[4], p[7]));
    t_show("dir onto file", rename(p[4], p[1]));
    t_show("file onto dir", rename(p[1], p[4]));
    t_show("dir into itself", rename(p[4], bx));
    t_show("missing source", rename(p[9], p[1]));
    char longname[400];
    snprintf(longname, sizeof longname, "%s/", d);
    memset(longname + strlen(longname), 'n', 300);
    longname[strlen(d) + 301] = 0;
    t_show("name too long", rename(p[1], longname));
    t_show("trailing slash on a file", rename(p[1], strcat(strcpy(bx, p[2]), "/")));

    /* A renamed parent: names below it follow. */
    mkdir(p[10], 0755);
    put(p[11], "IN");
    t_show("rename dir3 to dir4", rename(p[10], p[12]));
    snprintf(bx, sizeof bx, "%s/in", p[12]);
    get("dir4/in", bx);
    put(bx, "IN2");
    get("dir4/in rewritten", bx);
    char e2[340];
    snprintf(e2, sizeof e2, "%s/new", p[12]);
    put(e2, "NEW");
    get("new file in dir4", e2);

    unlink(e2);
    unlink(bx);
    rmdir(p[12]);
    unlink(p[8]);
    rmdir(p[7]);
    snprintf(bx, sizeof bx, "%s/x", p[4]);
    unlink(bx);
    rmdir(p[4]);
    unlink(p[0]);
    unlink(p[1]);
    unlink(p[2]);
    rmdir(d);
}

int main(void) {
    t_init();
    t_scratch();
    printf("== working directory\n");
    run(".");
    printf("== /dev/shm\n");
    run("/dev/shm");
    char a[64];
    snprintf(a, sizeof a, "/dev/shm/fs_rename.x.%d", getpid());
    put("cross", "X");
    t_show("rename across mounts", rename("cross", a));
    unlink("cross");
    return 0;
}
