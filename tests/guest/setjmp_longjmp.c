/* setjmp/longjmp: return values, longjmp(0) becomes 1, nested jumps, volatile locals kept. */
#include "guest.h"
#include <setjmp.h>

static jmp_buf outer, inner;

#pragma GCC diagnostic ignored "-Winfinite-recursion"

static void deep(int n) {
    if (n == 0) longjmp(inner, 5);
    deep(n - 1);
}

int main(void) {
    t_init();
    volatile int counter = 0;
    int r = setjmp(outer);
    counter++;
    if (r < 3) {
        printf("setjmp returned %d (counter %d)\n", r, counter);
        longjmp(outer, r + 1);
    }
    printf("final %d after %d passes\n", r, counter);
    if ((r = setjmp(inner)) == 0) {
        deep(1000);
    }
    printf("longjmp out of 1000 frames: %d\n", r);
    if ((r = setjmp(inner)) == 0) longjmp(inner, 0);
    printf("longjmp(0) returns %d\n", r);
    jmp_buf saved;
    memcpy(saved, outer, sizeof saved);
    printf("jmp_buf copyable: yes\n");
    return 0;
}
