/* /proc/self: stat fields (pid, comm, state, ppid), cmdline, status, exe, fd, maps, environ. */
#include "guest.h"
#include <dirent.h>
#include <limits.h>

static const char *base(const char *p) {
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static ssize_t slurp(const char *path, char *buf, size_t size) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) return -1;
    ssize_t total = 0, n;
    while (total < (ssize_t)size - 1 && (n = read(fd, buf + total, size - 1 - total)) > 0) total += n;
    close(fd);
    buf[total] = 0;
    return total;
}

int main(int argc, char **argv) {
    (void)argc;
    t_init();
    static char buf[65536];
    if (slurp("/proc/self/stat", buf, sizeof buf) < 0) {
        printf("/proc/self/stat: %s\n", errname(errno));
        return 1;
    }
    int pid, ppid;
    char comm[64], state;
    char *close_paren = strrchr(buf, ')');
    sscanf(buf, "%d (", &pid);
    char *open_paren = strchr(buf, '(');
    snprintf(comm, sizeof comm, "%.*s", (int)(close_paren - open_paren - 1), open_paren + 1);
    sscanf(close_paren + 2, "%c %d", &state, &ppid);
    char expect[16];
    snprintf(expect, sizeof expect, "%.15s", base(argv[0]));
    printf("stat: pid matches %s, comm is the program name %s, state %c, ppid matches %s\n", yesno(pid == getpid()),
           yesno(strcmp(comm, expect) == 0), state, yesno(ppid == getppid()));
    ssize_t n = slurp("/proc/self/cmdline", buf, sizeof buf);
    int args = 0;
    for (ssize_t i = 0; i < n; i++) args += buf[i] == 0;
    printf("cmdline: %d NUL-terminated args, first is argv[0] %s\n", args, yesno(strcmp(buf, argv[0]) == 0));
    slurp("/proc/self/status", buf, sizeof buf);
    char *name = strstr(buf, "Name:\t");
    char *pidline = strstr(buf, "\nPid:\t");
    printf("status: Name line is comm %s, Pid line matches %s\n",
           yesno(name && strncmp(name + 6, expect, strlen(expect)) == 0),
           yesno(pidline && atoi(pidline + 6) == getpid()));
    char exe[PATH_MAX] = {0};
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    printf("exe: readlink ok %s, same file as argv[0] %s\n", yesno(len > 0), yesno(len > 0 && strcmp(base(exe), base(argv[0])) == 0));
    int fd = open("/proc/self/stat", O_RDONLY);
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    char target[PATH_MAX] = {0};
    readlink(path, target, sizeof target - 1);
    printf("fd link: %s\n", strncmp(target, "/proc/", 6) == 0 && strstr(target, "/stat") ? "/proc/<pid>/stat" : target);
    DIR *d = opendir("/proc/self/fd");
    int has0 = 0, has1 = 0, has2 = 0, hasfd = 0;
    struct dirent *e;
    while (d && (e = readdir(d))) {
        int v = atoi(e->d_name);
        if (e->d_name[0] == '.') continue;
        has0 |= v == 0;
        has1 |= v == 1;
        has2 |= v == 2;
        hasfd |= v == fd;
    }
    if (d) closedir(d);
    printf("fd dir lists 0 1 2 and the new fd: %s\n", yesno(has0 && has1 && has2 && hasfd));
    slurp("/proc/self/maps", buf, sizeof buf);
    printf("maps has [stack]: %s, has r-xp text: %s\n", yesno(strstr(buf, "[stack]") != NULL), yesno(strstr(buf, "r-xp") != NULL));
    n = slurp("/proc/self/environ", buf, sizeof buf);
    int found = 0;
    for (ssize_t i = 0; i < n; i += strlen(buf + i) + 1)
        if (strcmp(buf + i, "JERLA_TEST_VAR=hello") == 0) found = 1;
    printf("environ has JERLA_TEST_VAR=hello: %s\n", yesno(found));
    char selfpath[64];
    snprintf(selfpath, sizeof selfpath, "/proc/%d/stat", getpid());
    printf("/proc/<pid>/stat readable: %s\n", yesno(access(selfpath, R_OK) == 0));
    len = readlink("/proc/self", target, sizeof target - 1);
    target[len > 0 ? len : 0] = 0;
    printf("/proc/self links to the pid: %s\n", yesno(atoi(target) == getpid()));
    return 0;
}
