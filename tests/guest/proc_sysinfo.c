/* sysinfo(2) agrees with /proc: uptime with /proc/uptime, memory with /proc/meminfo, loads with /proc/loadavg, procs with its thread count. */
#include "guest.h"
#include <sys/sysinfo.h>

static long meminfo_kb(const char *key) {
    char line[256];
    long kb = -1;
    size_t n = strlen(key);
    FILE *f = fopen("/proc/meminfo", "r");
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, key, n) == 0 && line[n] == ':')
            sscanf(line + n + 1, "%ld", &kb);
    if (f)
        fclose(f);
    return kb;
}

int main(void) {
    t_init();
    struct sysinfo si;
    double up = -1, l1, l5, l15;
    int running = 0, threads = 0;
    FILE *f = fopen("/proc/uptime", "r");
    if (f) {
        fscanf(f, "%lf", &up);
        fclose(f);
    }
    t_show("sysinfo", sysinfo(&si));
    f = fopen("/proc/loadavg", "r");
    int fields = f ? fscanf(f, "%lf %lf %lf %d/%d", &l1, &l5, &l15, &running, &threads) : 0;
    if (f)
        fclose(f);
    printf("loadavg fields: %d\n", fields);
    printf("mem_unit: %u\n", si.mem_unit);
    printf("uptime within a second of /proc/uptime: %s\n", yesno(si.uptime >= (long)up && si.uptime <= (long)up + 2));
    long total = meminfo_kb("MemTotal"), swap = meminfo_kb("SwapTotal");
    printf("totalram is MemTotal: %s\n", yesno((long)(si.totalram * si.mem_unit / 1024) == total));
    printf("freeram at most totalram: %s\n", yesno(si.freeram <= si.totalram));
    printf("totalswap is SwapTotal: %s\n", yesno((long)(si.totalswap * si.mem_unit / 1024) == swap));
    double s1 = si.loads[0] / 65536.0, s5 = si.loads[1] / 65536.0, s15 = si.loads[2] / 65536.0;
    printf("loads agree with /proc/loadavg: %s\n",
           yesno(s1 - l1 < 0.02 && l1 - s1 < 0.02 && s5 - l5 < 0.02 && l5 - s5 < 0.02 && s15 - l15 < 0.02 && l15 - s15 < 0.02));
    printf("loads non-negative and below 1000: %s\n", yesno(s1 >= 0 && s1 < 1000 && s5 >= 0 && s15 >= 0));
    printf("procs near /proc/loadavg's thread count: %s\n", yesno(si.procs > 0 && abs((int)si.procs - threads) < 64));
    printf("at least one running: %s\n", yesno(running >= 1 && running <= threads));
    return 0;
}
