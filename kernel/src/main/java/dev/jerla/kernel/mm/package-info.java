/**
 * Process memory: the one gateway to guest memory ({@link dev.jerla.kernel.mm.UserMemory}) and
 * the memory manager of a process ({@link dev.jerla.kernel.mm.MemoryManager}: VMAs, mmap,
 * munmap, mprotect, brk, mremap, madvise, stack growth, lazy file and shared pages, the text of
 * /proc/PID/maps).
 *
 * <p>Lock order: a MemoryManager's monitor before its AddressSpace's. The memory manager is the
 * address space's fault handler, which the address space calls without its own lock held.
 */
package dev.jerla.kernel.mm;
