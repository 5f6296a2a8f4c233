/* openat2: the open_how checks (EINVAL, E2BIG, EAGAIN) and each RESOLVE_* restriction, on a host
 * directory (the working directory) and on tmpfs (/dev/shm). */
#include "guest.h"
#include <stdint.h>
#include <sys/syscall.h>

/* include/uapi/linux/openat2.h, spelled out: musl's headers do not carry it. */
struct open_how {
    uint64_t flags, mode, resolve;
};
#define RESOLVE_NO_XDEV 0x01
#define RESOLVE_NO_MAGICLINKS 0x02
#define RESOLVE_NO_SYMLINKS 0x04
#define RESOLVE_BENEATH 0x08
#define RESOLVE_IN_ROOT 0x10
#define RESOLVE_CACHED 0x20
#ifndef SYS_openat2
#define SYS_openat2 437
#endif

static long o2(int dirfd, const char *path, unsigned long long flags, unsigned long long mode, unsigned long long resolve) {
    struct open_how how = {.flags = flags, .mode = mode, .resolve = resolve};
    long fd = syscall(SYS_openat2, dirfd, path, &how, sizeof how);
    if (fd >= 0) close(fd);
    return fd < 0 ? -1 : 0;
}

static void try(const char *what, int dirfd, const char *path, unsigned long long flags, unsigned long long resolve) {
    t_show(what, o2(dirfd, path, flags, 0, resolve));
}

static void run(const char *base) {
    char top[256], buf[512];
    snprintf(top, sizeof top, "%s/fs_openat2.%d", base, getpid());
    mkdir(top, 0755);
    snprintf(buf, sizeof buf, "%s/root", top); mkdir(buf, 0755);
    snprintf(buf, sizeof buf, "%s/root/sub", top); mkdir(buf, 0755);
    snprintf(buf, sizeof buf, "%s/root/file", top); close(open(buf, O_CREAT | O_WRONLY, 0644));
    snprintf(buf, sizeof buf, "%s/outside", top); close(open(buf, O_CREAT | O_WRONLY, 0644));
    int dirfd = open(top, O_RDONLY | O_DIRECTORY);
    symlinkat("file", dirfd, "root/lnk_rel");
    symlinkat("../outside", dirfd, "root/lnk_up");
    symlinkat("../file", dirfd, "root/sub/lnk_up2");
    symlinkat("/sub", dirfd, "root/lnk_abs");
    int root = openat(dirfd, "root", O_RDONLY | O_DIRECTORY);

    try("plain", root, "file", O_RDONLY, 0);
    try("NO_SYMLINKS plain file", root, "file", O_RDONLY, RESOLVE_NO_SYMLINKS);
    try("NO_SYMLINKS through link", root, "lnk_rel", O_RDONLY, RESOLVE_NO_SYMLINKS);
    try("NO_SYMLINKS O_PATH|O_NOFOLLOW on link", root, "lnk_rel", O_PATH | O_NOFOLLOW, RESOLVE_NO_SYMLINKS);
    try("NO_SYMLINKS O_CREAT through link", root, "lnk_rel", O_CREAT | O_WRONLY, RESOLVE_NO_SYMLINKS);
    try("BENEATH file", root, "file", O_RDONLY, RESOLVE_BENEATH);
    try("BENEATH sub/../file", root, "sub/../file", O_RDONLY, RESOLVE_BENEATH);
    try("BENEATH ../outside", root, "../outside", O_RDONLY, RESOLVE_BENEATH);
    try("BENEATH absolute", root, top, O_RDONLY, RESOLVE_BENEATH);
    try("BENEATH link escaping", root, "lnk_up", O_RDONLY, RESOLVE_BENEATH);
    try("BENEATH link staying", root, "sub/lnk_up2", O_RDONLY, RESOLVE_BENEATH);
    try("BENEATH absolute link", root, "lnk_abs", O_RDONLY, RESOLVE_BENEATH);
    try("BENEATH magic link", root, "/proc/self/cwd", O_RDONLY, RESOLVE_BENEATH);
    try("IN_ROOT /file", root, "/file", O_RDONLY, RESOLVE_IN_ROOT);
    try("IN_ROOT ../../file", root, "../../file", O_RDONLY, RESOLVE_IN_ROOT);
    try("IN_ROOT absolute link", root, "lnk_abs", O_RDONLY | O_DIRECTORY, RESOLVE_IN_ROOT);
    try("IN_ROOT link escaping", root, "lnk_up", O_RDONLY, RESOLVE_IN_ROOT);
    try("NO_MAGICLINKS /proc/self/cwd", AT_FDCWD, "/proc/self/cwd", O_RDONLY, RESOLVE_NO_MAGICLINKS);
    try("NO_MAGICLINKS ordinary link", root, "lnk_rel", O_RDONLY, RESOLVE_NO_MAGICLINKS);
    try("NO_SYMLINKS /proc/self/cwd", AT_FDCWD, "/proc/self/cwd", O_RDONLY, RESOLVE_NO_SYMLINKS);
    try("plain /proc/self/cwd", AT_FDCWD, "/proc/self/cwd", O_RDONLY, 0);
    try("NO_XDEV same mount", root, "sub", O_RDONLY, RESOLVE_NO_XDEV);
    int slash = open("/", O_RDONLY | O_DIRECTORY);
    try("NO_XDEV into /proc", slash, "proc", O_RDONLY, RESOLVE_NO_XDEV);
    int proc = open("/proc", O_RDONLY | O_DIRECTORY);
    try("NO_XDEV .. out of /proc", proc, "..", O_RDONLY, RESOLVE_NO_XDEV);
    try("NO_XDEV inside /proc", proc, "self", O_RDONLY, RESOLVE_NO_XDEV);
    close(proc);
    close(slash);

    unlinkat(dirfd, "root/lnk_rel", 0);
    unlinkat(dirfd, "root/lnk_up", 0);
    unlinkat(dirfd, "root/sub/lnk_up2", 0);
    unlinkat(dirfd, "root/lnk_abs", 0);
    unlinkat(dirfd, "root/file", 0);
    unlinkat(dirfd, "root/sub", AT_REMOVEDIR);
    unlinkat(dirfd, "root", AT_REMOVEDIR);
    unlinkat(dirfd, "outside", 0);
    close(root);
    close(dirfd);
    rmdir(top);
}

