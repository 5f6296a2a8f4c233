/* TCP connection rate over the loopback: a forked client opens 2000 connections per scale unit
 * one after another, sends 8 bytes on each and reads the 8-byte answer; the server accepts,
 * echoes and closes. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static int full(int fd, char *buf, int len, int writing) {
    for (int off = 0; off < len;) {
        ssize_t n = writing ? write(fd, buf + off, len - off) : read(fd, buf + off, len - off);
        if (n <= 0) return -1;
        off += (int) n;
    }
    return 0;
}

int main(int argc, char **argv) {
    long scale = argc > 1 ? atol(argv[1]) : 1;
    long count = 2000 * scale;
    int l = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t al = sizeof a;
    if (bind(l, (struct sockaddr *) &a, sizeof a) < 0 || listen(l, 128) < 0) {
        perror("listen");
        return 1;
    }
    getsockname(l, (struct sockaddr *) &a, &al);
    pid_t pid = fork();
    if (pid == 0) {
        for (long i = 0; i < count; i++) {
            int s = socket(AF_INET, SOCK_STREAM, 0);
            char buf[8];
            for (int k = 0; k < 8; k++) buf[k] = (char) (i >> (8 * k));
            if (connect(s, (struct sockaddr *) &a, sizeof a) < 0 || full(s, buf, 8, 1) < 0 || full(s, buf, 8, 0) < 0) {
                perror("client");
                _exit(1);
            }
            close(s);
        }
        _exit(0);
    }
    unsigned long sum = 0;
    for (long i = 0; i < count; i++) {
        int c = accept(l, NULL, NULL);
        char buf[8];
        if (c < 0 || full(c, buf, 8, 0) < 0 || full(c, buf, 8, 1) < 0) {
            perror("server");
            return 1;
        }
        for (int k = 0; k < 8; k++) sum = (sum ^ (unsigned char) buf[k]) * 0x100000001b3ul;
        close(c);
    }
    int st;
    waitpid(pid, &st, 0);
    printf("%ld connections, checksum %016lx, client status %d\n", count, sum, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    return 0;
}
