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

    static void aluRR(Core c, Insn i) {
        int s = i.size, k = i.sub;
        long a = c.get(i.reg, s), b = c.get(i.rm, s);
        long r = compute(c, k, a, b);
        if (k != CMP) c.set(i.reg, s, r);
        flags(c, k, s, a, b, r);
    }

    static void aluRM(Core c, Insn i) {
        int s = i.size, k = i.sub;
        long b = c.load(c.ea(i), s);
        long a = c.get(i.reg, s);
        long r = compute(c, k, a, b);
        if (k != CMP) c.set(i.reg, s, r);
        flags(c, k, s, a, b, r);
    }

    static void aluMR(Core c, Insn i) {
        mem(c, i, c.get(i.reg, i.size));
    }

    static void aluRI(Core c, Insn i) {
        int s = i.size, k = i.sub;
        long a = c.get(i.reg, s), b = i.imm;
        long r = compute(c, k, a, b);
        if (k != CMP) c.set(i.reg, s, r);
        flags(c, k, s, a, b, r);
    }

    static void aluMI(Core c, Insn i) {
        mem(c, i, i.imm);
    }

    private static void mem(Core c, Insn i, long b) {
        int s = i.size, k = i.sub;
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
            case INC -> c.lazyResult(s, r, (cf ? CF : 0) | ((r << sh) == Long.MIN_VALUE ? OF : 0) | ((a ^ r) & AF));
            case DEC -> c.lazyResult(s, r, (cf ? CF : 0) | ((a << sh) == Long.MIN_VALUE ? OF : 0) | ((a ^ r) & AF));
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
