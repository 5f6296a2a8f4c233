package dev.jerla.cpu.exec;

import dev.jerla.cpu.decode.Decoder;
import dev.jerla.cpu.decode.Insn;
import dev.jerla.cpu.mem.AddressSpace;
import dev.jerla.cpu.mem.GuestFault;
import dev.jerla.cpu.mem.Mmu;

import java.util.Arrays;

/**
 * Decoded blocks of one CPU, by entry address. Everything is dropped when the address space's
 * generation moves (unmap, mprotect, copy-on-write break) or the CPU switches address space.
 * Code on writable pages keeps a snapshot of its bytes and is re-decoded when they change, so
 * code that rewrites itself or a page reused for new code runs what is in memory.
 */
final class CodeCache {
    /** Longest block, in instructions: bounds the time between interrupt checks. */
    private static final int MAX_INSNS = 64;

    private final Core core;
    private final Decoder decoder;
    private Block[] table = new Block[1 << 12];
    private int count;
    private AddressSpace space;
    private long generation;

    // The page the decoder is reading: guest page address and its host address.
    private long fetchPage = -1, fetchHost;

    CodeCache(Core core) {
        this.core = core;
        this.decoder = new Decoder(this::codeByte);
    }

    /** Drops everything if {@code as} is not the space and generation the blocks were decoded from; true if it did. */
    boolean stale(AddressSpace as) {
        long g = as.generation();
        if (as == space && g == generation) return false;
        clear();
        space = as;
        generation = g;
        return true;
    }

    void clear() {
        for (Block b : table) {
            if (b != null) b.valid = false;
        }
        Arrays.fill(table, null);
        count = 0;
        space = null;
    }

    /** The block at {@code rip}, decoded now if needed. @throws GuestFault if its first instruction cannot be fetched. */
    Block get(long rip) {
        int mask = table.length - 1;
        for (int i = hash(rip) & mask; ; i = (i + 1) & mask) {
            Block b = table[i];
            if (b == null) break;
            if (b.rip == rip && b.valid) return b;
        }
        return translate(rip);
    }

    private Block translate(long rip) {
        fetchPage = -1;
        Insn[] insns = decoder.decodeBlock(rip, MAX_INSNS);
        long end = insns[insns.length - 1].next;
        byte[] snapshot = null;
        AddressSpace as = core.mmu.addressSpace();
        if ((as.protection(rip) & AddressSpace.PROT_WRITE) != 0
                || (as.protection(end - 1) & AddressSpace.PROT_WRITE) != 0) {
            snapshot = new byte[(int) (end - rip)];
            for (int k = 0; k < snapshot.length; k++) snapshot[k] = (byte) codeByte(rip + k);
        }
        Block b = new Block(insns, snapshot);
        put(b);
        return b;
    }

    /** True if a snapshotted block's bytes are still those in memory; otherwise drops it. */
    boolean unchanged(Block b) {
        fetchPage = -1;
        byte[] snap = b.snapshot;
        try {
            for (int k = 0; k < snap.length; k++) {
                if (codeByte(b.rip + k) != (snap[k] & 0xFF)) {
                    b.valid = false;
                    return false;
                }
            }
        } catch (GuestFault f) {
            b.valid = false;
            return false;
        }
        return true;
    }

    private int codeByte(long va) {
        long page = va & ~0xFFFL;
        if (page != fetchPage) {
            // Translate the byte itself, so a fault reports the address the CPU wanted.
            fetchHost = core.mmu.fetchAddress(va) - (va & 0xFFF);
            fetchPage = page;
        }
        return Mmu.hostByte(fetchHost + (va & 0xFFF));
    }

    private void put(Block b) {
        if (2 * (count + 1) > table.length) grow();
        int mask = table.length - 1;
        for (int i = hash(b.rip) & mask; ; i = (i + 1) & mask) {
            Block old = table[i];
            if (old == null) {
                count++;
                table[i] = b;
                return;
            }
            if (old.rip == b.rip) {
                old.valid = false;
                table[i] = b;
                return;
            }
        }
    }

    private void grow() {
        Block[] old = table;
        table = new Block[old.length * 2];
        int mask = table.length - 1;
        for (Block b : old) {
            if (b == null) continue;
            int i = hash(b.rip) & mask;
            while (table[i] != null) i = (i + 1) & mask;
            table[i] = b;
        }
    }

    private static int hash(long rip) {
        return (int) (rip ^ (rip >>> 21)) * 0x9E3779B9 >>> 8;
    }
}
