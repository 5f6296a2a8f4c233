/* The program break: sbrk grows and shrinks the heap; brk() to an address; memory is usable. */
#include "guest.h"
#include <stdint.h>

int main(void) {
    t_init();
    char *start = sbrk(0);
    char *prev = sbrk(10 * 4096);
    printf("sbrk returns the old break: %s\n", yesno(prev == start));
    char *end = sbrk(0);
    printf("break moved by %ld\n", (long)(end - start));
    for (char *p = start; p < end; p++) *p = (char)(p - start);
    long sum = 0;
    for (char *p = start; p < end; p += 4096) sum += (unsigned char)*p;
    printf("new heap usable, checksum %ld\n", sum);
    sbrk(-5 * 4096);
    printf("after shrink moved by %ld\n", (long)((char *)sbrk(0) - start));
    t_show("brk back to start", brk(start));
    printf("break restored: %s\n", yesno(sbrk(0) == start));
    t_show("brk grow 1 MiB", brk(start + (1 << 20)));
    start[(1 << 20) - 1] = 7;
    printf("last byte: %d\n", start[(1 << 20) - 1]);
    brk(start);
    return 0;
}
