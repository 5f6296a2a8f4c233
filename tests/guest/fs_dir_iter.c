/* Reading directories on a host directory and on tmpfs: getdents64 records (names, d_type,
 * d_ino against stat), "." and "..", lseek back to the start, entries removed while reading,
 * a buffer too small (EINVAL), a file (ENOTDIR), and a removed working directory. */
#include "guest.h"
#include <dirent.h>
#include <sys/syscall.h>

struct d64 {
    unsigned long long ino;
    long long off;
    unsigned short reclen;
    unsigned char type;
    char name[];
};

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void list(int dfd, const char *what) {
    char buf[4096] __attribute__((aligned(8)));
    char *names[64];
    int n = 0, ino_ok = 1;
    lseek(dfd, 0, SEEK_SET);
    for (;;) {
        long k = syscall(SYS_getdents64, dfd, buf, sizeof buf);
        if (k <= 0) break;
        for (long at = 0; at < k;) {
            struct d64 *e = (struct d64 *)(buf + at);
            char *s = malloc(300);
            const char *t = e->type == DT_DIR ? "dir" : e->type == DT_REG ? "reg" : e->type == DT_LNK ? "lnk"
                          : e->type == DT_FIFO ? "fifo" : "other";
            snprintf(s, 300, "%s:%s", e->name, t);
            struct stat st;
            if (strcmp(e->name, "..") && fstatat(dfd, e->name, &st, AT_SYMLINK_NOFOLLOW) == 0 && st.st_ino != e->ino) ino_ok = 0;
            if (n < 64) names[n++] = s;
            at += e->reclen;
        }
    }
    qsort(names, n, sizeof names[0], cmp);
    printf("%s:", what);
    for (int i = 0; i < n; i++) { printf(" %s", names[i]); free(names[i]); }
    printf("\nd_ino matches stat: %s\n", yesno(ino_ok));
}

static void run(const char *base) {
    char d[256];
    snprintf(d, sizeof d, "%s/fs_dir_iter.%d", base, getpid());
    mkdir(d, 0755);
    int dfd = open(d, O_RDONLY | O_DIRECTORY);
    list(dfd, "empty");
    close(openat(dfd, "file", O_CREAT | O_WRONLY, 0644));
    mkdirat(dfd, "sub", 0755);
    symlinkat("file", dfd, "link");
    mkfifoat(dfd, "fifo", 0644);
    for (int i = 0; i < 20; i++) {
        char n[32];
        snprintf(n, sizeof n, "many%02d", i);
        close(openat(dfd, n, O_CREAT | O_WRONLY, 0644));
    }
    list(dfd, "filled");
    char buf[4096] __attribute__((aligned(8)));
    lseek(dfd, 0, SEEK_SET);
    t_show("buffer too small", syscall(SYS_getdents64, dfd, buf, 10));
    lseek(dfd, 0, SEEK_SET);
    long first = syscall(SYS_getdents64, dfd, buf, sizeof buf);
    long again = syscall(SYS_getdents64, dfd, buf, sizeof buf);
    printf("second read at the end: %ld (first non-empty: %s)\n", again, yesno(first > 0));
    for (int i = 0; i < 20; i++) {
        char n[32];
        snprintf(n, sizeof n, "many%02d", i);
        unlinkat(dfd, n, 0);
    }
    list(dfd, "after unlinking many");
    int f = openat(dfd, "file", O_RDONLY);
    t_show("getdents on a file", syscall(SYS_getdents64, f, buf, sizeof buf));
    close(f);
    t_show("getdents on a bad fd", syscall(SYS_getdents64, 999, buf, sizeof buf));

    /* opendir/readdir/rewinddir from the C library. */
    DIR *dir = opendir(d);
    int count = 0;
    while (readdir(dir)) count++;
    rewinddir(dir);
    int count2 = 0;
    while (readdir(dir)) count2++;
    printf("readdir count %d, after rewinddir %d\n", count, count2);
    closedir(dir);

    /* A removed working directory. */
    char cwd[4096];
    getcwd(cwd, sizeof cwd);
    chdir(d);
    chdir("sub");
    rmdir("../sub");
    errno = 0;
    char *r = getcwd(buf, sizeof buf);
    printf("getcwd in removed dir: %s %s\n", r ? "ok" : "fails", r ? "" : errname(errno));
    int self = open(".", O_RDONLY | O_DIRECTORY);
    printf("open . in removed dir: %s\n", yesno(self >= 0));
    t_show("getdents of removed dir", syscall(SYS_getdents64, self, buf, sizeof buf));
    t_show("create in removed dir", open("x", O_CREAT | O_WRONLY, 0644));
    close(self);
    chdir(cwd);
    unlinkat(dfd, "file", 0);
    unlinkat(dfd, "link", 0);
    unlinkat(dfd, "fifo", 0);
    close(dfd);
    t_show("rmdir", rmdir(d));
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
