/* getdents64 over 500 entries on a host directory and on tmpfs: every name seen exactly once
 * whatever the buffer size (one record at a time, 1 KiB, 32 KiB), d_off cookies that lseek back to
 * resume (telldir/seekdir), rewinding, files removed during the walk never seen twice, a buffer
 * smaller than one record (EINVAL), and getdents64 on an O_PATH descriptor (EBADF). */
#include "guest.h"
#include <dirent.h>
#include <stdint.h>
#include <sys/syscall.h>

#define N 500

struct rec {
    uint64_t ino;
    int64_t off;
    unsigned short reclen;
    unsigned char type;
    char name[];
};

static int seen[N + 2];

/* Reads the whole directory with buffers of `size` bytes; counts names f0..f499, ".", "..". */
static int walk(int fd, size_t size, int *calls) {
    static char buf[65536];
    int total = 0;
    *calls = 0;
    memset(seen, 0, sizeof seen);
    for (;;) {
        long n = syscall(SYS_getdents64, fd, buf, size);
        if (n < 0)
            return -errno;
        if (n == 0)
            break;
        (*calls)++;
        for (long pos = 0; pos < n;) {
            struct rec *r = (struct rec *)(buf + pos);
            if (r->name[0] == 'f')
                seen[atoi(r->name + 1)]++;
            else if (!strcmp(r->name, "."))
                seen[N]++;
            else if (!strcmp(r->name, ".."))
                seen[N + 1]++;
            total++;
            pos += r->reclen;
        }
    }
    return total;
}

static void report(const char *what, int total) {
    int once = 0, twice = 0, missing = 0;
    for (int i = 0; i < N + 2; i++) {
        if (seen[i] == 1)
            once++;
        else if (seen[i] > 1)
            twice++;
        else
            missing++;
    }
    printf("%s: %d records, %d names once, %d repeated, %d missing\n", what, total, once, twice, missing);
}

static void run(const char *base, const char *tag) {
    char d[256];
    snprintf(d, sizeof d, "%s/fs_getdents_big.%d", base, getpid());
    mkdir(d, 0755);
    printf("-- %s\n", tag);
    int dfd = open(d, O_RDONLY | O_DIRECTORY);
    for (int i = 0; i < N; i++) {
        char name[16];
        snprintf(name, sizeof name, "f%d", i);
        close(openat(dfd, name, O_CREAT | O_WRONLY, 0644));
    }
    int calls;
    static const size_t sizes[] = {32, 1024, 32768};
    for (int s = 0; s < 3; s++) {
        lseek(dfd, 0, SEEK_SET);
        int total = walk(dfd, sizes[s], &calls);
        char what[64];
        snprintf(what, sizeof what, "buffer %zu", sizes[s]);
        report(what, total);
        if (s == 0)
            printf("  one record per call: %s\n", yesno(calls == total));
    }
    lseek(dfd, 0, SEEK_SET);
    t_show("buffer of 10 bytes", syscall(SYS_getdents64, dfd, (char[16]){0}, 10));
    t_show("buffer of 0 bytes", syscall(SYS_getdents64, dfd, (char[16]){0}, 0));

    /* telldir/seekdir: remember a position in the middle, read on, come back. */
    DIR *dir = fdopendir(dup(dfd));
    rewinddir(dir);
    struct dirent *e;
    for (int i = 0; i < 200; i++)
        readdir(dir);
    long pos = telldir(dir);
    char after[3][256];
    for (int i = 0; i < 3; i++) {
        e = readdir(dir);
        snprintf(after[i], sizeof after[i], "%s", e ? e->d_name : "(end)");
    }
    for (int i = 0; i < 100; i++)
        readdir(dir);
    seekdir(dir, pos);
    int same = 1;
    for (int i = 0; i < 3; i++) {
        e = readdir(dir);
        same &= e && !strcmp(e->d_name, after[i]);
    }
    printf("seekdir back to telldir gives the same names: %s\n", yesno(same));
    rewinddir(dir);
    int count = 0;
    while (readdir(dir))
        count++;
    printf("after rewinddir: %d entries\n", count);
    closedir(dir);

    /* Removing files while walking: nothing is seen twice, and each removed file that was not
     * yet returned may or may not appear, so only "repeated" is printed. */
    lseek(dfd, 0, SEEK_SET);
    static char buf[4096];
    long n = syscall(SYS_getdents64, dfd, buf, sizeof buf);
    memset(seen, 0, sizeof seen);
    for (long p = 0; p < n;) {
        struct rec *r = (struct rec *)(buf + p);
        if (r->name[0] == 'f')
            seen[atoi(r->name + 1)]++;
        p += r->reclen;
    }
    for (int i = 0; i < N; i += 2) {
        char name[16];
        snprintf(name, sizeof name, "f%d", i);
        unlinkat(dfd, name, 0);
    }
    int repeated = 0, odd_missing = 0;
    for (;;) {
        n = syscall(SYS_getdents64, dfd, buf, sizeof buf);
        if (n <= 0)
            break;
        for (long p = 0; p < n;) {
            struct rec *r = (struct rec *)(buf + p);
            if (r->name[0] == 'f') {
                int k = atoi(r->name + 1);
                if (++seen[k] > 1)
                    repeated++;
            }
            p += r->reclen;
        }
    }
    for (int i = 1; i < N; i += 2)
        if (seen[i] != 1)
            odd_missing++;
    printf("while removing every other file: %d repeated, %d kept files not seen once\n", repeated, odd_missing);
    lseek(dfd, 0, SEEK_SET);
    report("after the removals", walk(dfd, 32768, &calls));

    int pfd = open(d, O_PATH | O_DIRECTORY);
    t_show("getdents64 on O_PATH", syscall(SYS_getdents64, pfd, buf, sizeof buf));
    close(pfd);
    for (int i = 1; i < N; i += 2) {
        char name[16];
        snprintf(name, sizeof name, "f%d", i);
        unlinkat(dfd, name, 0);
    }
    close(dfd);
    rmdir(d);
}

int main(void) {
    t_init();
    run(t_scratch(), "host directory");
    run("/dev/shm", "tmpfs");
    return 0;
}
