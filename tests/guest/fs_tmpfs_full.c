/* A full tmpfs (mounted with size=64k): a write that does not fit is cut short at the limit and
 * the next fails with ENOSPC, ftruncate beyond the limit succeeds (holes take no space),
 * fallocate beyond it fails, writing into a mapped hole raises SIGBUS, statfs counts what is used,
 * unlink and truncate give space back, and remounting with a larger size= makes room. */
#include "guest.h"
#include <setjmp.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/statfs.h>

static sigjmp_buf jb;

static void on_bus(int sig) {
    siglongjmp(jb, sig);
}

static long bfree(void) {
    struct statfs s;
    statfs("mnt", &s);
    return (long)s.f_bfree;
}

int main(void) {
    t_init();
    t_scratch();
    mkdir("mnt", 0755);
    if (mount("tmpfs", "mnt", "tmpfs", 0, "size=64k") != 0) {
        printf("mount: %s\n", errname(errno));
        return 1;
    }
    static char buf[100000];
    memset(buf, 'x', sizeof buf);
    printf("free blocks: %ld\n", bfree());
    int fd = open("mnt/a", O_CREAT | O_RDWR, 0644);
    t_show("write 40000", write(fd, buf, 40000));
    printf("free blocks: %ld\n", bfree());
    t_show("write 40000 more (cut short)", write(fd, buf, 40000));
    t_show("write 1 more", write(fd, buf, 1));
    printf("free blocks: %ld\n", bfree());
    int b = open("mnt/b", O_CREAT | O_RDWR, 0644);
    t_show("another file's first write", write(b, buf, 10));
    t_show("ftruncate it to 1 MiB", ftruncate(b, 1 << 20));
    printf("free blocks: %ld\n", bfree());
    t_show("fallocate 8k in it", fallocate(b, 0, 0, 8192));
    t_show("pwrite into its hole", pwrite(b, buf, 10, 500000));
    char *m = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_SHARED, b, 0);
    struct sigaction sa = {.sa_handler = on_bus};
    sigaction(SIGBUS, &sa, NULL);
    int sig = sigsetjmp(jb, 1);
    if (sig == 0) {
        m[700000] = 1;
        printf("store into a mapped hole: done\n");
    } else {
        printf("store into a mapped hole: signal %d\n", sig);
    }
    munmap(m, 1 << 20);
    t_show("truncate a to 4096", ftruncate(fd, 4096));
    printf("free blocks: %ld\n", bfree());
    t_show("pwrite into b's hole now", pwrite(b, buf, 10, 500000));
    close(fd);
    close(b);
    t_show("unlink a", unlink("mnt/a"));
    t_show("unlink b", unlink("mnt/b"));
    printf("free blocks: %ld\n", bfree());
    fd = open("mnt/c", O_CREAT | O_RDWR, 0644);
    write(fd, buf, 65536);
    t_show("full again, write", write(fd, buf, 1));
    t_show("remount size=128k", mount(NULL, "mnt", NULL, MS_REMOUNT, "size=128k"));
    t_show("write after growing", write(fd, buf, 4096));
    t_show("remount size=16k below use", mount(NULL, "mnt", NULL, MS_REMOUNT, "size=16k"));
    close(fd);
    umount("mnt");
    return 0;
}
