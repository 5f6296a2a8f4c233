package dev.jerla.abi.linux;

/** NUMA memory policies of include/uapi/linux/mempolicy.h (set_mempolicy, get_mempolicy). */
public final class Mempolicy {
    private Mempolicy() {}

    public static final int MPOL_DEFAULT = 0;
    public static final int MPOL_PREFERRED = 1;
    public static final int MPOL_BIND = 2;
    public static final int MPOL_INTERLEAVE = 3;
    public static final int MPOL_LOCAL = 4;
    public static final int MPOL_PREFERRED_MANY = 5;
    public static final int MPOL_WEIGHTED_INTERLEAVE = 6;
    public static final int MPOL_MAX = 7;

    /** Mode flags, or-ed into the mode. */
    public static final int MPOL_F_NUMA_BALANCING = 1 << 13;
    public static final int MPOL_F_RELATIVE_NODES = 1 << 14;
    public static final int MPOL_F_STATIC_NODES = 1 << 15;
    public static final int MPOL_MODE_FLAGS = MPOL_F_STATIC_NODES | MPOL_F_RELATIVE_NODES | MPOL_F_NUMA_BALANCING;

    /** get_mempolicy flags. */
    public static final int MPOL_F_NODE = 1;
    public static final int MPOL_F_ADDR = 1 << 1;
    public static final int MPOL_F_MEMS_ALLOWED = 1 << 2;
}
