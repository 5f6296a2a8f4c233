package dev.jerla.cpu.exec;

import dev.jerla.cpu.Cpu;
import dev.jerla.cpu.decode.Insn;

/**
 * Near JMP, Jcc, CALL, RET, LOOP/LOOPE/LOOPNE and JRCXZ. Each sets RIP, taken or not.
 * Indirect targets are read before anything is pushed, so {@code call *(%rsp)} uses the old RSP.
 */
final class Branches {
    private Branches() {}

    static void jmp(Core c, Insn i) {
        c.rip = i.imm;
    }

    static void jcc(Core c, Insn i) {
        c.rip = Flags.cond(c, i.sub) ? i.imm : i.next;
    }

    static void jmpR(Core c, Insn i) {
        c.rip = c.regs[i.reg];
    }

    static void jmpM(Core c, Insn i) {
        c.rip = c.load(c.ea(i), 8);
    }

    static void call(Core c, Insn i) {
        Stack.push(c, 8, i.next);
        c.rip = i.imm;
    }

    static void callR(Core c, Insn i) {
        long target = c.regs[i.reg];
        Stack.push(c, 8, i.next);
        c.rip = target;
    }

    static void callM(Core c, Insn i) {
        long target = c.load(c.ea(i), 8);
        Stack.push(c, 8, i.next);
        c.rip = target;
    }

    static void ret(Core c, Insn i) {
        long sp = c.regs[Cpu.RSP];
        long target = c.load(sp, 8);
        c.regs[Cpu.RSP] = sp + 8 + i.imm2;
        c.rip = target;
    }

    /** LOOPNE (sub 0), LOOPE (1), LOOP (2): decrement rCX (ECX with a 67 prefix) without touching flags. */
    static void loop(Core c, Insn i) {
        long n = c.regs[Cpu.RCX] - 1;
        if (i.addr32) n &= 0xFFFFFFFFL;
        c.regs[Cpu.RCX] = n;
        boolean taken = n != 0 && (i.sub == 2 || Flags.zf(c) == (i.sub == 1));
        c.rip = taken ? i.imm : i.next;
    }

    static void jrcxz(Core c, Insn i) {
        long n = c.regs[Cpu.RCX];
        if (i.addr32) n &= 0xFFFFFFFFL;
        c.rip = n == 0 ? i.imm : i.next;
    }
}
