/* POSIX record locks (fcntl F_SETLK, F_SETLKW, F_GETLK) between processes on a host directory and
 * on tmpfs: ranges, splitting and merging of one owner's locks, read versus write conflicts, a lock
 * to EOF (len 0), SEEK_CUR and SEEK_END starts, the release of all of a process's locks when it
 * closes any descriptor of the file, F_SETLKW waiting and EDEADLK, and open-file-description
 * locks (F_OFD_*) shared by dup and not released by closing another descriptor. */
#include "guest.h"

static int lk(int fd, int cmd, int type, off_t start, off_t len) {
    struct flock fl = {.l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len};
    return fcntl(fd, cmd, &fl);
}

/* A child's view: F_GETLK over each of the ranges, printing the conflicting lock. */
static void probe(const char *path, int cmd, const char *what, int type, off_t start, off_t len) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open(path, O_RDWR);
        struct flock fl = {.l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len};
        if (fcntl(fd, cmd, &fl) != 0) {
            printf("  %s: -1 %s\n", what, errname(errno));
        } else if (fl.l_type == F_UNLCK) {
            printf("  %s: free\n", what);
        } else {
            printf("  %s: %s lock at %ld len %ld%s\n", what, fl.l_type == F_RDLCK ? "read" : "write",
                   (long)fl.l_start, (long)fl.l_len, cmd == F_GETLK ? (fl.l_pid > 0 ? " (pid set)" : " (no pid)")
                                                                     : (fl.l_pid == -1 ? " (pid -1)" : " (pid?)"));
        }
        _exit(0);
    }
    waitpid(pid, NULL, 0);
}

/* Waits (up to two seconds) until process `pid` sleeps, as it does once blocked in F_SETLKW. */
static void wait_sleeping(pid_t pid) {
    char path[64], buf[256];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    for (int i = 0; i < 200; i++) {
        usleep(10000);
        int fd = open(path, O_RDONLY);
        int n = read(fd, buf, sizeof buf - 1);
        close(fd);
        buf[n > 0 ? n : 0] = 0;
        char *e = strrchr(buf, ')');
        if (e && e[1] == ' ' && e[2] == 'S')
            break;
    }
    usleep(20000);
}

