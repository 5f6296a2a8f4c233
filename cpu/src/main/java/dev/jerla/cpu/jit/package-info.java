/**
 * The first JIT tier: hot guest code becomes JVM bytecode. Blocks the interpreter has entered
 * often enough are grown into regions (direct jumps and calls followed, loops kept inside) and
 * translated with {@code java.lang.classfile} into hidden classes on one background compiler
 * thread; the guest thread never waits for it. Compiled code keeps the guest registers and the
 * lazy flags in JVM locals, writes them back at every exit, and leaves at the instruction before
 * any fault with the state the interpreter would have. An instruction it does not translate is
 * handed to the interpreter from inside the region (the registers go through the Core and back)
 * unless it transfers control, which ends the region there; code made mostly of such
 * instructions is left to the interpreter.
 *
 * <p>Compiled regions are shared by the threads of one address space and dropped with its
 * generation (unmap, mprotect, copy-on-write), as decoded blocks are; code on writable pages is
 * never compiled. The JIT is on unless {@code -Djerla.jit=false}; {@code -Djerla.jit.threshold=N}
 * sets how many entries make a block hot. Region formation follows only branches to code that
 * has been running, so the rarely taken paths stay out and HotSpot compiles only what pays.
 *
 * <p>Locking: {@link dev.jerla.cpu.jit.SharedRegions} guards its generation with its monitor;
 * the per-thread {@link dev.jerla.cpu.jit.Jit} is confined to its guest thread.
 */
package dev.jerla.cpu.jit;
