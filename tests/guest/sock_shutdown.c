/* Stream shutdown and close: EOF after SHUT_WR, EPIPE and SIGPIPE (or not, with MSG_NOSIGNAL or
 * SIG_IGN) after the peer closes or shuts reading, ECONNRESET when unread data is thrown away,
 * SHUT_RD, bad "how" values, MSG_WAITALL across writes, blocked writer released by peer close. */
#include "sock.h"

static volatile int pipes;
static void on_pipe(int s) { (void)s; pipes++; }

int main(void) {
    t_init();
    int sv[2];
    char buf[64];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    show("shutdown how=3", shutdown(sv[0], 3));
    show("shutdown how=-1", shutdown(sv[0], -1));
    write(sv[0], "last", 4);
    show("shutdown SHUT_WR", shutdown(sv[0], SHUT_WR));
    printf("peer poll: %s\n", pollbits(pollnow(sv[1], POLLIN | POLLOUT | POLLRDHUP)));
    printf("own poll: %s\n", pollbits(pollnow(sv[0], POLLIN | POLLOUT | POLLRDHUP)));
    show("peer reads queued data", read(sv[1], buf, sizeof buf));
    show("peer reads EOF", read(sv[1], buf, sizeof buf));
    signal(SIGPIPE, on_pipe);
    show("write after own SHUT_WR", write(sv[0], "x", 1));
    printf("SIGPIPE count %d\n", pipes);
    show("send MSG_NOSIGNAL after SHUT_WR", send(sv[0], "x", 1, MSG_NOSIGNAL));
    printf("SIGPIPE count %d\n", pipes);
    show("peer can still write back", write(sv[1], "back", 4));
    show("read it", read(sv[0], buf, sizeof buf));
    show("peer SHUT_RD", shutdown(sv[1], SHUT_RD));
    show("write to peer that shut reading", write(sv[1], "z", 1));
    printf("SIGPIPE count %d\n", pipes);
    close(sv[0]);
    close(sv[1]);

    /* Peer closes with unread data: ECONNRESET once, then EOF. */
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    write(sv[0], "unread", 6);
    close(sv[1]);
    printf("poll after reset: %s\n", pollbits(pollnow(sv[0], POLLIN | POLLOUT | POLLRDHUP)));
    int err = -1;
    socklen_t len = sizeof err;
    getsockopt(sv[0], SOL_SOCKET, SO_ERROR, &err, &len);
    printf("SO_ERROR %s\n", sock_errname(err));
    getsockopt(sv[0], SOL_SOCKET, SO_ERROR, &err, &len);
    printf("SO_ERROR again %s\n", sock_errname(err));
    show("read", read(sv[0], buf, sizeof buf));
    show("sendto with address on connected stream", sendto(sv[0], "x", 1, 0, (struct sockaddr *)&(struct sockaddr_un){AF_UNIX, "x"}, 4));
    show("write to closed peer", write(sv[0], "x", 1));
    printf("SIGPIPE count %d\n", pipes);
    close(sv[0]);

    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    write(sv[0], "x", 1);
    read(sv[1], buf, 1);
    close(sv[1]);
    show("read after clean close", read(sv[0], buf, sizeof buf));
    signal(SIGPIPE, SIG_IGN);
    show("write with SIGPIPE ignored", write(sv[0], "x", 1));
    close(sv[0]);

    /* Default SIGPIPE kills the writer. */
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    close(sv[1]);
    pid_t c = fork();
    if (c == 0) {
        signal(SIGPIPE, SIG_DFL);
        write(sv[0], "x", 1);
        _exit(0);
    }
    t_reap("writer with default SIGPIPE", c);
    close(sv[0]);

    /* MSG_WAITALL collects several writes. */
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    c = fork();
    if (c == 0) {
        for (int i = 0; i < 4; i++) {
            usleep(20000);
            write(sv[0], "ab", 2);
        }
        _exit(0);
    }
    show("recv MSG_WAITALL 8", recv(sv[1], buf, 8, MSG_WAITALL));
    t_reap("slow writer", c);
    close(sv[0]);
    show("recv MSG_WAITALL at EOF", recv(sv[1], buf, 8, MSG_WAITALL));
    close(sv[1]);

    /* A writer blocked on a full buffer gets EPIPE when the reader closes. */
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    c = fork();
    if (c == 0) {
        close(sv[1]);
        static char big[1 << 20];
        ssize_t n = write(sv[0], big, sizeof big);
        printf("blocked writer: %s, %s\n", n > 0 && n < (ssize_t)sizeof big ? "partial" : n < 0 ? sock_errname(errno) : "all",
               n > 0 ? "bytes" : "none");
        n = write(sv[0], big, 10);
        printf("next write: %zd %s\n", n, n < 0 ? sock_errname(errno) : "");
        _exit(0);
    }
    /* Wait until the writer has filled the buffer (it is then blocked, or about to be). */
    for (int queued = 0; queued < 100000;) {
        usleep(10000);
        ioctl(sv[1], FIONREAD, &queued);
    }
    close(sv[1]);
    t_reap("blocked writer", c);
    return 0;
}
