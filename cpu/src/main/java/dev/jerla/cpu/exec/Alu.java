package dev.jerla.cpu.exec;

import dev.jerla.cpu.decode.Insn;

import static dev.jerla.cpu.exec.Flags.*;

/**
 * ADD OR ADC SBB AND SUB XOR CMP, TEST, INC DEC NOT NEG, ADCX ADOX and the flag instructions.
 * A memory destination is written before the flags are recorded, so a faulting store leaves
 * the flags as they were. LOCK forms retry a compare-and-swap until it succeeds.
 *
 * <p>Host-matched undefined flags: AND/OR/XOR/TEST clear AF.
 */
final class Alu {
    private Alu() {}

    /** ALU kinds in opcode order (the ModRM reg field of group 1). */
    static final int ADD = 0, OR = 1, ADC = 2, SBB = 3, AND = 4, SUB = 5, XOR = 6, CMP = 7;

    /** The result of kind {@code k}; reads CF for ADC and SBB. */
    static long compute(Core c, int k, long a, long b) {
        switch (k) {
            case ADD: return a + b;
            case OR: return a | b;
            case ADC: return a + b + (Flags.cf(c) ? 1 : 0);
            case SBB: return a - b - (Flags.cf(c) ? 1 : 0);
            case AND: return a & b;
            case XOR: return a ^ b;
            default: return a - b;
        }
    }

    static void flags(Core c, int k, int size, long a, long b, long r) {
        switch (k) {
            case ADD -> c.lazy(K_ADD, size, a, b, r);
            case ADC -> c.lazy(K_ADC, size, a, b, r);
            case SBB -> c.lazy(K_SBB, size, a, b, r);
            case SUB, CMP -> c.lazy(K_SUB, size, a, b, r);
            default -> c.lazyResult(size, r, 0);
        }
    }

    // One entry point per kind and form: each is compiled on its own with the kind constant,
    // so the switches in compute() and flags() fold away.
    static void addRR(Core c, Insn i) { rr(c, i, ADD); }
    static void orRR(Core c, Insn i) { rr(c, i, OR); }
    static void adcRR(Core c, Insn i) { rr(c, i, ADC); }
    static void sbbRR(Core c, Insn i) { rr(c, i, SBB); }
    static void andRR(Core c, Insn i) { rr(c, i, AND); }
    static void subRR(Core c, Insn i) { rr(c, i, SUB); }
    static void xorRR(Core c, Insn i) { rr(c, i, XOR); }
    static void cmpRR(Core c, Insn i) { rr(c, i, CMP); }

    static void addRM(Core c, Insn i) { rm(c, i, ADD); }
    static void orRM(Core c, Insn i) { rm(c, i, OR); }
    static void adcRM(Core c, Insn i) { rm(c, i, ADC); }
    static void sbbRM(Core c, Insn i) { rm(c, i, SBB); }
    static void andRM(Core c, Insn i) { rm(c, i, AND); }
    static void subRM(Core c, Insn i) { rm(c, i, SUB); }
    static void xorRM(Core c, Insn i) { rm(c, i, XOR); }
    static void cmpRM(Core c, Insn i) { rm(c, i, CMP); }

    static void addRI(Core c, Insn i) { ri(c, i, ADD); }
    static void orRI(Core c, Insn i) { ri(c, i, OR); }
    static void adcRI(Core c, Insn i) { ri(c, i, ADC); }
    static void sbbRI(Core c, Insn i) { ri(c, i, SBB); }
    static void andRI(Core c, Insn i) { ri(c, i, AND); }
    static void subRI(Core c, Insn i) { ri(c, i, SUB); }
    static void xorRI(Core c, Insn i) { ri(c, i, XOR); }
    static void cmpRI(Core c, Insn i) { ri(c, i, CMP); }

    static void addMR(Core c, Insn i) { mr(c, i, ADD); }
    static void orMR(Core c, Insn i) { mr(c, i, OR); }
    static void adcMR(Core c, Insn i) { mr(c, i, ADC); }
    static void sbbMR(Core c, Insn i) { mr(c, i, SBB); }
    static void andMR(Core c, Insn i) { mr(c, i, AND); }
    static void subMR(Core c, Insn i) { mr(c, i, SUB); }
    static void xorMR(Core c, Insn i) { mr(c, i, XOR); }
    static void cmpMR(Core c, Insn i) { mr(c, i, CMP); }

    static void addMI(Core c, Insn i) { mi(c, i, ADD); }
    static void orMI(Core c, Insn i) { mi(c, i, OR); }
    static void adcMI(Core c, Insn i) { mi(c, i, ADC); }
    static void sbbMI(Core c, Insn i) { mi(c, i, SBB); }
    static void andMI(Core c, Insn i) { mi(c, i, AND); }
    static void subMI(Core c, Insn i) { mi(c, i, SUB); }
    static void xorMI(Core c, Insn i) { mi(c, i, XOR); }
    static void cmpMI(Core c, Insn i) { mi(c, i, CMP); }


    static void rr(Core c, Insn i, int k) {
        int s = i.size;
        long a = c.get(i.reg, s), b = c.get(i.rm, s);
        long r = compute(c, k, a, b);
        if (k != CMP) c.set(i.reg, s, r);
        flags(c, k, s, a, b, r);
    }

    static void rm(Core c, Insn i, int k) {
        int s = i.size;
        long b = c.load(c.ea(i), s);
        long a = c.get(i.reg, s);
        long r = compute(c, k, a, b);
        if (k != CMP) c.set(i.reg, s, r);
        flags(c, k, s, a, b, r);
    }

