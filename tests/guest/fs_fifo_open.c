/* FIFO opens in every mode: O_RDONLY|O_NONBLOCK succeeds at once, O_WRONLY|O_NONBLOCK fails with
 * ENXIO until there is a reader, O_RDWR never blocks; reading an empty FIFO with no writer gives
 * EOF, with a writer EAGAIN (non-blocking); a FIFO on tmpfs and on a host directory; lseek is
 * ESPIPE; the FIFO's own size stays 0. */
#include "guest.h"

static void run(const char *path, const char *tag) {
    printf("-- %s\n", tag);
    t_show("mkfifo", mkfifo(path, 0644));
    t_show("mkfifo again", mkfifo(path, 0644));
    t_show("writer O_NONBLOCK without a reader", open(path, O_WRONLY | O_NONBLOCK));
    int r = open(path, O_RDONLY | O_NONBLOCK);
    printf("reader O_NONBLOCK: %s\n", yesno(r >= 0));
    char buf[16];
    t_show("read with no writer", read(r, buf, sizeof buf));
    int w = open(path, O_WRONLY | O_NONBLOCK);
    printf("writer O_NONBLOCK with a reader: %s\n", yesno(w >= 0));
    t_show("read with a writer, empty", read(r, buf, sizeof buf));
    t_show("write", write(w, "fifo", 4));
    struct stat st;
    stat(path, &st);
    printf("st_size while holding data: %lld, is fifo: %s\n", (long long)st.st_size, yesno(S_ISFIFO(st.st_mode)));
    t_show("read", read(r, buf, sizeof buf));
    t_show("lseek", lseek(r, 0, SEEK_SET));
    t_show("pread", pread(r, buf, 1, 0));
    close(w);
    t_show("read after the writer closed", read(r, buf, sizeof buf));
    close(r);
    int rw = open(path, O_RDWR);
    printf("O_RDWR opens alone: %s\n", yesno(rw >= 0));
    write(rw, "self", 4);
    memset(buf, 0, sizeof buf);
    read(rw, buf, 4);
    printf("O_RDWR reads its own write: %s\n", buf);
    close(rw);
    /* A blocking reader is released by a writer from another process. */
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        usleep(50000);
        int fw = open(path, O_WRONLY);
        write(fw, "late", 4);
        close(fw);
        _exit(0);
    }
    r = open(path, O_RDONLY);
    memset(buf, 0, sizeof buf);
    int n = read(r, buf, sizeof buf);
    printf("blocking open and read: %d \"%s\"\n", n, buf);
    waitpid(pid, NULL, 0);
    close(r);
    t_show("open with O_TRUNC", (r = open(path, O_RDWR | O_TRUNC)) >= 0 ? 0 : -1);
    close(r);
    t_show("truncate", truncate(path, 0));
    t_show("unlink", unlink(path));
}

int main(void) {
    t_init();
    t_scratch();
    run("fifo", "host directory");
    char shm[64];
    snprintf(shm, sizeof shm, "/dev/shm/fs_fifo_open.%d", getpid());
    run(shm, "tmpfs");
    return 0;
}
