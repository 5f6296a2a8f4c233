/* The core-dump bit (WCOREDUMP) of SIGSEGV, SIGABRT and SIGQUIT deaths follows RLIMIT_CORE as on this host (core_pattern writes a file in the working directory): no bit at 0 or below a page or when not dumpable, the bit with room for a core; SIGTERM never dumps. */
#include "guest.h"
#include <dirent.h>
#include <sys/prctl.h>
#include <sys/resource.h>

static void die(int how) {
    if (how == SIGSEGV)
        *(volatile int *)(long)getpid() = 1;
    else if (how == SIGABRT)
        abort();
    else
        raise(how);
    _exit(0);
}

static void remove_cores(void) {
    DIR *d = opendir(".");
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (strncmp(e->d_name, "core", 4) == 0)
            unlink(e->d_name);
    if (d)
        closedir(d);
}

static void run(int sig, rlim_t limit, const char *limit_name) {
    pid_t c = fork();
    if (c == 0) {
        struct rlimit rl = {limit, RLIM_INFINITY};
        setrlimit(RLIMIT_CORE, &rl);
        if (strcmp(limit_name, "unlimited, not dumpable") == 0)
            prctl(PR_SET_DUMPABLE, 0);
        die(sig);
    }
    int st;
    waitpid(c, &st, 0);
    printf("%s with RLIMIT_CORE %s: signal %d core %d\n", strsignal(sig), limit_name,
           WIFSIGNALED(st) ? WTERMSIG(st) : -1, WCOREDUMP(st) ? 1 : 0);
    remove_cores();
}

int main(void) {
    t_init();
    int sigs[] = {SIGSEGV, SIGABRT, SIGQUIT, SIGTERM};
    for (int i = 0; i < 4; i++) {
        run(sigs[i], 0, "0");
        run(sigs[i], 1, "1 byte");
        run(sigs[i], RLIM_INFINITY, "unlimited");
        run(sigs[i], RLIM_INFINITY, "unlimited, not dumpable");
    }
    return 0;
}
