package dev.jerla.cpu.mem;

/**
 * An access the address space cannot satisfy: the guest touched an address that is not mapped
 * or not permitted. Stack-less and reused per thread-free instance; callers read the fields
 * immediately. The CPU turns it into a page-fault trap; the kernel's user-memory gateway turns it
 * into EFAULT.
 */
public final class GuestFault extends RuntimeException {
    /** The faulting guest address. */
    public final long address;
    /** {@link AddressSpace#ACCESS_READ}, {@link AddressSpace#ACCESS_WRITE} or {@link AddressSpace#ACCESS_EXEC}. */
    public final int access;
    /** True if the page was mapped but the access was not permitted (SEGV_ACCERR). */
    public final boolean protection;

    public GuestFault(long address, int access, boolean protection) {
        super(null, null, false, false);
        this.address = address;
        this.access = access;
        this.protection = protection;
    }

    @Override
    public String getMessage() {
        return (protection ? "protection fault" : "unmapped") + " at 0x" + Long.toHexString(address)
                + " (" + (access == AddressSpace.ACCESS_WRITE ? "write" : access == AddressSpace.ACCESS_EXEC ? "exec" : "read") + ")";
    }
}
