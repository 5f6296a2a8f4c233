/* get_mempolicy/set_mempolicy on a single-node system: MPOL_DEFAULT with an empty mask, node 0 allowed (MPOL_F_MEMS_ALLOWED), node 0 for any page (MPOL_F_NODE|MPOL_F_ADDR); MPOL_DEFAULT, MPOL_BIND/PREFERRED on node 0 accepted, other nodes and bad modes refused. */
#include "guest.h"
#include <sys/mman.h>
#include <sys/syscall.h>

#define MPOL_DEFAULT 0
#define MPOL_PREFERRED 1
#define MPOL_BIND 2
#define MPOL_INTERLEAVE 3
#define MPOL_LOCAL 4
#define MPOL_F_NODE (1 << 0)
#define MPOL_F_ADDR (1 << 1)
#define MPOL_F_MEMS_ALLOWED (1 << 2)
#define MPOL_F_STATIC_NODES (1 << 15)

static long get_mempolicy(int *mode, unsigned long *mask, unsigned long maxnode, void *addr, unsigned long flags) {
    return syscall(SYS_get_mempolicy, mode, mask, maxnode, addr, flags);
}

static long set_mempolicy(int mode, const unsigned long *mask, unsigned long maxnode) {
    return syscall(SYS_set_mempolicy, mode, mask, maxnode);
}

static void show_policy(const char *what) {
    int mode = -1;
    unsigned long mask[2] = {~0UL, ~0UL};
    long r = get_mempolicy(&mode, mask, 128, NULL, 0);
    if (r < 0)
        printf("%s: -1 %s\n", what, errname(errno));
    else
        printf("%s: mode %d mask %#lx\n", what, mode, mask[0]);
}

int main(void) {
    t_init();
    t_show("get_mempolicy all NULL", get_mempolicy(NULL, NULL, 0, NULL, 0));
    show_policy("default policy");
    unsigned long mask[2] = {0, 0};
    t_show("MPOL_F_MEMS_ALLOWED", get_mempolicy(NULL, mask, 128, NULL, MPOL_F_MEMS_ALLOWED));
    printf("allowed nodes: %#lx\n", mask[0]);
    char *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    page[0] = 1;
    int node = -1;
    t_show("MPOL_F_NODE|MPOL_F_ADDR", get_mempolicy(&node, NULL, 0, page, MPOL_F_NODE | MPOL_F_ADDR));
    printf("page's node: %d\n", node);
    t_show("MPOL_F_ADDR unmapped", get_mempolicy(&node, NULL, 0, (void *)4096, MPOL_F_ADDR));
    t_show("MPOL_F_ADDR without addr flag", get_mempolicy(&node, NULL, 0, page, 0));
    t_show("unknown flag", get_mempolicy(&node, NULL, 0, NULL, 1 << 10));
    t_show("maxnode too small", get_mempolicy(&node, mask, 0, NULL, MPOL_F_MEMS_ALLOWED));

    t_show("set MPOL_DEFAULT", set_mempolicy(MPOL_DEFAULT, NULL, 0));
    unsigned long node0 = 1, node1 = 2;
    t_show("set MPOL_DEFAULT with nodes", set_mempolicy(MPOL_DEFAULT, &node0, 64));
    t_show("set MPOL_BIND node 0", set_mempolicy(MPOL_BIND, &node0, 64));
    show_policy("after MPOL_BIND");
    t_show("set MPOL_PREFERRED node 0", set_mempolicy(MPOL_PREFERRED, &node0, 64));
    show_policy("after MPOL_PREFERRED");
    t_show("set MPOL_INTERLEAVE node 0", set_mempolicy(MPOL_INTERLEAVE, &node0, 64));
    show_policy("after MPOL_INTERLEAVE");
    t_show("set MPOL_LOCAL", set_mempolicy(MPOL_LOCAL, NULL, 0));
    show_policy("after MPOL_LOCAL");
    t_show("set MPOL_BIND node 1", set_mempolicy(MPOL_BIND, &node1, 64));
    t_show("set MPOL_BIND empty", set_mempolicy(MPOL_BIND, NULL, 0));
    t_show("set mode 99", set_mempolicy(99, NULL, 0));
    unsigned long both = 3;
    t_show("set MPOL_BIND nodes 0 and 1", set_mempolicy(MPOL_BIND, &both, 64));
    show_policy("after MPOL_BIND 0,1");
    t_show("set MPOL_BIND|MPOL_F_STATIC_NODES node 0", set_mempolicy(MPOL_BIND | MPOL_F_STATIC_NODES, &node0, 64));
    show_policy("after MPOL_F_STATIC_NODES");
    pid_t c = fork();
    if (c == 0) {
        show_policy("child inherits");
        _exit(0);
    }
    t_reap("child", c);
    t_show("set MPOL_DEFAULT again", set_mempolicy(MPOL_DEFAULT, NULL, 0));
    show_policy("back to default");
    return 0;
}
