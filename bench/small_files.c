/* File system metadata: create, stat, read back and unlink many small files. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv) {
    long scale = argc > 1 ? atol(argv[1]) : 1;
    long n = 300 * scale, bytes = 0;
    char dir[] = "jerla-bench-XXXXXX"; /* in the working directory: the same host file system for every runner */
    if (!mkdtemp(dir) || chdir(dir) != 0) return 1;
    char name[64], buf[128];
    for (long i = 0; i < n; i++) {
        snprintf(name, sizeof name, "file-%05ld", i);
        int fd = open(name, O_CREAT | O_WRONLY | O_TRUNC, 0644);
        int len = snprintf(buf, sizeof buf, "small file number %ld\n", i);
        write(fd, buf, len);
        close(fd);
    }
    for (long i = 0; i < n; i++) {
        struct stat st;
        snprintf(name, sizeof name, "file-%05ld", i);
        stat(name, &st);
        int fd = open(name, O_RDONLY);
        bytes += read(fd, buf, sizeof buf);
        close(fd);
        unlink(name);
    }
    chdir("..");
    rmdir(dir);
    printf("%ld files, %ld bytes read back\n", n, bytes);
    return 0;
}
