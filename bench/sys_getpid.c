/* System call cost: getpid in a loop (through syscall(2), so no C library caching). */
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv) {
    long scale = argc > 1 ? atol(argv[1]) : 1;
    long n = 100000 * scale, sum = 0;
    for (long i = 0; i < n; i++) sum += syscall(SYS_getpid);
    printf("%ld getpid calls, consistent: %s\n", n, sum == n * (long)getpid() ? "yes" : "no");
    return 0;
}
