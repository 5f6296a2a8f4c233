package dev.jerla.cpu.mem;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * One CPU's view of an address space: a direct-mapped software TLB in front of
 * {@link AddressSpace#translate}. The fast path (a tag compare and one off-heap access) is small
 * enough to inline into interpreter and JIT code. Not thread-safe: one Mmu per guest thread.
 *
 * <p>Each TLB entry stores {@code hostPage - guestPage}, so a hit is {@code va + delta}. The
 * write TLB only holds pages that are writable now without a copy.
 */
public final class Mmu {
    private static final int TLB_BITS = 8;
    private static final int TLB_SIZE = 1 << TLB_BITS;
    private static final int TLB_MASK = TLB_SIZE - 1;

    private static final MemorySegment RAW = Frames.RAW;
    private static final ValueLayout.OfByte B = ValueLayout.JAVA_BYTE;
    private static final ValueLayout.OfShort S = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong L = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_ATOMIC = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
    private static final VarHandle LONG_ATOMIC = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
    /** Serializes atomic operations that no single aligned host CAS can cover (split locks). */
    private static final Object SPLIT_LOCK = new Object();

    private AddressSpace as;
    private long generation;
    private final long[] rTag = new long[TLB_SIZE];
    private final long[] rDelta = new long[TLB_SIZE];
    private final long[] wTag = new long[TLB_SIZE];
    private final long[] wDelta = new long[TLB_SIZE];

    public Mmu(AddressSpace as) {
        attach(as);
    }

    public AddressSpace addressSpace() { return as; }

    /** Switches to another address space (execve) and empties the TLB. */
    public void attach(AddressSpace as) {
        this.as = as;
        flush();
    }

    /** Empties the TLB if the address space changed since the last check; call at block boundaries. */
    public void sync() {
        if (as.generation() != generation) flush();
    }

    public void flush() {
        java.util.Arrays.fill(rTag, -1L);
        java.util.Arrays.fill(wTag, -1L);
        generation = as.generation();
    }

    // ---------------------------------------------------------------- reads

    public int read8(long va) {
        long vpn = va >>> 12;
        int i = (int) vpn & TLB_MASK;
        if (rTag[i] == vpn) return RAW.get(B, va + rDelta[i]) & 0xFF;
        return RAW.get(B, fillRead(va)) & 0xFF;
    }

    public int read16(long va) {
        long vpn = va >>> 12;
        int i = (int) vpn & TLB_MASK;
        if (rTag[i] == vpn && (va & 0xFFF) <= 0xFFE) return RAW.get(S, va + rDelta[i]) & 0xFFFF;
        return (int) readSlow(va, 2);
    }

    public int read32(long va) {
        long vpn = va >>> 12;
        int i = (int) vpn & TLB_MASK;
        if (rTag[i] == vpn && (va & 0xFFF) <= 0xFFC) return RAW.get(I, va + rDelta[i]);
        return (int) readSlow(va, 4);
    }

    public long read64(long va) {
        long vpn = va >>> 12;
        int i = (int) vpn & TLB_MASK;
        if (rTag[i] == vpn && (va & 0xFFF) <= 0xFF8) return RAW.get(L, va + rDelta[i]);
        return readSlow(va, 8);
    }

    private long readSlow(long va, int size) {
        if ((va & 0xFFF) <= 0x1000 - size) {
            long host = fillRead(va);
            return switch (size) {
                case 2 -> RAW.get(S, host) & 0xFFFF;
                case 4 -> RAW.get(I, host);
                default -> RAW.get(L, host);
            };
        }
        // Crosses a page boundary: both pages must be readable before the value is assembled.
        fillRead((va + size - 1) & ~0xFFFL);
        long v = 0;
        for (int k = size - 1; k >= 0; k--) v = (v << 8) | (RAW.get(B, fillRead(va + k)) & 0xFF);
        return size == 4 ? (int) v : v;
    }

    private long fillRead(long va) {
        long host = as.translate(va, AddressSpace.ACCESS_READ);
        long vpn = va >>> 12;
        int i = (int) vpn & TLB_MASK;
        rTag[i] = vpn;
        rDelta[i] = (host & ~0xFFFL) - (va & ~0xFFFL);
        return host;
    }

    /** The host address of readable and executable guest byte {@code va}, for instruction fetch. */
    public long fetchAddress(long va) {
        return as.translate(va, AddressSpace.ACCESS_EXEC);
    }

    /** Reads one byte of code. Used by the decoder when an instruction crosses a page. */
    public int fetch8(long va) {
        return RAW.get(B, as.translate(va, AddressSpace.ACCESS_EXEC)) & 0xFF;
    }

    /** Reads a byte at a host address returned by {@link #fetchAddress}. */
    public static int hostByte(long host) {
        return RAW.get(B, host) & 0xFF;
    }

    // ---------------------------------------------------------------- writes

    public void write8(long va, int v) {
        long vpn = va >>> 12;
        int i = (int) vpn & TLB_MASK;
        if (wTag[i] == vpn) { RAW.set(B, va + wDelta[i], (byte) v); return; }
        RAW.set(B, fillWrite(va), (byte) v);
    }

    public void write16(long va, int v) {
        long vpn = va >>> 12;
        int i = (int) vpn & TLB_MASK;
        if (wTag[i] == vpn && (va & 0xFFF) <= 0xFFE) { RAW.set(S, va + wDelta[i], (short) v); return; }
        writeSlow(va, v, 2);
    }

    public void write32(long va, int v) {
        long vpn = va >>> 12;
        int i = (int) vpn & TLB_MASK;
        if (wTag[i] == vpn && (va & 0xFFF) <= 0xFFC) { RAW.set(I, va + wDelta[i], v); return; }
        writeSlow(va, v, 4);
    }

    public void write64(long va, long v) {
        long vpn = va >>> 12;
        int i = (int) vpn & TLB_MASK;
        if (wTag[i] == vpn && (va & 0xFFF) <= 0xFF8) { RAW.set(L, va + wDelta[i], v); return; }
        writeSlow(va, v, 8);
    }

    private void writeSlow(long va, long v, int size) {
        if ((va & 0xFFF) <= 0x1000 - size) {
            long host = fillWrite(va);
            switch (size) {
                case 2 -> RAW.set(S, host, (short) v);
                case 4 -> RAW.set(I, host, (int) v);
                default -> RAW.set(L, host, v);
            }
            return;
        }
        // Crosses a page boundary: check both pages before writing anything (precise faults).
        fillWrite(va);
        fillWrite((va + size - 1) & ~0xFFFL);
        for (int k = 0; k < size; k++) RAW.set(B, fillWrite(va + k), (byte) (v >>> (8 * k)));
    }

    /** Checks that [va, va+len) is writable now, so a multi-part store cannot fault halfway. */
    public void probeWrite(long va, int len) {
        fillWrite(va);
        long last = va + len - 1;
        if ((last ^ va) >>> 12 != 0) fillWrite(last & ~0xFFFL);
    }

    /** Checks that [va, va+len) is readable now. */
    public void probeRead(long va, int len) {
        fillRead(va);
        long last = va + len - 1;
        if ((last ^ va) >>> 12 != 0) fillRead(last & ~0xFFFL);
    }

    private long fillWrite(long va) {
        long host = as.translate(va, AddressSpace.ACCESS_WRITE);
        long vpn = va >>> 12;
        int i = (int) vpn & TLB_MASK;
        wTag[i] = vpn;
        wDelta[i] = (host & ~0xFFFL) - (va & ~0xFFFL);
        // A copy-on-write break moved the page to a new frame: the read TLB must follow.
        rTag[i] = vpn;
        rDelta[i] = wDelta[i];
        return host;
    }

    // ---------------------------------------------------------------- atomics (LOCK prefix, XCHG)

    /**
     * Atomically compares the {@code size}-byte value at {@code va} with {@code expected} and, if
     * equal, stores {@code update}. Returns the old value (zero-extended). Works for sizes 1, 2, 4
     * and 8 at any alignment: aligned values use a host CAS on the enclosing aligned word, values
     * that no aligned word covers take a global lock (a split lock).
     */
    public long cmpxchg(long va, int size, long expected, long update) {
        long mask = size == 8 ? -1L : (1L << (8 * size)) - 1;
        expected &= mask;
        update &= mask;
        long host = fillWrite(va);
        boolean samePage = (va & 0xFFF) <= 0x1000 - size;
        if (samePage && (host & 3) + size <= 4) {
            long word = host & ~3L;
            int shift = (int) (host & 3) * 8;
            while (true) {
                int old = (int) INT_ATOMIC.getVolatile(RAW, word);
                long cur = ((old & 0xFFFFFFFFL) >>> shift) & mask;
                if (cur != expected) return cur;
                int next = (int) ((old & ~(mask << shift)) | (update << shift));
                if (INT_ATOMIC.compareAndSet(RAW, word, old, next)) return cur;
            }
        }
        if (samePage && (host & 7) + size <= 8) {
            long word = host & ~7L;
            int shift = (int) (host & 7) * 8;
            while (true) {
                long old = (long) LONG_ATOMIC.getVolatile(RAW, word);
                long cur = (old >>> shift) & mask;
                if (cur != expected) return cur;
                long next = (old & ~(mask << shift)) | (update << shift);
                if (LONG_ATOMIC.compareAndSet(RAW, word, old, next)) return cur;
            }
        }
        synchronized (SPLIT_LOCK) {
            probeWrite(va, size);
            long cur = 0;
            for (int k = size - 1; k >= 0; k--) cur = (cur << 8) | read8(va + k);
            if (cur == expected) {
                for (int k = 0; k < size; k++) write8(va + k, (int) (update >>> (8 * k)));
            }
            VarHandle.fullFence();
            return cur;
        }
    }

    /** Reads a {@code size}-byte value zero-extended (for atomic read-modify-write loops). */
    public long readSized(long va, int size) {
        return switch (size) {
            case 1 -> read8(va);
            case 2 -> read16(va);
            case 4 -> read32(va) & 0xFFFFFFFFL;
            default -> read64(va);
        };
    }

    /** Writes the low {@code size} bytes of {@code v}. */
    public void writeSized(long va, int size, long v) {
        switch (size) {
            case 1 -> write8(va, (int) v);
            case 2 -> write16(va, (int) v);
            case 4 -> write32(va, (int) v);
            default -> write64(va, v);
        }
    }
}
