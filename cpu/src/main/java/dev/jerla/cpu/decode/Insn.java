package dev.jerla.cpu.decode;

/**
 * One decoded instruction: immutable, position-dependent (RIP-relative addresses and branch
 * targets are already absolute), shared by the interpreter and, later, the JIT.
 *
 * <p>Register operands: for register-register forms {@link #reg} is the destination and
 * {@link #rm} the source; for forms with a memory operand {@link #rm} is -1 and {@link #reg} is
 * the register operand. General registers are 0..15; byte operands AH, CH, DH, BH (ModRM
 * values 4..7 without a REX prefix) are 16..19.
 *
 * <p>Memory operand: {@code seg base + disp + base + (index << scale)}, truncated to 32 bits
 * first if {@link #addr32}. {@link #base} and {@link #index} are -1 when absent.
 */
public final class Insn {
    public static final int SEG_NONE = 0, SEG_FS = 1, SEG_GS = 2;
    /** {@link #prefix} of CRC32 with a 16-bit source: both 66 and F2. */
    public static final int PREFIX_66_F2 = 0x66F2;

    /** Address of the first byte, length in bytes, address of the next instruction. */
    public final long rip;
    public final int len;
    public final long next;

    /** {@link Op} id and its refinement (ALU kind, shift kind, condition code, ...). */
    public final int op;
    public final int sub;
    /** Operand size in bytes (1, 2, 4, 8); {@link #size2} is the source size of MOVZX/MOVSX. */
    public final int size;
    public final int size2;
    public final int reg;
    public final int rm;

    public final int base;
    public final int index;
    public final int scale;
    public final long disp;
    public final int seg;
    public final boolean addr32;

    /** Immediate (sign-extended), absolute branch target, or shift count (-1 = CL). */
    public final long imm;
    /** Second immediate: RET's release count, ENTER's nesting level. */
    public final int imm2;
    /** 0, 0xF3 (REP/REPE) or 0xF2 (REPNE): for string instructions. */
    public final int rep;

    /** For {@link Op#SSE} and {@link Op#X87}: opcode map (0 one-byte, 1 0F, 2 0F38, 3 0F3A), opcode byte, mandatory prefix, REX.W, raw ModRM. */
    public final int map;
    public final int opcode;
    public final int prefix;
    public final boolean rexW;
    public final int modrm;
    /**
     * VEX-encoded instructions ({@link Op#VEX}, {@link Op#BMI}): the extra register operand
     * VEX.vvvv (0..15, already un-inverted) and VEX.L (256-bit vectors).
     */
    public final int vvvv;
    public final boolean vexL;

    Insn(long rip, int len, int op, int sub, int size, int size2, int reg, int rm, int base, int index, int scale,
         long disp, int seg, boolean addr32, long imm, int imm2, int rep, int map, int opcode, int prefix,
         boolean rexW, int modrm, int vvvv, boolean vexL) {
        this.rip = rip;
        this.len = len;
        this.next = rip + len;
        this.op = op;
        this.sub = sub;
        this.size = size;
        this.size2 = size2;
        this.reg = reg;
        this.rm = rm;
        this.base = base;
        this.index = index;
        this.scale = scale;
        this.disp = disp;
        this.seg = seg;
        this.addr32 = addr32;
        this.imm = imm;
        this.imm2 = imm2;
        this.rep = rep;
        this.map = map;
        this.opcode = opcode;
        this.prefix = prefix;
        this.rexW = rexW;
        this.modrm = modrm;
        this.vvvv = vvvv;
        this.vexL = vexL;
    }

    /** True if the instruction always ends a straight-line run of code (it transfers control or traps). */
    public boolean endsBlock() {
        return switch (op) {
            case Op.JMP, Op.JCC, Op.JMP_R, Op.JMP_M, Op.CALL, Op.CALL_R, Op.CALL_M, Op.RET, Op.LOOP, Op.JRCXZ,
                 Op.SYSCALL, Op.INT3, Op.UD, Op.GP, Op.POPF -> true;
            default -> false;
        };
    }

    /** True if the instruction sets RIP itself (every other instruction continues at {@link #next}). */
    public boolean setsRip() {
        return switch (op) {
            case Op.JMP, Op.JCC, Op.JMP_R, Op.JMP_M, Op.CALL, Op.CALL_R, Op.CALL_M, Op.RET, Op.LOOP, Op.JRCXZ -> true;
            default -> false;
        };
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%x: %s", rip, Op.name(op)));
        if (sub != 0) sb.append('/').append(sub);
        sb.append(" size=").append(size);
        if (reg >= 0) sb.append(" reg=").append(reg);
        if (rm >= 0) sb.append(" rm=").append(rm);
        else if (base >= 0 || index >= 0 || disp != 0) {
            sb.append(" mem=[");
            if (seg == SEG_FS) sb.append("fs:");
            if (seg == SEG_GS) sb.append("gs:");
            if (base >= 0) sb.append('r').append(base);
            if (index >= 0) sb.append("+r").append(index).append('*').append(1 << scale);
            sb.append(String.format("%+#x]", disp));
        }
        if (imm != 0) sb.append(String.format(" imm=%#x", imm));
        return sb.toString();
    }
}
