/* RLIMIT_STACK: stack growth stops at the limit (deep recursion gets SIGSEGV) and the initial stack mapping honours it. */
// ARGS: parent
#include "guest.h"
#include <sys/resource.h>

static int recurse(int depth) {
    volatile char pad[5000];
    pad[0] = (char)depth;
    if (depth == 0)
        return pad[0];
    return recurse(depth - 1) + pad[0];
}

static long stack_kb(void) {
    char line[512];
    unsigned long lo, hi;
    long kb = -1;
    FILE *f = fopen("/proc/self/maps", "r");
    while (f && fgets(line, sizeof line, f))
        if (strstr(line, "[stack]") && sscanf(line, "%lx-%lx", &lo, &hi) == 2)
            kb = (long)(hi - lo) / 1024;
    if (f)
        fclose(f);
    return kb;
}

static void child_recursion(long limit_kb, int depth_kb) {
    pid_t c = fork();
    if (c == 0) {
        struct rlimit rl = {limit_kb * 1024, RLIM_INFINITY};
        setrlimit(RLIMIT_STACK, &rl);
        _exit(recurse(depth_kb / 5) & 1);
    }
    char label[64];
    snprintf(label, sizeof label, "recurse %d KiB under %ld KiB", depth_kb, limit_kb);
    t_reap(label, c);
}

int main(int argc, char **argv) {
    t_init();
    if (argc > 1 && strcmp(argv[1], "exec64k") == 0) {
        printf("exec with 64 KiB limit: [stack] is %ld KiB\n", stack_kb());
        return 0;
    }
    printf("default [stack] at least 132 KiB: %s\n", yesno(stack_kb() >= 132));
    child_recursion(256, 1024);
    child_recursion(4096, 1024);
    child_recursion(16384, 8192);
    pid_t c = fork();
    if (c == 0) {
        struct rlimit rl = {64 * 1024, RLIM_INFINITY};
        setrlimit(RLIMIT_STACK, &rl);
        execl("/proc/self/exe", argv[0], "exec64k", (char *)NULL);
        _exit(127);
    }
    t_reap("exec child", c);
    return 0;
}