static void run(const char *path, const char *tag) {
    printf("-- %s\n", tag);
    int fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0644);
    write(fd, "0123456789abcdefghij", 20);
    t_show("write lock 0..99", lk(fd, F_SETLK, F_WRLCK, 0, 100));
    probe(path, F_GETLK, "read 50..59", F_RDLCK, 50, 10);
    probe(path, F_GETLK, "read 100..", F_RDLCK, 100, 0);
    /* Unlocking the middle splits the lock in two. */
    t_show("unlock 40..59", lk(fd, F_SETLK, F_UNLCK, 40, 20));
    probe(path, F_GETLK, "write 45..49", F_WRLCK, 45, 5);
    probe(path, F_GETLK, "write 50..69", F_WRLCK, 50, 20);
    probe(path, F_GETLK, "write 30..44", F_WRLCK, 30, 15);
    /* Turning part into a read lock: readers may share it, writers still conflict. */
    t_show("read lock 60..79", lk(fd, F_SETLK, F_RDLCK, 60, 20));
    probe(path, F_GETLK, "read 60..79", F_RDLCK, 60, 20);
    probe(path, F_GETLK, "write 70..70", F_WRLCK, 70, 1);
    probe(path, F_GETLK, "read 55..85", F_RDLCK, 55, 31);
    /* Adjacent write locks merge. */
    t_show("write lock 40..59", lk(fd, F_SETLK, F_WRLCK, 40, 20));
    probe(path, F_GETLK, "read 0..199", F_RDLCK, 0, 200);
    t_show("unlock 0..59", lk(fd, F_SETLK, F_UNLCK, 0, 60));
    probe(path, F_GETLK, "read 0..199", F_RDLCK, 0, 200);
    t_show("unlock everything (len 0)", lk(fd, F_SETLK, F_UNLCK, 0, 0));
    probe(path, F_GETLK, "write 0..", F_WRLCK, 0, 0);
    /* Starts relative to the offset and the end; a negative length reaches back. */
    lseek(fd, 5, SEEK_SET);
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_CUR, .l_start = 5, .l_len = 3};
    t_show("write lock SEEK_CUR+5 len 3", fcntl(fd, F_SETLK, &fl));
    probe(path, F_GETLK, "write 0..", F_WRLCK, 0, 0);
    struct flock fe = {.l_type = F_WRLCK, .l_whence = SEEK_END, .l_start = -2, .l_len = 0};
    t_show("write lock SEEK_END-2 to EOF", fcntl(fd, F_SETLK, &fe));
    probe(path, F_GETLK, "write 15..", F_WRLCK, 15, 0);
    struct flock fn = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 30, .l_len = -5};
    t_show("write lock 30 len -5", fcntl(fd, F_SETLK, &fn));
    probe(path, F_GETLK, "write 20..29", F_WRLCK, 20, 10);
    struct flock fb = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 2, .l_len = -5};
    t_show("lock before offset 0", fcntl(fd, F_SETLK, &fb));
    t_show("bad l_type", lk(fd, F_SETLK, 7, 0, 1));
    struct flock fw = {.l_type = F_WRLCK, .l_whence = 9};
    t_show("bad l_whence", fcntl(fd, F_SETLK, &fw));
    /* Closing any descriptor of the file drops all of the process's locks on it. */
    int other = open(path, O_RDONLY);
    close(other);
    probe(path, F_GETLK, "after closing another fd, write 0..", F_WRLCK, 0, 0);
    /* Lock types need matching access modes. */
    int ro = open(path, O_RDONLY), wo = open(path, O_WRONLY);
    t_show("write lock on a read-only fd", lk(ro, F_SETLK, F_WRLCK, 0, 1));
    t_show("read lock on a write-only fd", lk(wo, F_SETLK, F_RDLCK, 0, 1));
    close(ro);
    close(wo);

    /* F_SETLKW waits; a cycle of two waiters is a deadlock. */
    lk(fd, F_SETLK, F_WRLCK, 0, 10);
    int p[2], q[2];
    pipe(p);
    pipe(q);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        int cfd = open(path, O_RDWR);
        lk(cfd, F_SETLK, F_WRLCK, 50, 10);
        write(p[1], "a", 1);
        int r = lk(cfd, F_SETLKW, F_WRLCK, 0, 10);
        printf("child F_SETLKW 0..9 after the parent gave way: %d\n", r);
        if (r != 0)
            _exit(1);
        char c;
        read(q[0], &c, 1);
        _exit(0);
    }
    char c;
    read(p[0], &c, 1);
    wait_sleeping(pid);
    t_show("parent F_SETLKW 50..59 (cycle)", lk(fd, F_SETLKW, F_WRLCK, 50, 10));
    t_show("parent F_SETLK 50..59", lk(fd, F_SETLK, F_WRLCK, 50, 10));
    lk(fd, F_SETLK, F_UNLCK, 0, 10);
    usleep(100000);
    probe(path, F_GETLK, "while the child holds it, write 0..9", F_WRLCK, 0, 10);
    write(q[1], "b", 1);
    t_reap("child", pid);
    close(p[0]); close(p[1]); close(q[0]); close(q[1]);

    /* Open file description locks. */
    int o1 = open(path, O_RDWR);
    int o2 = open(path, O_RDWR);
    struct flock ofd = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 10};
    t_show("F_OFD_SETLK write 0..9 on o1", fcntl(o1, F_OFD_SETLK, &ofd));
    t_show("F_OFD_SETLK write 5..14 on o2 (same process)", fcntl(o2, F_OFD_SETLK, &ofd));
    struct flock get = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
    fcntl(o2, F_OFD_GETLK, &get);
    printf("  F_OFD_GETLK on o2: %s at %ld len %ld pid %d\n", get.l_type == F_WRLCK ? "write" : "other",
           (long)get.l_start, (long)get.l_len, get.l_pid);
    t_show("classic F_SETLK from this process", lk(o2, F_SETLK, F_WRLCK, 0, 1));
    int o3 = dup(o1);
    t_show("F_OFD_SETLK through a dup", fcntl(o3, F_OFD_SETLK, &ofd));
    close(o2);
    probe(path, F_OFD_GETLK, "after closing o2, another process", F_WRLCK, 0, 0);
    close(o3);
    probe(path, F_OFD_GETLK, "after closing the dup", F_WRLCK, 0, 0);
    struct flock badpid = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_pid = 1};
    t_show("F_OFD_SETLK with l_pid set", fcntl(o1, F_OFD_SETLK, &badpid));
    close(o1);
    probe(path, F_OFD_GETLK, "after closing o1", F_WRLCK, 0, 0);
    close(fd);
}

int main(void) {
    t_init();
    t_scratch();
    run("locked", "host directory");
    char shm[64];
    snprintf(shm, sizeof shm, "/dev/shm/fs_record_locks.%d", getpid());
    run(shm, "tmpfs");
    unlink(shm);
    return 0;
}
