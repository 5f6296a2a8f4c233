/* qsort of integers, strings and structs; bsearch. */
#include "guest.h"

static int icmp(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}
static int scmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

struct rec { int key; int seq; };
static int rcmp(const void *a, const void *b) {
    const struct rec *x = a, *y = b;
    if (x->key != y->key) return x->key - y->key;
    return x->seq - y->seq;
}

int main(void) {
    t_init();
    enum { N = 20000 };
    static int a[N];
    unsigned s = 12345;
    for (int i = 0; i < N; i++) { s = s * 1103515245 + 12345; a[i] = (int)(s >> 8) % 100000 - 50000; }
    qsort(a, N, sizeof a[0], icmp);
    int sorted = 1;
    long sum = 0;
    for (int i = 0; i < N; i++) { if (i && a[i - 1] > a[i]) sorted = 0; sum += a[i]; }
    printf("ints sorted: %s, min %d, max %d, median %d, sum %ld\n", yesno(sorted), a[0], a[N - 1], a[N / 2], sum);
    int key = a[777];
    int *found = bsearch(&key, a, N, sizeof a[0], icmp);
    printf("bsearch finds %d: %s\n", key, yesno(found && *found == key));
    int missing = 50001;
    printf("bsearch missing: %s\n", yesno(bsearch(&missing, a, N, sizeof a[0], icmp) == NULL));
    const char *words[] = {"pear", "apple", "fig", "banana", "cherry", "date", "elderberry", "grape", "apple"};
    qsort(words, 9, sizeof words[0], scmp);
    for (int i = 0; i < 9; i++) printf("%s ", words[i]);
    printf("\n");
    static struct rec r[1000];
    for (int i = 0; i < 1000; i++) { s = s * 1103515245 + 12345; r[i].key = (int)(s >> 16) % 10; r[i].seq = i; }
    qsort(r, 1000, sizeof r[0], rcmp);
    int ok = 1;
    for (int i = 1; i < 1000; i++) if (rcmp(&r[i - 1], &r[i]) > 0) ok = 0;
    printf("structs sorted: %s, first (%d,%d), last (%d,%d)\n", yesno(ok), r[0].key, r[0].seq, r[999].key, r[999].seq);
    return 0;
}
