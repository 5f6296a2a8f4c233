/* Priority-inheritance mutexes (FUTEX_LOCK_PI / UNLOCK_PI / TRYLOCK_PI under glibc's and
 * musl's PTHREAD_PRIO_INHERIT): mutual exclusion under contention, trylock on a held lock,
 * error-checking relock (EDEADLK), a timed lock that expires, and a robust PI mutex whose owner
 * dies (EOWNERDEAD, then consistent). */
#include "guest.h"
#include <pthread.h>
#include <time.h>

static pthread_mutex_t pi;
static long counter;

static void *worker(void *arg) {
    (void)arg;
    for (int i = 0; i < 3000; i++) {
        pthread_mutex_lock(&pi);
        long v = counter;
        if ((i & 63) == 0) sched_yield();
        counter = v + 1;
        pthread_mutex_unlock(&pi);
    }
    return NULL;
}

static pthread_mutex_t robust;
static void *die_holding(void *arg) {
    (void)arg;
    pthread_mutex_lock(&robust);
    return NULL;
}

static void *try_other(void *arg) {
    return (void *)(long)pthread_mutex_trylock((pthread_mutex_t *)arg);
}

static void *timed_other(void *arg) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_nsec += 30 * 1000 * 1000;
    if (ts.tv_nsec >= 1000000000) { ts.tv_sec++; ts.tv_nsec -= 1000000000; }
    return (void *)(long)pthread_mutex_timedlock((pthread_mutex_t *)arg, &ts);
}

int main(void) {
    t_init();
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    printf("setprotocol PRIO_INHERIT: %d\n", pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_INHERIT));
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
    pthread_mutex_init(&pi, &a);

    pthread_t th[4];
    for (int i = 0; i < 4; i++) pthread_create(&th[i], NULL, worker, NULL);
    for (int i = 0; i < 4; i++) pthread_join(th[i], NULL);
    printf("counter: %ld (expect 12000)\n", counter);

    pthread_mutex_lock(&pi);
    int d = pthread_mutex_lock(&pi);
    printf("relock errorcheck: %s\n", d == EDEADLK ? "EDEADLK" : errname(d));
    void *r;
    pthread_create(&th[0], NULL, try_other, &pi);
    pthread_join(th[0], &r);
    printf("trylock from another thread: %s\n", (long)r == EBUSY ? "EBUSY" : errname((int)(long)r));
    pthread_create(&th[0], NULL, timed_other, &pi);
    pthread_join(th[0], &r);
    printf("timedlock from another thread: %s\n", errname((int)(long)r));
    printf("unlock: %d\n", pthread_mutex_unlock(&pi));
    printf("unlock again: %s\n", errname(pthread_mutex_unlock(&pi)));

    pthread_mutexattr_t ra;
    pthread_mutexattr_init(&ra);
    pthread_mutexattr_setprotocol(&ra, PTHREAD_PRIO_INHERIT);
    pthread_mutexattr_setrobust(&ra, PTHREAD_MUTEX_ROBUST);
    pthread_mutex_init(&robust, &ra);
    pthread_create(&th[0], NULL, die_holding, NULL);
    pthread_join(th[0], NULL);
    int e = pthread_mutex_lock(&robust);
    printf("lock after owner died: %s\n", e == EOWNERDEAD ? "EOWNERDEAD" : errname(e));
    printf("consistent: %d\n", pthread_mutex_consistent(&robust));
    printf("unlock: %d\n", pthread_mutex_unlock(&robust));
    printf("lock again: %d\n", pthread_mutex_lock(&robust));
    pthread_mutex_unlock(&robust);
    return 0;
}
