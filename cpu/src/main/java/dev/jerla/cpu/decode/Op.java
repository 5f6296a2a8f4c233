package dev.jerla.cpu.decode;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/**
 * Dense operation ids of decoded instructions. An id names an operation and the form of its
 * operands (R = register, M = memory, I = immediate; destination first), so the interpreter
 * dispatches with one {@code switch} and never looks at instruction bytes again.
 * {@link Insn#sub} refines an id where a family shares one form (ALU kind, shift kind, condition).
 */
public final class Op {
    private Op() {}

    /** Raises #UD (undefined, unsupported, or LOCK on a non-lockable form). */
    public static final int UD = 0;
    /** Raises #GP (privileged instruction in user mode, instruction longer than 15 bytes). */
    public static final int GP = 1;
    public static final int NOP = 2;
    public static final int PAUSE = 3;

    // Data movement.
    public static final int MOV_RR = 4;
    public static final int MOV_RM = 5;
    public static final int MOV_MR = 6;
    public static final int MOV_RI = 7;
    public static final int MOV_MI = 8;
    /** MOVZX/MOVSX/MOVSXD: {@link Insn#size} is the destination size, {@link Insn#size2} the source size. */
    public static final int MOVZX_RR = 9;
    public static final int MOVZX_RM = 10;
    public static final int MOVSX_RR = 11;
    public static final int MOVSX_RM = 12;
    public static final int LEA = 13;
    public static final int XCHG_RR = 14;
    /** XCHG with memory: always atomic, as if LOCK-prefixed. */
    public static final int XCHG_MR = 15;
    public static final int BSWAP = 16;
    public static final int MOVBE_RM = 17;
    public static final int MOVBE_MR = 18;
    /** CMOVcc: {@link Insn#sub} is the condition code. */
    public static final int CMOV_RR = 19;
    public static final int CMOV_RM = 20;
    public static final int SETCC_R = 21;
    public static final int SETCC_M = 22;
    public static final int XLAT = 23;
    /** MOV Sreg, r/m16: {@link Insn#sub} is the segment register number. */
    public static final int MOV_TO_SREG = 24;
    /** CBW/CWDE/CDQE: sign-extends the low half of the accumulator into all of {@link Insn#size}. */
    public static final int CBW = 25;
    /** CWD/CDQ/CQO: fills rDX with the sign of rAX. */
    public static final int CWD = 26;

    // Stack.
    public static final int PUSH_R = 27;
    public static final int PUSH_M = 28;
    public static final int PUSH_I = 29;
    public static final int POP_R = 30;
    public static final int POP_M = 31;
    public static final int PUSHF = 32;
    public static final int POPF = 33;
    public static final int LAHF = 34;
    public static final int SAHF = 35;
    /** ENTER: {@link Insn#imm} is the frame size, {@link Insn#imm2} the nesting level. */
    public static final int ENTER = 36;
    public static final int LEAVE = 37;

