/* AF_UNIX sockets: a socketpair between parent and child, a named stream socket with
 * bind/listen/accept/connect, and a datagram socketpair keeping message boundaries. */
#include "guest.h"
#include <sys/socket.h>
#include <sys/un.h>

int main(void) {
    t_init();
    t_scratch();
    int sv[2];
    t_show("socketpair", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
    pid_t c = fork();
    if (c == 0) {
        close(sv[0]);
        char buf[64] = {0};
        read(sv[1], buf, sizeof buf - 1);
        dprintf(sv[1], "child got <%s>", buf);
        _exit(0);
    }
    close(sv[1]);
    write(sv[0], "ping", 4);
    char buf[128] = {0};
    ssize_t n, total = 0;
    while ((n = read(sv[0], buf + total, sizeof buf - 1 - total)) > 0) total += n;
    printf("parent got <%s>\n", buf);
    t_reap("socketpair child", c);

    int ls = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    strcpy(addr.sun_path, "sock");
    t_show("bind", bind(ls, (struct sockaddr *)&addr, sizeof addr));
    t_show("listen", listen(ls, 4));
    c = fork();
    if (c == 0) {
        int s = socket(AF_UNIX, SOCK_STREAM, 0);
        if (connect(s, (struct sockaddr *)&addr, sizeof addr) < 0) _exit(2);
        send(s, "hello over a named socket", 25, 0);
        _exit(0);
    }
    int a = accept(ls, NULL, NULL);
    memset(buf, 0, sizeof buf);
    total = 0;
    while ((n = recv(a, buf + total, sizeof buf - 1 - total, 0)) > 0) total += n;
    printf("accepted and received <%s>\n", buf);
    t_reap("client", c);
    t_show("bind the same path again", bind(socket(AF_UNIX, SOCK_STREAM, 0), (struct sockaddr *)&addr, sizeof addr));
    int dg[2];
    socketpair(AF_UNIX, SOCK_DGRAM, 0, dg);
    send(dg[0], "one", 3, 0);
    send(dg[0], "three", 5, 0);
    printf("datagrams keep boundaries: %zd %zd\n", recv(dg[1], buf, sizeof buf, 0), recv(dg[1], buf, sizeof buf, 0));
    struct sockaddr_un missing = {.sun_family = AF_UNIX};
    strcpy(missing.sun_path, "nobody-listens");
    t_show("connect to a missing path", connect(socket(AF_UNIX, SOCK_STREAM, 0), (struct sockaddr *)&missing, sizeof missing));
    t_show("send on a file descriptor", send(0, "x", 1, 0));
    return 0;
}
