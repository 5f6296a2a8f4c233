/* String and memory functions at many lengths and alignments (libc picks vectorized versions). */
#include "guest.h"
#include <ctype.h>
#include <limits.h>

static unsigned long hash(const unsigned char *p, size_t n) {
    unsigned long h = 5381;
    for (size_t i = 0; i < n; i++) h = h * 33 + p[i];
    return h;
}

int main(void) {
    t_init();
    static unsigned char src[5000], dst[5000];
    for (int i = 0; i < 5000; i++) src[i] = (unsigned char)(i * 13 + 7);
    unsigned long h = 0;
    for (int align = 0; align < 16; align++) {
        for (int len = 0; len < 300; len += 7) {
            memset(dst, 0, sizeof dst);
            memcpy(dst + align, src + (15 - align), len);
            h = h * 31 + hash(dst, 400);
            h = h * 31 + (unsigned long)(memcmp(dst + align, src + (15 - align), len) == 0);
        }
    }
    printf("memcpy/memcmp hash: %lu\n", h);
    char s[64] = "overlapping memmove test";
    memmove(s + 4, s, 20);
    printf("memmove forward: %s\n", s);
    memmove(s, s + 4, 20);
    printf("memmove backward: %s\n", s);
    memset(s, 'x', 10);
    s[10] = 0;
    printf("memset: %s\n", s);
    static char longstr[4097];
    memset(longstr, 'a', 4096);
    h = 0;
    for (int i = 0; i <= 4096; i += 3) {
        longstr[i] = 0;
        h = h * 31 + strlen(longstr + (i % 17 < i ? i % 17 : 0));
        longstr[i] = 'a';
    }
    printf("strlen hash: %lu\n", h);
    char buf[128];
    strcpy(buf, "hello");
    strcat(buf, ", ");
    strncat(buf, "world!!!", 6);
    printf("strcpy/strcat: %s (%zu)\n", buf, strlen(buf));
    printf("strcmp: %d %d %d\n", strcmp("abc", "abd") < 0, strcmp("b", "a") > 0, strcmp("same", "same"));
    printf("strncmp: %d, strcasecmp: %d\n", strncmp("abcdef", "abcxyz", 3), strcasecmp("HeLLo", "hello"));
    printf("strchr: %s, strrchr: %s, strstr: %s\n", strchr("a/b/c", '/'), strrchr("a/b/c", '/'), strstr("haystack needle hay", "needle"));
    printf("strspn %zu strcspn %zu strpbrk %s\n", strspn("aaabbbccc", "ab"), strcspn("hello world", " "), strpbrk("key=value", "=:"));
    char tok[] = "one, two,,three ,four";
    for (char *t = strtok(tok, ", "); t; t = strtok(NULL, ", ")) printf("token <%s>\n", t);
    char *dup = strdup("duplicated");
    printf("strdup: %s, strndup: %s\n", dup, strndup("truncated", 5));
    free(dup);
    printf("memchr: %s\n", (char *)memchr("find the x here", 'x', 15));
    const char *nums[] = {"42", "-17", "0x1F", "077", "9999999999999999999999", "12abc", "  +5", ""};
    for (unsigned i = 0; i < sizeof nums / sizeof nums[0]; i++) {
        char *end;
        errno = 0;
        long v = strtol(nums[i], &end, 0);
        printf("strtol(\"%s\", 0) = %ld rest \"%s\" %s\n", nums[i], v, end, errname(errno));
    }
    printf("strtoul base 2: %lu, base 36: %lu\n", strtoul("101101", NULL, 2), strtoul("zz", NULL, 36));
    printf("atoi: %d, atol: %ld\n", atoi("  -123xyz"), atol("9876543210"));
    char up[] = "MiXeD cAsE 123";
    for (char *p = up; *p; p++) *p = (char)toupper((unsigned char)*p);
    printf("toupper: %s\n", up);
    char out[100];
    sprintf(out, "%s-%d-%c-%05.1f", "fmt", 7, 'q', 2.25);
    printf("sprintf: %s\n", out);
    printf("strerror(ENOENT) non-empty: %s\n", yesno(strlen(strerror(ENOENT)) > 0));
    return 0;
}
