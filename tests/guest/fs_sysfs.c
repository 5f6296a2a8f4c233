/* /sys as programs read it: the CPU masks agree with the number of processors the C library
 * reports, the loopback interface, transparent huge page settings, and what statfs says. */
#include "guest.h"
#include <sys/statfs.h>
#include <sys/sysinfo.h>

static int read_text(const char *path, char *buf, size_t n) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) return -1;
    ssize_t k = read(fd, buf, n - 1);
    close(fd);
    buf[k > 0 ? k : 0] = 0;
    return (int)k;
}

/* The number of CPUs in a list such as "0-3,5". */
static int count_list(const char *s) {
    int n = 0;
    while (*s && *s != '\n') {
        int a = atoi(s), b = a;
        while (*s >= '0' && *s <= '9') s++;
        if (*s == '-') { s++; b = atoi(s); while (*s >= '0' && *s <= '9') s++; }
        n += b - a + 1;
        if (*s == ',') s++;
    }
    return n;
}

int main(void) {
    t_init();
    char buf[256];
    struct statfs sf;
    statfs("/sys", &sf);
    printf("statfs /sys is sysfs: %s\n", yesno(sf.f_type == 0x62656572));
    read_text("/sys/devices/system/cpu/online", buf, sizeof buf);
    int online = count_list(buf);
    printf("online ends with newline: %s\n", yesno(buf[strlen(buf) - 1] == '\n'));
    read_text("/sys/devices/system/cpu/possible", buf, sizeof buf);
    int possible = count_list(buf);
    read_text("/sys/devices/system/cpu/present", buf, sizeof buf);
    int present = count_list(buf);
    printf("online %s possible %s present %s\n", yesno(online >= 1), yesno(possible >= online), yesno(present >= online));
    printf("get_nprocs_conf matches possible or present: %s\n", yesno(get_nprocs_conf() == possible || get_nprocs_conf() == present));
    printf("cpu0 directory: %s\n", yesno(access("/sys/devices/system/cpu/cpu0", F_OK) == 0));
    read_text("/sys/devices/system/node/online", buf, sizeof buf);
    printf("node online: %s", buf);
    read_text("/sys/class/net/lo/mtu", buf, sizeof buf);
    printf("lo mtu: %s", buf);
    read_text("/sys/class/net/lo/address", buf, sizeof buf);
    printf("lo address: %s", buf);
    read_text("/sys/class/net/lo/type", buf, sizeof buf);
    printf("lo type: %s", buf);
    struct stat st;
    lstat("/sys/class/net/lo", &st);
    printf("class/net/lo is a link: %s\n", yesno(S_ISLNK(st.st_mode)));
    read_text("/sys/kernel/mm/transparent_hugepage/hpage_pmd_size", buf, sizeof buf);
    printf("hpage_pmd_size: %s", buf);
    read_text("/sys/kernel/mm/transparent_hugepage/enabled", buf, sizeof buf);
    printf("THP enabled has a [choice]: %s\n", yesno(strchr(buf, '[') && strchr(buf, ']')));
    t_show("create in /sys", open("/sys/fs_sysfs_test", O_CREAT | O_WRONLY, 0644));
    t_show("missing entry", open("/sys/devices/system/cpu/nonexistent", O_RDONLY));
    return 0;
}