int main(void) {
    t_init();
    t_scratch();
    printf("== working directory\n");
    run(".");
    printf("== /dev/shm\n");
    run("/dev/shm");

    printf("== open_how checks\n");
    struct { struct open_how how; char extra[8]; } big;
    memset(&big, 0, sizeof big);
    big.how.flags = O_RDONLY;
    t_show("size 8", syscall(SYS_openat2, AT_FDCWD, ".", &big, 8));
    t_show("size 4097", syscall(SYS_openat2, AT_FDCWD, ".", &big, 4097));
    long fd = syscall(SYS_openat2, AT_FDCWD, ".", &big, sizeof big);
    printf("larger struct, zero tail: %s\n", yesno(fd >= 0));
    close(fd);
    big.extra[3] = 1;
    t_show("larger struct, non-zero tail", syscall(SYS_openat2, AT_FDCWD, ".", &big, sizeof big));
    t_show("unknown flag", o2(AT_FDCWD, ".", 1ULL << 40, 0, 0));
    t_show("mode without O_CREAT", o2(AT_FDCWD, ".", O_RDONLY, 0644, 0));
    t_show("mode with file type bits", o2(AT_FDCWD, "fs_openat2.new", O_CREAT | O_WRONLY, 0100644, 0));
    t_show("BENEATH with IN_ROOT", o2(AT_FDCWD, ".", O_RDONLY, 0, RESOLVE_BENEATH | RESOLVE_IN_ROOT));
    t_show("unknown resolve bit", o2(AT_FDCWD, ".", O_RDONLY, 0, 0x40));
    t_show("O_PATH with O_RDWR", o2(AT_FDCWD, ".", O_PATH | O_RDWR, 0, 0));
    t_show("CACHED with O_CREAT", o2(AT_FDCWD, "fs_openat2.new", O_CREAT | O_WRONLY, 0644, RESOLVE_CACHED));
    t_show("O_CREAT with mode", o2(AT_FDCWD, "fs_openat2.new", O_CREAT | O_WRONLY, 0644, 0));
    unlink("fs_openat2.new");
    return 0;
}
