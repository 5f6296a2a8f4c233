/* TCP throughput over the loopback: a forked sender writes 32 MiB per scale unit in 64 KiB chunks
 * through one connection; the receiver checks one stamped byte per 4 KiB page. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHUNK (64 * 1024)

int main(int argc, char **argv) {
    long scale = argc > 1 ? atol(argv[1]) : 1;
    long total = 32L * 1024 * 1024 * scale;
    int l = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t al = sizeof a;
    if (bind(l, (struct sockaddr *)&a, sizeof a) < 0 || listen(l, 1) < 0) {
        perror("listen");
        return 1;
    }
    getsockname(l, (struct sockaddr *)&a, &al);
    pid_t pid = fork();
    if (pid == 0) {
        int s = socket(AF_INET, SOCK_STREAM, 0);
        if (connect(s, (struct sockaddr *)&a, sizeof a) < 0) {
            perror("connect");
            _exit(1);
        }
        static unsigned char buf[CHUNK];
        for (long sent = 0; sent < total; sent += CHUNK) {
            for (int i = 0; i < CHUNK; i += 4096) buf[i] = (unsigned char)(sent / CHUNK + i);
            for (size_t off = 0; off < CHUNK;) {
                ssize_t n = write(s, buf + off, CHUNK - off);
                if (n < 0) {
                    perror("write");
                    _exit(1);
                }
                off += (size_t)n;
            }
        }
        close(s);
        _exit(0);
    }
    int c = accept(l, NULL, NULL);
    static unsigned char buf[CHUNK];
    unsigned long sum = 0;
    long got = 0;
    ssize_t n;
    while ((n = read(c, buf, sizeof buf)) > 0) {
        /* One byte per 4 KiB page of the stream: the sender stamped each page's first byte. */
        for (long i = (4096 - (got & 4095)) & 4095; i < n; i += 4096) sum = (sum ^ buf[i]) * 0x100000001b3ul;
        got += n;
    }
    int st;
    waitpid(pid, &st, 0);
    printf("received %ld bytes, checksum %016lx, sender status %d\n", got, sum, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    return 0;
}
