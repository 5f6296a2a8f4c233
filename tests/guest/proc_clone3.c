/* clone3: size and flag validation (EINVAL, E2BIG), set_tid (chosen pid, EEXIST, EINVAL, EPERM), CLONE_CLEAR_SIGHAND, CLONE_INTO_CGROUP without a cgroup fd. */
#include "guest.h"
#include <sched.h>
#include <stdint.h>
#include <sys/syscall.h>

/* struct clone_args of <linux/sched.h> (CLONE_ARGS_SIZE_VER2, 88 bytes), which musl lacks. */
struct clone_args {
    uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls, set_tid, set_tid_size, cgroup;
};
#define CLONE_CLEAR_SIGHAND 0x100000000ULL
#define CLONE_INTO_CGROUP 0x200000000ULL
#ifndef SYS_clone3
#define SYS_clone3 435
#endif

static long clone3_raw(void *args, size_t size) {
    return syscall(SYS_clone3, args, size);
}

static void handler(int sig) { (void)sig; }

/* Runs clone3 with `a`; the child exits with `code`; prints the result and reaps the child. */
static void try_clone(const char *what, struct clone_args *a, size_t size, int code) {
    long r = clone3_raw(a, size);
    if (r == 0)
        _exit(code);
    if (r < 0) {
        printf("%s: -1 %s\n", what, errname(errno));
        return;
    }
    int st;
    waitpid(r, &st, __WALL);
    printf("%s: child %s\n", what, t_status(st));
}

static int free_pid(void) {
    /* A pid far from the ones in use that no process has (kill reports ESRCH). */
    for (int p = 20000; p < 30000; p += 7)
        if (kill(p, 0) < 0 && errno == ESRCH)
            return p;
    return -1;
}

int main(void) {
    t_init();
    struct {
        struct clone_args a;
        uint64_t extra[4];
    } big;
    memset(&big, 0, sizeof big);
    big.a.exit_signal = SIGCHLD;
    try_clone("plain", &big.a, sizeof big.a, 3);
    try_clone("size 64 (VER0)", &big.a, 64, 4);
    try_clone("size 63", &big.a, 63, 0);
    try_clone("size 0", &big.a, 0, 0);
    try_clone("size beyond struct, zero tail", &big.a, sizeof big, 5);
    big.extra[1] = 1;
    try_clone("size beyond struct, nonzero tail", &big.a, sizeof big, 0);
    big.extra[1] = 0;
    try_clone("size 8192", &big.a, 8192, 0);

    struct clone_args a;
    memset(&a, 0, sizeof a);
    a.exit_signal = SIGCHLD;
    a.flags = 1ULL << 40;
    try_clone("unknown flag bit 40", &a, sizeof a, 0);
    a.flags = CSIGNAL & 0x1f;
    try_clone("CSIGNAL bits in flags", &a, sizeof a, 0);
    a.flags = 0x00400000; /* CLONE_DETACHED */
    try_clone("CLONE_DETACHED", &a, sizeof a, 0);
    a.flags = CLONE_PARENT;
    try_clone("CLONE_PARENT with exit_signal", &a, sizeof a, 0);
    a.flags = CLONE_SIGHAND | CLONE_VM | CLONE_CLEAR_SIGHAND;
    try_clone("CLONE_SIGHAND|CLONE_CLEAR_SIGHAND", &a, sizeof a, 0);
    a.flags = 0;
    a.exit_signal = 65;
    try_clone("exit_signal 65", &a, sizeof a, 0);
    a.exit_signal = SIGCHLD | (1ULL << 32);
    try_clone("exit_signal high bits", &a, sizeof a, 0);
    a.exit_signal = SIGCHLD;
    a.stack_size = 4096;
    try_clone("stack_size without stack", &a, sizeof a, 0);
    a.stack_size = 0;

    /* set_tid: root in the initial pid namespace chooses the pid. */
    pid_t want = free_pid();
    pid_t tids[2] = {want, want};
    a.set_tid = (uintptr_t)tids;
    a.set_tid_size = 1;
    long r = clone3_raw(&a, sizeof a);
    if (r == 0)
        _exit(getpid() == want ? 7 : 8);
    printf("set_tid free pid: got the pid: %s\n", yesno(r == want));
    int st;
    waitpid(r, &st, 0);
    printf("set_tid child: %s\n", t_status(st));
    tids[0] = getpid();
    try_clone("set_tid taken pid", &a, sizeof a, 0);
    tids[0] = 0;
    try_clone("set_tid 0", &a, sizeof a, 0);
    tids[0] = 1 << 30;
    try_clone("set_tid above pid_max", &a, sizeof a, 0);
    tids[0] = want;
    a.set_tid_size = 2;
    try_clone("set_tid_size 2", &a, sizeof a, 0);
    a.set_tid_size = 33;
    try_clone("set_tid_size 33", &a, sizeof a, 0);
    a.set_tid_size = 0;
    try_clone("set_tid without size", &a, sizeof a, 0);
    a.set_tid = 0;
    a.set_tid_size = 1;
    try_clone("set_tid_size without set_tid", &a, sizeof a, 0);
    a.set_tid_size = 0;

    pid_t u = fork();
    if (u == 0) {
        setuid(65534);
        struct clone_args b;
        memset(&b, 0, sizeof b);
        b.exit_signal = SIGCHLD;
        pid_t t2[1] = {free_pid()};
        b.set_tid = (uintptr_t)t2;
        b.set_tid_size = 1;
        try_clone("set_tid as a user", &b, sizeof b, 0);
        _exit(0);
    }
    waitpid(u, &st, 0);

    /* CLONE_CLEAR_SIGHAND: handled signals go back to SIG_DFL, ignored ones stay ignored. */
    signal(SIGUSR1, handler);
    signal(SIGUSR2, SIG_IGN);
    a.flags = CLONE_CLEAR_SIGHAND;
    r = clone3_raw(&a, sizeof a);
    if (r == 0) {
        struct sigaction s1, s2;
        sigaction(SIGUSR1, NULL, &s1);
        sigaction(SIGUSR2, NULL, &s2);
        _exit((s1.sa_handler == SIG_DFL ? 1 : 0) | (s2.sa_handler == SIG_IGN ? 2 : 0));
    }
    waitpid(r, &st, 0);
    printf("CLONE_CLEAR_SIGHAND: USR1 default %s, USR2 ignored %s\n", yesno(WEXITSTATUS(st) & 1), yesno(WEXITSTATUS(st) & 2));

    /* CLONE_INTO_CGROUP needs the VER2 size and a cgroup2 directory fd. */
    a.flags = CLONE_INTO_CGROUP;
    a.cgroup = open("/dev/null", O_RDONLY);
    try_clone("CLONE_INTO_CGROUP size 64", &a, 64, 0);
    try_clone("CLONE_INTO_CGROUP /dev/null", &a, 88, 0);
    a.cgroup = 999;
    try_clone("CLONE_INTO_CGROUP bad fd", &a, 88, 0);
    a.cgroup = 1ULL << 32;
    try_clone("CLONE_INTO_CGROUP fd above INT_MAX", &a, 88, 0);
    return 0;
}
