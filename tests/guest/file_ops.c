/* Namespace operations: mkdir, rmdir, unlink, rename (over files and empty directories), link,
 * symlink, readlink, lstat versus stat, the *at variants. */
#include "guest.h"

static int exists(const char *p) {
    struct stat st;
    return lstat(p, &st) == 0;
}

int main(void) {
    t_init();
    t_scratch();
    t_show("mkdir a", mkdir("a", 0755));
    t_show("mkdir a/b", mkdir("a/b", 0755));
    t_show("mkdir a again", mkdir("a", 0755));
    t_show("mkdir in missing parent", mkdir("x/y", 0755));
    int fd = open("a/f", O_CREAT | O_WRONLY, 0644);
    write(fd, "content", 7);
    close(fd);
    t_show("link a/f a/hard", link("a/f", "a/hard"));
    struct stat st;
    stat("a/f", &st);
    printf("nlink after link: %ld\n", (long)st.st_nlink);
    t_show("symlink", symlink("f", "a/soft"));
    char target[64] = {0};
    t_show("readlink", readlink("a/soft", target, sizeof target));
    printf("target: %s\n", target);
    t_show("readlink on a file", readlink("a/f", target, sizeof target));
    struct stat l;
    lstat("a/soft", &l);
    stat("a/soft", &st);
    printf("lstat is a link: %s, size %lld; stat follows: %s\n", yesno(S_ISLNK(l.st_mode)), (long long)l.st_size,
           yesno(S_ISREG(st.st_mode) && st.st_size == 7));
    t_show("rename file over file", rename("a/hard", "a/f"));
    stat("a/f", &st);
    printf("nlink after renaming a link over its twin: %ld, hard still exists: %s\n", (long)st.st_nlink,
           yesno(exists("a/hard")));
    mkdir("empty", 0755);
    mkdir("full", 0755);
    close(open("full/x", O_CREAT | O_WRONLY, 0644));
    t_show("rename dir over empty dir", rename("empty", "a/b"));
    t_show("rename dir over non-empty dir", rename("a", "full"));
    t_show("rename file over dir", rename("a/f", "full"));
    t_show("rename dir into itself", rename("a", "a/b/c"));
    t_show("rmdir non-empty", rmdir("full"));
    t_show("rmdir a file", rmdir("full/x"));
    t_show("unlink a directory", unlink("full"));
    t_show("unlink", unlink("full/x"));
    t_show("rmdir now empty", rmdir("full"));
    t_show("unlink dangling-safe symlink", unlink("a/soft"));
    printf("f survives unlinking the symlink: %s\n", yesno(exists("a/f")));
    int dfd = open("a", O_RDONLY | O_DIRECTORY);
    t_show("mkdirat", mkdirat(dfd, "at", 0700));
    t_show("openat create", fd = openat(dfd, "at/file", O_CREAT | O_WRONLY, 0600));
    close(fd);
    t_show("renameat", renameat(dfd, "at/file", dfd, "moved"));
    t_show("unlinkat file", unlinkat(dfd, "moved", 0));
    t_show("unlinkat dir without AT_REMOVEDIR", unlinkat(dfd, "at", 0));
    t_show("unlinkat AT_REMOVEDIR", unlinkat(dfd, "at", AT_REMOVEDIR));
    t_show("symlinkat", symlinkat("../a/f", dfd, "rel"));
    fd = openat(dfd, "rel", O_RDONLY);
    char buf[8] = {0};
    read(fd, buf, 7);
    printf("read through relative symlink: %s\n", buf);
    t_show("fstatat AT_SYMLINK_NOFOLLOW is link", (fstatat(dfd, "rel", &st, AT_SYMLINK_NOFOLLOW), S_ISLNK(st.st_mode)));
    symlink("loop2", "loop1");
    symlink("loop1", "loop2");
    t_show("open symlink loop", open("loop1", O_RDONLY));
    t_show("open O_NOFOLLOW on link", open("a/../loop1", O_RDONLY | O_NOFOLLOW));
    t_show("link to a directory", link("a", "alink"));
    return 0;
}
