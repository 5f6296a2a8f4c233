package dev.jerla.cpu.diff;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * An instruction form for random differential cases, written as one line:
 * {@code name prefix opcode reg rm data [options]}, for example
 * {@code addps NP 0F58 x xm F32} or {@code psrlw NP 0F71/2 - mm I16 ib}.
 * <ul>
 * <li>prefix: NP (none), 66, F3, F2</li>
 * <li>opcode: 0Fxx, 0F38xx or 0F3Axx, optionally /n: the ModRM.reg field is the digit n</li>
 * <li>reg (ModRM.reg) and rm (ModRM.rm): x XMM, mm MMX, r general register, m memory only, and
 *     the either-or forms xm, mmm, rm; '-' for none</li>
 * <li>data: the kind of values in the vector registers and the memory buffer (Values.Kind)</li>
 * <li>options: ib (an imm8), W (REX.W), W? (REX.W either way)</li>
 * </ul>
 * Memory operands are [rbx]; RBX and RDI point at the buffer, RSP into the stack page.
 */
public record InsnTemplate(String name, int prefix, int map, int opcode, int digit, String reg, String rm,
                           Values.Kind data, boolean imm, int rexW) {

    public static InsnTemplate parse(String line) {
        String[] f = line.trim().split("\\s+");
        int prefix = switch (f[1]) {
            case "NP" -> 0;
            case "66" -> 0x66;
            case "F3" -> 0xF3;
            case "F2" -> 0xF2;
            default -> throw new IllegalArgumentException(line);
        };
        String op = f[2];
        int digit = -1;
        int slash = op.indexOf('/');
        if (slash >= 0) {
            digit = Integer.parseInt(op.substring(slash + 1));
            op = op.substring(0, slash);
        }
        int map = op.startsWith("0F38") ? 2 : op.startsWith("0F3A") ? 3 : 1;
        int opcode = Integer.parseInt(op.substring(map == 1 ? 2 : 4), 16);
        boolean imm = false;
        int w = 0;
        for (int i = 6; i < f.length; i++) {
            switch (f[i]) {
                case "ib" -> imm = true;
                case "W" -> w = 1;
                case "W?" -> w = 2;
                default -> throw new IllegalArgumentException(line);
            }
        }
        return new InsnTemplate(f[0], prefix, map, opcode, digit, f[3], f[4], Values.Kind.valueOf(f[5]), imm, w);
    }

    public static List<InsnTemplate> parseAll(String text) {
        List<InsnTemplate> l = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank() && !line.trim().startsWith("#")) l.add(parse(line));
        }
        return l;
    }

    private static final String[] GPR = DiffRunner.REG_NAMES;
    /** General registers an operand may use: not RSP (the stack) nor RBX (the memory operand's base). */
    private static final int[] FREE_GPRS = {0, 1, 2, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};

    /** A random case of this form. */
    public DiffCase randomCase(Values v) {
        MachineState s = new MachineState();
        for (int i = 0; i < 16; i++) s.gpr[i] = v.integer();
        int memOff = 0x100;
        if (v.chance(8)) memOff += new int[] {1, 4, 8, 12}[v.nextInt(4)];
        long mem = DiffRunner.DATA_VA + memOff;
        s.gpr[3] = mem;
        s.gpr[7] = mem;
        s.gpr[4] = DiffRunner.STACK_VA + 0x800;
        s.rflags = v.random().nextLong() & 0x8D5;
        s.setFcw(0x037F);
        if (v.chance(30)) s.setFsw(v.nextInt(8) << 11);
        s.setFtw(v.chance(50) ? 0 : v.nextInt(256));
        s.setMxcsr(v.mxcsr());
        for (int i = 0; i < 8; i++) s.setSt(i, v.chance(50) ? 0xFFFF : v.nextInt(0x10000), v.lanes(data));
        for (int i = 0; i < 16; i++) s.setXmm(i, v.lanes(data), v.lanes(data));
        for (int i = 0; i < 64; i += 8) s.setMemLong(i, v.lanes(data));

        int regNo = pick(v, reg);
        boolean memory = rm.equals("m") || (rm.length() > 1 && rm.endsWith("m") && v.chance(50));
        String rmKind = memory ? "m" : rm.equals("xm") ? "x" : rm.equals("mmm") ? "mm" : rm.equals("rm") ? "r" : rm;
        int rmNo = memory ? -1 : pick(v, rmKind);
        boolean w = rexW == 1 || (rexW == 2 && v.random().nextBoolean());
        int ib = imm ? immediate(v) : -1;
        int disp = 0;
        if (memory && v.chance(4)) {
            // An operand that runs into the unmapped page after the data page.
            memOff = 4096 - 64;
            disp = 0x38 + v.nextInt(8);
            s.gpr[3] = DiffRunner.DATA_VA + memOff;
        }
        byte[] code = encode(w, digit >= 0 ? digit : regNo, rmNo, disp, ib);
        String text = name + " " + operand(reg, regNo, w) + (reg.equals("-") ? "" : ", ")
                + (memory ? disp != 0 ? "[rbx+" + disp + "]" : "[rbx]" : operand(rmKind, rmNo, w))
                + (imm ? ", " + ib : "") + (w ? " (REX.W)" : "");
        return new DiffCase(text, code, memOff, s);
    }

    private int immediate(Values v) {
        // Mostly small values (shift counts, predicates, lane numbers), sometimes any byte.
        return v.chance(70) ? v.nextInt(20) : v.nextInt(256);
    }

    private static int pick(Values v, String kind) {
        return switch (kind) {
            case "x" -> v.nextInt(16);
            case "mm" -> v.nextInt(8);
            case "r" -> FREE_GPRS[v.nextInt(FREE_GPRS.length)];
            default -> 0;
        };
    }

    private static String operand(String kind, int n, boolean w) {
        return switch (kind) {
            case "x" -> "xmm" + n;
            case "mm" -> "mm" + n;
            case "r" -> w ? GPR[n] : n >= 8 ? GPR[n] + "d" : "e" + GPR[n].substring(1);
            default -> "";
        };
    }

    /** prefix, REX, 0F [38|3A] opcode, ModRM ([rbx] or [rbx+disp8] for memory), imm8. */
    public byte[] encode(boolean w, int regField, int rmReg, int disp, int ib) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        if (prefix != 0) b.write(prefix);
        int rex = (w ? 8 : 0) | ((regField >> 3) & 1) << 2 | (rmReg >= 0 ? (rmReg >> 3) & 1 : 0);
        if (rex != 0) b.write(0x40 | rex);
        b.write(0x0F);
        if (map == 2) b.write(0x38);
        if (map == 3) b.write(0x3A);
        b.write(opcode);
        if (rm.equals("-")) return b.toByteArray();
        if (rmReg >= 0) {
            b.write(0xC0 | (regField & 7) << 3 | (rmReg & 7));
        } else if (disp != 0) {
            b.write(0x40 | (regField & 7) << 3 | 3);
            b.write(disp);
        } else {
            b.write((regField & 7) << 3 | 3);
        }
        if (ib >= 0) b.write(ib);
        return b.toByteArray();
    }
}
