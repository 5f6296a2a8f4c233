/* printf of integers: widths, flags, bases, lengths, extremes. */
#include "guest.h"
#include <inttypes.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>

/* The truncating snprintf below is deliberate. */
#pragma GCC diagnostic ignored "-Wformat-truncation"

int main(void) {
    t_init();
    printf("[%d] [%i] [%5d] [%-5d] [%05d] [%+d] [% d]\n", 42, -42, 42, 42, 42, 42, 42);
    printf("[%u] [%o] [%x] [%X] [%#o] [%#x] [%#X]\n", 3000000000u, 8, 255, 255, 8, 255, 255);
    printf("[%ld] [%lu] [%lld] [%llu]\n", LONG_MIN, ULONG_MAX, LLONG_MIN, ULLONG_MAX);
    printf("[%hd] [%hhd] [%hu] [%hhu]\n", (short)-32768, (signed char)-128, (unsigned short)65535, (unsigned char)255);
    printf("[%zd] [%zu] [%td] [%jd]\n", (ssize_t)-1, (size_t)12345, (ptrdiff_t)-7, (intmax_t)INTMAX_MAX);
    printf("[%" PRId64 "] [%" PRIx64 "] [%" PRIu32 "]\n", INT64_MIN, UINT64_MAX, UINT32_MAX);
    printf("[%.3d] [%8.3d] [%-8.3d|] [%.0d]\n", 7, 7, 7, 0);
    printf("[%*d] [%-*d] [%.*d]\n", 6, 1, 6, 2, 4, 3);
    printf("[%c%c%c] [%%] [%s] [%.3s] [%10s] [%-10s|]\n", 'a', 'b', 'c', "string", "truncate", "right", "left");
    printf("[%p]\n", (void *)0);
    char buf[8];
    int n = snprintf(buf, sizeof buf, "%d", 123456789);
    printf("snprintf truncates: %s, would need %d\n", buf, n);
    int chars;
    printf("count%n", &chars);
    printf(" = %d\n", chars);
    long long acc = 1;
    for (int i = 0; i < 20; i++) {
        acc = acc * 7 + i;
        printf("%lld %llx %llo\n", acc, (unsigned long long)acc, (unsigned long long)acc);
    }
    return 0;
}
