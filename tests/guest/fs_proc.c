/* /proc for the calling process and the system: the files ps, top, free, pgrep, mount and df
 * read, checked for their shape and for values the program knows (its pid, argv, environment,
 * open files, a mapping, a mount), so the output is the same on every run. */
#include "guest.h"
#include <sys/mman.h>

// ARGS: one "two words"

static char *slurp(const char *path, size_t *len) {
    static char buf[1 << 16];
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        *len = 0;
        return NULL;
    }
    size_t n = 0;
    ssize_t r;
    while ((r = read(fd, buf + n, sizeof buf - 1 - n)) > 0) n += r;
    close(fd);
    buf[n] = 0;
    *len = n;
    return buf;
}

static int has_line_prefix(const char *text, const char *prefix) {
    for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
        if (!strncmp(p, prefix, strlen(prefix))) return 1;
    return 0;
}

int main(int argc, char **argv) {
    t_init();
    (void)argc;
    size_t n;
    char *s, path[128], want[4200];

    s = slurp("/proc/self/cmdline", &n);
    printf("cmdline args: ");
    for (size_t i = 0, k = 0; i < n; i += strlen(s + i) + 1, k++)
        if (k > 0) printf("[%s]", s + i);
    printf("\n");
    s = slurp("/proc/self/environ", &n);
    int found = 0;
    for (size_t i = 0; i < n; i += strlen(s + i) + 1) if (!strcmp(s + i, "JERLA_TEST_VAR=hello")) found = 1;
    printf("environ has JERLA_TEST_VAR: %s\n", yesno(found));

    s = slurp("/proc/self/stat", &n);
    int pid;
    char comm[64], state;
    int ppid;
    sscanf(s, "%d (%63[^)]) %c %d", &pid, comm, &state, &ppid);
    printf("stat: pid matches %s, comm %s, state %c, ppid matches %s\n", yesno(pid == getpid()), comm, state,
           yesno(ppid == getppid()));
    int fields = 0;
    for (char *p = strrchr(s, ')'); p && *p; p = strchr(p + 1, ' ')) fields++;
    printf("stat fields after comm: %s\n", yesno(fields >= 50));

    s = slurp("/proc/self/status", &n);
    snprintf(want, sizeof want, "Pid:\t%d", getpid());
    printf("status: Name %s, Pid %s, PPid %s, Uid %s, VmRSS %s, Threads %s\n", yesno(has_line_prefix(s, "Name:\tfs_proc")),
           yesno(has_line_prefix(s, want)), yesno(has_line_prefix(s, "PPid:")), yesno(has_line_prefix(s, "Uid:")),
           yesno(has_line_prefix(s, "VmRSS:")), yesno(has_line_prefix(s, "Threads:\t1")));
    s = slurp("/proc/self/statm", &n);
    long size, resident;
    printf("statm: %s\n", yesno(sscanf(s, "%ld %ld", &size, &resident) == 2 && size >= resident && resident > 0));
    s = slurp("/proc/self/comm", &n);
    printf("comm: %s", s);

    /* Links: exe, cwd, root, fd. */
    t_scratch();
    char cwd[4096], link[4096];
    getcwd(cwd, sizeof cwd);
    ssize_t k = readlink("/proc/self/cwd", link, sizeof link - 1);
    link[k > 0 ? k : 0] = 0;
    printf("cwd link is getcwd: %s\n", yesno(!strcmp(cwd, link)));
    k = readlink("/proc/self/root", link, sizeof link - 1);
    link[k > 0 ? k : 0] = 0;
    printf("root link: %s\n", link);
    k = readlink("/proc/self/exe", link, sizeof link - 1);
    link[k > 0 ? k : 0] = 0;
    printf("exe names this program: %s\n", yesno(strstr(link, "/fs_proc") != NULL));
    int fd = open("marker", O_CREAT | O_RDWR, 0644);
    write(fd, "12345", 5);
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    k = readlink(path, link, sizeof link - 1);
    link[k > 0 ? k : 0] = 0;
    snprintf(want, sizeof want, "%s/marker", cwd);
    printf("fd link names the file: %s\n", yesno(!strcmp(link, want)));
    snprintf(path, sizeof path, "/proc/self/fdinfo/%d", fd);
    s = slurp(path, &n);
    printf("fdinfo: pos %s, flags %s, mnt_id %s\n", yesno(has_line_prefix(s, "pos:\t5")), yesno(has_line_prefix(s, "flags:\t")),
           yesno(has_line_prefix(s, "mnt_id:\t")));
    int pfd[2];
    pipe(pfd);
    snprintf(path, sizeof path, "/proc/self/fd/%d", pfd[0]);
    k = readlink(path, link, sizeof link - 1);
    link[k > 0 ? k : 0] = 0;
    printf("pipe link: %s\n", yesno(!strncmp(link, "pipe:[", 6)));
    unlink("marker");
    k = readlink("/proc/self/fd/3", link, sizeof link - 1);
    link[k > 0 ? k : 0] = 0;
    printf("deleted file link ends with (deleted): %s\n", yesno(strstr(link, " (deleted)") != NULL));

    /* maps and smaps show a fresh mapping of the file. */
    char *m = mmap(NULL, 8192, PROT_READ, MAP_SHARED, fd, 0);
    snprintf(want, sizeof want, "%lx-%lx r--s 00000000 ", (unsigned long)m, (unsigned long)m + 8192);
    s = slurp("/proc/self/maps", &n);
    printf("maps line: %s\n", yesno(strstr(s, want) != NULL));
    s = slurp("/proc/self/smaps", &n);
    char *at = strstr(s, want);
    printf("smaps entry: %s, Size 8 kB: %s, VmFlags: %s\n", yesno(at != NULL),
           yesno(at && strstr(at, "Size:                  8 kB")), yesno(at && strstr(at, "VmFlags: rd sh mr")));
    munmap(m, 8192);
    close(fd);

    /* Threads, limits, mounts. */
    snprintf(path, sizeof path, "/proc/self/task/%d/stat", getpid());
    printf("task/PID/stat readable: %s\n", yesno(access(path, R_OK) == 0));
    s = slurp("/proc/self/limits", &n);
    printf("limits: %s %s\n", yesno(has_line_prefix(s, "Limit")), yesno(has_line_prefix(s, "Max open files")));
    s = slurp("/proc/self/mounts", &n);
    printf("mounts has proc: %s\n", yesno(strstr(s, " /proc proc ") != NULL));
    s = slurp("/proc/self/mountinfo", &n);
    printf("mountinfo has proc: %s\n", yesno(strstr(s, " /proc ") != NULL && strstr(s, " - proc ") != NULL));
    k = readlink("/proc/self", link, sizeof link - 1);
    link[k > 0 ? k : 0] = 0;
    printf("self is the pid: %s\n", yesno(atoi(link) == getpid()));
    k = readlink("/proc/thread-self", link, sizeof link - 1);
    link[k > 0 ? k : 0] = 0;
    snprintf(want, sizeof want, "%d/task/%d", getpid(), getpid());
    printf("thread-self: %s\n", yesno(!strcmp(link, want)));

    /* System files. */
    s = slurp("/proc/meminfo", &n);
    printf("meminfo: %s %s %s\n", yesno(has_line_prefix(s, "MemTotal:")), yesno(has_line_prefix(s, "MemFree:")),
           yesno(has_line_prefix(s, "MemAvailable:")));
    s = slurp("/proc/cpuinfo", &n);
    printf("cpuinfo: %s\n", yesno(has_line_prefix(s, "processor\t: 0")));
    s = slurp("/proc/stat", &n);
    printf("stat: %s %s\n", yesno(has_line_prefix(s, "cpu ")), yesno(has_line_prefix(s, "btime ")));
    s = slurp("/proc/uptime", &n);
    double up, idle;
    printf("uptime: %s\n", yesno(sscanf(s, "%lf %lf", &up, &idle) == 2));
    s = slurp("/proc/loadavg", &n);
    double l1, l5, l15;
    int run, tot, last;
    printf("loadavg: %s\n", yesno(sscanf(s, "%lf %lf %lf %d/%d %d", &l1, &l5, &l15, &run, &tot, &last) == 6));
    s = slurp("/proc/version", &n);
    printf("version: %s\n", yesno(!strncmp(s, "Linux version ", 14)));
    s = slurp("/proc/filesystems", &n);
    printf("filesystems: tmpfs %s proc %s sysfs %s\n", yesno(strstr(s, "\ttmpfs\n") != NULL), yesno(strstr(s, "\tproc\n") != NULL),
           yesno(strstr(s, "\tsysfs\n") != NULL));
    s = slurp("/proc/sys/kernel/ostype", &n);
    printf("ostype: %s", s);
    s = slurp("/proc/sys/vm/overcommit_memory", &n);
    printf("overcommit_memory readable: %s\n", yesno(n > 0));
    s = slurp("/proc/sys/fs/pipe-max-size", &n);
    printf("pipe-max-size: %s", s);
    t_show("missing pid", open("/proc/999999/stat", O_RDONLY));
    return 0;
}
