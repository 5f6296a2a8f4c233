/* siginfo contents as handlers and waiters see them: kill, sigqueue values, tgkill, SIGCHLD
 * (si_pid, si_uid, si_status, si_code for exit, kill and dump), faults (si_addr), a handler
 * that moves the resumed RIP through its ucontext, sigtimedwait and sigwaitinfo, nested
 * handlers, and real-time signal queueing order. */
#include "guest.h"
#include <setjmp.h>
#include <sys/syscall.h>
#include <time.h>
#include <ucontext.h>
#include <sys/mman.h>

static volatile siginfo_t last;
static volatile int hits;

static void grab(int sig, siginfo_t *si, void *uc) {
    (void)sig; (void)uc;
    last = *si;
    hits++;
}

static void install(int sig, void (*fn)(int, siginfo_t *, void *), int flags) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = fn;
    sa.sa_flags = SA_SIGINFO | flags;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

static const char *code_name(int code) {
    switch (code) {
    case SI_USER: return "SI_USER";
    case SI_QUEUE: return "SI_QUEUE";
    case SI_TKILL: return "SI_TKILL";
    case SI_KERNEL: return "SI_KERNEL";
    case CLD_EXITED: return "CLD_EXITED";
    case CLD_KILLED: return "CLD_KILLED";
    case CLD_DUMPED: return "CLD_DUMPED";
    }
    static char b[16];
    snprintf(b, sizeof b, "%d", code);
    return b;
}

/* A SIGSEGV handler that skips the faulting 2-byte instruction (movl (%rax),%eax; see below). */
static void skip_fault(int sig, siginfo_t *si, void *ctx) {
    (void)sig;
    ucontext_t *uc = ctx;
    last = *si;
    uc->uc_mcontext.gregs[REG_RIP] += 2;
    uc->uc_mcontext.gregs[REG_RAX] = 1234;
}

static volatile int depth, max_depth;
static void nested(int sig, siginfo_t *si, void *uc) {
    (void)si; (void)uc;
    depth++;
    if (depth > max_depth) max_depth = depth;
    if (sig == SIGUSR1) raise(SIGUSR2);
    depth--;
}

static volatile int order[8], norder;
static void rt_record(int sig, siginfo_t *si, void *uc) {
    (void)uc;
    if (norder < 8) order[norder++] = (sig - SIGRTMIN) * 100 + si->si_value.sival_int;
}

