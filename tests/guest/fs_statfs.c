/* statfs and fstatfs: f_type magic numbers of tmpfs (/dev/shm), proc, sysfs, devpts and the
 * devtmpfs /dev, name length limits, a tmpfs mounted with size= and nr_inodes= reporting its blocks
 * and inodes as files are written, the flags of a read-only and nosuid mount, and the errors. */
#include "guest.h"
#include <sys/statfs.h>
#include <sys/mount.h>
#include <sys/statvfs.h>

static void magic(const char *path) {
    struct statfs s;
    if (statfs(path, &s) != 0) {
        printf("%s: -1 %s\n", path, errname(errno));
        return;
    }
    printf("%s: type %#lx namelen %ld\n", path, (unsigned long)s.f_type, (long)s.f_namelen);
}

static void usage(const char *what, const char *path) {
    struct statfs s;
    statfs(path, &s);
    printf("%s: bsize %ld blocks %ld free %ld avail %ld files %ld ffree %ld\n", what, (long)s.f_bsize,
           (long)s.f_blocks, (long)s.f_bfree, (long)s.f_bavail, (long)s.f_files, (long)s.f_ffree);
}

int main(void) {
    t_init();
    t_scratch();
    magic("/dev/shm");
    magic("/proc");
    magic("/proc/self/status");
    magic("/sys");
    magic("/dev/pts");
    int fd = open("/proc/self/status", O_RDONLY);
    struct statfs s;
    t_show("fstatfs /proc/self/status", fstatfs(fd, &s));
    printf("  type %#lx\n", (unsigned long)s.f_type);
    close(fd);
    int p[2];
    pipe(p);
    t_show("fstatfs on a pipe", fstatfs(p[0], &s));
    printf("  type %#lx\n", (unsigned long)s.f_type);
    t_show("statfs missing", statfs("missing", &s));
    t_show("statfs through a file", statfs("/proc/self/status/x", &s));
    t_show("fstatfs bad fd", fstatfs(999, &s));

    mkdir("mnt", 0755);
    if (mount("tmpfs", "mnt", "tmpfs", 0, "size=64k,nr_inodes=8") != 0) {
        printf("mount: %s\n", errname(errno));
        return 1;
    }
    magic("mnt");
    usage("empty", "mnt");
    fd = open("mnt/a", O_CREAT | O_WRONLY, 0644);
    static char page[4096];
    memset(page, 'x', sizeof page);
    for (int i = 0; i < 3; i++)
        write(fd, page, sizeof page);
    usage("one file of 3 pages", "mnt");
    write(fd, page, 100);
    usage("plus 100 bytes", "mnt");
    ftruncate(fd, 4096);
    usage("truncated to 1 page", "mnt");
    close(fd);
    mkdir("mnt/d", 0755);
    usage("and a directory", "mnt");
    int made = 0, err = 0;
    for (int i = 0; i < 20; i++) {
        char name[32];
        snprintf(name, sizeof name, "mnt/f%d", i);
        int f = open(name, O_CREAT | O_WRONLY, 0644);
        if (f < 0) {
            err = errno;
            break;
        }
        made++;
        close(f);
    }
    printf("files made before failing: %d (%s)\n", made, errname(err));
    usage("inodes full", "mnt");
    t_show("mkdir with no inodes left", mkdir("mnt/e", 0755));
    t_show("symlink with no inodes left", symlink("a", "mnt/l"));
    t_show("a hard link takes an inode too", link("mnt/a", "mnt/hard"));
    unlink("mnt/f0");
    t_show("create after one unlink", (fd = open("mnt/again", O_CREAT | O_WRONLY, 0644)) >= 0 ? 0 : -1);
    close(fd);
    umount("mnt");
    t_show("mount size=64k ro,nosuid", mount("tmpfs", "mnt", "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV, "size=64k"));
    statfs("mnt", &s);
    printf("  flags rdonly %s nosuid %s nodev %s\n", yesno(s.f_flags & ST_RDONLY), yesno(s.f_flags & ST_NOSUID),
           yesno(s.f_flags & ST_NODEV));
    printf("  blocks %ld free %ld\n", (long)s.f_blocks, (long)s.f_bfree);
    umount("mnt");
    return 0;
}
