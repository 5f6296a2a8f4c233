/* File mappings: MAP_SHARED writes reach the file, MAP_PRIVATE writes do not, reads see file
 * data, and touching a page wholly past end of file raises SIGBUS. */
#include "guest.h"
#include <setjmp.h>
#include <sys/mman.h>

static sigjmp_buf env;
static void on_bus(int sig) { siglongjmp(env, sig); }

int main(void) {
    t_init();
    t_scratch();
    int fd = open("data", O_RDWR | O_CREAT | O_TRUNC, 0644);
    char buf[3 * 4096];
    for (int i = 0; i < (int)sizeof buf; i++) buf[i] = 'A' + i % 26;
    write(fd, buf, sizeof buf);
    char *s = mmap(NULL, sizeof buf, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    printf("shared map reads file: %.10s\n", s + 4096);
    memcpy(s + 4096, "SHARED", 6);
    t_show("msync", msync(s, sizeof buf, MS_SYNC));
    char rd[16] = {0};
    pread(fd, rd, 10, 4096);
    printf("file after shared write: %s\n", rd);
    char *p = mmap(NULL, sizeof buf, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    printf("private map sees shared write: %.6s\n", p + 4096);
    memcpy(p, "PRIVATE", 7);
    pread(fd, rd, 10, 0);
    printf("file after private write: %s\n", rd);
    printf("private copy: %.7s\n", p);
    pwrite(fd, "write()", 7, 8192);
    printf("shared map sees write(): %.7s\n", s + 8192);

    int small = open("small", O_RDWR | O_CREAT | O_TRUNC, 0644);
    write(small, "tiny", 4);
    char *t = mmap(NULL, 2 * 4096, PROT_READ, MAP_SHARED, small, 0);
    printf("tail of the last page is zero: %s\n", yesno(t[4] == 0 && t[4095] == 0));
    signal(SIGBUS, on_bus);
    if (sigsetjmp(env, 1) == 0) {
        printf("page past EOF: %d\n", t[4096]);
    } else {
        printf("page past EOF: SIGBUS\n");
    }
    void *w = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, open("small", O_RDONLY), 0);
    printf("shared writable map of O_RDONLY fd: %s\n", w == MAP_FAILED ? errname(errno) : "mapped");
    munmap(s, sizeof buf);
    munmap(p, sizeof buf);
    close(fd);
    return 0;
}