    // Arithmetic and logic. {@link Insn#sub} is the ALU kind (Alu.ADD .. Alu.CMP) where it applies.
    public static final int ALU_RR = 38;
    public static final int ALU_RM = 39;
    public static final int ALU_MR = 40;
    public static final int ALU_RI = 41;
    public static final int ALU_MI = 42;
    public static final int ALU_MR_LOCK = 43;
    public static final int ALU_MI_LOCK = 44;
    public static final int TEST_RR = 45;
    public static final int TEST_RM = 46;
    public static final int TEST_RI = 47;
    public static final int TEST_MI = 48;
    /** INC/DEC/NOT/NEG: {@link Insn#sub} is 0 INC, 1 DEC, 2 NOT, 3 NEG. */
    public static final int UNARY_R = 49;
    public static final int UNARY_M = 50;
    public static final int UNARY_M_LOCK = 51;
    /** One-operand MUL/IMUL/DIV/IDIV: {@link Insn#sub} is the group-3 selector 4..7. */
    public static final int MULDIV_R = 52;
    public static final int MULDIV_M = 53;
    public static final int IMUL_RR = 54;
    public static final int IMUL_RM = 55;
    public static final int IMUL_RRI = 56;
    public static final int IMUL_RMI = 57;
    /** Shifts and rotates: {@link Insn#sub} is the group-2 selector; {@link Insn#imm} the count, or -1 for CL. */
    public static final int SHIFT_R = 58;
    public static final int SHIFT_M = 59;
    /** SHLD ({@link Insn#sub} 0) and SHRD (1); {@link Insn#imm} the count, or -1 for CL. */
    public static final int SHD_RR = 60;
    public static final int SHD_MR = 61;
    /** BT/BTS/BTR/BTC: {@link Insn#sub} is 0 BT, 1 BTS, 2 BTR, 3 BTC. */
    public static final int BT_RR = 62;
    public static final int BT_MR = 63;
    public static final int BT_RI = 64;
    public static final int BT_MI = 65;
    public static final int BT_MR_LOCK = 66;
    public static final int BT_MI_LOCK = 67;
    /** BSF/BSR/TZCNT/LZCNT/POPCNT: {@link Insn#sub} is one of {@link #SCAN_BSF} .. {@link #SCAN_POPCNT}. */
    public static final int BITSCAN_RR = 68;
    public static final int BITSCAN_RM = 69;
    public static final int XADD_RR = 70;
    public static final int XADD_MR = 71;
    public static final int XADD_MR_LOCK = 72;
    public static final int CMPXCHG_RR = 73;
    /** CMPXCHG with memory: always performed as one atomic compare-and-swap. */
    public static final int CMPXCHG_MR = 74;
    public static final int CMPXCHG8B = 75;
    public static final int CMPXCHG16B = 76;
    /** ADCX ({@link Insn#sub} 0) and ADOX (1). */
    public static final int ADX_RR = 77;
    public static final int ADX_RM = 78;

    // Control transfer. Direct forms hold the absolute target in {@link Insn#imm}.
    public static final int JMP = 79;
    public static final int JCC = 80;
    public static final int JMP_R = 81;
    public static final int JMP_M = 82;
    public static final int CALL = 83;
    public static final int CALL_R = 84;
    public static final int CALL_M = 85;
    /** RET and RET imm16 ({@link Insn#imm2} bytes released). */
    public static final int RET = 86;
    /** LOOPNE ({@link Insn#sub} 0), LOOPE (1), LOOP (2). */
    public static final int LOOP = 87;
    public static final int JRCXZ = 88;

    // String instructions; {@link Insn#rep} is 0, 0xF3 or 0xF2.
    public static final int MOVS = 89;
    public static final int CMPS = 90;
    public static final int STOS = 91;
    public static final int LODS = 92;
    public static final int SCAS = 93;

    /** CLC, STC, CMC, CLD, STD: {@link Insn#sub} is the opcode byte. */
    public static final int FLAGOP = 94;

    // System.
    public static final int SYSCALL = 95;
    public static final int INT3 = 96;
    public static final int CPUID = 97;
    public static final int RDTSC = 98;
    public static final int RDTSCP = 99;
    /** LFENCE, MFENCE, SFENCE: {@link Insn#sub} is the ModRM reg field 5, 6, 7. */
    public static final int FENCE = 100;

    /** SSE/SSE2 and later legacy-encoded vector instructions, executed by the FP unit. */
    public static final int SSE = 101;
    /** x87 escape opcodes D8..DF, executed by the FP unit. */
    public static final int X87 = 102;

    public static final int COUNT = 103;

    /** {@link Insn#sub} values of {@link #BITSCAN_RR} and {@link #BITSCAN_RM}. */
    public static final int SCAN_BSF = 0, SCAN_BSR = 1, SCAN_TZCNT = 2, SCAN_LZCNT = 3, SCAN_POPCNT = 4;

    private static final String[] NAMES = new String[COUNT];

    static {
        for (Field f : Op.class.getFields()) {
            if (f.getType() == int.class && Modifier.isStatic(f.getModifiers()) && !f.getName().equals("COUNT")
                    && !f.getName().startsWith("SCAN_")) {
                try {
                    NAMES[f.getInt(null)] = f.getName();
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
    }

    public static String name(int op) {
        return op >= 0 && op < COUNT && NAMES[op] != null ? NAMES[op] : "OP" + op;
    }
}
