/**
 * Process memory: the one gateway to guest memory ({@link dev.jerla.kernel.mm.UserMemory}), the
 * memory manager of a process ({@link dev.jerla.kernel.mm.MemoryManager}: VMAs, mmap, munmap,
 * mprotect, brk, mremap, madvise, msync, stack growth, lazy file and shared pages, bus errors
 * beyond the end of a mapped file, the text of /proc/PID/maps and smaps) and the page cache of
 * files ({@link dev.jerla.kernel.mm.PageCache}) that read, write and every mapping share.
 *
 * <p>Lock order: a MemoryManager's monitor, then a file's own monitor (a fault asks the size),
 * then a PageCache's frame table, then the AddressSpace. The memory manager is the address
 * space's fault handler, which the address space calls without its own lock held. Truncation
 * and hole punching unmap pages from every mapper without holding the file's monitor.
 */
package dev.jerla.kernel.mm;
