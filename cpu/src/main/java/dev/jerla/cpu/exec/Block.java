package dev.jerla.cpu.exec;

import dev.jerla.cpu.decode.Insn;

/**
 * A decoded run of straight-line guest code: it is entered at {@link #rip} and left after its
 * last instruction, which is the only one that may transfer control. Blocks remember the two
 * blocks they last continued into, so the loop rarely needs the cache's hash table.
 */
public final class Block {
    final long rip;
    final Insn[] insns;
    /** The address after the last instruction. */
    final long end;
    /** The last instruction sets RIP itself (a branch); otherwise execution continues at {@link #end}. */
    final boolean setsRip;
    /** The bytes as decoded, kept when the code lies on a writable page so a rewrite is noticed; else null. */
    final byte[] snapshot;
    /** False once the cache dropped the block; links to it must not be followed. */
    boolean valid = true;
    private Block succ0, succ1;

    Block(Insn[] insns, byte[] snapshot) {
        this.insns = insns;
        this.rip = insns[0].rip;
        Insn last = insns[insns.length - 1];
        this.end = last.next;
        this.setsRip = last.setsRip();
        this.snapshot = snapshot;
    }

    Block successor(long target) {
        Block s = succ0;
        if (s != null && s.rip == target) return s;
        s = succ1;
        if (s != null && s.rip == target) return s;
        return null;
    }

    void link(Block next) {
        if (succ0 == null) succ0 = next;
        else if (succ0 != next) succ1 = next;
    }
}
