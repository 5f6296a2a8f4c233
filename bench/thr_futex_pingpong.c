/* Futex ping-pong: two threads hand a token back and forth through a mutex and two condition
 * variables, so every round trip is a futex wake and a futex wait on each side. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ping = PTHREAD_COND_INITIALIZER, pong = PTHREAD_COND_INITIALIZER;
static int turn;
static long rounds;

static void *other(void *arg) {
    (void)arg;
    for (long i = 0; i < rounds; i++) {
        pthread_mutex_lock(&mu);
        while (turn != 1) pthread_cond_wait(&ping, &mu);
        turn = 0;
        pthread_cond_signal(&pong);
        pthread_mutex_unlock(&mu);
    }
    return NULL;
}

int main(int argc, char **argv) {
    long scale = argc > 1 ? atol(argv[1]) : 1;
    rounds = 5000 * scale;
    pthread_t th;
    pthread_create(&th, NULL, other, NULL);
    for (long i = 0; i < rounds; i++) {
        pthread_mutex_lock(&mu);
        turn = 1;
        pthread_cond_signal(&ping);
        while (turn != 0) pthread_cond_wait(&pong, &mu);
        pthread_mutex_unlock(&mu);
    }
    pthread_join(th, NULL);
    printf("%ld round trips\n", rounds);
    return 0;
}
