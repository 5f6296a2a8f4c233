/* Large sequential file I/O: write a 16 MiB file in 64 KiB blocks, fsync it, read it back
 * twice and check the contents, 4 x SCALE times over. Included by file_seq_tmpfs.c and
 * file_seq_hostfs.c, which choose the directory. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int file_seq(const char *dir, long scale) {
    enum { BLOCK = 65536, BLOCKS = 256 };
    static unsigned char buf[BLOCK];
    char path[256];
    snprintf(path, sizeof path, "%s/jerla-bench-seq-XXXXXX", dir);
    int fd = mkstemp(path);
    if (fd < 0) { perror("mkstemp"); return 1; }
    unlink(path);
    unsigned long sum = 0;
    for (long round = 0; round < 4 * scale; round++) {
        if (ftruncate(fd, 0) != 0 || lseek(fd, 0, SEEK_SET) != 0) { perror("truncate"); return 1; }
        for (int b = 0; b < BLOCKS; b++) {
            memset(buf, 'a' + (b + round) % 26, BLOCK);
            if (write(fd, buf, BLOCK) != BLOCK) { perror("write"); return 1; }
        }
        if (fsync(fd) != 0) { perror("fsync"); return 1; }
        for (int pass = 0; pass < 2; pass++) {
            if (lseek(fd, 0, SEEK_SET) != 0) return 1;
            for (int b = 0; b < BLOCKS; b++) {
                if (read(fd, buf, BLOCK) != BLOCK) { perror("read"); return 1; }
                if (buf[0] != 'a' + (b + round) % 26 || buf[BLOCK - 1] != buf[0]) {
                    fprintf(stderr, "bad data in block %d\n", b);
                    return 1;
                }
                sum += buf[BLOCK / 2];
            }
        }
    }
    close(fd);
    printf("%ld MiB written, %ld MiB read, checksum %lu\n", 64 * scale, 128 * scale, sum);
    return 0;
}
