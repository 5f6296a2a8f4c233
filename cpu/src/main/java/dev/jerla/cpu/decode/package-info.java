/**
 * The x86-64 instruction decoder: bytes to {@link dev.jerla.cpu.decode.Insn}, a compact,
 * position-resolved form with a dense operation id ({@link dev.jerla.cpu.decode.Op}). Decoding
 * happens once per block of guest code; execution never looks at the bytes again.
 *
 * <p>Owns no shared state: a {@link dev.jerla.cpu.decode.Decoder} belongs to one CPU and reads
 * code through {@link dev.jerla.cpu.decode.CodeBytes}. No locks.
 */
package dev.jerla.cpu.decode;
