/* The errors a program meets most: each call below fails, and the errno must be Linux's. */
#include "guest.h"
#include <sys/ioctl.h>
#include <sys/mman.h>

/* The bad pointers below are the point of the test. */
#pragma GCC diagnostic ignored "-Wstringop-overflow"
#pragma GCC diagnostic ignored "-Wstringop-overread"

int main(void) {
    t_init();
    t_scratch();
    mkdir("dir", 0755);
    close(open("dir/file", O_CREAT | O_WRONLY, 0644));
    close(open("file", O_CREAT | O_WRONLY, 0644));
    char buf[16];
    t_show("open missing", open("missing", O_RDONLY));
    t_show("open missing/x", open("missing/x", O_RDONLY));
    t_show("O_CREAT|O_EXCL existing", open("file", O_CREAT | O_EXCL | O_WRONLY, 0644));
    t_show("open file/x (ENOTDIR)", open("file/x", O_RDONLY));
    t_show("open dir O_WRONLY (EISDIR)", open("dir", O_WRONLY));
    t_show("open dir O_RDWR (EISDIR)", open("dir", O_RDWR));
    t_show("rmdir non-empty", rmdir("dir"));
    t_show("rmdir on a file", rmdir("file"));
    t_show("mkdir existing", mkdir("dir", 0755));
    t_show("unlink a directory", unlink("dir"));
    t_show("read bad fd", read(99, buf, 1));
    t_show("write bad fd", write(-1, buf, 1));
    t_show("close bad fd", close(99));
    int twice = dup(1);
    close(twice);
    t_show("close twice", close(twice));
    int fd = open("dir/file", O_RDWR);
    write(fd, "0123456789", 10);
    lseek(fd, 0, SEEK_SET);
    t_show("read into a bad pointer (EFAULT)", read(fd, (void *)1, 10));
    t_show("write from a bad pointer (EFAULT)", write(fd, (void *)16, 10));
    char *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    lseek(fd, 0, SEEK_SET);
    t_show("read into read-only memory (EFAULT)", read(fd, ro, 10));
    t_show("open with a bad path pointer", open((char *)1, O_RDONLY));
    t_show("stat with a bad buffer", stat("file", (struct stat *)8));
    int p[2];
    pipe(p);
    write(p[1], "abc", 3);
    t_show("read pipe into a bad pointer", read(p[0], (void *)1, 3));
    t_show("lseek bad whence", lseek(fd, 0, 99));
    t_show("lseek on a pipe", lseek(p[0], 0, SEEK_SET));
    char longname[400];
    memset(longname, 'n', sizeof longname - 1);
    longname[sizeof longname - 1] = 0;
    t_show("open a 399-char name", open(longname, O_RDONLY));
    symlink("loop", "loop");
    t_show("stat a self-loop symlink", stat("loop", &(struct stat){0}));
    pid_t c = fork();
    if (c == 0) _exit(0);
    waitpid(c, NULL, 0);
    t_show("kill a reaped child", kill(c, 0));
    t_show("wait without children", wait(NULL));
    t_show("ioctl TCGETS on a file", ioctl(fd, 0x5401, buf));
    t_show("unknown syscall 1000", syscall(1000));
    t_show("link across to existing", link("file", "dir/file"));
    t_show("rename missing", rename("missing", "x"));
    t_show("rename dir into its own subdir", rename("dir", "dir/sub"));
    t_show("chdir to a file", chdir("file"));
    t_show("negative size mmap", (long)mmap(NULL, (size_t)-4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    t_show("open O_DIRECTORY|O_CREAT", open("newdir", O_DIRECTORY | O_CREAT | O_RDWR, 0644));
    return 0;
}
