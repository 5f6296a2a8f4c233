/* /proc/self/maps and smaps name the special areas like Linux: [vdso] (r-xp, at AT_SYSINFO_EHDR), [vvar] (r--p, below it), [stack], [heap]. */
#include "guest.h"
#include <sys/auxv.h>
#include <sys/syscall.h>

static unsigned long brk_end;

struct area {
    unsigned long lo, hi;
    char perms[8];
    int found;
};

static void scan(const char *file, struct area *vdso, struct area *vvar, struct area *stack, struct area *heap) {
    char line[512];
    FILE *f = fopen(file, "r");
    while (f && fgets(line, sizeof line, f)) {
        struct area a = {0};
        char name[256] = "";
        if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %255s", &a.lo, &a.hi, a.perms, name) < 3)
            continue;
        a.found = 1;
        if (strcmp(name, "[vdso]") == 0) *vdso = a;
        else if (strcmp(name, "[vvar]") == 0) *vvar = a;
        else if (strcmp(name, "[stack]") == 0) *stack = a;
        else if (strcmp(name, "[heap]") == 0 && (!heap->found || (a.lo < brk_end && a.hi >= brk_end)))
            *heap = a; /* the heap may be split (a malloc guard page); keep the part holding the break */
    }
    if (f)
        fclose(f);
}

static void report(const char *file) {
    struct area vdso = {0}, vvar = {0}, stack = {0}, heap = {0};
    int local;
    scan(file, &vdso, &vvar, &stack, &heap);
    printf("%s:\n", file);
    printf("  [vdso] %s %s, at AT_SYSINFO_EHDR: %s\n", yesno(vdso.found), vdso.perms,
           yesno(vdso.lo == getauxval(AT_SYSINFO_EHDR)));
    printf("  [vvar] %s %s, below [vdso]: %s\n", yesno(vvar.found), vvar.perms, yesno(vvar.hi <= vdso.lo && vdso.lo - vvar.hi < 65536));
    printf("  [stack] %s %s, holds a local: %s\n", yesno(stack.found), stack.perms,
           yesno((unsigned long)&local >= stack.lo && (unsigned long)&local < stack.hi));
    printf("  [heap] %s %s, holds the break: %s\n", yesno(heap.found), heap.perms,
           yesno(heap.lo < brk_end && heap.hi >= brk_end));
}

int main(void) {
    t_init();
    /* A heap for sure: grow the break with the system call (musl's sbrk refuses to). */
    brk_end = syscall(SYS_brk, syscall(SYS_brk, 0) + 8192);
    report("/proc/self/maps");
    report("/proc/self/smaps");
    return 0;
}
