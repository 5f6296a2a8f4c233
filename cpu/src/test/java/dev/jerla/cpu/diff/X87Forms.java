package dev.jerla.cpu.diff;

import java.util.ArrayList;
import java.util.List;

/**
 * Random differential cases for the x87 unit: every opcode D8-DF in its memory form (per ModRM
 * digit, with an operand of the matching type in the buffer at [rbx]) and register form (per
 * ModRM row, with a random ST(i)), from random register contents, stack top, tags, control word
 * and status word.
 */
public final class X87Forms {
    private X87Forms() {}

    /** The kind of a memory operand: NONE for register forms, OUT for a destination only. */
    public enum Mem { NONE, OUT, F32, F64, F80, I16, I32, I64, BCD, ENV }

    /** One form: opcode, and either a ModRM digit with a memory operand or a register-form ModRM base (low 3 bits random if {@code rows}). */
    public record Form(String name, int opcode, int digit, Mem mem, int modrm, boolean row) {
        public DiffCase randomCase(Values v) {
            MachineState s = new MachineState();
            for (int i = 0; i < 16; i++) s.gpr[i] = v.integer();
            int memOff = 0x100;
            s.gpr[3] = DiffRunner.DATA_VA + memOff;
            s.gpr[4] = DiffRunner.STACK_VA + 0x800;
            s.rflags = v.random().nextLong() & 0x8D5;
            s.setFcw(v.fcw());
            int top = v.nextInt(8);
            int fsw = top << 11 | (v.chance(50) ? v.nextInt(0x10000) & 0x4700 : 0);
            if (v.chance(20)) fsw |= v.nextInt(64);
            if ((fsw & ~s.fcw() & 0x3F) != 0) {
                // A pending unmasked exception: keep it only sometimes (then the instruction takes #MF).
                if (v.chance(70)) fsw &= ~0x3F;
                else fsw |= 0x8080;
            }
            s.setFsw(fsw);
            s.setFtw(v.chance(50) ? 0xFF : v.chance(50) ? v.nextInt(256) : ~(0xFF << v.nextInt(9)) & 0xFF);
            s.setMxcsr(0x1F80);
            for (int i = 0; i < 8; i++) {
                long[] x = v.f80();
                s.setSt(i, (int) x[0], x[1]);
            }
            for (int i = 0; i < 16; i++) s.setXmm(i, v.integer(), v.integer());
            for (int i = 0; i < 64; i += 8) s.setMemLong(i, v.integer());
            fillOperand(v, s);
            byte[] code;
            String text;
            if (mem != Mem.NONE) {
                code = new byte[] {(byte) opcode, (byte) (digit << 3 | 3)};
                text = name + " [rbx]";
            } else {
                int rm = row ? modrm | v.nextInt(8) : modrm;
                code = new byte[] {(byte) opcode, (byte) rm};
                text = name + (row ? " st(" + (rm & 7) + ")" : "");
            }
            return new DiffCase(text, code, memOff, s);
        }

        private void fillOperand(Values v, MachineState s) {
            switch (mem) {
                case F32 -> s.setMemLong(0, v.f32() & 0xFFFFFFFFL);
                case F64 -> s.setMemLong(0, v.f64());
                case F80 -> {
                    long[] x = v.f80();
                    s.setMemLong(0, x[1]);
                    s.mem[8] = (byte) x[0];
                    s.mem[9] = (byte) (x[0] >>> 8);
                }
                case I16 -> s.setMemLong(0, v.integer() & 0xFFFF);
                case I32 -> s.setMemLong(0, v.integer() & 0xFFFFFFFFL);
                case I64 -> s.setMemLong(0, v.integer());
                case BCD -> {
                    long lo = 0;
                    for (int k = 0; k < 16; k++) lo |= (long) (v.chance(3) ? 10 + v.nextInt(6) : v.nextInt(10)) << (4 * k);
                    int n = v.nextInt(19);
                    if (n < 16) lo &= n == 0 ? 0 : -1L >>> (64 - 4 * n);
                    s.setMemLong(0, lo);
                    s.mem[8] = (byte) (n > 16 ? v.nextInt(10) * 17 : 0);
                    s.mem[9] = (byte) (v.chance(50) ? 0x80 : v.chance(5) ? v.nextInt(256) : 0);
                }
                case ENV -> {
                    // A plausible environment: control and status words, tag word, pointers.
                    s.setMemLong(0, (v.fcw() & 0xFFFFL) | (long) (v.nextInt(8) << 11 | v.nextInt(0x10000) & 0x473F) << 32);
                    s.setMemLong(8, v.chance(50) ? 0 : v.random().nextLong() & 0xFFFF);
                }
                default -> { }
            }
        }
    }

