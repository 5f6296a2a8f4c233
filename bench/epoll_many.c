/* epoll with many descriptors: 1000 pipes in one epoll set; each round writes to 50 of them
 * (a pseudo-random choice), collects the ready ones with epoll_wait and drains them. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <unistd.h>

int main(int argc, char **argv) {
    long scale = argc > 1 ? atol(argv[1]) : 1;
    enum { PIPES = 1000, PER_ROUND = 50 };
    struct rlimit rl = {4096, 4096};
    setrlimit(RLIMIT_NOFILE, &rl);
    static int rd[PIPES], wr[PIPES];
    int ep = epoll_create1(0);
    for (int i = 0; i < PIPES; i++) {
        int p[2];
        if (pipe(p) != 0) { perror("pipe"); return 1; }
        rd[i] = p[0];
        wr[i] = p[1];
        struct epoll_event ev = {.events = EPOLLIN, .data.u32 = i};
        if (epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev) != 0) { perror("epoll_ctl"); return 1; }
    }
    unsigned seed = 1, events = 0, checksum = 0;
    long rounds = 2000 * scale;
    struct epoll_event ready[PER_ROUND];
    for (long r = 0; r < rounds; r++) {
        for (int k = 0; k < PER_ROUND; k++) {
            seed = seed * 1103515245 + 12345;
            int i = (seed >> 8) % PIPES;
            char c = (char)('a' + k % 26);
            if (write(wr[i], &c, 1) != 1) return 1;
        }
        for (;;) {
            int n = epoll_wait(ep, ready, PER_ROUND, 0);
            if (n < 0) { perror("epoll_wait"); return 1; }
            if (n == 0) break;
            for (int j = 0; j < n; j++) {
                char buf[64];
                ssize_t got = read(rd[ready[j].data.u32], buf, sizeof buf);
                for (ssize_t b = 0; b < got; b++) checksum += (unsigned char)buf[b];
                events++;
            }
        }
    }
    printf("%ld rounds, %u readiness events, checksum %u\n", rounds, events, checksum);
    return 0;
}
