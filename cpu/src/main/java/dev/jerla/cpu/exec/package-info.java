/**
 * Execution of decoded x86-64 integer instructions: the architectural state of a CPU's integer
 * core ({@link dev.jerla.cpu.exec.Core}), lazy flags, the per-CPU cache of decoded blocks, the
 * interpreter loop, and the semantics of every instruction as plain static methods grouped by
 * family (Alu, Shifts, MulDiv, Bits, Bmi, Moves, Stack, Branches, Strings, Atomics, SystemOps), which
 * a JIT calls as the interpreter does. What CPUID announces is in
 * {@link dev.jerla.cpu.exec.CpuFeatures}.
 *
 * <p>Everything here is confined to the thread running the CPU, except the interrupt request
 * flag (volatile) and guest memory itself, which LOCKed instructions change through the MMU's
 * compare-and-swap. CMPXCHG16B takes a global lock (WIDE_LOCK) and nothing else while holding it.
 */
package dev.jerla.cpu.exec;
