package dev.jerla.cpu.jit;

import dev.jerla.cpu.exec.Core;

/**
 * A region of guest code compiled to JVM bytecode. Stateless: every guest thread of the address
 * space may run it at once, each on its own {@link Core}.
 */
public interface CompiledRegion {
    /**
     * Runs the region from its entry address with the state of {@code c} and writes the state
     * back at its exit. Returns 0 with RIP at the next instruction to run, or a trap code as
     * {@code Core.run} would return it (a page fault with RIP and every register as they were
     * before the faulting instruction).
     */
    int run(Core c);
}
