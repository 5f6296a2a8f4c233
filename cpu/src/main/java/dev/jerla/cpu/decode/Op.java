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

    // Arithmetic and logic: each form is a block of eight ids, one per ALU kind in opcode order
    // (ADD OR ADC SBB AND SUB XOR CMP = the ModRM reg field of group 1), so the id alone
    // selects the operation; {@link Insn#sub} repeats the kind.
    public static final int ALU_RR = 38;
    public static final int ALU_RM = 46;
    public static final int ALU_MR = 54;
    public static final int ALU_RI = 62;
    public static final int ALU_MI = 70;
    public static final int ALU_MR_LOCK = 78;
    public static final int ALU_MI_LOCK = 79;
    public static final int TEST_RR = 80;
    public static final int TEST_RM = 81;
    public static final int TEST_RI = 82;
    public static final int TEST_MI = 83;
    /** INC/DEC/NOT/NEG: {@link Insn#sub} is 0 INC, 1 DEC, 2 NOT, 3 NEG. */
    public static final int UNARY_R = 84;
    public static final int UNARY_M = 85;
    public static final int UNARY_M_LOCK = 86;
    /** One-operand MUL/IMUL/DIV/IDIV: {@link Insn#sub} is the group-3 selector 4..7. */
    public static final int MULDIV_R = 87;
    public static final int MULDIV_M = 88;
    public static final int IMUL_RR = 89;
    public static final int IMUL_RM = 90;
    public static final int IMUL_RRI = 91;
    public static final int IMUL_RMI = 92;

    /** Register forms of SHL/SAL, SHR and SAR: the common shifts, kept apart from the rotates. */
    public static final int SHL_R = 93;
    public static final int SHR_R = 94;
    public static final int SAR_R = 95;
    /**
     * Group 2: rotates of a register ({@code SHIFT_R}) and every shift or rotate of memory
     * ({@code SHIFT_M}); {@link Insn#sub} is the ModRM reg field, {@link Insn#imm} the count or
     * -1 for CL (as for the three above).
     */
    public static final int SHIFT_R = 96;
    public static final int SHIFT_M = 97;
    /** SHLD ({@link Insn#sub} 0) and SHRD (1); {@link Insn#imm} the count, or -1 for CL. */
    public static final int SHD_RR = 98;
    public static final int SHD_MR = 99;
    /** BT/BTS/BTR/BTC: {@link Insn#sub} is 0 BT, 1 BTS, 2 BTR, 3 BTC. */
    public static final int BT_RR = 100;
    public static final int BT_MR = 101;
    public static final int BT_RI = 102;
    public static final int BT_MI = 103;
    public static final int BT_MR_LOCK = 104;
    public static final int BT_MI_LOCK = 105;
    /** BSF/BSR/TZCNT/LZCNT/POPCNT: {@link Insn#sub} is one of {@link #SCAN_BSF} .. {@link #SCAN_POPCNT}. */
    public static final int BITSCAN_RR = 106;
    public static final int BITSCAN_RM = 107;
    public static final int XADD_RR = 108;
    public static final int XADD_MR = 109;
    public static final int XADD_MR_LOCK = 110;
    public static final int CMPXCHG_RR = 111;
    /** CMPXCHG with memory: always performed as one atomic compare-and-swap. */
    public static final int CMPXCHG_MR = 112;
    public static final int CMPXCHG8B = 113;
    public static final int CMPXCHG16B = 114;
    /** ADCX ({@link Insn#sub} 0) and ADOX (1). */
    public static final int ADX_RR = 115;
    public static final int ADX_RM = 116;

    // Control transfer. Direct forms hold the absolute target in {@link Insn#imm}.
    public static final int JMP = 117;
    public static final int JCC = 118;
    public static final int JMP_R = 119;
    public static final int JMP_M = 120;
    public static final int CALL = 121;
    public static final int CALL_R = 122;
    public static final int CALL_M = 123;
    /** RET and RET imm16 ({@link Insn#imm2} bytes released). */
    public static final int RET = 124;
    /** LOOPNE ({@link Insn#sub} 0), LOOPE (1), LOOP (2). */
    public static final int LOOP = 125;
    public static final int JRCXZ = 126;

    // String instructions; {@link Insn#rep} is 0, 0xF3 or 0xF2.
    public static final int MOVS = 127;
    public static final int CMPS = 128;
    public static final int STOS = 129;
    public static final int LODS = 130;
    public static final int SCAS = 131;

    /** CLC, STC, CMC, CLD, STD: {@link Insn#sub} is the opcode byte. */
    public static final int FLAGOP = 132;

    // System.
    public static final int SYSCALL = 133;
    public static final int INT3 = 134;
    public static final int CPUID = 135;
    public static final int RDTSC = 136;
    public static final int RDTSCP = 137;
    /** LFENCE, MFENCE, SFENCE: {@link Insn#sub} is the ModRM reg field 5, 6, 7. */
    public static final int FENCE = 138;

    /** SSE/SSE2 and later legacy-encoded vector instructions, executed by the FP unit. */
    public static final int SSE = 139;
    /** x87 escape opcodes D8..DF, executed by the FP unit. */
    public static final int X87 = 140;

    /** VEX-encoded vector instructions (AVX, AVX2, FMA, F16C, VEX forms of AES), executed by the FP unit. */
    public static final int VEX = 141;
    /**
     * VEX-encoded general-register instructions of BMI1/BMI2: {@link Insn#sub} is one of
     * {@link #BMI_ANDN} .. {@link #BMI_RORX}; {@link Insn#rm} is -1 for a memory source.
     */
    public static final int BMI = 142;
    /** XGETBV: EDX:EAX = XCR[ECX]. */
    public static final int XGETBV = 143;
    /** RDRAND ({@link Insn#sub} 6) and RDSEED (7) of {@link Insn#reg}. */
    public static final int RDRAND = 144;
    /** FWAIT: delivers a pending unmasked x87 exception. */
    public static final int FWAIT = 145;

    public static final int COUNT = 146;

    /** {@link Insn#sub} values of {@link #BITSCAN_RR} and {@link #BITSCAN_RM}. */
    public static final int SCAN_BSF = 0, SCAN_BSR = 1, SCAN_TZCNT = 2, SCAN_LZCNT = 3, SCAN_POPCNT = 4;

    /** {@link Insn#sub} values of {@link #BMI}. */
    public static final int BMI_ANDN = 0, BMI_BEXTR = 1, BMI_BLSR = 2, BMI_BLSMSK = 3, BMI_BLSI = 4, BMI_BZHI = 5,
            BMI_MULX = 6, BMI_PDEP = 7, BMI_PEXT = 8, BMI_SARX = 9, BMI_SHLX = 10, BMI_SHRX = 11, BMI_RORX = 12;

    private static final String[] NAMES = new String[COUNT];

    static {
        for (Field f : Op.class.getFields()) {
            if (f.getType() == int.class && Modifier.isStatic(f.getModifiers()) && !f.getName().equals("COUNT")
                    && !f.getName().startsWith("SCAN_") && !f.getName().startsWith("BMI_")) {
                try {
                    NAMES[f.getInt(null)] = f.getName();
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
    }

    private static final String[] ALU_KINDS = {"ADD", "OR", "ADC", "SBB", "AND", "SUB", "XOR", "CMP"};

    public static String name(int op) {
        if (op >= ALU_RR && op < ALU_MI + 8) {
            int base = ALU_RR + (op - ALU_RR) / 8 * 8;
            return NAMES[base].replace("ALU", ALU_KINDS[op - base]);
        }
        return op >= 0 && op < COUNT && NAMES[op] != null ? NAMES[op] : "OP" + op;
    }
}
