/* Named pipes: mkfifo, open blocking until the other end opens, data and EOF through the FIFO. */
#include "guest.h"

int main(void) {
    t_init();
    t_scratch();
    t_show("mkfifo", mkfifo("fifo", 0644));
    struct stat st;
    stat("fifo", &st);
    printf("is a FIFO: %s\n", yesno(S_ISFIFO(st.st_mode)));
    t_show("mkfifo again", mkfifo("fifo", 0644));
    pid_t c = fork();
    if (c == 0) {
        int w = open("fifo", O_WRONLY);
        dprintf(w, "through the fifo\n");
        close(w);
        _exit(0);
    }
    int r = open("fifo", O_RDONLY);
    char buf[64] = {0};
    ssize_t n, total = 0;
    while ((n = read(r, buf + total, sizeof buf - 1 - total)) > 0) total += n;
    printf("read: %s", buf);
    t_reap("writer", c);
    close(r);
    t_show("O_WRONLY|O_NONBLOCK without a reader", open("fifo", O_WRONLY | O_NONBLOCK));
    int nr = open("fifo", O_RDONLY | O_NONBLOCK);
    printf("O_RDONLY|O_NONBLOCK without a writer opens: %s\n", yesno(nr >= 0));
    t_show("read it", read(nr, buf, 1));
    return 0;
}
