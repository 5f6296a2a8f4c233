/* File names are bytes: names and symlink targets that are not valid UTF-8 (BusyBox's ls tests
 * make some) come back from getdents, readlink and getcwd byte for byte on a tmpfs. */
#include "guest.h"
#include <dirent.h>

static void hex(const char *label, const char *s) {
    printf("%s:", label);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) printf(" %02x", *p);
    printf("\n");
}

int main(void) {
    t_init();
    char dir[] = "/dev/shm/jerla-names-XXXXXX";
    if (!mkdtemp(dir) || chdir(dir) != 0) return 99;
    const char *names[] = {"a\370b", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "caf\xc3\xa9", "\xe2\x82", "\xff\xfe"};
    int n = sizeof names / sizeof names[0];
    for (int i = 0; i < n; i++) {
        int fd = open(names[i], O_CREAT | O_WRONLY | O_EXCL, 0644);
        if (fd < 0) printf("create %d: %s\n", i, errname(errno));
        else close(fd);
    }
    /* getdents order differs between file systems: print the names sorted. */
    struct dirent **list;
    int found = scandir(".", &list, NULL, alphasort);
    for (int i = 0; i < found; i++) {
        if (list[i]->d_name[0] != '.') hex("entry", list[i]->d_name);
        free(list[i]);
    }
    free(list);
    struct stat st;
    for (int i = 0; i < n; i++) printf("stat %d: %s\n", i, stat(names[i], &st) == 0 ? "ok" : errname(errno));
    t_show("symlink to bytes", symlink("t\x80\x81rget", "link"));
    char buf[64] = {0};
    ssize_t len = readlink("link", buf, sizeof buf - 1);
    printf("readlink length %zd\n", len);
    hex("target", buf);
    t_show("rename", rename("a\370b", "b\371a"));
    printf("old name gone: %s\n", yesno(access("a\370b", F_OK) != 0 && errno == ENOENT));
    t_show("mkdir", mkdir("d\xfe", 0755));
    t_show("chdir", chdir("d\xfe"));
    char cwd[4096];
    if (getcwd(cwd, sizeof cwd)) hex("cwd tail", strrchr(cwd, '/') + 1);
    t_show("chdir back", chdir(".."));
    t_show("rmdir", rmdir("d\xfe"));
    for (int i = 1; i < n; i++) unlink(names[i]);
    unlink("b\371a");
    unlink("link");
    chdir("/");
    t_show("remove scratch", rmdir(dir));
    return 0;
}
