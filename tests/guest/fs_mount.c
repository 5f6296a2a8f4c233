/* mount(2) and umount2(2) as root: tmpfs with size= and mode= (ENOSPC at the limit), proc and
 * sysfs, bind mounts (MS_REC, read-only remount), EBUSY for busy mounts, MNT_DETACH, mountinfo,
 * and the errors (ENODEV, ENOENT, EINVAL, EPERM for others). */
#include "guest.h"
#include <sys/mount.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>

static int in_mountinfo(const char *dir, char *opts, size_t n) {
    char want[4096], line[8192];
    if (!realpath(dir, want)) return 0;
    FILE *f = fopen("/proc/self/mountinfo", "r");
    int found = 0;
    while (fgets(line, sizeof line, f)) {
        char mp[4096], type[64], src[256], so[512];
        if (sscanf(line, "%*d %*d %*s %*s %4095s %*s", mp) != 1) continue;
        char *dash = strstr(line, " - ");
        if (!dash || sscanf(dash + 3, "%63s %255s %511s", type, src, so) != 3) continue;
        if (strcmp(mp, want) == 0) {
            found = 1;
            snprintf(opts, n, "%s %s", type, so);
        }
    }
    fclose(f);
    return found;
}

static void show_mount(const char *dir) {
    char opts[600] = "";
    int found = in_mountinfo(dir, opts, sizeof opts);
    printf("mountinfo %s: %s %s\n", dir, yesno(found), opts);
}

int main(void) {
    t_init();
    t_scratch();
    mkdir("m", 0755);
    t_show("mount tmpfs size=64k,mode=700", mount("none", "m", "tmpfs", 0, "size=64k,mode=700"));
    struct stat st;
    stat("m", &st);
    printf("root mode %o\n", st.st_mode & 07777);
    struct statfs sf;
    statfs("m", &sf);
    printf("f_type tmpfs %s blocks %ld bsize %ld\n", yesno(sf.f_type == 0x01021994), (long)sf.f_blocks, (long)sf.f_bsize);
    show_mount("m");

    /* Filling it: ENOSPC at 64 KiB. */
    int fd = open("m/big", O_CREAT | O_WRONLY, 0644);
    static char page[4096];
    int pages = 0;
    while (write(fd, page, sizeof page) == sizeof page) pages++;
    printf("pages written %d, then %s\n", pages, errname(errno));
    close(fd);
    unlink("m/big");
    fd = open("m/after", O_CREAT | O_WRONLY, 0644);
    t_show("write after freeing", write(fd, page, sizeof page));
    close(fd);

    /* Busy mounts. */
    fd = open("m/after", O_RDONLY);
    t_show("umount with an open file", umount("m"));
    close(fd);
    chdir("m");
    t_show("umount while inside", umount("."));
    chdir("..");
    t_show("umount", umount("m"));
    t_show("umount again", umount("m"));
    printf("gone: %s\n", yesno(access("m/after", F_OK) != 0));

    /* MNT_DETACH: gone from the tree at once, open files keep working. */
    mount("none", "m", "tmpfs", 0, "");
    fd = open("m/kept", O_CREAT | O_RDWR, 0644);
    write(fd, "kept", 4);
    t_show("umount2 MNT_DETACH busy", umount2("m", MNT_DETACH));
    char buf[16] = {0};
    pread(fd, buf, 4, 0);
    printf("open file after detach: %s, name visible: %s\n", buf, yesno(access("m/kept", F_OK) == 0));
    close(fd);

    /* Bind mounts. */
    mkdir("a", 0755);
    mkdir("a/sub", 0755);
    mkdir("b", 0755);
    t_show("bind a on b", mount("a", "b", NULL, MS_BIND, NULL));
    close(open("b/via_b", O_CREAT | O_WRONLY, 0644));
    printf("file made through b seen in a: %s\n", yesno(access("a/via_b", F_OK) == 0));
    t_show("remount b read-only", mount(NULL, "b", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL));
    t_show("create in read-only b", open("b/x", O_CREAT | O_WRONLY, 0644));
    fd = open("a/x", O_CREAT | O_WRONLY, 0644);
    printf("a still writable: %s\n", yesno(fd >= 0));
    close(fd);
    statfs("b", &sf);
    printf("b ST_RDONLY: %s\n", yesno(sf.f_flags & ST_RDONLY));
    t_show("umount b", umount("b"));

    /* MS_REC carries submounts along. */
    mount("none", "a/sub", "tmpfs", 0, "");
    close(open("a/sub/inner", O_CREAT | O_WRONLY, 0644));
    mount("a", "b", NULL, MS_BIND, NULL);
    printf("plain bind sees submount: %s\n", yesno(access("b/sub/inner", F_OK) == 0));
    umount("b");
    mount("a", "b", NULL, MS_BIND | MS_REC, NULL);
    printf("recursive bind sees submount: %s\n", yesno(access("b/sub/inner", F_OK) == 0));
    t_show("umount b with a submount", umount("b"));
    umount2("b", MNT_DETACH);
    umount("a/sub");

    /* proc and sysfs. */
    t_show("mount proc", mount("proc", "m", "proc", 0, NULL));
    printf("m/self is a link: %s\n", yesno(readlink("m/self", buf, sizeof buf) > 0));
    umount("m");
    t_show("mount sysfs", mount("sysfs", "m", "sysfs", 0, NULL));
    statfs("m", &sf);
    printf("sysfs f_type: %s, cpu/online: %s\n", yesno(sf.f_type == 0x62656572), yesno(access("m/devices/system/cpu/online", R_OK) == 0));
    show_mount("m");
    umount("m");

    /* Errors. */
    t_show("unknown type", mount("none", "m", "nosuchfs", 0, NULL));
    t_show("missing target", mount("none", "missing", "tmpfs", 0, NULL));
    t_show("bad tmpfs option", mount("none", "m", "tmpfs", 0, "bogus=1"));
    t_show("umount a plain directory", umount("a"));
    t_show("umount missing", umount("missing"));
    t_show("umount2 bad flags", umount2("m", 0x100));
    pid_t pid = fork();
    if (pid == 0) {
        setuid(1000);
        t_show("mount as uid 1000", mount("none", "m", "tmpfs", 0, NULL));
        t_show("umount as uid 1000", umount("/proc"));
        _exit(0);
    }
    t_reap("child", pid);
    unlink("a/via_b");
    unlink("a/x");
    rmdir("a/sub");
    rmdir("a");
    rmdir("b");
    rmdir("m");
    return 0;
}
