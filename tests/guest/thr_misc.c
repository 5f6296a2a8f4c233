/* Threads and processes together: thread-local storage, pthread_cancel of a thread blocked in
 * read(2), fork from a multi-threaded process (the child has one thread), SYS_exit of one thread
 * while others run on, exit_group ending every thread, and execve from a non-leader thread
 * (the new program keeps the process id, and its only thread has tid == pid). */
#include "guest.h"
#include <pthread.h>
#include <stdatomic.h>
#include <sys/syscall.h>

static __thread int tls_value = 5;
static __thread char tls_buf[64];

static void *tls_worker(void *arg) {
    long id = (long)arg;
    tls_value += (int)id;
    snprintf(tls_buf, sizeof tls_buf, "thread %ld", id);
    for (int i = 0; i < 1000; i++) tls_value++;
    return (void *)(long)(tls_value == 5 + (int)id + 1000 && strcmp(tls_buf, "thread") > 0);
}

static int cancel_pipe[2];
static void *blocked_reader(void *arg) {
    (void)arg;
    char b;
    read(cancel_pipe[0], &b, 1);
    return (void *)1;
}

static atomic_int spinning;
static void *spinner(void *arg) {
    (void)arg;
    atomic_fetch_add(&spinning, 1);
    for (;;) sched_yield();
    return NULL;
}

static void *lone_exit(void *arg) {
    (void)arg;
    syscall(SYS_exit, 0);
    return NULL;
}

static char *self_path;
static void *exec_worker(void *arg) {
    char pid[32];
    snprintf(pid, sizeof pid, "%d", (int)(long)arg);
    char *argv[] = {self_path, "after-exec", pid, NULL};
    execv(self_path, argv);
    printf("execv failed: %s\n", errname(errno));
    exit(1);
}

int main(int argc, char **argv) {
    t_init();
    if (argc == 3 && strcmp(argv[1], "after-exec") == 0) {
        pid_t before = atoi(argv[2]);
        printf("after exec from a thread: same pid %s, tid == pid %s\n", yesno(getpid() == before),
               yesno(syscall(SYS_gettid) == getpid()));
        return 0;
    }
    self_path = argv[0];

    pthread_t th[4];
    for (long i = 0; i < 4; i++) pthread_create(&th[i], NULL, tls_worker, (void *)i);
    int ok = 1;
    for (int i = 0; i < 4; i++) {
        void *r;
        pthread_join(th[i], &r);
        ok &= r != NULL;
    }
    printf("tls per thread: %s, main's copy untouched: %s\n", yesno(ok), yesno(tls_value == 5 && tls_buf[0] == 0));

    pipe(cancel_pipe);
    pthread_t t;
    pthread_create(&t, NULL, blocked_reader, NULL);
    usleep(20000);
    pthread_cancel(t);
    void *res;
    pthread_join(t, &res);
    printf("cancel blocked read: %s\n", res == PTHREAD_CANCELED ? "PTHREAD_CANCELED" : "returned");

    /* fork with other threads running: the child has exactly one. */
    pthread_create(&t, NULL, spinner, NULL);
    while (atomic_load(&spinning) == 0) sched_yield();
    pid_t c = fork();
    if (c == 0) {
        char path[64];
        snprintf(path, sizeof path, "/proc/%d/task", getpid());
        FILE *f = fopen("/proc/self/status", "r");
        char line[256];
        int threads = -1;
        while (f && fgets(line, sizeof line, f)) sscanf(line, "Threads: %d", &threads);
        printf("forked child threads: %d\n", threads);
        _exit(0);
    }
    int st;
    waitpid(c, &st, 0);

    /* One thread calling SYS_exit leaves the process alive. */
    pthread_t lone;
    pthread_create(&lone, NULL, lone_exit, NULL);
    usleep(20000);
    printf("process alive after a thread's exit: yes\n");

    /* exit_group from a child with several threads ends them all. */
    c = fork();
    if (c == 0) {
        pthread_t a, b;
        pthread_create(&a, NULL, spinner, NULL);
        pthread_create(&b, NULL, spinner, NULL);
        while (atomic_load(&spinning) < 3) sched_yield();
        exit(9);
    }
    waitpid(c, &st, 0);
    printf("exit_group with spinning threads: exited %d\n", WEXITSTATUS(st));

    /* execve from a non-leader thread, in a child so the spinner dies with it. */
    c = fork();
    if (c == 0) {
        pthread_t e;
        pthread_create(&e, NULL, exec_worker, (void *)(long)getpid());
        for (;;) pause();
    }
    waitpid(c, &st, 0);
    printf("exec child: exited %d\n", WEXITSTATUS(st));
    return 0;
}