    public static List<Form> all() {
        List<Form> l = new ArrayList<>();
        String[] arith = {"fadd", "fmul", "fcom", "fcomp", "fsub", "fsubr", "fdiv", "fdivr"};
        for (int d = 0; d < 8; d++) {
            l.add(mem(arith[d] + " m32fp", 0xD8, d, Mem.F32));
            l.add(mem(arith[d] + " m64fp", 0xDC, d, Mem.F64));
            l.add(mem("fi" + arith[d].substring(1) + " m32int", 0xDA, d, Mem.I32));
            l.add(mem("fi" + arith[d].substring(1) + " m16int", 0xDE, d, Mem.I16));
            l.add(row(arith[d] + " st0,", 0xD8, 0xC0 | d << 3));
            l.add(row(new String[] {"fadd", "fmul", "fcom2", "fcomp3", "fsubr", "fsub", "fdivr", "fdiv"}[d] + " (to st(i))", 0xDC, 0xC0 | d << 3));
            if (d != 3) l.add(row(new String[] {"faddp", "fmulp", "fcomp5", "", "fsubrp", "fsubp", "fdivrp", "fdivp"}[d], 0xDE, 0xC0 | d << 3));
        }
        l.add(reg("fcompp", 0xDE, 0xD9));
        l.add(mem("fld m32fp", 0xD9, 0, Mem.F32));
        l.add(mem("fst m32fp", 0xD9, 2, Mem.F32));
        l.add(mem("fstp m32fp", 0xD9, 3, Mem.F32));
        l.add(mem("fldenv", 0xD9, 4, Mem.ENV));
        l.add(mem("fldcw", 0xD9, 5, Mem.I16));
        l.add(mem("fnstenv", 0xD9, 6, Mem.OUT));
        l.add(mem("fnstcw", 0xD9, 7, Mem.OUT));
        l.add(mem("fild m32int", 0xDB, 0, Mem.I32));
        l.add(mem("fisttp m32int", 0xDB, 1, Mem.I32));
        l.add(mem("fist m32int", 0xDB, 2, Mem.I32));
        l.add(mem("fistp m32int", 0xDB, 3, Mem.I32));
        l.add(mem("fld m80fp", 0xDB, 5, Mem.F80));
        l.add(mem("fstp m80fp", 0xDB, 7, Mem.F80));
        l.add(mem("fld m64fp", 0xDD, 0, Mem.F64));
        l.add(mem("fisttp m64int", 0xDD, 1, Mem.I64));
        l.add(mem("fst m64fp", 0xDD, 2, Mem.F64));
        l.add(mem("fstp m64fp", 0xDD, 3, Mem.F64));
        l.add(mem("frstor", 0xDD, 4, Mem.ENV));
        l.add(mem("fnsave", 0xDD, 6, Mem.OUT));
        l.add(mem("fnstsw m16", 0xDD, 7, Mem.OUT));
        l.add(mem("fild m16int", 0xDF, 0, Mem.I16));
        l.add(mem("fisttp m16int", 0xDF, 1, Mem.I16));
        l.add(mem("fist m16int", 0xDF, 2, Mem.I16));
        l.add(mem("fistp m16int", 0xDF, 3, Mem.I16));
        l.add(mem("fbld", 0xDF, 4, Mem.BCD));
        l.add(mem("fild m64int", 0xDF, 5, Mem.I64));
        l.add(mem("fbstp", 0xDF, 6, Mem.BCD));
        l.add(mem("fistp m64int", 0xDF, 7, Mem.I64));
        l.add(row("fld", 0xD9, 0xC0));
        l.add(row("fxch", 0xD9, 0xC8));
        l.add(reg("fnop", 0xD9, 0xD0));
        l.add(row("fstp1", 0xD9, 0xD8));
        String[] d9 = {"fchs", "fabs", null, null, "ftst", "fxam", null, null, "fld1", "fldl2t", "fldl2e", "fldpi", "fldlg2", "fldln2", "fldz", null,
                null, null, null, null, "fxtract", "fprem1", "fdecstp", "fincstp", "fprem", null, "fsqrt", null, "frndint", "fscale", null, null};
        for (int k = 0; k < 32; k++) if (d9[k] != null) l.add(reg(d9[k], 0xD9, 0xE0 + k));
        String[] cmov = {"fcmovb", "fcmove", "fcmovbe", "fcmovu", "fcmovnb", "fcmovne", "fcmovnbe", "fcmovnu"};
        for (int k = 0; k < 4; k++) l.add(row(cmov[k], 0xDA, 0xC0 | k << 3));
        for (int k = 0; k < 4; k++) l.add(row(cmov[k + 4], 0xDB, 0xC0 | k << 3));
        l.add(reg("fucompp", 0xDA, 0xE9));
        l.add(reg("fnclex", 0xDB, 0xE2));
        l.add(reg("fninit", 0xDB, 0xE3));
        l.add(row("fucomi", 0xDB, 0xE8));
        l.add(row("fcomi", 0xDB, 0xF0));
        l.add(row("ffree", 0xDD, 0xC0));
        l.add(row("fxch4", 0xDD, 0xC8));
        l.add(row("fst", 0xDD, 0xD0));
        l.add(row("fstp", 0xDD, 0xD8));
        l.add(row("fucom", 0xDD, 0xE0));
        l.add(row("fucomp", 0xDD, 0xE8));
        l.add(row("ffreep", 0xDF, 0xC0));
        l.add(row("fxch7", 0xDF, 0xC8));
        l.add(row("fstp8", 0xDF, 0xD0));
        l.add(row("fstp9", 0xDF, 0xD8));
        l.add(reg("fnstsw ax", 0xDF, 0xE0));
        l.add(row("fucomip", 0xDF, 0xE8));
        l.add(row("fcomip", 0xDF, 0xF0));
        return l;
    }

    /** The transcendental instructions, computed by Jerla through binary64 (compared with a tolerance). */
    public static List<Form> transcendental() {
        List<Form> l = new ArrayList<>();
        String[] names = {"f2xm1", "fyl2x", "fptan", "fpatan", null, null, null, null, null, "fyl2xp1", null, "fsincos", null, null, "fsin", "fcos"};
        for (int k = 0; k < 16; k++) if (names[k] != null) l.add(reg(names[k], 0xD9, 0xF0 + k));
        return l;
    }

    private static Form mem(String name, int opcode, int digit, Mem kind) {
        return new Form(name, opcode, digit, kind, 0, false);
    }

    private static Form reg(String name, int opcode, int modrm) {
        return new Form(name, opcode, -1, Mem.NONE, modrm, false);
    }

    private static Form row(String name, int opcode, int modrm) {
        return new Form(name, opcode, -1, Mem.NONE, modrm, true);
    }
}
