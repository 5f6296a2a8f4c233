package dev.jerla.kernel.task;

import dev.jerla.abi.linux.Mempolicy;

/**
 * A thread's NUMA memory policy (struct mempolicy, mm/mempolicy.c): the mode, its mode flags and
 * the nodes it names. Jerla has one node, so a policy is kept and reported but places nothing.
 *
 * @param nodes the node mask reported back (bit n for node n)
 */
public record MemPolicy(int mode, int flags, long nodes) {
    /** default_policy: no policy of the thread's own (MPOL_DEFAULT, no nodes). */
    public static final MemPolicy DEFAULT = new MemPolicy(Mempolicy.MPOL_DEFAULT, 0, 0);
}
