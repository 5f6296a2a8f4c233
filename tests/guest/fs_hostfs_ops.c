/* Namespace and metadata operations in the working directory (a host directory under Jerla):
 * create, write and read back, rename over files, hard links and their counts, symbolic links,
 * chmod, utimensat with nanoseconds, truncate up and down, mkdir/rmdir, a directory renamed while a
 * descriptor and the working directory are inside it, and names with spaces, control characters
 * and UTF-8. */
#include "guest.h"
#include <dirent.h>

static void put(const char *path, const char *text) {
    int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    write(fd, text, strlen(text));
    close(fd);
}

static void get(const char *what, const char *path) {
    char buf[64] = {0};
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        printf("%s: open -1 %s\n", what, errname(errno));
        return;
    }
    int n = read(fd, buf, sizeof buf - 1);
    close(fd);
    printf("%s: %d \"%s\"\n", what, n, buf);
}

static void st(const char *what, const char *path) {
    struct stat s;
    if (lstat(path, &s) != 0) {
        printf("%s: -1 %s\n", what, errname(errno));
        return;
    }
    printf("%s: mode %06o nlink %ld size %lld\n", what, s.st_mode, (long)s.st_nlink, (long long)s.st_size);
}

int main(void) {
    t_init();
    t_scratch();
    umask(022);
    put("one", "first");
    get("one", "one");
    st("one", "one");
    put("two", "second");
    t_show("rename one over two", rename("one", "two"));
    get("two", "two");
    st("one", "one");
    t_show("link two three", link("two", "three"));
    st("two", "two");
    put("three", "changed");
    get("two after writing three", "two");
    t_show("unlink two", unlink("two"));
    st("three", "three");
    t_show("symlink", symlink("three", "sym"));
    st("sym", "sym");
    get("through sym", "sym");
    char buf[64] = {0};
    t_show("readlink", readlink("sym", buf, sizeof buf));
    printf("  target %s\n", buf);
    t_show("symlink to a directory path", symlink("d/inner", "dsym"));
    t_show("chmod 0600", chmod("three", 0600));
    st("three", "three");
    t_show("chmod 04711", chmod("three", 04711));
    st("three", "three");
    struct timespec ts[2] = {{1111111111, 222222222}, {1234567890, 123456789}};
    t_show("utimensat", utimensat(AT_FDCWD, "three", ts, 0));
    struct stat s;
    stat("three", &s);
    printf("  atime %ld.%09ld mtime %ld.%09ld\n", (long)s.st_atim.tv_sec, s.st_atim.tv_nsec, (long)s.st_mtim.tv_sec, s.st_mtim.tv_nsec);
    t_show("truncate to 3", truncate("three", 3));
    get("three", "three");
    t_show("truncate to 10000", truncate("three", 10000));
    st("three", "three");
    int fd = open("three", O_RDONLY);
    lseek(fd, 9990, SEEK_SET);
    char z[16];
    int n = read(fd, z, sizeof z);
    printf("tail of the grown file: %d bytes, zero: %s\n", n, yesno(n == 10 && z[0] == 0 && z[9] == 0));
    close(fd);

    /* Directories. */
    t_show("mkdir d", mkdir("d", 0750));
    st("d", "d");
    t_show("mkdir d/inner", mkdir("d/inner", 0755));
    st("d after a subdirectory", "d");
    put("d/inner/file", "deep");
    get("dsym/file", "dsym/file");
    int dfd = open("d/inner", O_RDONLY | O_DIRECTORY);
    chdir("d/inner");
    t_show("rename d to e from inside", rename("../../d", "../../e"));
    get("file via cwd", "file");
    put("new", "made in cwd");
    get("e/inner/new", "../../e/inner/new");
    fd = openat(dfd, "file", O_RDONLY);
    printf("openat via the held descriptor: %s\n", yesno(fd >= 0));
    close(fd);
    t_show("mkdirat via the held descriptor", mkdirat(dfd, "sub", 0755));
    char cwd[4096];
    char *c = getcwd(cwd, sizeof cwd);
    printf("getcwd ends in /e/inner: %s\n", yesno(c && strlen(c) >= 8 && !strcmp(c + strlen(c) - 8, "/e/inner")));
    chdir("../..");
    close(dfd);
    get("dsym/file after the rename", "dsym/file");
    t_show("rmdir non-empty", rmdir("e"));
    unlink("e/inner/file");
    unlink("e/inner/new");
    rmdir("e/inner/sub");
    t_show("rmdir e/inner", rmdir("e/inner"));
    t_show("rmdir e", rmdir("e"));

    /* Unusual names. */
    const char *names[] = {"with space", "tab\there", "new\nline", "\xc3\xa9t\xc3\xa9", "-dash", ".hidden", "a:b*c?"};
    int ok = 0;
    for (int i = 0; i < 7; i++) {
        put(names[i], names[i]);
        char back[64] = {0};
        fd = open(names[i], O_RDONLY);
        read(fd, back, sizeof back - 1);
        close(fd);
        ok += !strcmp(back, names[i]);
    }
    printf("unusual names written and read back: %d of 7\n", ok);
    DIR *dir = opendir(".");
    int found = 0;
    struct dirent *e;
    while ((e = readdir(dir)))
        for (int i = 0; i < 7; i++)
            found += !strcmp(e->d_name, names[i]);
    closedir(dir);
    printf("and listed by readdir: %d of 7\n", found);
    for (int i = 0; i < 7; i++)
        unlink(names[i]);
    return 0;
}
