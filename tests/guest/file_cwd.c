/* The working directory: getcwd, chdir, fchdir, relative paths and openat(AT_FDCWD). */
#include "guest.h"
#include <limits.h>

static const char *rel(const char *cwd, const char *root) {
    size_t n = strlen(root);
    return strncmp(cwd, root, n) == 0 ? (cwd[n] ? cwd + n : "/") : cwd;
}

int main(void) {
    t_init();
    char root[PATH_MAX];
    snprintf(root, sizeof root, "%s", t_scratch());
    char cwd[PATH_MAX];
    getcwd(cwd, sizeof cwd);
    printf("getcwd is the scratch dir: %s\n", yesno(strcmp(cwd, root) == 0));
    mkdir("a", 0755);
    mkdir("a/b", 0755);
    t_show("chdir a/b", chdir("a/b"));
    getcwd(cwd, sizeof cwd);
    printf("cwd: %s\n", rel(cwd, root));
    close(open("here", O_CREAT | O_WRONLY, 0644));
    t_show("chdir ..", chdir(".."));
    getcwd(cwd, sizeof cwd);
    printf("cwd: %s\n", rel(cwd, root));
    printf("relative file visible: %s\n", yesno(access("b/here", F_OK) == 0));
    int dfd = open("b", O_RDONLY | O_DIRECTORY);
    t_show("fchdir", fchdir(dfd));
    getcwd(cwd, sizeof cwd);
    printf("cwd: %s\n", rel(cwd, root));
    t_show("chdir to a file", chdir("here"));
    t_show("chdir missing", chdir("nope"));
    char small[4];
    printf("getcwd small buffer: %s\n", getcwd(small, sizeof small) ? "fit" : errname(errno));
    chdir(root);
    rename("a", "renamed");
    chdir("renamed/b");
    getcwd(cwd, sizeof cwd);
    printf("cwd after rename: %s\n", rel(cwd, root));
    t_show("openat AT_FDCWD", openat(AT_FDCWD, "here", O_RDONLY) >= 0);
    return 0;
}
