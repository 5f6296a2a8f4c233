package dev.jerla.cpu.diff;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A VEX-encoded instruction form for random differential cases, one line:
 * {@code name pp opcode L W reg vvvv rm data [ib] [is4]}, for example
 * {@code vaddps NP 0F58 ? 0 x x xm F32} or {@code shlx 66 0F38F7 0 ? r r rm I64}.
 * <ul>
 * <li>pp: NP, 66, F3, F2 (the implied prefix); opcode: 0Fxx, 0F38xx or 0F3Axx, optionally /n
 *     (the ModRM.reg field is n)</li>
 * <li>L and W: 0, 1, or ? (either, chosen per case)</li>
 * <li>reg, vvvv: x vector register, r general register, - none (vvvv = 1111b)</li>
 * <li>rm: x, r, m (memory only), xm, rm (either), v (a VSIB memory operand: [rbx + xmm*scale]),
 *     - (no ModRM)</li>
 * <li>data: the kind of values in vector registers and memory; ib: an imm8; is4: an imm8 whose
 *     bits 7:4 name a fourth vector register</li>
 * </ul>
 * Cases use the three-byte C4 prefix, or the two-byte C5 one when it can express the form.
 */
public record VexTemplate(String name, int pp, int map, int opcode, int digit, int l, int w, String reg, String vvvv,
                          String rm, Values.Kind data, boolean imm, boolean is4) {

    public static VexTemplate parse(String line) {
        String[] f = line.trim().split("\\s+");
        int pp = switch (f[1]) {
            case "NP" -> 0;
            case "66" -> 1;
            case "F3" -> 2;
            case "F2" -> 3;
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
        boolean imm = false, is4 = false;
        for (int i = 9; i < f.length; i++) {
            switch (f[i]) {
                case "ib" -> imm = true;
                case "is4" -> is4 = true;
                default -> throw new IllegalArgumentException(line);
            }
        }
        return new VexTemplate(f[0], pp, map, opcode, digit, bit(f[3]), bit(f[4]), f[5], f[6], f[7],
                Values.Kind.valueOf(f[8]), imm, is4);
    }

    private static int bit(String s) {
        return s.equals("?") ? 2 : Integer.parseInt(s);
    }

    public static List<VexTemplate> parseAll(String text) {
        List<VexTemplate> l = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank() && !line.trim().startsWith("#")) l.add(parse(line));
        }
        return l;
    }

    private static final int[] FREE_GPRS = {0, 1, 2, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};

    public DiffCase randomCase(Values v) {
        MachineState s = new MachineState();
        for (int i = 0; i < 16; i++) s.gpr[i] = v.integer();
        int memOff = 0x100;
        if (v.chance(8)) memOff += new int[] {1, 4, 8, 12, 16}[v.nextInt(5)];
        long mem = DiffRunner.DATA_VA + memOff;
        s.gpr[3] = mem;
        s.gpr[7] = mem;
        s.gpr[4] = DiffRunner.STACK_VA + 0x800;
        s.rflags = v.random().nextLong() & 0x8D5;
        s.setFcw(0x037F);
        s.setFtw(0);
        s.setMxcsr(v.mxcsr());
        for (int i = 0; i < 16; i++) {
            s.setXmm(i, v.lanes(data), v.lanes(data));
            s.setYmmHi(i, v.lanes(data), v.lanes(data));
        }
        for (int i = 0; i < 64; i += 8) s.setMemLong(i, v.lanes(data));
        if (v.chance(15)) {
            // Shift counts and permutation controls mostly in range.
            for (int i = 0; i < 16; i++) s.setXmm(i, v.random().nextLong() & 0x0707070707070707L, v.nextInt(40));
        }

        boolean ll = l == 1 || (l == 2 && v.random().nextBoolean());
        boolean ww = w == 1 || (w == 2 && v.random().nextBoolean());
        int regNo = reg.equals("r") ? FREE_GPRS[v.nextInt(FREE_GPRS.length)] : v.nextInt(16);
        int vNo = vvvv.equals("-") ? 0 : vvvv.equals("r") ? FREE_GPRS[v.nextInt(FREE_GPRS.length)] : v.nextInt(16);
        boolean vsib = rm.equals("v");
        boolean memory = vsib || rm.equals("m") || ((rm.equals("xm") || rm.equals("rm")) && v.chance(50));
        String rmKind = memory ? "m" : rm.equals("xm") ? "x" : rm.equals("rm") ? "r" : rm;
        int rmNo = memory || rm.equals("-") ? -1 : rmKind.equals("r") ? FREE_GPRS[v.nextInt(FREE_GPRS.length)] : v.nextInt(16);
        int index = -1, scale = 0;
        if (vsib) {
            // Index elements small enough to stay in the data page, mask elements random.
            index = v.nextInt(16);
            while (index == regNo || index == vNo) index = v.nextInt(16);
            if (regNo == vNo) vNo = (vNo + 1) % 16;
            while (index == vNo || regNo == vNo) vNo = (vNo + 1) % 16;
            scale = v.nextInt(4);
            long[] q = new long[4];
            for (int k = 0; k < 4; k++) {
                long a = v.nextInt(8) - 2, b = v.nextInt(8) - 2;
                q[k] = (opcode & 1) != 0 ? a : (a & 0xFFFFFFFFL) | b << 32;
            }
            s.setXmm(index, q[0], q[1]);
            s.setYmmHi(index, q[2], q[3]);
            s.gpr[3] = DiffRunner.DATA_VA + 0x200;
            memOff = 0x200 + 16;
        }
        int ib = imm || is4 ? v.nextInt(256) : -1;
        if (imm && !is4 && v.chance(50)) ib = v.nextInt(32);
        if (is4) ib = (ib & 0x0F) | v.nextInt(16) << 4;
        int disp = 0;
        if (memory && !vsib && v.chance(4)) {
            memOff = 4096 - 64;
            disp = 0x20 + v.nextInt(0x20);
            s.gpr[3] = DiffRunner.DATA_VA + memOff;
        }
        int regField = digit >= 0 ? digit : regNo;
        byte[] code = encode(ll, ww, regField, vNo, rmNo, disp, ib, index, scale, v.random().nextBoolean());
        String text = name + (ll ? ".256" : "") + (ww ? ".W1" : "") + " reg=" + regField + " vvvv=" + vNo
                + (rm.equals("-") ? "" : memory ? (vsib ? " [rbx+v" + index + "*" + (1 << scale) + "]" : disp != 0 ? " [rbx+" + disp + "]" : " [rbx]") : " rm=" + rmNo)
                + (ib >= 0 ? " imm=" + ib : "");
        return new DiffCase(text, code, Math.min(memOff, 4096 - 64), s);
    }

    /** C4/C5 prefix, opcode, ModRM ([rbx], [rbx+disp8] or VSIB [rbx+index*scale]), imm8. */
    public byte[] encode(boolean ll, boolean ww, int regField, int vNo, int rmNo, int disp, int ib, int index, int scale,
                         boolean preferShort) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int r = (regField >> 3) & 1;
        int x = index >= 0 ? (index >> 3) & 1 : 0;
        int bb = rmNo >= 0 ? (rmNo >> 3) & 1 : 0;
        int last = (~vNo & 15) << 3 | (ll ? 4 : 0) | pp;
        if (preferShort && map == 1 && !ww && x == 0 && bb == 0) {
            b.write(0xC5);
            b.write((r ^ 1) << 7 | last);
        } else {
            b.write(0xC4);
            b.write((r ^ 1) << 7 | (x ^ 1) << 6 | (bb ^ 1) << 5 | map);
            b.write((ww ? 0x80 : 0) | last);
        }
        b.write(opcode);
        if (!rm.equals("-")) {
            if (index >= 0) {
                b.write((regField & 7) << 3 | 4);
                b.write(scale << 6 | (index & 7) << 3 | 3);
            } else if (rmNo >= 0) {
                b.write(0xC0 | (regField & 7) << 3 | (rmNo & 7));
            } else if (disp != 0) {
                b.write(0x40 | (regField & 7) << 3 | 3);
                b.write(disp);
            } else {
                b.write((regField & 7) << 3 | 3);
            }
        }
        if (ib >= 0) b.write(ib);
        return b.toByteArray();
    }
}