int main(void) {
    t_init();
    pid_t me = getpid();
    uid_t uid = getuid();

    install(SIGUSR1, grab, 0);
    kill(me, SIGUSR1);
    printf("kill: hits %d signo %s code %s pid-ok %s uid-ok %s\n", hits, last.si_signo == SIGUSR1 ? "SIGUSR1" : "?",
           code_name(last.si_code), yesno(last.si_pid == me), yesno(last.si_uid == uid));

    union sigval v = {.sival_int = 4242};
    sigqueue(me, SIGUSR1, v);
    printf("sigqueue: code %s value %d pid-ok %s\n", code_name(last.si_code), last.si_value.sival_int, yesno(last.si_pid == me));

    syscall(SYS_tgkill, me, (pid_t)syscall(SYS_gettid), SIGUSR1);
    printf("tgkill: code %s pid-ok %s\n", code_name(last.si_code), yesno(last.si_pid == me));

    /* SIGCHLD for an exit, a kill and a core-dumping signal. */
    install(SIGCHLD, grab, SA_NOCLDSTOP);
    sigset_t chld, old;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    for (int k = 0; k < 3; k++) {
        sigprocmask(SIG_BLOCK, &chld, &old);
        hits = 0;
        pid_t c = fork();
        if (c == 0) {
            if (k == 0) _exit(7);
            if (k == 1) { for (;;) pause(); }
            signal(SIGABRT, SIG_DFL);
            abort();
        }
        if (k == 1) kill(c, SIGTERM);
        siginfo_t wi;
        memset(&wi, 0, sizeof wi);
        int r = sigwaitinfo(&chld, &wi);
        /* Whether abort() dumps core depends on the host's core_pattern and RLIMIT_CORE. */
        if (wi.si_code == CLD_DUMPED) wi.si_code = CLD_KILLED;
        printf("sigwaitinfo SIGCHLD: %s code %s status %d pid-ok %s uid-ok %s\n", r == SIGCHLD ? "SIGCHLD" : "?",
               code_name(wi.si_code), wi.si_status, yesno(wi.si_pid == c), yesno(wi.si_uid == uid));
        int st;
        waitpid(c, &st, 0);
        printf("  status: exited %d signaled %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1, WIFSIGNALED(st) ? WTERMSIG(st) : -1);
        sigprocmask(SIG_SETMASK, &old, NULL);
    }

    /* A fault: si_addr, and a handler that edits the context to skip the instruction. */
    install(SIGSEGV, skip_fault, 0);
    long out;
    void *bad = (void *)0x10;
    __asm__ volatile("movl (%1), %%eax" : "=a"(out) : "a"(bad) : "memory");
    printf("segv: code %s addr-ok %s resumed with rax %ld\n", last.si_code == SEGV_MAPERR ? "SEGV_MAPERR" : "?",
           yesno(last.si_addr == bad), out);
    char *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    __asm__ volatile("movl (%1), %%eax" : "=a"(out) : "a"(ro) : "memory");
    printf("readable page read: %ld\n", out);
    __asm__ volatile(".byte 0x89, 0x00" : "=a"(out) : "a"(ro) : "memory"); /* movl %eax,(%rax) */
    printf("write to read-only: code %s addr-ok %s rax %ld\n", last.si_code == SEGV_ACCERR ? "SEGV_ACCERR" : "?",
           yesno(last.si_addr == ro), out);

    /* sigtimedwait: a timeout, then a queued signal. */
    sigset_t s2;
    sigemptyset(&s2);
    sigaddset(&s2, SIGUSR2);
    sigprocmask(SIG_BLOCK, &s2, NULL);
    struct timespec ts = {0, 20 * 1000 * 1000};
    errno = 0;
    int r = sigtimedwait(&s2, NULL, &ts);
    printf("sigtimedwait nothing pending: %d %s\n", r, errname(errno));
    v.sival_int = 77;
    sigqueue(me, SIGUSR2, v);
    siginfo_t si;
    r = sigtimedwait(&s2, &si, &ts);
    printf("sigtimedwait queued: %s value %d code %s\n", r == SIGUSR2 ? "SIGUSR2" : "?", si.si_value.sival_int, code_name(si.si_code));
    sigprocmask(SIG_UNBLOCK, &s2, NULL);

    /* Nested handlers: SIGUSR1's handler raises SIGUSR2, which runs inside it. */
    install(SIGUSR1, nested, 0);
    install(SIGUSR2, nested, 0);
    raise(SIGUSR1);
    printf("nested depth: %d\n", max_depth);
    /* With SIGUSR2 in SIGUSR1's sa_mask it runs only after the first handler returns. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = nested;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGUSR2);
    sigaction(SIGUSR1, &sa, NULL);
    max_depth = 0;
    raise(SIGUSR1);
    printf("masked nested depth: %d\n", max_depth);

    /* Real-time signals: queued, all delivered, lowest number first, FIFO within one signal. */
    sigset_t rt;
    sigemptyset(&rt);
    sigaddset(&rt, SIGRTMIN);
    sigaddset(&rt, SIGRTMIN + 1);
    install(SIGRTMIN, rt_record, 0);
    install(SIGRTMIN + 1, rt_record, 0);
    sigprocmask(SIG_BLOCK, &rt, NULL);
    for (int i = 1; i <= 3; i++) {
        v.sival_int = i;
        sigqueue(me, SIGRTMIN + 1, v);
        sigqueue(me, SIGRTMIN, v);
    }
    sigprocmask(SIG_UNBLOCK, &rt, NULL);
    printf("rt order:");
    for (int i = 0; i < norder; i++) printf(" %d", order[i]);
    printf("\n");
    /* A standard signal is not queued twice. */
    install(SIGUSR1, grab, 0);
    sigset_t u1;
    sigemptyset(&u1);
    sigaddset(&u1, SIGUSR1);
    sigprocmask(SIG_BLOCK, &u1, NULL);
    hits = 0;
    raise(SIGUSR1);
    raise(SIGUSR1);
    sigprocmask(SIG_UNBLOCK, &u1, NULL);
    printf("standard signal raised twice while blocked: %d delivery\n", hits);
    return 0;
}
