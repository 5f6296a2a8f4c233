package dev.jerla.cpu.exec;

import dev.jerla.cpu.Cpu;
import dev.jerla.cpu.Trap;
import dev.jerla.cpu.decode.Insn;
import dev.jerla.cpu.jit.Jit;
import dev.jerla.cpu.mem.GuestFault;
import dev.jerla.cpu.mem.Mmu;

import java.lang.invoke.VarHandle;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The integer core of one {@link Cpu}: general registers, RIP, lazy RFLAGS, segment bases, and
 * the interpreter loop that runs cached decoded blocks until a trap. The instruction semantics
 * live in the static methods of this package and read and write these fields directly.
 * Confined to the thread that runs the CPU, except {@link #requestInterrupt()}.
 */
public final class Core {
    private static final System.Logger LOG = System.getLogger("dev.jerla.cpu");
    /** Addresses whose internal error has been logged, so each is reported once. */
    private static final Set<Long> LOGGED = ConcurrentHashMap.newKeySet();

    final Cpu cpu;
    final long[] regs = new long[16];
    long rip;
    long fsBase, gsBase;

    // Lazy status flags (see Flags): kind, width as 64 - bits, operands, result, explicit bits.
    int fk = Flags.K_NONE;
    int fs;
    long fa, fb, fr, fbits;
    /** RFLAGS except the six status flags: DF, TF, AC, ID, NT and the fixed bits. */
    long rflagsRest = Flags.FIXED;

    Mmu mmu;
    private final CodeCache cache = new CodeCache(this);
    private volatile boolean interruptRequested;

    private long faultAddress;
    private int faultAccess;
    private boolean faultProtection;
    long retired;
    /** The last block that ran to its end (the interpreter's hand-back, for linking). */
    Block last;
    /** This thread's view of the JIT, or null when it is off. */
    private final Jit jit = Jit.attach();

    public Core(Cpu cpu, Mmu mmu) {
        this.cpu = cpu;
        this.mmu = mmu;
    }

    // ---------------------------------------------------------------- architectural state

    public long reg(int r) { return regs[r]; }

    public void setReg(int r, long v) { regs[r] = v; }

    public long rip() { return rip; }

    public void setRip(long v) { rip = v; }

    public long fsBase() { return fsBase; }

    public void setFsBase(long v) { fsBase = v; }

    public long gsBase() { return gsBase; }

    public void setGsBase(long v) { gsBase = v; }

    public long rflags() {
        return Flags.status(this) | rflagsRest;
    }

    /** Sets RFLAGS as the kernel restores it (sigreturn, ptrace): reserved and system bits keep their user-mode values. */
    public void setRflags(long v) {
        setStatusFlags(v);
        rflagsRest = (v & Flags.USER_WRITABLE & ~Flags.STATUS) | Flags.FIXED;
    }

    /** Sets OF SF ZF AF PF CF to the corresponding bits of {@code bits}; other flags are untouched. */
    public void setStatusFlags(long bits) {
        fk = Flags.K_NONE;
        fbits = bits & Flags.STATUS;
    }

    public Mmu mmu() { return mmu; }

    /** Switches to another MMU (execve): decoded code of the old address space is dropped. */
    public void setMmu(Mmu m) {
        mmu = m;
        cache.clear();
    }

    public void copyFrom(Core o) {
        System.arraycopy(o.regs, 0, regs, 0, 16);
        rip = o.rip;
        fsBase = o.fsBase;
        gsBase = o.gsBase;
        fk = o.fk;
        fs = o.fs;
        fa = o.fa;
        fb = o.fb;
        fr = o.fr;
        fbits = o.fbits;
        rflagsRest = o.rflagsRest;
    }

    public void requestInterrupt() { interruptRequested = true; }

    public void clearInterrupt() { interruptRequested = false; }

    public boolean interruptRequested() { return interruptRequested; }

    public long faultAddress() { return faultAddress; }

    public int faultAccess() { return faultAccess; }

    public boolean faultProtection() { return faultProtection; }

    /** Instructions completed since this core was created. */
    public long instructionsRetired() { return retired; }

    // ---------------------------------------------------------------- lazy flags for compiled code (dev.jerla.cpu.jit)

    /** The lazy flag kinds of {@link Flags}, for code that keeps the lazy state elsewhere. */
    public static final int FLAGS_NONE = Flags.K_NONE, FLAGS_RESULT = Flags.K_RESULT, FLAGS_ADD = Flags.K_ADD,
            FLAGS_ADC = Flags.K_ADC, FLAGS_SUB = Flags.K_SUB, FLAGS_SBB = Flags.K_SBB;

    public int flagKind() { return fk; }

    public int flagShift() { return fs; }

    public long flagA() { return fa; }

    public long flagB() { return fb; }

    public long flagResult() { return fr; }

    public long flagBits() { return fbits; }

    /** Restores the lazy flag state read with the getters above (width as 64 - bits). */
    public void setLazyFlags(int kind, int shift, long a, long b, long r, long bits) {
        fk = kind;
        fs = shift;
        fa = a;
        fb = b;
        fr = r;
        fbits = bits;
    }

    /** Counts {@code n} instructions completed outside the interpreter (by compiled code). */
    public void retire(long n) { retired += n; }

    /** A block of the one instruction {@code in}, for compiled code to hand that instruction to the interpreter. */
    public static Block loneBlock(Insn in) {
        return new Block(new Insn[] {in}, null);
    }

    /**
     * Runs the instruction of {@code b} (a {@link #loneBlock}) in the interpreter, for compiled
     * code that keeps its registers and flags in this Core meanwhile. Returns 0 when it completed
     * (RIP is then left at it: the caller continues at the next instruction), else the trap it
     * raised, with RIP and the state as {@link #run} reports a trap.
     */
    public int runAlone(Block b) {
        rip = b.rip;
        return Interpreter.run(this, b, true);
    }

    // ---------------------------------------------------------------- operand access for the semantics

    /** Value bits of an operand of 1, 2, 4 or 8 bytes, and the register bits a write of that size keeps. */
    private static final long[] MASK = {0, 0xFF, 0xFFFF, 0, 0xFFFFFFFFL, 0, 0, 0, -1L};
    private static final long[] KEEP = {0, ~0xFFL, ~0xFFFFL, 0, 0, 0, 0, 0, 0};

    /** Register {@code r} read at {@code size} bytes, zero-extended; 16..19 are AH, CH, DH, BH. */
    long get(int r, int size) {
        if (r < 16) return regs[r] & MASK[size];
        return (regs[r - 16] >>> 8) & 0xFF;
    }

    /** Writes register {@code r} as x86-64 does: 32-bit writes zero-extend, 8- and 16-bit writes merge. */
    void set(int r, int size, long v) {
        if (r < 16) {
            regs[r] = (regs[r] & KEEP[size]) | (v & MASK[size]);
        } else {
            regs[r - 16] = (regs[r - 16] & ~0xFF00L) | ((v & 0xFF) << 8);
        }
    }

    /** The effective address of the memory operand, segment base included. */
    long ea(Insn i) {
        long a = i.disp;
        if (i.base >= 0) a += regs[i.base];
        if (i.index >= 0) a += regs[i.index] << i.scale;
        if (i.addr32) a &= 0xFFFFFFFFL;
        if (i.seg != Insn.SEG_NONE) a += i.seg == Insn.SEG_FS ? fsBase : gsBase;
        return a;
    }

    long segBase(Insn i) {
        return i.seg == Insn.SEG_NONE ? 0 : i.seg == Insn.SEG_FS ? fsBase : gsBase;
    }

    /**
     * Reads {@code size} bytes, zero-extended. Guest memory is ordered as x86 orders it (TSO):
     * a load is never moved after a later access and a store never before an earlier one. The
     * fences only stop the JIT from reordering; on an x86 host they emit no instruction.
     */
    long load(long va, int size) {
        long v;
        switch (size) {
            case 8: v = mmu.read64(va); break;
            case 4: v = mmu.read32(va) & 0xFFFFFFFFL; break;
            case 2: v = mmu.read16(va); break;
            default: v = mmu.read8(va);
        }
        VarHandle.acquireFence();
        return v;
    }

    void store(long va, int size, long v) {
        VarHandle.releaseFence();
        switch (size) {
            case 8: mmu.write64(va, v); return;
            case 4: mmu.write32(va, (int) v); return;
            case 2: mmu.write16(va, (int) v); return;
            default: mmu.write8(va, (int) v);
        }
    }

    /**
     * Atomic compare-and-swap of {@code size} bytes (see {@link Mmu#cmpxchg}). A page-crossing
     * operand is checked page by page first, so a fault names the first byte that cannot be
     * written, as the hardware reports it.
     */
    long cas(long va, int size, long expected, long update) {
        if ((va & 0xFFF) > 0x1000 - size) {
            mmu.probeWrite(va, 1);
            mmu.probeWrite((va + size - 1) & ~0xFFFL, 1);
        }
        return mmu.cmpxchg(va, size, expected, update);
    }

    boolean df() {
        return (rflagsRest & Flags.DF) != 0;
    }

    /** Records an ADD/ADC/SUB/SBB-style result for lazy flags. */
    void lazy(int kind, int size, long a, long b, long r) {
        fk = kind;
        fs = Flags.shiftOf(size);
        fa = a;
        fb = b;
        fr = r;
    }

    /** Records a result whose CF, OF and AF are known now ({@code bits}); ZF, SF, PF follow the result. */
    void lazyResult(int size, long r, long bits) {
        fk = Flags.K_RESULT;
        fs = Flags.shiftOf(size);
        fr = r;
        fbits = bits;
    }

    // ---------------------------------------------------------------- the interpreter loop

    /** Runs guest code until a trap; returns the {@link Trap} code. */
    public int run() {
        Block prev = null;
        while (true) {
            if (interruptRequested) return Trap.INTERRUPT;
            mmu.sync();
            if (cache.stale(mmu.addressSpace())) prev = null;
            Block b = prev != null ? prev.successor(rip) : null;
            if (b == null || !b.valid) {
                try {
                    b = cache.get(rip);
                } catch (GuestFault f) {
                    return pageFault(f);
                } catch (RuntimeException e) {
                    return internalError(rip, "decoding", e);
                }
                // Blocks the JIT still counts or runs compiled must come back to this loop.
                if (prev != null && (jit == null || jit.mayLink(rip))) prev.link(b);
            }
            if (b.snapshot != null && !cache.unchanged(b)) {
                prev = null;
                continue;
            }
            if ((rflagsRest & Flags.TF) != 0) return step(b);
            if (jit != null) {
                int t = jit.execute(this, rip);
                if (t != Jit.NOT_COMPILED) {
                    if (t != 0) return t;
                    prev = null;
                    continue;
                }
            }
            int t = Interpreter.run(this, b, false);
            if (t != 0) return t;
            prev = last;
        }
    }

    /** Executes only the first instruction of {@code b} and reports a single-step trap (TF). */
    private int step(Block b) {
        Insn in = b.insns[0];
        int t = Interpreter.run(this, b, true);
        if (t != 0) return t;
        if (!in.setsRip()) rip = in.next;
        return Trap.SINGLE_STEP;
    }

    /** Traps report RIP at the instruction, except SYSCALL and INT3 which report it after. */
    int trap(Insn in, int t) {
        rip = t == Trap.SYSCALL || t == Trap.BREAKPOINT ? in.next : in.rip;
        if (t == Trap.SYSCALL) retired++;
        return t;
    }

    /** Records {@code f} as the fault {@link Trap#PAGE_FAULT} reports; returns that trap. */
    public int pageFault(GuestFault f) {
        faultAddress = f.address;
        faultAccess = f.access;
        faultProtection = f.protection;
        return Trap.PAGE_FAULT;
    }

    /** A bug in Jerla, not in the guest: the instruction at {@code at} becomes #UD, reported once per address. */
    int internalError(long at, String what, RuntimeException e) {
        if (LOGGED.add(at)) {
            LOG.log(System.Logger.Level.ERROR, "internal error " + what + " at " + describeInstructionAt(at), e);
        }
        return Trap.INVALID_OPCODE;
    }

    /** Addresses at which an internal error has been reported so far (for tests). */
    static int internalErrorCount() {
        return LOGGED.size();
    }

    /** "0x401000: 0f 0b" — the bytes at {@code va} (up to 15, fewer if memory ends), for diagnostics. */
    public String describeInstructionAt(long va) {
        StringBuilder sb = new StringBuilder("0x").append(Long.toHexString(va)).append(':');
        for (int k = 0; k < dev.jerla.cpu.decode.Decoder.MAX_LENGTH; k++) {
            try {
                sb.append(String.format(" %02x", mmu.fetch8(va + k)));
            } catch (GuestFault f) {
                if (k == 0) sb.append(" (not executable)");
                break;
            }
        }
        return sb.toString();
    }
}
