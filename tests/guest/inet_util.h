/* Helpers for the inet_* guest programs: errno names of the socket errors, loopback addresses,
 * and a check macro that prints a result as "label: ok" or "label: -1 ENAME". */
#ifndef JERLA_INET_UTIL_H
#define JERLA_INET_UTIL_H
#include "guest.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>

static inline const char *neterr(int e) {
    switch (e) {
    case EADDRINUSE: return "EADDRINUSE";
    case EADDRNOTAVAIL: return "EADDRNOTAVAIL";
    case EAFNOSUPPORT: return "EAFNOSUPPORT";
    case EALREADY: return "EALREADY";
    case ECONNABORTED: return "ECONNABORTED";
    case ECONNREFUSED: return "ECONNREFUSED";
    case ECONNRESET: return "ECONNRESET";
    case EDESTADDRREQ: return "EDESTADDRREQ";
    case EINPROGRESS: return "EINPROGRESS";
    case EISCONN: return "EISCONN";
    case EMSGSIZE: return "EMSGSIZE";
    case ENETUNREACH: return "ENETUNREACH";
    case ENOPROTOOPT: return "ENOPROTOOPT";
    case ENOTCONN: return "ENOTCONN";
    case EPROTONOSUPPORT: return "EPROTONOSUPPORT";
    case EPROTOTYPE: return "EPROTOTYPE";
    case ESOCKTNOSUPPORT: return "ESOCKTNOSUPPORT";
    case EHOSTUNREACH: return "EHOSTUNREACH";
    default: return errname(e);
    }
}

/* Prints "label: ok" for r >= 0, else "label: ERRNAME". */
#define CHECK(label, expr) do { \
        errno = 0; long r_ = (long)(expr); \
        if (r_ >= 0) printf("%s: ok\n", label); else printf("%s: %s\n", label, neterr(errno)); \
    } while (0)

static inline struct sockaddr_in lo4(int port) {
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
}

static inline struct sockaddr_in6 lo6(int port) {
    struct sockaddr_in6 a;
    memset(&a, 0, sizeof a);
    a.sin6_family = AF_INET6;
    a.sin6_port = htons(port);
    a.sin6_addr = in6addr_loopback;
    return a;
}

/* A TCP listener on 127.0.0.1 with an ephemeral port; *port receives it. */
static inline int listen4(int *port, int backlog) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = lo4(0);
    socklen_t l = sizeof a;
    if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) < 0 || listen(s, backlog) < 0) {
        perror("listen4");
        exit(2);
    }
    getsockname(s, (struct sockaddr *)&a, &l);
    *port = ntohs(a.sin_port);
    return s;
}

static inline int connect4(int port) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = lo4(port);
    if (s < 0 || connect(s, (struct sockaddr *)&a, sizeof a) < 0) {
        perror("connect4");
        exit(2);
    }
    return s;
}

/* Writes all of buf (or dies). */
static inline void write_all(int fd, const void *buf, size_t n) {
    const char *p = buf;
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            perror("write_all");
            exit(2);
        }
        p += w;
        n -= (size_t)w;
    }
}

/* Reads exactly n bytes; returns how many before end of file. */
static inline size_t read_all(int fd, void *buf, size_t n) {
    char *p = buf;
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, p + got, n - got);
        if (r < 0) {
            if (errno == EINTR) continue;
            perror("read_all");
            exit(2);
        }
        if (r == 0) break;
        got += (size_t)r;
    }
    return got;
}
#endif
