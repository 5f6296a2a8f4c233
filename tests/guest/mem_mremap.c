/* mremap: grow in place or by moving (contents kept), shrink, and the errors. */
#include "guest.h"
#include <sys/mman.h>

int main(void) {
    t_init();
    long page = 4096;
    /* Four usable pages and a PROT_NONE guard page right after them, which forces a move. */
    char *m = mmap(NULL, 5 * page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    t_show("mprotect the first four pages", mprotect(m, 4 * page, PROT_READ | PROT_WRITE));
    for (int i = 0; i < 4 * page; i++) m[i] = (char)(i % 251);
    char *same = mremap(m, 4 * page, 8 * page, 0);
    printf("grow without MAYMOVE: %s\n", same == MAP_FAILED ? errname(errno) : "grew");
    char *g = mremap(m, 4 * page, 64 * page, MREMAP_MAYMOVE);
    printf("grow with MAYMOVE: %s\n", g == MAP_FAILED ? errname(errno) : "ok");
    int ok = 1;
    for (int i = 0; i < 4 * page; i++) if (g[i] != (char)(i % 251)) ok = 0;
    printf("contents kept: %s\n", yesno(ok));
    int zero = 1;
    for (long i = 4 * page; i < 64 * page; i++) if (g[i]) zero = 0;
    printf("new part zero: %s\n", yesno(zero));
    g[64 * page - 1] = 9;
    char *s = mremap(g, 64 * page, 2 * page, 0);
    printf("shrink in place: %s\n", yesno(s == g));
    printf("kept after shrink: %s\n", yesno(s[page + 5] == (char)((page + 5) % 251)));
    char *bad = mremap(g + 1, page, 2 * page, MREMAP_MAYMOVE);
    printf("unaligned old address: %s\n", bad == MAP_FAILED ? errname(errno) : "moved");
    char *fixed_dst = mmap(NULL, 2 * page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char *f = mremap(s, 2 * page, 2 * page, MREMAP_MAYMOVE | MREMAP_FIXED, fixed_dst);
    printf("MREMAP_FIXED: %s, contents kept: %s\n", yesno(f == fixed_dst), yesno(f[7] == 7));
    return 0;
}
