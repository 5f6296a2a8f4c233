/* flock(2) on a host directory and on tmpfs: shared and exclusive locks between separate opens,
 * LOCK_NB (EWOULDBLOCK), conversion between shared and exclusive, locks shared by dup and by fork
 * (one open file description), released by LOCK_UN or the last close of that description, a
 * blocked LOCK_EX woken by the unlock, independence from fcntl record locks, and the errors. */
#include "guest.h"
#include <sys/file.h>

static int try_lock(const char *path, int op) {
    int fd = open(path, O_RDONLY);
    int r = flock(fd, op | LOCK_NB);
    int e = errno;
    close(fd);
    errno = e;
    return r;
}

static void run(const char *path, const char *tag) {
    printf("-- %s\n", tag);
    close(open(path, O_CREAT | O_WRONLY, 0644));
    int a = open(path, O_RDONLY);
    int b = open(path, O_RDONLY);
    t_show("a LOCK_SH", flock(a, LOCK_SH));
    t_show("b LOCK_SH|NB", flock(b, LOCK_SH | LOCK_NB));
    t_show("new open LOCK_EX|NB", try_lock(path, LOCK_EX));
    t_show("a upgrade to LOCK_EX|NB while b shares", flock(a, LOCK_EX | LOCK_NB));
    t_show("b LOCK_UN", flock(b, LOCK_UN));
    t_show("a upgrade to LOCK_EX|NB", flock(a, LOCK_EX | LOCK_NB));
    t_show("b LOCK_SH|NB", flock(b, LOCK_SH | LOCK_NB));
    t_show("a downgrade to LOCK_SH", flock(a, LOCK_SH));
    t_show("b LOCK_SH|NB", flock(b, LOCK_SH | LOCK_NB));
    flock(b, LOCK_UN);
    flock(a, LOCK_EX);
    /* dup shares the description and its lock; closing the dup keeps it. */
    int c = dup(a);
    t_show("dup LOCK_EX|NB (same description)", flock(c, LOCK_EX | LOCK_NB));
    close(c);
    t_show("after closing the dup, new open LOCK_SH|NB", try_lock(path, LOCK_SH));
    /* fork shares it too: the child unlocks the parent's lock. */
    pid_t pid = fork();
    if (pid == 0) {
        t_show("child LOCK_EX|NB on inherited fd", flock(a, LOCK_EX | LOCK_NB));
        t_show("child LOCK_UN", flock(a, LOCK_UN));
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    t_show("after the child unlocked, new open LOCK_EX|NB", try_lock(path, LOCK_EX));
    /* A lock goes away with the last close of its description. */
    flock(a, LOCK_EX);
    pid = fork();
    if (pid == 0) {
        close(a);
        t_show("child closed its copy; new open LOCK_EX|NB", try_lock(path, LOCK_EX));
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    close(a);
    t_show("after the last close, new open LOCK_EX|NB", try_lock(path, LOCK_EX));
    /* A waiter blocks until the holder unlocks. */
    a = open(path, O_RDONLY);
    flock(a, LOCK_EX);
    int p[2];
    pipe(p);
    pid = fork();
    if (pid == 0) {
        int fd = open(path, O_RDONLY);
        write(p[1], "r", 1);
        int r = flock(fd, LOCK_EX);
        printf("child got LOCK_EX after waiting: %d\n", r);
        _exit(0);
    }
    char ch;
    read(p[0], &ch, 1);
    usleep(100000);
    printf("parent unlocks\n");
    flock(a, LOCK_UN);
    t_reap("waiter", pid);
    close(p[0]);
    close(p[1]);
    /* flock and fcntl locks do not see each other. */
    flock(a, LOCK_EX);
    pid = fork();
    if (pid == 0) {
        int fd = open(path, O_RDWR);
        struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
        t_show("child fcntl F_SETLK under a flock", fcntl(fd, F_SETLK, &fl));
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    t_show("bad operation", flock(a, 0));
    t_show("LOCK_NB alone", flock(a, LOCK_NB));
    t_show("two operations", flock(a, LOCK_SH | LOCK_EX));
    t_show("bad fd", flock(999, LOCK_SH));
    int wo = open(path, O_WRONLY);
    t_show("LOCK_SH on a write-only fd", flock(wo, LOCK_SH | LOCK_NB));
    close(wo);
    int pfd = open(path, O_PATH);
    t_show("on an O_PATH fd", flock(pfd, LOCK_SH));
    close(pfd);
    close(a);
    close(b);
}

int main(void) {
    t_init();
    t_scratch();
    run("lockfile", "host directory");
    char shm[64];
    snprintf(shm, sizeof shm, "/dev/shm/fs_flock.%d", getpid());
    run(shm, "tmpfs");
    unlink(shm);
    return 0;
}
