/**
 * The floating-point and vector unit of the CPU: the SSE family (SSE to SSE4.2 and the MMX
 * instructions that share its opcodes, AES-NI, SHA) in {@link dev.jerla.cpu.fp.SseUnit}, the
 * VEX encodings (AVX, AVX2, FMA, F16C) in {@link dev.jerla.cpu.fp.AvxUnit}, the x87 in
 * {@link dev.jerla.cpu.fp.X87Unit}, their state and its FXSAVE and XSAVE layouts in
 * {@link dev.jerla.cpu.fp.FpState}, and exact IEEE-754 arithmetic (with fused multiply-add and
 * binary16) in {@link dev.jerla.cpu.fp.SoftFloat}.
 *
 * <p>Results are bit-exact with the hardware: every rounding mode and precision control, the
 * exception flags and their masks, denormals, FTZ/DAZ and the x86 NaN rules. The integer decoder
 * hands each instruction over with its decoded operand fields; the semantics read guest memory
 * before writing any register, so a page fault leaves no partial state.
 *
 * <p>Concurrency: an FpState belongs to one CPU and is used only by the thread that runs it;
 * nothing here is shared or locked.
 */
package dev.jerla.cpu.fp;
