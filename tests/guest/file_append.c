/* O_APPEND: every write goes to the end, from two descriptors; pwrite on an O_APPEND file
 * appends too on Linux (documented in pwrite(2) BUGS). */
#include "guest.h"

int main(void) {
    t_init();
    t_scratch();
    int a = open("log", O_CREAT | O_WRONLY | O_APPEND, 0644);
    int b = open("log", O_WRONLY | O_APPEND);
    write(a, "first\n", 6);
    write(b, "second\n", 7);
    write(a, "third\n", 6);
    printf("offset of a after its writes: %lld\n", (long long)lseek(a, 0, SEEK_CUR));
    pwrite(a, "pwrite\n", 7, 0);
    int plain = open("log", O_WRONLY);
    write(plain, "OVER", 4);
    close(a);
    close(b);
    close(plain);
    char buf[128] = {0};
    int r = open("log", O_RDONLY);
    read(r, buf, sizeof buf - 1);
    printf("%s", buf);
    struct stat st;
    fstat(r, &st);
    printf("size: %lld\n", (long long)st.st_size);
    return 0;
}
