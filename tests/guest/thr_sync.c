/* pthread synchronisation under contention: mutex, condvar, rwlock, barrier, semaphores, spin
 * locks and atomic read-modify-write counters, with more threads than host cores. Every total
 * is exact only if the futex waits and wakes and the LOCK-prefixed instructions are atomic. */
#include "guest.h"
#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>

#define NT 8
#define ITER 4000

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static long plain_counter;
static atomic_long atomic_counter;
static long xadd_counter;
static long cas_counter;

static void *counters(void *arg) {
    (void)arg;
    for (int i = 0; i < ITER; i++) {
        pthread_mutex_lock(&mu);
        plain_counter++;
        pthread_mutex_unlock(&mu);
        atomic_fetch_add(&atomic_counter, 1);
        __atomic_fetch_add(&xadd_counter, 2, __ATOMIC_SEQ_CST);
        long old = __atomic_load_n(&cas_counter, __ATOMIC_RELAXED);
        while (!__atomic_compare_exchange_n(&cas_counter, &old, old + 3, 0, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED)) {}
    }
    return NULL;
}

/* Producer-consumer over a bounded ring with two condition variables. */
#define RING 16
static int ring[RING], head, tail, count;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER, not_empty = PTHREAD_COND_INITIALIZER;
static long consumed_sum;
#define PRODUCERS 3
#define CONSUMERS 3
#define PER_PRODUCER 3000

static void *producer(void *arg) {
    int base = (int)(long)arg * PER_PRODUCER;
    for (int i = 1; i <= PER_PRODUCER; i++) {
        pthread_mutex_lock(&mu);
        while (count == RING) pthread_cond_wait(&not_full, &mu);
        ring[head] = base + i;
        head = (head + 1) % RING;
        count++;
        pthread_cond_signal(&not_empty);
        pthread_mutex_unlock(&mu);
    }
    return NULL;
}

static void *consumer(void *arg) {
    (void)arg;
    long sum = 0;
    for (;;) {
        pthread_mutex_lock(&mu);
        while (count == 0) pthread_cond_wait(&not_empty, &mu);
        int v = ring[tail];
        tail = (tail + 1) % RING;
        count--;
        pthread_cond_signal(&not_full);
        pthread_mutex_unlock(&mu);
        if (v < 0) break;
        sum += v;
    }
    pthread_mutex_lock(&mu);
    consumed_sum += sum;
    pthread_mutex_unlock(&mu);
    return NULL;
}

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static long shared_a, shared_b;
static atomic_int torn;

static void *rw_worker(void *arg) {
    long id = (long)arg;
    for (int i = 0; i < 2000; i++) {
        if (id % 4 == 0) {
            pthread_rwlock_wrlock(&rw);
            shared_a++;
            shared_b++;
            pthread_rwlock_unlock(&rw);
        } else {
            pthread_rwlock_rdlock(&rw);
            if (shared_a != shared_b) atomic_fetch_add(&torn, 1);
            pthread_rwlock_unlock(&rw);
        }
    }
    return NULL;
}

static pthread_barrier_t bar;
static atomic_int phase_arrivals[5];
static atomic_int phase_errors;

static void *barrier_worker(void *arg) {
    (void)arg;
    for (int p = 0; p < 5; p++) {
        atomic_fetch_add(&phase_arrivals[p], 1);
        pthread_barrier_wait(&bar);
        if (atomic_load(&phase_arrivals[p]) != NT) atomic_fetch_add(&phase_errors, 1);
        pthread_barrier_wait(&bar);
    }
    return NULL;
}

static sem_t sem_items, sem_slots;
static atomic_long sem_sum;

static void *sem_post_worker(void *arg) {
    (void)arg;
    for (int i = 1; i <= 1000; i++) {
        sem_wait(&sem_slots);
        sem_post(&sem_items);
    }
    return NULL;
}

static void *sem_wait_worker(void *arg) {
    (void)arg;
    for (int i = 1; i <= 1000; i++) {
        sem_wait(&sem_items);
        atomic_fetch_add(&sem_sum, i);
        sem_post(&sem_slots);
    }
    return NULL;
}

static pthread_spinlock_t spin;
static long spin_counter;

static void *spin_worker(void *arg) {
    (void)arg;
    for (int i = 0; i < ITER; i++) {
        pthread_spin_lock(&spin);
        spin_counter++;
        pthread_spin_unlock(&spin);
    }
    return NULL;
}

static void run_all(void *(*fn)(void *), int n) {
    pthread_t th[NT];
    for (long i = 0; i < n; i++) pthread_create(&th[i], NULL, fn, (void *)i);
    for (int i = 0; i < n; i++) pthread_join(th[i], NULL);
}

int main(void) {
    t_init();
    run_all(counters, NT);
    printf("mutex counter: %ld (expect %d)\n", plain_counter, NT * ITER);
    printf("atomic_fetch_add: %ld\n", atomic_load(&atomic_counter));
    printf("lock xadd: %ld\n", xadd_counter);
    printf("lock cmpxchg loop: %ld\n", cas_counter);

    pthread_t p[PRODUCERS], c[CONSUMERS];
    for (long i = 0; i < CONSUMERS; i++) pthread_create(&c[i], NULL, consumer, NULL);
    for (long i = 0; i < PRODUCERS; i++) pthread_create(&p[i], NULL, producer, (void *)i);
    for (int i = 0; i < PRODUCERS; i++) pthread_join(p[i], NULL);
    for (int i = 0; i < CONSUMERS; i++) {
        pthread_mutex_lock(&mu);
        while (count == RING) pthread_cond_wait(&not_full, &mu);
        ring[head] = -1;
        head = (head + 1) % RING;
        count++;
        pthread_cond_signal(&not_empty);
        pthread_mutex_unlock(&mu);
    }
    for (int i = 0; i < CONSUMERS; i++) pthread_join(c[i], NULL);
    long n = (long)PRODUCERS * PER_PRODUCER;
    printf("producer-consumer sum: %ld (expect %ld)\n", consumed_sum, n * (n + 1) / 2);

    run_all(rw_worker, NT);
    printf("rwlock: writes %ld, torn reads %d\n", shared_a, atomic_load(&torn));

    pthread_barrier_init(&bar, NULL, NT);
    run_all(barrier_worker, NT);
    printf("barrier: phase errors %d\n", atomic_load(&phase_errors));
    pthread_barrier_destroy(&bar);

    sem_init(&sem_items, 0, 0);
    sem_init(&sem_slots, 0, 4);
    pthread_t sp[2], sw[2];
    for (int i = 0; i < 2; i++) pthread_create(&sw[i], NULL, sem_wait_worker, NULL);
    for (int i = 0; i < 2; i++) pthread_create(&sp[i], NULL, sem_post_worker, NULL);
    for (int i = 0; i < 2; i++) { pthread_join(sp[i], NULL); pthread_join(sw[i], NULL); }
    printf("semaphores: sum %ld\n", atomic_load(&sem_sum));

    pthread_spin_init(&spin, PTHREAD_PROCESS_PRIVATE);
    run_all(spin_worker, 4);
    printf("spinlock counter: %ld\n", spin_counter);
    return 0;
}
