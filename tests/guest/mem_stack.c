/* The stack grows on demand: deep recursion and a large alloca. */
#include "guest.h"
#include <alloca.h>

static long depth_sum(int n) {
    volatile char pad[96];
    pad[0] = (char)n;
    if (n == 0) return 0;
    return n + depth_sum(n - 1) + pad[0] - (char)n;
}

int main(void) {
    t_init();
    printf("recursion 40000 deep: %ld\n", depth_sum(40000));
    char *a = alloca(1 << 20);
    memset(a, 'z', 1 << 20);
    printf("alloca 1 MiB: %c%c\n", a[0], a[(1 << 20) - 1]);
    return 0;
}
