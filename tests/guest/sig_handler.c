/* Signal handlers: sigaction, SA_SIGINFO fields, sa_mask while the handler runs, SA_RESETHAND,
 * SA_NODEFER, and signal() returning the old handler. */
#include "guest.h"

static volatile int seen_sig, seen_code, seen_pid_ok, nested_blocked, depth, max_depth, calls;

static void info_handler(int sig, siginfo_t *si, void *uc) {
    (void)uc;
    seen_sig = sig;
    seen_code = si->si_code;
    seen_pid_ok = si->si_pid == getpid();
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    nested_blocked = sigismember(&cur, SIGUSR2) && sigismember(&cur, sig);
}

static void recursive(int sig) {
    depth++;
    if (depth > max_depth) max_depth = depth;
    if (++calls < 3) raise(sig); /* delivered inside this call only with SA_NODEFER */
    depth--;
}

static void plain(int sig) { seen_sig = sig; }

static const char *code(int c) {
    return c == SI_USER ? "SI_USER" : c == SI_TKILL ? "SI_TKILL" : c == SI_QUEUE ? "SI_QUEUE" : "other";
}

int main(void) {
    t_init();
    struct sigaction sa = {0}, old;
    sa.sa_sigaction = info_handler;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGUSR2);
    t_show("sigaction SIGUSR1", sigaction(SIGUSR1, &sa, NULL));
    kill(getpid(), SIGUSR1);
    printf("kill: sig %d, code %s, si_pid is me: %s, mask in handler has USR1+USR2: %s\n", seen_sig,
           code(seen_code), yesno(seen_pid_ok), yesno(nested_blocked));
    raise(SIGUSR1);
    printf("raise: sig %d, code %s\n", seen_sig, code(seen_code));
    union sigval v = {.sival_int = 7};
    sigqueue(getpid(), SIGUSR1, v);
    printf("sigqueue: code %s\n", code(seen_code));
    sigset_t after;
    sigprocmask(SIG_BLOCK, NULL, &after);
    printf("mask restored after handler: %s\n", yesno(!sigismember(&after, SIGUSR2)));
    sigaction(SIGUSR1, NULL, &old);
    printf("sigaction reads back SA_SIGINFO: %s\n", yesno((old.sa_flags & SA_SIGINFO) != 0));

    sa.sa_handler = plain;
    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGUSR2, &sa, NULL);
    seen_sig = 0;
    raise(SIGUSR2);
    sigaction(SIGUSR2, NULL, &old);
    printf("SA_RESETHAND: handled %d, now default: %s\n", seen_sig, yesno(old.sa_handler == SIG_DFL));

    sa.sa_handler = recursive;
    sa.sa_flags = SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGHUP, &sa, NULL);
    raise(SIGHUP);
    printf("SA_NODEFER nesting depth: %d\n", max_depth);
    max_depth = depth = calls = 0;
    sa.sa_flags = 0;
    sigaction(SIGHUP, &sa, NULL);
    raise(SIGHUP);
    printf("without SA_NODEFER depth: %d after %d calls\n", max_depth, calls);

    void (*prev)(int) = signal(SIGINT, plain);
    printf("signal() old handler is SIG_DFL: %s\n", yesno(prev == SIG_DFL));
    prev = signal(SIGINT, SIG_IGN);
    printf("signal() old handler is ours: %s\n", yesno(prev == plain));
    raise(SIGINT);
    printf("ignored SIGINT: still here\n");
    t_show("sigaction SIGKILL", sigaction(SIGKILL, &sa, NULL));
    t_show("sigaction signal 0", sigaction(0, &sa, NULL));
    t_show("sigaction signal 65", sigaction(65, &sa, NULL));
    return 0;
}
