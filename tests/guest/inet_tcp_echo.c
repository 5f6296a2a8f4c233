/* TCP echo over loopback with many concurrent connections: a threaded server (one thread per
 * accepted connection), client threads sending messages of varying sizes and checking the echo,
 * and a forked client process; IPv4 and IPv6 (dual-stack listener reached by an IPv4 client). */
#include "inet_util.h"
#include <pthread.h>

#define CLIENTS 12
#define ROUNDS 20

static int port;
static unsigned long sums[CLIENTS];

static void *serve_one(void *arg) {
    int c = (int)(long)arg;
    char buf[4096];
    ssize_t n;
    while ((n = read(c, buf, sizeof buf)) > 0) write_all(c, buf, (size_t)n);
    close(c);
    return NULL;
}

static void *server(void *arg) {
    int l = (int)(long)arg;
    for (;;) {
        int c = accept(l, NULL, NULL);
        if (c < 0) {
            if (errno == EINTR) continue;
            return NULL;
        }
        pthread_t th;
        pthread_create(&th, NULL, serve_one, (void *)(long)c);
        pthread_detach(th);
    }
}

static unsigned long exchange(int s, int id) {
    static __thread char out[9000], in[9000];
    unsigned long sum = 0;
    for (int r = 0; r < ROUNDS; r++) {
        size_t len = 1 + (size_t)((id * 7919 + r * 104729) % 8999);
        for (size_t i = 0; i < len; i++) out[i] = (char)(id + r + i * 31);
        write_all(s, out, len);
        if (read_all(s, in, len) != len || memcmp(in, out, len) != 0) {
            printf("client %d round %d: mismatch\n", id, r);
            exit(1);
        }
        for (size_t i = 0; i < len; i++) sum = sum * 31 + (unsigned char)in[i];
    }
    return sum;
}

static void *client(void *arg) {
    int id = (int)(long)arg;
    int s = connect4(port);
    sums[id] = exchange(s, id);
    shutdown(s, SHUT_WR);
    char b;
    if (read(s, &b, 1) != 0) printf("client %d: no EOF\n", id);
    close(s);
    return NULL;
}

int main(void) {
    int l = socket(AF_INET6, SOCK_STREAM, 0);
    int one = 1, zero = 0;
    setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    setsockopt(l, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof zero);
    struct sockaddr_in6 a = lo6(0);
    a.sin6_addr = in6addr_any;
    socklen_t al = sizeof a;
    CHECK("bind [::]:0", bind(l, (struct sockaddr *)&a, sizeof a));
    CHECK("listen", listen(l, 64));
    getsockname(l, (struct sockaddr *)&a, &al);
    port = ntohs(a.sin6_port);
    printf("ephemeral range: %s\n", port >= 32768 && port <= 60999 ? "yes" : "no");

    pthread_t srv;
    pthread_create(&srv, NULL, server, (void *)(long)l);

    pthread_t th[CLIENTS];
    for (long i = 0; i < CLIENTS; i++) pthread_create(&th[i], NULL, client, (void *)i);
    for (int i = 0; i < CLIENTS; i++) pthread_join(th[i], NULL);
    unsigned long total = 0;
    for (int i = 0; i < CLIENTS; i++) total ^= sums[i] * (unsigned long)(i + 1);
    printf("threads: %d clients, checksum %lx\n", CLIENTS, total);

    /* A client in a child process, over IPv6 this time. */
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        int s = socket(AF_INET6, SOCK_STREAM, 0);
        struct sockaddr_in6 d = lo6(port);
        if (connect(s, (struct sockaddr *)&d, sizeof d) < 0) _exit(3);
        struct sockaddr_in6 me;
        socklen_t ml = sizeof me;
        getsockname(s, (struct sockaddr *)&me, &ml);
        printf("child: local ::1 %s\n", IN6_IS_ADDR_LOOPBACK(&me.sin6_addr) ? "yes" : "no");
        printf("child: checksum %lx\n", exchange(s, 99));
        close(s);
        fflush(stdout);
        _exit(0);
    }
    int st;
    waitpid(pid, &st, 0);
    printf("child exit %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);

    /* An IPv4 client reaches the dual-stack listener. */
    int s = connect4(port);
    char c = 'x';
    write_all(s, &c, 1);
    read_all(s, &c, 1);
    struct sockaddr_in pn;
    socklen_t pl = sizeof pn;
    getpeername(s, (struct sockaddr *)&pn, &pl);
    printf("peer: %s len %d\n", inet_ntoa(pn.sin_addr), (int)pl);
    close(s);
    return 0;
}
