/* uname fields, hostname, page size, credentials, getrandom, sysinfo-style facts. */
#include "guest.h"
#include <sys/random.h>
#include <sys/utsname.h>

int main(void) {
    t_init();
    struct utsname u;
    t_show("uname", uname(&u));
    printf("sysname: %s\n", u.sysname);
    printf("machine: %s\n", u.machine);
    printf("release has a dot: %s\n", yesno(strchr(u.release, '.') != NULL));
    char host[256];
    gethostname(host, sizeof host);
    printf("gethostname matches nodename: %s\n", yesno(strcmp(host, u.nodename) == 0));
    printf("page size: %ld, getpagesize: %d\n", sysconf(_SC_PAGESIZE), getpagesize());
    printf("online CPUs >= 1: %s\n", yesno(sysconf(_SC_NPROCESSORS_ONLN) >= 1));
    printf("uid == euid: %s, gid == egid: %s\n", yesno(getuid() == geteuid()), yesno(getgid() == getegid()));
    unsigned char r[16] = {0};
    t_show("getrandom 16", getrandom(r, sizeof r, 0));
    int zeros = 0;
    for (int i = 0; i < 16; i++) zeros += r[i] == 0;
    printf("random bytes not all zero: %s\n", yesno(zeros < 16));
    printf("isatty(-1): %d %s\n", isatty(-1), errname(errno));
    int p[2];
    pipe(p);
    errno = 0;
    printf("isatty(pipe): %d %s\n", isatty(p[0]), errname(errno));
    return 0;
}
