package dev.jerla.cpu.decode;

/**
 * Where the decoder reads instruction bytes. The CPU reads guest memory with execute
 * permission (a fault propagates as {@link dev.jerla.cpu.mem.GuestFault}); tests read arrays.
 */
@FunctionalInterface
public interface CodeBytes {
    /** The byte at guest address {@code va}, 0..255. */
    int byteAt(long va);
}