    static void ri(Core c, Insn i, int k) {
        int s = i.size;
        long a = c.get(i.reg, s), b = i.imm;
        long r = compute(c, k, a, b);
        if (k != CMP) c.set(i.reg, s, r);
        flags(c, k, s, a, b, r);
    }

    static void mr(Core c, Insn i, int k) {
        mem(c, i, k, c.get(i.reg, i.size));
    }

    static void mi(Core c, Insn i, int k) {
        mem(c, i, k, i.imm);
    }

    private static void mem(Core c, Insn i, int k, long b) {
        int s = i.size;
        long ea = c.ea(i);
        long a = c.load(ea, s);
        long r = compute(c, k, a, b);
        if (k != CMP) c.store(ea, s, r);
        flags(c, k, s, a, b, r);
    }

    static void aluMRLock(Core c, Insn i) {
        locked(c, i, c.get(i.reg, i.size));
    }

    static void aluMILock(Core c, Insn i) {
        locked(c, i, i.imm);
    }

    private static void locked(Core c, Insn i, long b) {
        int s = i.size, k = i.sub;
        long ea = c.ea(i);
        while (true) {
            long a = c.load(ea, s);
            long r = compute(c, k, a, b);
            if (c.cas(ea, s, a, r) == a) {
                flags(c, k, s, a, b, r);
                return;
            }
        }
    }

    static void testRR(Core c, Insn i) {
        int s = i.size;
        c.lazyResult(s, c.get(i.reg, s) & c.get(i.rm, s), 0);
    }

    static void testRM(Core c, Insn i) {
        int s = i.size;
        long b = c.load(c.ea(i), s);
        c.lazyResult(s, c.get(i.reg, s) & b, 0);
    }

    static void testRI(Core c, Insn i) {
        int s = i.size;
        c.lazyResult(s, c.get(i.reg, s) & i.imm, 0);
    }

    static void testMI(Core c, Insn i) {
        int s = i.size;
        c.lazyResult(s, c.load(c.ea(i), s) & i.imm, 0);
    }

    // ---------------------------------------------------------------- INC DEC NOT NEG

    static final int INC = 0, DEC = 1, NOT = 2, NEG = 3;

    private static long unary(int k, long a) {
        switch (k) {
            case INC: return a + 1;
            case DEC: return a - 1;
            case NOT: return ~a;
            default: return -a;
        }
    }

    /** Records the flags of a unary result; {@code cf} is CF before the instruction (INC and DEC keep it). */
    private static void unaryFlags(Core c, int k, int s, long a, long r, boolean cf) {
        int sh = shiftOf(s);
        switch (k) {
            case INC -> c.lazyResult(s, r, Flags.incDecBits(cf, sh, a, r, false));
            case DEC -> c.lazyResult(s, r, Flags.incDecBits(cf, sh, a, r, true));
            case NEG -> c.lazy(K_SUB, s, 0, a, r);
            default -> { } // NOT changes no flags
        }
    }

    static void unaryR(Core c, Insn i) {
        int s = i.size, k = i.sub;
        long a = c.get(i.reg, s);
        long r = unary(k, a);
        boolean cf = k <= DEC && Flags.cf(c);
        c.set(i.reg, s, r);
        unaryFlags(c, k, s, a, r, cf);
    }

    static void unaryM(Core c, Insn i) {
        int s = i.size, k = i.sub;
        long ea = c.ea(i);
        long a = c.load(ea, s);
        long r = unary(k, a);
        boolean cf = k <= DEC && Flags.cf(c);
        c.store(ea, s, r);
        unaryFlags(c, k, s, a, r, cf);
    }

    static void unaryMLock(Core c, Insn i) {
        int s = i.size, k = i.sub;
        long ea = c.ea(i);
        boolean cf = k <= DEC && Flags.cf(c);
        while (true) {
            long a = c.load(ea, s);
            long r = unary(k, a);
            if (c.cas(ea, s, a, r) == a) {
                unaryFlags(c, k, s, a, r, cf);
                return;
            }
        }
    }

    // ---------------------------------------------------------------- ADCX ADOX

    /** ADCX adds with carry through CF only, ADOX through OF only; no other flag changes. */
    static void adx(Core c, Insn i) {
        int s = i.size;
        long b = i.rm >= 0 ? c.get(i.rm, s) : c.load(c.ea(i), s);
        long a = c.get(i.reg, s);
        long flag = i.sub == 0 ? CF : OF;
        long f = Flags.status(c);
        boolean cin = (f & flag) != 0;
        long r = a + b + (cin ? 1 : 0);
        int sh = shiftOf(s);
        int cmp = Long.compareUnsigned(r << sh, a << sh);
        boolean cout = cin ? cmp <= 0 : cmp < 0;
        c.set(i.reg, s, r);
        c.setStatusFlags((f & ~flag) | (cout ? flag : 0));
    }

    // ---------------------------------------------------------------- CLC STC CMC CLD STD

    static void flagOp(Core c, Insn i) {
        switch (i.sub) {
            case 0xF5 -> c.setStatusFlags(Flags.status(c) ^ CF);
            case 0xF8 -> c.setStatusFlags(Flags.status(c) & ~CF);
            case 0xF9 -> c.setStatusFlags(Flags.status(c) | CF);
            case 0xFC -> c.rflagsRest &= ~DF;
            default -> c.rflagsRest |= DF;
        }
    }
}
