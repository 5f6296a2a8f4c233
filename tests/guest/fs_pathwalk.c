/* Path walking: ".." at the root and across mount points (/dev/shm/.., /proc/self/..), "." and
 * repeated slashes, NAME_MAX and PATH_MAX limits (ENAMETOOLONG), O_DIRECTORY, empty paths, and
 * relative lookups from directory descriptors whose directory was moved. */
#include "guest.h"
#include <limits.h>
#include <dirent.h>

static void same(const char *what, const char *a, const char *b) {
    struct stat sa, sb;
    int ra = stat(a, &sa), rb = stat(b, &sb);
    printf("%s: %s\n", what, yesno(ra == 0 && rb == 0 && sa.st_ino == sb.st_ino && sa.st_dev == sb.st_dev));
}

int main(void) {
    t_init();
    t_scratch();
    same("/.. is /", "/..", "/");
    same("/../../.. is /", "/../../..", "/");
    same("/dev/shm/.. is /dev", "/dev/shm/..", "/dev");
    same("/proc/self/.. is /proc", "/proc/self/..", "/proc");
    same("/proc/.. is /", "/proc/..", "/");
    same("//dev///shm/./ is /dev/shm", "//dev///shm/./", "/dev/shm");
    same("/dev/shm/../shm is /dev/shm", "/dev/shm/../shm", "/dev/shm");
    int fd = open("/dev/shm", O_RDONLY | O_DIRECTORY);
    int up = openat(fd, "..", O_RDONLY | O_DIRECTORY);
    struct stat a, b;
    fstat(up, &a);
    stat("/dev", &b);
    printf("openat(shm, \"..\") is /dev: %s\n", yesno(a.st_ino == b.st_ino && a.st_dev == b.st_dev));
    close(up);
    close(fd);
    chdir("/");
    char cwd[256];
    chdir("..");
    printf("cwd after chdir(\"..\") at /: %s\n", getcwd(cwd, sizeof cwd));
    chdir("/dev/shm/..");
    printf("cwd after /dev/shm/..: %s\n", getcwd(cwd, sizeof cwd));
    t_scratch();

    /* Names and paths that are too long. */
    char name[NAME_MAX + 2];
    memset(name, 'n', NAME_MAX + 1);
    name[NAME_MAX + 1] = 0;
    t_show("create NAME_MAX+1", open(name, O_CREAT | O_WRONLY, 0644));
    t_show("stat NAME_MAX+1", stat(name, &a));
    t_show("mkdir NAME_MAX+1", mkdir(name, 0755));
    t_show("symlink to NAME_MAX+1 name", symlink("x", name));
    name[NAME_MAX] = 0;
    fd = open(name, O_CREAT | O_WRONLY, 0644);
    printf("create NAME_MAX: %s\n", yesno(fd >= 0));
    close(fd);
    t_show("unlink NAME_MAX", unlink(name));
    /* A path of exactly PATH_MAX bytes (with its NUL) fails; one shorter is walked. */
    static char path[PATH_MAX + 16];
    int n = 0;
    while (n < PATH_MAX - 1) {
        path[n++] = '.';
        path[n++] = '/';
    }
    path[PATH_MAX - 1] = 0;
    printf("path of PATH_MAX-1 bytes: ");
    t_show("stat", stat(path, &a));
    path[PATH_MAX - 1] = '.';
    path[PATH_MAX] = 0;
    printf("path of PATH_MAX bytes: ");
    t_show("stat", stat(path, &a));
    t_show("chdir", chdir(path));
    t_show("mkdir", mkdir(path, 0755));

    /* O_DIRECTORY and empty names. */
    close(open("file", O_CREAT | O_WRONLY, 0644));
    mkdir("dir", 0755);
    t_show("O_DIRECTORY on a file", open("file", O_RDONLY | O_DIRECTORY));
    fd = open("dir", O_RDONLY | O_DIRECTORY);
    printf("O_DIRECTORY on a dir: %s\n", yesno(fd >= 0));
    close(fd);
    t_show("O_DIRECTORY|O_CREAT on a new name", open("newd", O_RDONLY | O_DIRECTORY | O_CREAT, 0644));
    t_show("O_DIRECTORY|O_CREAT created it", access("newd", F_OK));
    t_show("O_DIRECTORY|O_WRONLY on a dir", open("dir", O_WRONLY | O_DIRECTORY));
    t_show("O_DIRECTORY on /dev/null", open("/dev/null", O_RDONLY | O_DIRECTORY));
    t_show("open \"\"", open("", O_RDONLY));
    t_show("stat \"\"", stat("", &a));
    t_show("mkdir \"\"", mkdir("", 0755));
    t_show("chdir \"\"", chdir(""));
    t_show("unlink \"\"", unlink(""));
    t_show("open \".\" for writing", open(".", O_WRONLY));
    t_show("mkdir \".\"", mkdir(".", 0755));
    t_show("mkdir \"..\"", mkdir("..", 0755));
    t_show("rmdir \"dir/..\"", rmdir("dir/.."));
    t_show("unlink \"dir/.\"", unlink("dir/."));
    t_show("file/.", stat("file/.", &a));
    t_show("file/..", stat("file/..", &a));
    t_show("missing/..", stat("missing/..", &a));

    /* A descriptor for a directory keeps working after the directory is renamed. */
    mkdir("dir/inner", 0755);
    close(open("dir/inner/f", O_CREAT | O_WRONLY, 0644));
    int dfd = open("dir/inner", O_RDONLY | O_DIRECTORY);
    rename("dir", "moved");
    t_show("openat after the parent moved", (fd = openat(dfd, "f", O_RDONLY)) >= 0 ? 0 : -1);
    close(fd);
    fstatat(dfd, "..", &a, 0);
    stat("moved", &b);
    printf("\"..\" of it is the moved parent: %s\n", yesno(a.st_ino == b.st_ino));
    fchdir(dfd);
    char *c = getcwd(cwd, sizeof cwd);
    printf("getcwd ends in /moved/inner: %s\n", yesno(c && strlen(c) > 12 && !strcmp(c + strlen(c) - 12, "/moved/inner")));
    close(dfd);
    return 0;
}
