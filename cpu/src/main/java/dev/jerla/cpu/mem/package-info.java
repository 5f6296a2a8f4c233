/**
 * Guest memory: page frames ({@link dev.jerla.cpu.mem.Frames}), the page table of an address
 * space with software protection and copy-on-write ({@link dev.jerla.cpu.mem.AddressSpace}), and
 * each CPU's TLB in front of it ({@link dev.jerla.cpu.mem.Mmu}).
 *
 * <p>Lock order: AddressSpace (its monitor) before Frames.mu. Mmu is confined to its CPU's thread.
 */
package dev.jerla.cpu.mem;
