/* Threads synchronising through futexes directly: wait with a changed value (EAGAIN), wake of a
 * sleeping thread, timeout (ETIMEDOUT); and a spinning counter with atomic add across threads. */
#include "guest.h"
#include <pthread.h>
#include <stdatomic.h>
#include <sys/syscall.h>
#include <time.h>

/* From include/uapi/linux/futex.h (musl does not ship the kernel headers). */
#define FUTEX_WAIT_PRIVATE (0 | 128)
#define FUTEX_WAKE_PRIVATE (1 | 128)

static _Atomic int word;
static _Atomic long total;

static long futex(_Atomic int *addr, int op, int val, const struct timespec *ts) {
    return syscall(SYS_futex, addr, op, val, ts, NULL, 0);
}

static void *sleeper(void *arg) {
    (void)arg;
    while (atomic_load(&word) == 0) futex(&word, FUTEX_WAIT_PRIVATE, 0, NULL);
    return (void *)1L;
}

static void *adder(void *arg) {
    (void)arg;
    for (int i = 0; i < 200000; i++) atomic_fetch_add(&total, 1);
    return NULL;
}

int main(void) {
    t_init();
    word = 5;
    t_show("FUTEX_WAIT with a stale value", futex(&word, FUTEX_WAIT_PRIVATE, 4, NULL));
    struct timespec ts = {0, 50000000};
    t_show("FUTEX_WAIT timeout", futex(&word, FUTEX_WAIT_PRIVATE, 5, &ts));
    word = 0;
    pthread_t t;
    pthread_create(&t, NULL, sleeper, NULL);
    usleep(100000);
    atomic_store(&word, 1);
    long woken = futex(&word, FUTEX_WAKE_PRIVATE, 1, NULL);
    void *ret;
    pthread_join(t, &ret);
    printf("woken <= 1: %s, sleeper returned %ld\n", yesno(woken <= 1), (long)ret);
    t_show("FUTEX_WAKE with nobody waiting", futex(&word, FUTEX_WAKE_PRIVATE, 1, NULL));
    pthread_t a[4];
    for (int i = 0; i < 4; i++) pthread_create(&a[i], NULL, adder, NULL);
    for (int i = 0; i < 4; i++) pthread_join(a[i], NULL);
    printf("atomic total: %ld\n", total);
    return 0;
}
