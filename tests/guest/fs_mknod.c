/* mknod and mknodat on tmpfs (/dev/shm): FIFOs, character devices that open the driver of their
 * number wherever they are made (1,3 is a null device, 1,5 zero, 1,7 full), block devices, socket
 * nodes, st_rdev major/minor, the nodev mount flag, and the errors (EEXIST, EINVAL for a directory
 * type or a bad type, EPERM for devices as non-root). */
#include "guest.h"
#include <sys/sysmacros.h>
#include <sys/mount.h>

static void node(int dfd, const char *name) {
    struct stat st;
    if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
        printf("  %s: -1 %s\n", name, errname(errno));
        return;
    }
    const char *type = S_ISFIFO(st.st_mode) ? "fifo" : S_ISCHR(st.st_mode) ? "char" : S_ISBLK(st.st_mode) ? "block"
                     : S_ISSOCK(st.st_mode) ? "socket" : S_ISREG(st.st_mode) ? "regular" : "other";
    printf("  %s: %s %04o", name, type, st.st_mode & 07777);
    if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
        printf(" rdev %u,%u", major(st.st_rdev), minor(st.st_rdev));
    printf(" size %lld\n", (long long)st.st_size);
}

int main(void) {
    t_init();
    char d[256];
    snprintf(d, sizeof d, "/dev/shm/fs_mknod.%d", getpid());
    mkdir(d, 0755);
    int dfd = open(d, O_RDONLY | O_DIRECTORY);
    umask(0);
    t_show("fifo", mknodat(dfd, "fifo", S_IFIFO | 0640, 0));
    t_show("null 1,3", mknodat(dfd, "null", S_IFCHR | 0666, makedev(1, 3)));
    t_show("zero 1,5", mknodat(dfd, "zero", S_IFCHR | 0666, makedev(1, 5)));
    t_show("full 1,7", mknodat(dfd, "full", S_IFCHR | 0666, makedev(1, 7)));
    t_show("block 7,0", mknodat(dfd, "loop", S_IFBLK | 0600, makedev(7, 0)));
    t_show("socket", mknodat(dfd, "sock", S_IFSOCK | 0755, 0));
    t_show("regular (type 0)", mknodat(dfd, "reg0", 0644, 0));
    t_show("regular (S_IFREG)", mknodat(dfd, "reg", S_IFREG | 0600, 0));
    t_show("large numbers 300,70000", mknodat(dfd, "big", S_IFCHR | 0600, makedev(300, 70000)));
    const char *names[] = {"fifo", "null", "zero", "full", "loop", "sock", "reg0", "reg", "big"};
    for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++)
        node(dfd, names[i]);

    /* The new nodes work like the ones in /dev. */
    char buf[8] = "abc";
    int fd = openat(dfd, "null", O_RDWR);
    t_show("write to null", write(fd, "hello", 5));
    t_show("read from null", read(fd, buf, sizeof buf));
    close(fd);
    fd = openat(dfd, "zero", O_RDONLY);
    t_show("read from zero", read(fd, buf, sizeof buf));
    printf("  zeros: %s\n", yesno(buf[0] == 0 && buf[7] == 0));
    close(fd);
    fd = openat(dfd, "full", O_WRONLY);
    t_show("write to full", write(fd, "x", 1));
    close(fd);
    t_show("open a socket node", openat(dfd, "sock", O_RDONLY));
    fd = openat(dfd, "fifo", O_RDWR);
    write(fd, "pipe", 4);
    memset(buf, 0, sizeof buf);
    read(fd, buf, 4);
    printf("fifo opened O_RDWR carries: %s\n", buf);
    close(fd);

    /* Errors. */
    t_show("existing name", mknodat(dfd, "fifo", S_IFIFO | 0644, 0));
    t_show("directory type", mknodat(dfd, "dir", S_IFDIR | 0755, 0));
    t_show("symlink type", mknodat(dfd, "lnk", S_IFLNK | 0777, 0));
    t_show("bad type", mknodat(dfd, "bad", 0170000, 0));
    t_show("missing parent", mknodat(dfd, "no/x", S_IFIFO | 0644, 0));
    t_show("bad dirfd", mknodat(999, "x", S_IFIFO | 0644, 0));
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        chmod(d, 0777);
        setgid(1000);
        setuid(1000);
        t_show("uid 1000: fifo", mknodat(dfd, "ufifo", S_IFIFO | 0644, 0));
        t_show("uid 1000: char device", mknodat(dfd, "unull", S_IFCHR | 0666, makedev(1, 3)));
        t_show("uid 1000: block device", mknodat(dfd, "ublk", S_IFBLK | 0666, makedev(7, 0)));
        t_show("uid 1000: socket", mknodat(dfd, "usock", S_IFSOCK | 0666, 0));
        t_show("uid 1000: regular", mknodat(dfd, "ureg", S_IFREG | 0666, 0));
        _exit(0);
    }
    t_reap("unprivileged child", pid);

    /* A nodev mount refuses to open device nodes, but still lets them be made. */
    mkdirat(dfd, "mnt", 0755);
    char mnt[300];
    snprintf(mnt, sizeof mnt, "%s/mnt", d);
    t_show("mount tmpfs nodev", mount("tmpfs", mnt, "tmpfs", MS_NODEV, ""));
    t_show("mknod on nodev", mknodat(dfd, "mnt/null", S_IFCHR | 0666, makedev(1, 3)));
    t_show("open it", openat(dfd, "mnt/null", O_RDWR));
    t_show("fifo on nodev", mknodat(dfd, "mnt/fifo", S_IFIFO | 0666, 0));
    t_show("open the fifo", openat(dfd, "mnt/fifo", O_RDWR) >= 0 ? 0 : -1);
    umount2(mnt, MNT_DETACH);
    return 0;
}
