package dev.jerla.cpu.jit;

import dev.jerla.cpu.decode.Decoder;
import dev.jerla.cpu.decode.Insn;
import dev.jerla.cpu.decode.Op;
import dev.jerla.cpu.mem.AddressSpace;
import dev.jerla.cpu.mem.GuestFault;
import dev.jerla.cpu.mem.Mmu;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;
import java.util.TreeMap;

/**
 * The guest code of one region: every instruction reachable from the entry through fall-through,
 * direct jumps and direct calls (and the return addresses of those calls), up to a size limit,
 * on pages that are executable and not writable. An instruction the JIT does not translate is
 * handed to the interpreter from inside the region when it cannot transfer control
 * ({@link Translator#callsOut}), else kept as the place where the region leaves.
 */
final class RegionPlan {
    /** Instructions per region; a region whose bytecode would be too large is formed again with fewer. */
    static final int MAX_INSNS = 160;
    /** A region is formed only if at most one instruction in this many is a call-out. */
    static final int CALLOUT_SHARE = 4;

    final long entry;
    /** The decoded instructions by address. */
    final TreeMap<Long, Insn> insns;
    /** The same instructions in the order they were found, entry first. */
    private final List<Insn> found;

    private RegionPlan(long entry, List<Insn> found) {
        this.entry = entry;
        this.found = found;
        this.insns = new TreeMap<>();
        for (Insn i : found) insns.put(i.rip, i);
    }

    /** The region of the first {@code n} instructions found: jumps to the others become exits. */
    RegionPlan shrink(int n) {
        return new RegionPlan(entry, found.subList(0, n));
    }

    /**
     * Decodes the region at {@code entry}; null if its first instruction is not translated.
     * Jumps, calls and fall-through past a conditional branch are followed only to code that
     * {@code hot} accepts: code that has not been running stays out (its branches leave the
     * region), so HotSpot compiles only what pays.
     */
    static RegionPlan form(Mmu mmu, long entry, int max, LongPredicate hot) {
        AddressSpace as = mmu.addressSpace();
        Decoder d = new Decoder(va -> Mmu.hostByte(mmu.fetchAddress(va)));
        TreeMap<Long, Insn> insns = new TreeMap<>();
        List<Insn> found = new ArrayList<>();
        ArrayDeque<Long> work = new ArrayDeque<>();
        work.add(entry);
        while (!work.isEmpty() && insns.size() < max) {
            long at = work.poll();
            while (insns.size() < max && !insns.containsKey(at)) {
                Insn in;
                try {
                    if (!readOnlyCode(as, at)) break;
                    in = d.decode(at);
                    if (!readOnlyCode(as, in.next - 1)) break;
                } catch (GuestFault f) {
                    break;
                }
                insns.put(at, in);
                found.add(in);
                if (!Translator.translates(in) && !Translator.callsOut(in)) break;
                switch (in.op) {
                    case Op.JMP -> { if (hot.test(in.imm)) work.add(in.imm); }
                    case Op.JCC -> { if (hot.test(in.imm)) work.add(in.imm); }
                    case Op.CALL -> {
                        if (hot.test(in.imm)) work.add(in.imm);
                        if (hot.test(in.next)) work.add(in.next);
                    }
                    default -> { }
                }
                if (in.op == Op.JMP || in.op == Op.CALL || in.op == Op.RET || in.op == Op.JMP_R || in.op == Op.CALL_R) break;
                if (in.op == Op.JCC && !hot.test(in.next)) break;
                at = in.next;
            }
        }
        Insn first = insns.get(entry);
        if (first == null || !Translator.translates(first)) return null;
        // Each call-out moves every register through the Core and back: code made mostly of
        // them (SSE arithmetic, say) runs faster in the interpreter alone.
        long callouts = found.stream().filter(Translator::callsOut).count();
        if (callouts * CALLOUT_SHARE > found.size()) return null;
        return new RegionPlan(entry, found);
    }

    private static boolean readOnlyCode(AddressSpace as, long va) {
        int p = as.protection(va);
        return (p & AddressSpace.PROT_EXEC) != 0 && (p & AddressSpace.PROT_WRITE) == 0;
    }
}
