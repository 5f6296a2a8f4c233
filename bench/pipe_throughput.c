/* Pipe throughput: a child writes 64 KiB blocks, the parent reads and checks them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
    long scale = argc > 1 ? atol(argv[1]) : 1;
    long blocks = 256 * scale;
    static unsigned char buf[65536];
    int p[2];
    pipe(p);
    pid_t child = fork();
    if (child == 0) {
        close(p[0]);
        memset(buf, 'j', sizeof buf);
        for (long i = 0; i < blocks; i++) {
            size_t off = 0;
            while (off < sizeof buf) {
                ssize_t w = write(p[1], buf + off, sizeof buf - off);
                if (w <= 0) _exit(1);
                off += (size_t)w;
            }
        }
        _exit(0);
    }
    close(p[1]);
    long total = 0, odd = 0;
    ssize_t r;
    while ((r = read(p[0], buf, sizeof buf)) > 0) {
        total += r;
        odd += buf[0] != 'j';
    }
    int status;
    waitpid(child, &status, 0);
    printf("%ld bytes through the pipe, %ld bad reads, writer status %d\n", total, odd, WEXITSTATUS(status));
    return 0;
}
