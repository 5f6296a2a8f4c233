/* POSIX threads: create/join, a mutex-protected counter, thread-local storage, distinct tids,
 * a condition variable handshake. */
#include "guest.h"
#include <pthread.h>
#include <sys/syscall.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static long counter;
static int ready;
static __thread int tls = 5;
static pid_t tids[4];

static void *work(void *arg) {
    long id = (long)arg;
    tls += (int)id;
    tids[id] = (pid_t)syscall(SYS_gettid);
    for (int i = 0; i < 100000; i++) {
        pthread_mutex_lock(&mu);
        counter++;
        pthread_mutex_unlock(&mu);
    }
    return (void *)(long)(tls * 10);
}

static void *waiter(void *arg) {
    (void)arg;
    pthread_mutex_lock(&mu);
    while (!ready) pthread_cond_wait(&cv, &mu);
    pthread_mutex_unlock(&mu);
    return (void *)42L;
}

int main(void) {
    t_init();
    pthread_t t[4];
    for (long i = 0; i < 4; i++) pthread_create(&t[i], NULL, work, (void *)i);
    for (int i = 0; i < 4; i++) {
        void *ret;
        pthread_join(t[i], &ret);
        printf("thread %d returned %ld\n", i, (long)ret);
    }
    printf("counter: %ld\n", counter);
    printf("main tls untouched: %d\n", tls);
    int distinct = 1;
    pid_t me = getpid();
    for (int i = 0; i < 4; i++) {
        if (tids[i] == me) distinct = 0;
        for (int j = 0; j < i; j++) if (tids[i] == tids[j]) distinct = 0;
    }
    printf("thread ids distinct from each other and the pid: %s\n", yesno(distinct));
    pthread_t w;
    pthread_create(&w, NULL, waiter, NULL);
    usleep(50000);
    pthread_mutex_lock(&mu);
    ready = 1;
    pthread_cond_signal(&cv);
    pthread_mutex_unlock(&mu);
    void *ret;
    pthread_join(w, &ret);
    printf("condition variable waiter returned %ld\n", (long)ret);
    return 0;
}
