package dev.jerla.cpu.exec;

import dev.jerla.cpu.Cpu;
import dev.jerla.cpu.decode.Insn;
import dev.jerla.cpu.mem.GuestFault;

import static dev.jerla.cpu.exec.Flags.*;

/**
 * PUSH, POP, PUSHF, POPF, LAHF, SAHF, ENTER, LEAVE. The stack is written before RSP moves,
 * so a fault leaves RSP where it was.
 */
final class Stack {
    private Stack() {}

    private static final int RSP = Cpu.RSP, RBP = Cpu.RBP;

    static void push(Core c, int size, long v) {
        long sp = c.regs[RSP] - size;
        c.store(sp, size, v);
        c.regs[RSP] = sp;
    }

    static void pushR(Core c, Insn i) {
        push(c, i.size, c.get(i.reg, i.size));
    }

    static void pushM(Core c, Insn i) {
        push(c, i.size, c.load(c.ea(i), i.size));
    }

    static void pushI(Core c, Insn i) {
        push(c, i.size, i.imm);
    }

    /** POP into RSP keeps the popped value, not the incremented pointer. */
    static void popR(Core c, Insn i) {
        int s = i.size;
        long v = c.load(c.regs[RSP], s);
        c.regs[RSP] += s;
        c.set(i.reg, s, v);
    }

    /** A memory destination of POP is addressed with RSP already incremented (Intel SDM POP). */
    static void popM(Core c, Insn i) {
        int s = i.size;
        long sp = c.regs[RSP];
        long v = c.load(sp, s);
        c.regs[RSP] = sp + s;
        try {
            c.store(c.ea(i), s, v);
        } catch (GuestFault f) {
            c.regs[RSP] = sp;
            throw f;
        }
    }

    static void pushf(Core c, Insn i) {
        push(c, i.size, c.rflags());
    }

    /** POPF at CPL 3: IF, IOPL, VM and RF stay as they are; a 16-bit POPF changes only the low word. */
    static void popf(Core c, Insn i) {
        int s = i.size;
        long v = c.load(c.regs[RSP], s);
        c.regs[RSP] += s;
        long writable = s == 2 ? USER_WRITABLE & 0xFFFF : USER_WRITABLE;
        long rest = writable & ~STATUS;
        c.rflagsRest = (c.rflagsRest & ~rest) | (v & rest) | FIXED;
        c.setStatusFlags(v);
    }

    static void lahf(Core c, Insn i) {
        long f = Flags.status(c) & (SF | ZF | AF | PF | CF);
        c.set(16, 1, f | 2);
    }

    static void sahf(Core c, Insn i) {
        long ah = c.get(16, 1);
        c.setStatusFlags((Flags.status(c) & OF) | (ah & (SF | ZF | AF | PF | CF)));
    }

    /** ENTER imm16, imm8: the nesting level is taken modulo 32. */
    static void enter(Core c, Insn i) {
        int s = i.size;
        long frameSize = i.imm & 0xFFFF;
        int level = i.imm2 & 31;
        long sp = c.regs[RSP] - s;
        c.store(sp, s, c.get(RBP, s));
        long frame = sp;
        if (level > 0) {
            long bp = c.regs[RBP];
            for (int k = 1; k < level; k++) {
                bp -= s;
                sp -= s;
                c.store(sp, s, c.load(bp, s));
            }
            sp -= s;
            c.store(sp, s, frame);
        }
        sp -= frameSize;
        c.set(RBP, s, frame);
        c.regs[RSP] = sp;
    }

    static void leave(Core c, Insn i) {
        int s = i.size;
        long bp = c.regs[RBP];
        long v = c.load(bp, s);
        c.regs[RSP] = bp + s;
        c.set(RBP, s, v);
    }
}
