/* Helpers for the AF_UNIX socket tests: errno names guest.h lacks, unique names, and show(). */
#ifndef JERLA_SOCK_H
#define JERLA_SOCK_H
#include "guest.h"
#include <poll.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>

static inline const char *sock_errname(int e) {
    switch (e) {
    case EADDRINUSE: return "EADDRINUSE";
    case EADDRNOTAVAIL: return "EADDRNOTAVAIL";
    case ECONNREFUSED: return "ECONNREFUSED";
    case ECONNRESET: return "ECONNRESET";
    case ECONNABORTED: return "ECONNABORTED";
    case EAFNOSUPPORT: return "EAFNOSUPPORT";
    case EPROTONOSUPPORT: return "EPROTONOSUPPORT";
    case ESOCKTNOSUPPORT: return "ESOCKTNOSUPPORT";
    case EPROTOTYPE: return "EPROTOTYPE";
    case ENOPROTOOPT: return "ENOPROTOOPT";
    case ENOTCONN: return "ENOTCONN";
    case EISCONN: return "EISCONN";
    case EMSGSIZE: return "EMSGSIZE";
    case ENOBUFS: return "ENOBUFS";
    case EDESTADDRREQ: return "EDESTADDRREQ";
    case EINPROGRESS: return "EINPROGRESS";
    case EALREADY: return "EALREADY";
    }
    return errname(e);
}

/* Prints "what: N" or "what: -1 ENAME". */
static inline long show(const char *what, long ret) {
    if (ret < 0)
        printf("%s: -1 %s\n", what, sock_errname(errno));
    else
        printf("%s: %ld\n", what, ret);
    return ret;
}

/* A sockaddr_un for a path; returns its length (family + path + NUL). */
static inline socklen_t un_path(struct sockaddr_un *a, const char *path) {
    memset(a, 0, sizeof *a);
    a->sun_family = AF_UNIX;
    strncpy(a->sun_path, path, sizeof a->sun_path - 1);
    return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1);
}

/* An abstract address "\0jerla-<tag>-<pid as 8 hex digits>" (fixed length); returns its length. */
static inline socklen_t un_abstract(struct sockaddr_un *a, const char *tag) {
    memset(a, 0, sizeof *a);
    a->sun_family = AF_UNIX;
    int n = snprintf(a->sun_path + 1, sizeof a->sun_path - 1, "jerla-%s-%08x", tag, (unsigned)getpid());
    return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n);
}

/* Poll bits in words, in a fixed order. */
static inline const char *pollbits(short r) {
    static char buf[128];
    buf[0] = 0;
    if (r & POLLIN) strcat(buf, "IN ");
    if (r & POLLOUT) strcat(buf, "OUT ");
    if (r & POLLERR) strcat(buf, "ERR ");
    if (r & POLLHUP) strcat(buf, "HUP ");
    if (r & POLLRDHUP) strcat(buf, "RDHUP ");
    if (r & POLLNVAL) strcat(buf, "NVAL ");
    if (!buf[0]) strcpy(buf, "none");
    else buf[strlen(buf) - 1] = 0;
    return buf;
}

static inline short pollnow(int fd, short events) {
    struct pollfd p = {fd, events, 0};
    if (poll(&p, 1, 0) < 0) return -1;
    return p.revents;
}
#endif
