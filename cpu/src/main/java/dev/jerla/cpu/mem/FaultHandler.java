package dev.jerla.cpu.mem;

/**
 * The memory manager's hook for accesses the page table cannot satisfy by itself (an address
 * with no page, or a page without the permission), such as stack growth or a file page.
 */
@FunctionalInterface
public interface FaultHandler {
    /**
     * Tries to make {@code va} accessible for {@code access}; returns true if it now is, false if
     * the access is a genuine fault. Called without the address space lock held.
     */
    boolean handleFault(AddressSpace as, long va, int access);
}
