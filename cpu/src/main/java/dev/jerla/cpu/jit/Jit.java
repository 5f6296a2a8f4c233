package dev.jerla.cpu.jit;

import dev.jerla.cpu.exec.Core;
import dev.jerla.cpu.mem.AddressSpace;
import dev.jerla.cpu.mem.GuestFault;

/**
 * One guest thread's side of the JIT: counts how often the interpreter enters each block,
 * asks the compiler thread for a region once a block is hot, and runs compiled regions.
 * Confined to the thread of its {@link Core}.
 */
public final class Jit {
    /** Returned by {@link #execute} when {@code rip} has no compiled region yet: interpret it. */
    public static final int NOT_COMPILED = -1;

    /** A new per-thread JIT, or null when the JIT is off ({@code -Djerla.jit=false}). */
    public static Jit attach() {
        return Boolean.parseBoolean(System.getProperty("jerla.jit", "true")) ? new Jit() : null;
    }

    /** Block entries before a region is compiled: high enough that only loops and hot functions qualify. */
    private final int threshold = Integer.getInteger("jerla.jit.threshold", 4000);

    private static final class Entry {
        final long rip;
        int count;
        boolean queued, rejected;
        CompiledRegion code;

        Entry(long rip) { this.rip = rip; }
    }

    private AddressSpace space;
    private long generation;
    private SharedRegions shared;
    private Entry[] table = new Entry[1 << 10];
    private int count;

    private Jit() {}

    /**
     * Runs the compiled region at {@code rip} if there is one; otherwise counts the entry and
     * returns {@link #NOT_COMPILED}. Called by the interpreter loop before each block it looks up.
     */
    public int execute(Core c, long rip) {
        AddressSpace as = c.mmu().addressSpace();
        long g = as.generation();
        if (as != space || g != generation) reset(as, g);
        Entry e = entry(rip);
        CompiledRegion code = e.code;
        if (code == null) {
            if (e.rejected || ++e.count < threshold) return NOT_COMPILED;
            Object o = shared.lookup(rip, g);
            if (o == SharedRegions.REJECTED) {
                e.rejected = true;
                return NOT_COMPILED;
            }
            if (o == null) {
                if (!e.queued) request(c, e, g);
                return NOT_COMPILED;
            }
            code = (CompiledRegion) o;
            e.code = code;
        }
        int t = code.run(c);
        // A region that hands its very first instruction to the interpreter (a division it does
        // not take, say) comes back where it started: interpret the block, or it would loop.
        if (t == 0 && c.rip() == rip) return NOT_COMPILED;
        return t;
    }

    /** True if blocks may chain into the block at {@code rip} inside the interpreter: the JIT has given up on it. */
    public boolean mayLink(long rip) {
        Entry e = find(rip);
        return e != null && e.rejected;
    }

    /** Forms the region on this thread (reading code needs this thread's MMU) and queues it for compilation. */
    private void request(Core c, Entry e, long g) {
        e.queued = true;
        RegionPlan plan;
        try {
            // Code that ran at least a fiftieth as often as the entry belongs to the region.
            int warm = Math.max(1, e.count / 50);
            plan = RegionPlan.form(c.mmu(), e.rip, RegionPlan.MAX_INSNS, rip -> {
                Entry t = find(rip);
                return t != null && (t.count >= warm || t.code != null);
            });
        } catch (GuestFault f) {
            plan = null;
        }
        if (plan == null) {
            e.rejected = true;
            shared.install(e.rip, g, SharedRegions.REJECTED);
            return;
        }
        if (!Compiler.submit(new Compiler.Request(plan, shared, g))) e.queued = false;
    }

    private void reset(AddressSpace as, long g) {
        if (as != space) shared = SharedRegions.of(as);
        shared.sync(g);
        space = as;
        generation = g;
        java.util.Arrays.fill(table, null);
        count = 0;
    }

    private Entry find(long rip) {
        int mask = table.length - 1;
        for (int i = hash(rip) & mask; ; i = (i + 1) & mask) {
            Entry e = table[i];
            if (e == null || e.rip == rip) return e;
        }
    }

    private Entry entry(long rip) {
        int mask = table.length - 1;
        int i = hash(rip) & mask;
        while (true) {
            Entry e = table[i];
            if (e == null) break;
            if (e.rip == rip) return e;
            i = (i + 1) & mask;
        }
        Entry e = new Entry(rip);
        if (2 * (count + 1) > table.length) {
            grow();
            return insert(e);
        }
        table[i] = e;
        count++;
        return e;
    }

    private Entry insert(Entry e) {
        int mask = table.length - 1;
        int i = hash(e.rip) & mask;
        while (table[i] != null) i = (i + 1) & mask;
        table[i] = e;
        count++;
        return e;
    }

    private void grow() {
        Entry[] old = table;
        table = new Entry[old.length * 2];
        count = 0;
        for (Entry o : old) {
            if (o != null) insert(o);
        }
    }

    private static int hash(long rip) {
        return (int) (rip ^ (rip >>> 21)) * 0x9E3779B9 >>> 8;
    }
}
