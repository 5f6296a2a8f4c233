/* Shared helpers for the guest test programs. Each program prints deterministic text; the harness
 * runs it natively and under Jerla and compares stdout and the exit status. Anything that differs
 * between runs (pids, addresses, times) is reduced to a property ("pid>1: yes") before printing. */
#ifndef JERLA_GUEST_H
#define JERLA_GUEST_H
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static inline const char *errname(int e) {
    switch (e) {
    case 0: return "0";
    case EPERM: return "EPERM";
    case ENOENT: return "ENOENT";
    case ESRCH: return "ESRCH";
    case EINTR: return "EINTR";
    case EIO: return "EIO";
    case E2BIG: return "E2BIG";
    case ENOEXEC: return "ENOEXEC";
    case EBADF: return "EBADF";
    case ECHILD: return "ECHILD";
    case EAGAIN: return "EAGAIN";
    case ENOMEM: return "ENOMEM";
    case EACCES: return "EACCES";
    case EFAULT: return "EFAULT";
    case EBUSY: return "EBUSY";
    case EEXIST: return "EEXIST";
    case EXDEV: return "EXDEV";
    case ENODEV: return "ENODEV";
    case ENOTDIR: return "ENOTDIR";
    case EISDIR: return "EISDIR";
    case EINVAL: return "EINVAL";
    case EMFILE: return "EMFILE";
    case ENOTTY: return "ENOTTY";
    case ETXTBSY: return "ETXTBSY";
    case EFBIG: return "EFBIG";
    case ENOSPC: return "ENOSPC";
    case ESPIPE: return "ESPIPE";
    case EROFS: return "EROFS";
    case EMLINK: return "EMLINK";
    case EPIPE: return "EPIPE";
    case EDOM: return "EDOM";
    case ERANGE: return "ERANGE";
    case ENAMETOOLONG: return "ENAMETOOLONG";
    case ENOSYS: return "ENOSYS";
    case ENOTEMPTY: return "ENOTEMPTY";
    case ELOOP: return "ELOOP";
    case ENOTSOCK: return "ENOTSOCK";
    case EOPNOTSUPP: return "EOPNOTSUPP";
    case ETIMEDOUT: return "ETIMEDOUT";
    }
    static char buf[32];
    snprintf(buf, sizeof buf, "errno %d", e);
    return buf;
}

/* Line-buffered stdout, so output written before fork() is never duplicated. */
static inline void t_init(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
}

/* Prints "what: N" for a non-negative result, or "what: -1 ENAME" with errno. */
static inline long t_show(const char *what, long ret) {
    if (ret < 0)
        printf("%s: -1 %s\n", what, errname(errno));
    else
        printf("%s: %ld\n", what, ret);
    return ret;
}

/* Creates a fresh scratch directory under $TEST_TMPDIR (else /tmp) and makes it the working
 * directory; programs then use relative paths only. Returns its absolute path. */
static inline const char *t_scratch(void) {
    static char path[4096];
    const char *base = getenv("TEST_TMPDIR");
    snprintf(path, sizeof path, "%s/jerla-test-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(path) || chdir(path) != 0) {
        perror("scratch directory");
        exit(99);
    }
    return path;
}

/* The wait status of a child, in words: "exit 3" or "signal 9 (Killed)". */
static inline const char *t_status(int status) {
    static char buf[64];
    if (WIFEXITED(status))
        snprintf(buf, sizeof buf, "exit %d", WEXITSTATUS(status));
    else if (WIFSIGNALED(status))
        snprintf(buf, sizeof buf, "signal %d", WTERMSIG(status));
    else if (WIFSTOPPED(status))
        snprintf(buf, sizeof buf, "stopped %d", WSTOPSIG(status));
    else if (WIFCONTINUED(status))
        snprintf(buf, sizeof buf, "continued");
    else
        snprintf(buf, sizeof buf, "status %#x", status);
    return buf;
}

/* Reaps child `pid` and prints "label: exit N" or "label: signal N". */
static inline int t_reap(const char *label, pid_t pid) {
    int status = 0;
    if (waitpid(pid, &status, 0) != pid) {
        printf("%s: waitpid failed: %s\n", label, errname(errno));
        return -1;
    }
    printf("%s: %s\n", label, t_status(status));
    return status;
}

static inline const char *yesno(int b) { return b ? "yes" : "no"; }

#endif
