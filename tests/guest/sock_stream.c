/* AF_UNIX stream sockets: a forked echo server on a path name, partial reads, EOF after the peer
 * closes, names of both ends, fstat and /proc/self/fd of a socket. */
#include "sock.h"

static void echo_server(int lfd) {
    int c = accept(lfd, NULL, NULL);
    if (c < 0) _exit(2);
    char buf[4096];
    ssize_t n;
    long total = 0;
    while ((n = read(c, buf, sizeof buf)) > 0) {
        total += n;
        if (write(c, buf, n) != n) _exit(3);
    }
    close(c);
    _exit(total == 100000 + 5 ? 0 : 4);
}

int main(void) {
    t_init();
    t_scratch();
    struct sockaddr_un a;
    socklen_t alen = un_path(&a, "echo.sock");
    int l = socket(AF_UNIX, SOCK_STREAM, 0);
    show("bind", bind(l, (struct sockaddr *)&a, alen));
    struct stat st;
    show("stat node", stat("echo.sock", &st));
    printf("node is socket: %s\n", yesno(S_ISSOCK(st.st_mode)));
    show("open node", open("echo.sock", O_RDONLY));
    show("listen", listen(l, 5));
    struct sockaddr_un got;
    socklen_t glen = sizeof got;
    getsockname(l, (struct sockaddr *)&got, &glen);
    printf("listener name: len %d path %s\n", (int)glen, got.sun_path);
    pid_t srv = fork();
    if (srv == 0) echo_server(l);
    close(l);

    int c = socket(AF_UNIX, SOCK_STREAM, 0);
    show("connect", connect(c, (struct sockaddr *)&a, alen));
    glen = sizeof got;
    show("getpeername", getpeername(c, (struct sockaddr *)&got, &glen));
    printf("peer name: len %d path %s\n", (int)glen, got.sun_path);
    glen = sizeof got;
    show("getsockname (unbound)", getsockname(c, (struct sockaddr *)&got, &glen));
    printf("own name len %d\n", (int)glen);

    show("fstat", fstat(c, &st));
    printf("fstat says socket: %s, perms %o\n", yesno(S_ISSOCK(st.st_mode)), st.st_mode & 07777);
    char link[64], path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", c);
    ssize_t ln = readlink(path, link, sizeof link - 1);
    if (ln > 0) link[ln] = 0;
    printf("fd link starts with socket:[ %s\n", yesno(ln > 8 && strncmp(link, "socket:[", 8) == 0));

    show("write hello", write(c, "hello", 5));
    char buf[8];
    show("read 3", read(c, buf, 3));
    show("read rest", read(c, buf, sizeof buf));
    static char big[100000], back[100000];
    for (int i = 0; i < (int)sizeof big; i++) big[i] = (char)(i * 7);
    pid_t w = fork();
    if (w == 0) {
        ssize_t n = write(c, big, sizeof big);
        _exit(n == sizeof big ? 0 : 1);
    }
    long got_total = 0;
    while (got_total < (long)sizeof back) {
        ssize_t n = read(c, back + got_total, sizeof back - got_total);
        if (n <= 0) break;
        got_total += n;
    }
    t_reap("big writer", w);
    printf("echoed %ld bytes, same: %s\n", got_total, yesno(memcmp(big, back, sizeof big) == 0));
    show("shutdown SHUT_WR", shutdown(c, SHUT_WR));
    show("read after server close", read(c, buf, sizeof buf));
    show("read again", read(c, buf, sizeof buf));
    t_reap("server", srv);
    show("unlink", unlink("echo.sock"));
    int c2 = socket(AF_UNIX, SOCK_STREAM, 0);
    show("connect after unlink", connect(c2, (struct sockaddr *)&a, alen));
    close(c);
    close(c2);
    return 0;
}
