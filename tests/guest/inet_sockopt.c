/* Socket option round trips on TCP and UDP sockets (SOL_SOCKET, IPPROTO_IP, IPPROTO_IPV6,
 * IPPROTO_TCP), buffer sizes doubled and clamped, SO_TYPE/SO_DOMAIN/SO_PROTOCOL, SO_ACCEPTCONN,
 * TCP_INFO states, getsockname/getpeername lengths, and the loopback interface as the interface
 * ioctls and getifaddrs show it. */
#include "inet_util.h"
#include <ifaddrs.h>
#include <net/if.h>
#include <sys/ioctl.h>

static int get(int s, int level, int name) {
    int v = -12345;
    socklen_t l = sizeof v;
    if (getsockopt(s, level, name, &v, &l) < 0) return -errno;
    return v;
}

static void setget(const char *label, int s, int level, int name, int value) {
    errno = 0;
    int r = setsockopt(s, level, name, &value, sizeof value);
    if (r < 0) printf("%s=%d: set %s\n", label, value, neterr(errno));
    else printf("%s=%d: get %d\n", label, value, get(s, level, name));
}

int main(void) {
    int t = socket(AF_INET, SOCK_STREAM, 0);
    int u = socket(AF_INET6, SOCK_DGRAM, 0);
    printf("tcp type %d domain %d protocol %d\n", get(t, SOL_SOCKET, SO_TYPE), get(t, SOL_SOCKET, SO_DOMAIN),
           get(t, SOL_SOCKET, SO_PROTOCOL));
    printf("udp type %d domain %d protocol %d\n", get(u, SOL_SOCKET, SO_TYPE), get(u, SOL_SOCKET, SO_DOMAIN),
           get(u, SOL_SOCKET, SO_PROTOCOL));
    printf("defaults: reuseaddr %d keepalive %d nodelay %d tos %d ttl %d v6only %d hops %d\n",
           get(t, SOL_SOCKET, SO_REUSEADDR), get(t, SOL_SOCKET, SO_KEEPALIVE), get(t, IPPROTO_TCP, TCP_NODELAY),
           get(t, IPPROTO_IP, IP_TOS), get(t, IPPROTO_IP, IP_TTL), get(u, IPPROTO_IPV6, IPV6_V6ONLY),
           get(u, IPPROTO_IPV6, IPV6_UNICAST_HOPS));
    printf("tcp keepidle %d keepintvl %d keepcnt %d\n", get(t, IPPROTO_TCP, TCP_KEEPIDLE),
           get(t, IPPROTO_TCP, TCP_KEEPINTVL), get(t, IPPROTO_TCP, TCP_KEEPCNT));
    printf("tcp rcvbuf %d udp rcvbuf %d udp sndbuf %d\n", get(t, SOL_SOCKET, SO_RCVBUF), get(u, SOL_SOCKET, SO_RCVBUF),
           get(u, SOL_SOCKET, SO_SNDBUF));
    setget("SO_REUSEADDR", t, SOL_SOCKET, SO_REUSEADDR, 5);
    setget("SO_REUSEPORT", t, SOL_SOCKET, SO_REUSEPORT, 1);
    setget("SO_KEEPALIVE", t, SOL_SOCKET, SO_KEEPALIVE, 1);
    setget("SO_BROADCAST", u, SOL_SOCKET, SO_BROADCAST, 1);
    setget("SO_RCVBUF", t, SOL_SOCKET, SO_RCVBUF, 65536);
    setget("SO_RCVBUF", t, SOL_SOCKET, SO_RCVBUF, 100);
    setget("SO_SNDBUF", t, SOL_SOCKET, SO_SNDBUF, 1);
    setget("SO_SNDBUF", u, SOL_SOCKET, SO_SNDBUF, 100000);
    setget("SO_PRIORITY", t, SOL_SOCKET, SO_PRIORITY, 3);
    setget("TCP_NODELAY", t, IPPROTO_TCP, TCP_NODELAY, 7);
    setget("TCP_KEEPIDLE", t, IPPROTO_TCP, TCP_KEEPIDLE, 30);
    setget("TCP_KEEPIDLE", t, IPPROTO_TCP, TCP_KEEPIDLE, 0);
    setget("TCP_KEEPINTVL", t, IPPROTO_TCP, TCP_KEEPINTVL, 5);
    setget("TCP_KEEPCNT", t, IPPROTO_TCP, TCP_KEEPCNT, 3);
    setget("TCP_KEEPCNT", t, IPPROTO_TCP, TCP_KEEPCNT, 1000);
    setget("TCP_CORK", t, IPPROTO_TCP, TCP_CORK, 1);
    setget("TCP_USER_TIMEOUT", t, IPPROTO_TCP, TCP_USER_TIMEOUT, 1000);
    setget("TCP_MAXSEG", t, IPPROTO_TCP, TCP_MAXSEG, 10);
    setget("IP_TOS", t, IPPROTO_IP, IP_TOS, 0x10);
    setget("IP_TTL", t, IPPROTO_IP, IP_TTL, 32);
    setget("IP_TTL", t, IPPROTO_IP, IP_TTL, 0);
    setget("IP_TTL", t, IPPROTO_IP, IP_TTL, -1);
    setget("IPV6_V6ONLY", u, IPPROTO_IPV6, IPV6_V6ONLY, 1);
    setget("IPV6_UNICAST_HOPS", u, IPPROTO_IPV6, IPV6_UNICAST_HOPS, 9);
    setget("IPV6_TCLASS", u, IPPROTO_IPV6, IPV6_TCLASS, 8);
    setget("IPV6_RECVPKTINFO", u, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1);
    setget("IP_TOS on v6", u, IPPROTO_IP, IP_TOS, 0x20);
    struct linger lg = {1, 7};
    setsockopt(t, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    struct linger lg2;
    socklen_t ll = sizeof lg2;
    getsockopt(t, SOL_SOCKET, SO_LINGER, &lg2, &ll);
    printf("SO_LINGER %d %d len %d\n", lg2.l_onoff, lg2.l_linger, (int)ll);
    struct timeval tv = {2, 500000}, tv2;
    setsockopt(t, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    socklen_t tl = sizeof tv2;
    getsockopt(t, SOL_SOCKET, SO_RCVTIMEO, &tv2, &tl);
    printf("SO_RCVTIMEO %ld.%06ld\n", (long)tv2.tv_sec, (long)tv2.tv_usec);
    char cong[16] = {0};
    socklen_t cl = sizeof cong;
    getsockopt(t, IPPROTO_TCP, TCP_CONGESTION, cong, &cl);
    printf("TCP_CONGESTION set: %s\n", cong[0] ? "yes" : "no");

    /* Names and TCP states across a connection. */
    int port;
    int l = listen4(&port, 4);
    printf("SO_ACCEPTCONN %d %d\n", get(l, SOL_SOCKET, SO_ACCEPTCONN), get(t, SOL_SOCKET, SO_ACCEPTCONN));
    struct tcp_info ti;
    socklen_t til = sizeof ti;
    getsockopt(l, IPPROTO_TCP, TCP_INFO, &ti, &til);
    printf("listener state %d\n", ti.tcpi_state);
    int c = connect4(port);
    int s = accept(l, NULL, NULL);
    struct sockaddr_in a, b;
    socklen_t al = sizeof a, bl = sizeof b;
    getsockname(c, (struct sockaddr *)&a, &al);
    getpeername(s, (struct sockaddr *)&b, &bl);
    printf("names match %s len %d %d family %d\n", a.sin_port == b.sin_port && a.sin_addr.s_addr == b.sin_addr.s_addr ? "yes" : "no",
           (int)al, (int)bl, a.sin_family);
    al = 4;
    getsockname(c, (struct sockaddr *)&a, &al);
    printf("short getsockname len %d\n", (int)al);
    int mtu = get(c, IPPROTO_IP, IP_MTU);
    printf("IP_MTU %d unconnected %s\n", mtu, neterr(-get(t, IPPROTO_IP, IP_MTU)));
    til = sizeof ti;
    getsockopt(c, IPPROTO_TCP, TCP_INFO, &ti, &til);
    printf("connected state %d\n", ti.tcpi_state);
    til = 1;
    getsockopt(c, IPPROTO_TCP, TCP_INFO, &ti, &til);
    printf("short TCP_INFO len %d\n", (int)til);

    /* The loopback interface. */
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    strcpy(ifr.ifr_name, "lo");
    CHECK("SIOCGIFFLAGS", ioctl(t, SIOCGIFFLAGS, &ifr));
    printf("lo up %d loopback %d running %d\n", !!(ifr.ifr_flags & IFF_UP), !!(ifr.ifr_flags & IFF_LOOPBACK),
           !!(ifr.ifr_flags & IFF_RUNNING));
    CHECK("SIOCGIFADDR", ioctl(t, SIOCGIFADDR, &ifr));
    printf("lo addr %s\n", inet_ntoa(((struct sockaddr_in *)&ifr.ifr_addr)->sin_addr));
    CHECK("SIOCGIFNETMASK", ioctl(t, SIOCGIFNETMASK, &ifr));
    printf("lo netmask %s\n", inet_ntoa(((struct sockaddr_in *)&ifr.ifr_netmask)->sin_addr));
    CHECK("SIOCGIFMTU", ioctl(t, SIOCGIFMTU, &ifr));
    printf("lo mtu %d\n", ifr.ifr_mtu);
    CHECK("SIOCGIFINDEX", ioctl(t, SIOCGIFINDEX, &ifr));
    printf("lo index %d\n", ifr.ifr_ifindex);
    CHECK("SIOCGIFNAME", ioctl(t, SIOCGIFNAME, &ifr));
    printf("index %d name %s\n", ifr.ifr_ifindex, ifr.ifr_name);
    CHECK("SIOCGIFHWADDR", ioctl(t, SIOCGIFHWADDR, &ifr));
    printf("lo hw family %d\n", ifr.ifr_hwaddr.sa_family);
    strcpy(ifr.ifr_name, "nosuch0");
    CHECK("SIOCGIFFLAGS nosuch0", ioctl(t, SIOCGIFFLAGS, &ifr));
    struct ifaddrs *ifa;
    if (getifaddrs(&ifa) == 0) {
        for (struct ifaddrs *i = ifa; i; i = i->ifa_next) {
            if (strcmp(i->ifa_name, "lo") != 0 || !i->ifa_addr) continue;
            char txt[64] = "";
            int fam = i->ifa_addr->sa_family;
            if (fam == AF_INET) inet_ntop(AF_INET, &((struct sockaddr_in *)i->ifa_addr)->sin_addr, txt, sizeof txt);
            else if (fam == AF_INET6) inet_ntop(AF_INET6, &((struct sockaddr_in6 *)i->ifa_addr)->sin6_addr, txt, sizeof txt);
            else strcpy(txt, "link");
            printf("getifaddrs lo %s %s\n", fam == AF_INET ? "inet" : fam == AF_INET6 ? "inet6" : "packet", txt);
        }
        freeifaddrs(ifa);
    } else {
        printf("getifaddrs failed %s\n", neterr(errno));
    }
    return 0;
}
