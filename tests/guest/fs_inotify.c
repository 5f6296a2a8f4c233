/* inotify on a host directory (the working directory) and on tmpfs (/dev/shm): create, open,
 * modify, close, attrib, moves with cookies, links, deletes, DELETE_SELF/IGNORED, ONESHOT,
 * MASK_ADD/MASK_CREATE, ONLYDIR, poll and FIONREAD, and the errors. */
#include "guest.h"
#include <poll.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>

static int wd_dir, wd_file, wd_other;
static unsigned last_cookie;

static const char *wdname(int wd) {
    if (wd == wd_dir) return "dir";
    if (wd == wd_file) return "file";
    if (wd == wd_other) return "other";
    return "?";
}

static void masks(unsigned m) {
    static const struct { unsigned bit; const char *name; } names[] = {
        {IN_ACCESS, "ACCESS"}, {IN_MODIFY, "MODIFY"}, {IN_ATTRIB, "ATTRIB"}, {IN_CLOSE_WRITE, "CLOSE_WRITE"},
        {IN_CLOSE_NOWRITE, "CLOSE_NOWRITE"}, {IN_OPEN, "OPEN"}, {IN_MOVED_FROM, "MOVED_FROM"},
        {IN_MOVED_TO, "MOVED_TO"}, {IN_CREATE, "CREATE"}, {IN_DELETE, "DELETE"}, {IN_DELETE_SELF, "DELETE_SELF"},
        {IN_MOVE_SELF, "MOVE_SELF"}, {IN_IGNORED, "IGNORED"}, {IN_ISDIR, "ISDIR"}, {IN_Q_OVERFLOW, "OVERFLOW"},
    };
    for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++)
        if (m & names[i].bit) printf(" %s", names[i].name);
}

static void drain(int fd, const char *what) {
    char buf[4096] __attribute__((aligned(8)));
    printf("-- %s\n", what);
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0) {
            if (errno != EAGAIN) printf("read: %s\n", errname(errno));
            return;
        }
        for (char *p = buf; p < buf + n;) {
            struct inotify_event *e = (struct inotify_event *)p;
            printf("  %s", wdname(e->wd));
            masks(e->mask);
            if (e->cookie) {
                printf(" cookie:%s", e->cookie == last_cookie ? "same" : "new");
                last_cookie = e->cookie;
            }
            if (e->len) printf(" name=%s", e->name);
            printf("\n");
            p += sizeof *e + e->len;
        }
    }
}

static void run(const char *base) {
    char w[256], f[300], g[300], h[300], sub[300], x[300];
    snprintf(w, sizeof w, "%s/fs_inotify.%d", base, getpid());
    snprintf(f, sizeof f, "%s/f", w);
    snprintf(g, sizeof g, "%s/g", w);
    snprintf(h, sizeof h, "%s/h", w);
    snprintf(sub, sizeof sub, "%s/sub", w);
    snprintf(x, sizeof x, "%s/x", w);
    mkdir(w, 0755);
    int in = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    printf("init: %s cloexec %d\n", yesno(in >= 0), fcntl(in, F_GETFD));
    int avail = -1;
    ioctl(in, FIONREAD, &avail);
    printf("FIONREAD empty: %d\n", avail);
    char small[8];
    t_show("read empty", read(in, small, sizeof small));
    wd_dir = inotify_add_watch(in, w, IN_ALL_EVENTS);
    printf("dir watch: %s\n", yesno(wd_dir > 0));

    int fd = open(f, O_CREAT | O_WRONLY, 0644);
    write(fd, "abc", 3);
    write(fd, "def", 3);
    close(fd);
    struct pollfd pfd = {in, POLLIN, 0};
    printf("poll: %d revents POLLIN %s\n", poll(&pfd, 1, 0), yesno(pfd.revents & POLLIN));
    ioctl(in, FIONREAD, &avail);
    printf("FIONREAD: %d\n", avail);
    t_show("read into a buffer too small", read(in, small, sizeof small));
    drain(in, "create, write twice, close");

    wd_file = inotify_add_watch(in, f, IN_ALL_EVENTS);
    fd = open(f, O_RDONLY);
    char buf[8];
    read(fd, buf, 2);
    close(fd);
    drain(in, "open, read, close read-only");
    chmod(f, 0600);
    drain(in, "chmod");
    truncate(f, 1);
    drain(in, "truncate");
    rename(f, g);
    drain(in, "rename f to g");
    link(g, h);
    drain(in, "link g to h");
    unlink(h);
    drain(in, "unlink h");
    unlink(g);
    drain(in, "unlink g (last name)");

    mkdir(sub, 0755);
    rmdir(sub);
    drain(in, "mkdir and rmdir sub");

    fd = open(x, O_CREAT | O_RDWR, 0644);
    close(fd);
    drain(in, "create x");
    wd_other = inotify_add_watch(in, x, IN_OPEN | IN_ONESHOT);
    close(open(x, O_RDONLY));
    close(open(x, O_RDONLY));
    drain(in, "x opened twice with a ONESHOT OPEN watch (and the dir watch)");

    printf("re-add dir watch same wd: %s\n", yesno(inotify_add_watch(in, w, IN_CREATE) == wd_dir));
    printf("MASK_ADD same wd: %s\n", yesno(inotify_add_watch(in, w, IN_DELETE | IN_MASK_ADD) == wd_dir));
    unlink(x);
    fd = open(f, O_CREAT | O_WRONLY, 0644);
    write(fd, "z", 1);
    close(fd);
    unlink(f);
    drain(in, "after narrowing to CREATE|DELETE: unlink x, create+write+close+unlink f");
    t_show("MASK_CREATE on a watched inode", inotify_add_watch(in, w, IN_CREATE | IN_MASK_CREATE));
    t_show("MASK_ADD with MASK_CREATE", inotify_add_watch(in, w, IN_CREATE | IN_MASK_ADD | IN_MASK_CREATE));
    t_show("no events in mask", inotify_add_watch(in, w, IN_ONLYDIR));
    fd = open(f, O_CREAT | O_WRONLY, 0644);
    close(fd);
    t_show("ONLYDIR on a file", inotify_add_watch(in, f, IN_ALL_EVENTS | IN_ONLYDIR));
    unlink(f);
    t_show("missing path", inotify_add_watch(in, x, IN_ALL_EVENTS));
    t_show("not an inotify fd", inotify_add_watch(0, w, IN_ALL_EVENTS));
    t_show("bad fd", inotify_add_watch(999, w, IN_ALL_EVENTS));
    t_show("rm unknown wd", inotify_rm_watch(in, 12345));
    t_show("rm dir watch", inotify_rm_watch(in, wd_dir));
    t_show("rm it again", inotify_rm_watch(in, wd_dir));
    drain(in, "after rm_watch");
    rmdir(w);
    close(in);
    t_show("init1 bad flags", inotify_init1(1));
}

int main(void) {
    t_init();
    t_scratch();
    printf("== working directory\n");
    run(".");
    printf("== /dev/shm\n");
    run("/dev/shm");
    return 0;
}
