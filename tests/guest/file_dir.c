/* Directories: readdir (names sorted before printing: order is the filesystem's), d_type,
 * rewinddir, "." and "..", a directory with many entries, getdents on a non-directory. */
#include "guest.h"
#include <dirent.h>

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void list(const char *dir) {
    DIR *d = opendir(dir);
    char *names[600];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < 600) {
        char buf[300];
        const char *t = e->d_type == DT_DIR ? "dir" : e->d_type == DT_REG ? "file" : e->d_type == DT_LNK ? "link"
                      : e->d_type == DT_UNKNOWN ? "unknown" : "other";
        snprintf(buf, sizeof buf, "%s (%s)", e->d_name, t);
        names[n++] = strdup(buf);
    }
    closedir(d);
    qsort(names, n, sizeof names[0], cmp);
    printf("%s: %d entries\n", dir, n);
    for (int i = 0; i < n && i < 12; i++) printf("  %s\n", names[i]);
    for (int i = 0; i < n; i++) free(names[i]);
}

int main(void) {
    t_init();
    t_scratch();
    mkdir("d", 0755);
    mkdir("d/sub", 0755);
    close(open("d/a.txt", O_CREAT | O_WRONLY, 0644));
    close(open("d/b.txt", O_CREAT | O_WRONLY, 0644));
    symlink("a.txt", "d/link");
    list("d");
    mkdir("many", 0755);
    for (int i = 0; i < 500; i++) {
        char name[64];
        snprintf(name, sizeof name, "many/file-with-a-longish-name-%03d", i);
        close(open(name, O_CREAT | O_WRONLY, 0644));
    }
    list("many");
    DIR *d = opendir("d");
    int first = 0, second = 0;
    while (readdir(d)) first++;
    rewinddir(d);
    while (readdir(d)) second++;
    printf("rewinddir rereads all: %s\n", yesno(first == second && first == 6));
    closedir(d);
    d = opendir("d/a.txt");
    printf("opendir on a file: %s\n", d ? "opened" : errname(errno));
    d = opendir("missing");
    printf("opendir missing: %s\n", d ? "opened" : errname(errno));
    int fd = open("d", O_RDONLY | O_DIRECTORY);
    printf("O_DIRECTORY on a directory: %s\n", fd >= 0 ? "ok" : errname(errno));
    char buf[16];
    t_show("read() on a directory", read(fd, buf, sizeof buf));
    close(fd);
    t_show("O_DIRECTORY on a file", open("d/a.txt", O_RDONLY | O_DIRECTORY));
    unlink("d/b.txt");
    list("d");
    return 0;
}
