package dev.jerla.cpu.decode;

import dev.jerla.cpu.mem.GuestFault;

import java.util.ArrayList;

import static dev.jerla.cpu.decode.Op.*;

/**
 * Decodes x86-64 user-mode instructions into {@link Insn}. Follows the Intel SDM volume 2
 * opcode maps (appendix A): legacy prefixes, REX, ModRM/SIB with RIP-relative addressing, the
 * one-byte map, 0F, 0F 38 and 0F 3A. Every byte sequence decodes to something: what Jerla does
 * not implement becomes {@link Op#UD}, which raises #UD only if it is executed.
 * Not thread-safe; one decoder per CPU.
 */
public final class Decoder {
    /** The architectural limit; a longer instruction raises #GP. */
    public static final int MAX_LENGTH = 15;

    private static final TooLong TOO_LONG = new TooLong();

    private final CodeBytes code;
    private long start, pc;

    // Prefixes of the instruction being decoded.
    private int rex;
    private boolean opsize16, addr32, lock;
    private int rep, seg;

    // ModRM of the instruction being decoded.
    private int modrm, mod, regField, rmReg;
    private boolean memory, ripRelative;

    // The fields of the Insn being built.
    private int op, sub, size, size2, reg, rm, base, index, scale, imm2, map, opcode;
    private long disp, imm;
    private boolean relative;
    // VEX.vvvv (un-inverted) and VEX.L of a VEX-encoded instruction.
    private int vvvv;
    private boolean vexL;

    public Decoder(CodeBytes code) {
        this.code = code;
    }

    /** Decodes the instruction at {@code rip}. @throws GuestFault if a byte cannot be fetched. */
    public Insn decode(long rip) {
        start = pc = rip;
        rex = 0;
        opsize16 = addr32 = lock = false;
        rep = seg = 0;
        modrm = -1;
        mod = regField = 0;
        rmReg = -1;
        memory = ripRelative = relative = false;
        op = UD;
        sub = size2 = scale = imm2 = map = opcode = vvvv = 0;
        vexL = false;
        size = 4;
        reg = rm = base = index = -1;
        disp = imm = 0;
        try {
            decodeInstruction();
        } catch (TooLong e) {
            op = GP;
            pc = start + MAX_LENGTH;
            ripRelative = relative = false;
        }
        if (lock && !lockable(op)) op = UD;
        long next = pc;
        if (ripRelative) {
            disp += next;
            if (addr32) disp &= 0xFFFFFFFFL;
        }
        if (relative) imm += next;
        int prefix = rep != 0 ? rep : opsize16 ? 0x66 : 0;
        // CRC32 r32, r/m16 is the one form where both 66 (operand size) and F2 (mandatory) count.
        if (op == SSE && map == 2 && opcode == 0xF1 && rep == 0xF2 && opsize16) prefix = Insn.PREFIX_66_F2;
        return new Insn(start, (int) (next - start), op, sub, size, size2, reg, rm, base, index, scale, disp, seg,
                addr32, imm, imm2, rep, map, opcode, prefix, (rex & 8) != 0, modrm, vvvv, vexL);
    }

    /**
     * Decodes straight-line code starting at {@code rip}: up to {@code max} instructions, ending
     * after an instruction that transfers control or traps, or after the instruction that reaches
     * the end of {@code rip}'s page. An instruction whose bytes cannot be fetched ends the run
     * before it; only a fault on the first instruction propagates.
     */
    public Insn[] decodeBlock(long rip, int max) {
        ArrayList<Insn> out = new ArrayList<>();
        long pageEnd = (rip & ~0xFFFL) + 0x1000;
        long at = rip;
        while (true) {
            Insn in;
            try {
                in = decode(at);
            } catch (GuestFault f) {
                if (out.isEmpty()) throw f;
                break;
            }
            out.add(in);
            at = in.next;
            if (in.endsBlock() || at >= pageEnd || at < rip || out.size() >= max) break;
        }
        return out.toArray(new Insn[0]);
    }

    // ---------------------------------------------------------------- byte fetch

    private int next8() {
        if (pc - start >= MAX_LENGTH) throw TOO_LONG;
        return code.byteAt(pc++);
    }

    private int next16() {
        int lo = next8();
        return lo | next8() << 8;
    }

    private int next32() {
        int lo = next16();
        return lo | next16() << 16;
    }

    private long next64() {
        long lo = next32() & 0xFFFFFFFFL;
        return lo | (long) next32() << 32;
    }

    /** An Iz immediate: 16 bits for a 16-bit operand, else 32 bits sign-extended. */
    private long immZ(int sz) {
        return sz == 2 ? (short) next16() : next32();
    }

    // ---------------------------------------------------------------- operands

    private int osize() {
        return (rex & 8) != 0 ? 8 : opsize16 ? 2 : 4;
    }

    /** Stack operations default to 64 bits; 66 selects 16. */
    private int stackSize() {
        return opsize16 ? 2 : 8;
    }

    /** A byte register: without REX, 4..7 name AH, CH, DH, BH (16..19). */
    private int gpr8(int n) {
        return rex == 0 && n >= 4 && n < 8 ? n + 12 : n;
    }

    private int gpr(int n, int sz) {
        return sz == 1 ? gpr8(n) : n;
    }

    private int rexB() {
        return (rex & 1) << 3;
    }

    private void modrm() {
        modrm = next8();
        mod = modrm >>> 6;
        regField = ((modrm >>> 3) & 7) | ((rex & 4) << 1);
        int rmf = modrm & 7;
        if (mod == 3) {
            memory = false;
            rmReg = rmf | rexB();
            return;
        }
        memory = true;
        rmReg = -1;
        if (rmf == 4) {
            int sib = next8();
            scale = sib >>> 6;
            int idx = ((sib >>> 3) & 7) | ((rex & 2) << 2);
            index = idx == 4 ? -1 : idx;
            if ((sib & 7) == 5 && mod == 0) {
                base = -1;
                disp = next32();
            } else {
                base = (sib & 7) | rexB();
            }
        } else if (rmf == 5 && mod == 0) {
            ripRelative = true;
            disp = next32();
        } else {
            base = rmf | rexB();
        }
        if (mod == 1) disp = (byte) next8();
        else if (mod == 2) disp = next32();
    }

    /** Destination r/m, source reg ("Ev, Gv"). */
    private void eg(int rrOp, int mrOp, int sz) {
        modrm();
        size = sz;
        if (memory) {
            op = mrOp;
            reg = gpr(regField, sz);
        } else {
            op = rrOp;
            reg = gpr(rmReg, sz);
            rm = gpr(regField, sz);
        }
    }

    /** Destination reg, source r/m ("Gv, Ev"). */
    private void ge(int rrOp, int rmOp, int sz) {
        modrm();
        size = sz;
        reg = gpr(regField, sz);
        if (memory) {
            op = rmOp;
        } else {
            op = rrOp;
            rm = gpr(rmReg, sz);
        }
    }

    /** A single r/m operand (ModRM already read): the register goes to {@link #reg}. */
    private void e(int rOp, int mOp, int sz) {
        size = sz;
        if (memory) {
            op = mOp;
        } else {
            op = rOp;
            reg = gpr(rmReg, sz);
        }
    }

    private static boolean lockable(int op) {
        return switch (op) {
            case ALU_MR_LOCK, ALU_MI_LOCK, UNARY_M_LOCK, BT_MR_LOCK, BT_MI_LOCK, XADD_MR_LOCK, CMPXCHG_MR,
                 CMPXCHG8B, CMPXCHG16B, XCHG_MR -> true;
            default -> false;
        };
    }

    // ---------------------------------------------------------------- maps

    private void decodeInstruction() {
        int b;
        while (true) {
            b = next8();
            switch (b) {
                case 0xF0 -> lock = true;
                case 0xF2, 0xF3 -> rep = b;
                case 0x66 -> opsize16 = true;
                case 0x67 -> addr32 = true;
                // CS, DS, ES, SS overrides: their bases are 0 in 64-bit mode.
                case 0x26, 0x2E, 0x36, 0x3E -> seg = Insn.SEG_NONE;
                case 0x64 -> seg = Insn.SEG_FS;
                case 0x65 -> seg = Insn.SEG_GS;
                default -> {
                    if ((b & 0xF0) == 0x40) {
                        rex = b;
                        continue;
                    }
                    opcode = b;
                    if (b == 0x0F) twoByte();
                    else if (b == 0xC4 || b == 0xC5) vex(b);
                    else oneByte(b);
                    return;
                }
            }
            // A REX prefix counts only directly before the opcode.
            rex = 0;
        }
    }

    private void oneByte(int b) {
        if (b < 0x40) {
            int kind = b >>> 3;
            switch (b & 7) {
                case 0 -> aluEG(kind, 1);
                case 1 -> aluEG(kind, osize());
                case 2 -> { ge(ALU_RR + kind, ALU_RM + kind, 1); sub = kind; }
                case 3 -> { ge(ALU_RR + kind, ALU_RM + kind, osize()); sub = kind; }
                case 4 -> { op = ALU_RI + kind; sub = kind; size = 1; reg = 0; imm = (byte) next8(); }
                case 5 -> { op = ALU_RI + kind; sub = kind; size = osize(); reg = 0; imm = immZ(size); }
                default -> op = UD; // PUSH/POP ES..DS, DAA, DAS, AAA, AAS: invalid in 64-bit mode
            }
            return;
        }
        switch (b) {
            case 0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57 -> { op = PUSH_R; reg = (b & 7) | rexB(); size = stackSize(); }
            case 0x58, 0x59, 0x5A, 0x5B, 0x5C, 0x5D, 0x5E, 0x5F -> { op = POP_R; reg = (b & 7) | rexB(); size = stackSize(); }
            case 0x63 -> {
                // MOVSXD with REX.W; without it the instruction is a plain 32- or 16-bit MOV.
                int sz = osize();
                if (sz == 8) {
                    ge(MOVSX_RR, MOVSX_RM, 8);
                    size2 = 4;
                } else {
                    ge(MOV_RR, MOV_RM, sz);
                }
            }
            case 0x68 -> { op = PUSH_I; size = stackSize(); imm = immZ(opsize16 ? 2 : 4); }
            case 0x69 -> { ge(IMUL_RRI, IMUL_RMI, osize()); imm = immZ(size); }
            case 0x6A -> { op = PUSH_I; size = stackSize(); imm = (byte) next8(); }
            case 0x6B -> { ge(IMUL_RRI, IMUL_RMI, osize()); imm = (byte) next8(); }
            case 0x6C, 0x6D, 0x6E, 0x6F -> op = GP; // INS/OUTS: I/O needs IOPL
            case 0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77,
                 0x78, 0x79, 0x7A, 0x7B, 0x7C, 0x7D, 0x7E, 0x7F -> {
                op = JCC;
                sub = b & 0xF;
                imm = (byte) next8();
                relative = true;
            }
            case 0x80 -> { group1(1); imm = (byte) next8(); }
            case 0x81 -> { group1(osize()); imm = immZ(size); }
            case 0x83 -> { group1(osize()); imm = (byte) next8(); }
            case 0x84 -> test(1);
            case 0x85 -> test(osize());
            case 0x86 -> eg(XCHG_RR, XCHG_MR, 1);
            case 0x87 -> eg(XCHG_RR, XCHG_MR, osize());
            case 0x88 -> eg(MOV_RR, MOV_MR, 1);
            case 0x89 -> eg(MOV_RR, MOV_MR, osize());
            case 0x8A -> ge(MOV_RR, MOV_RM, 1);
            case 0x8B -> ge(MOV_RR, MOV_RM, osize());
            case 0x8C -> {
                modrm();
                int sreg = regField & 7;
                if (sreg > 5) {
                    op = UD;
                } else {
                    // A store of a segment register to memory is always 16 bits.
                    e(MOV_RI, MOV_MI, memory ? 2 : osize());
                    imm = selector(sreg);
                }
            }
            case 0x8D -> {
                modrm();
                if (memory) {
                    op = LEA;
                    size = osize();
                    reg = regField;
                    seg = Insn.SEG_NONE; // LEA computes the offset only
                }
            }
            case 0x8E -> {
                modrm();
                int sreg = regField & 7;
                if (sreg != 1 && sreg <= 5) {
                    op = MOV_TO_SREG;
                    sub = sreg;
                    size = 2;
                    rm = rmReg;
                }
            }
            case 0x8F -> {
                modrm();
                if ((regField & 7) == 0) e(POP_R, POP_M, stackSize());
            }
            case 0x90 -> {
                if ((rex & 1) != 0) {
                    op = XCHG_RR;
                    size = osize();
                    reg = 8;
                    rm = 0;
                } else {
                    op = rep == 0xF3 ? PAUSE : NOP;
                }
            }
            case 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97 -> { op = XCHG_RR; size = osize(); reg = (b & 7) | rexB(); rm = 0; }
            case 0x98 -> { op = CBW; size = osize(); }
            case 0x99 -> { op = CWD; size = osize(); }
            case 0x9B -> op = FWAIT;
            case 0x9C -> { op = PUSHF; size = stackSize(); }
            case 0x9D -> { op = POPF; size = stackSize(); }
            case 0x9E -> op = SAHF;
            case 0x9F -> op = LAHF;
            case 0xA0, 0xA1, 0xA2, 0xA3 -> {
                disp = addr32 ? next32() & 0xFFFFFFFFL : next64();
                op = b < 0xA2 ? MOV_RM : MOV_MR;
                size = (b & 1) == 0 ? 1 : osize();
                reg = 0;
            }
            case 0xA4, 0xA5 -> string(MOVS, b);
            case 0xA6, 0xA7 -> string(CMPS, b);
            case 0xAA, 0xAB -> string(STOS, b);
            case 0xAC, 0xAD -> string(LODS, b);
            case 0xAE, 0xAF -> string(SCAS, b);
            case 0xA8 -> { op = TEST_RI; size = 1; reg = 0; imm = (byte) next8(); }
            case 0xA9 -> { op = TEST_RI; size = osize(); reg = 0; imm = immZ(size); }
            case 0xB0, 0xB1, 0xB2, 0xB3, 0xB4, 0xB5, 0xB6, 0xB7 -> {
                op = MOV_RI;
                size = 1;
                reg = gpr8((b & 7) | rexB());
                imm = next8();
            }
            case 0xB8, 0xB9, 0xBA, 0xBB, 0xBC, 0xBD, 0xBE, 0xBF -> {
                op = MOV_RI;
                size = osize();
                reg = (b & 7) | rexB();
                imm = size == 8 ? next64() : size == 4 ? next32() & 0xFFFFFFFFL : next16();
            }
            case 0xC0 -> { shift(1); imm = next8(); }
            case 0xC1 -> { shift(osize()); imm = next8(); }
            case 0xD0 -> { shift(1); imm = 1; }
            case 0xD1 -> { shift(osize()); imm = 1; }
            case 0xD2 -> { shift(1); imm = -1; }
            case 0xD3 -> { shift(osize()); imm = -1; }
            case 0xC2 -> { op = RET; imm2 = next16(); }
            case 0xC3 -> op = RET;
            case 0xC6 -> {
                modrm();
                if ((regField & 7) == 0) e(MOV_RI, MOV_MI, 1);
                imm = next8(); // MOV Eb, Ib, or XABORT ib (C6 F8): RTM is not offered
            }
            case 0xC7 -> {
                modrm();
                if ((regField & 7) == 0) {
                    e(MOV_RI, MOV_MI, osize());
                    imm = immZ(size);
                } else if (modrm == 0xF8) {
                    immZ(opsize16 ? 2 : 4); // XBEGIN rel: RTM is not offered
                }
            }
            case 0xC8 -> { op = ENTER; size = stackSize(); imm = next16(); imm2 = next8(); }
            case 0xC9 -> { op = LEAVE; size = stackSize(); }
            case 0xCA -> { next16(); op = GP; } // far returns: not used by Linux user code
            case 0xCB, 0xCF -> op = GP;
            case 0xCC, 0xF1 -> op = INT3;
            // INT n: only vector 3 is open to user mode; INT 0x80 (the i386 system call) is not offered.
            case 0xCD -> op = next8() == 3 ? INT3 : GP;
            case 0xD4, 0xD5 -> next8(); // AAM, AAD: invalid in 64-bit mode
            case 0xD7 -> { op = XLAT; size = 1; }
            case 0xD8, 0xD9, 0xDA, 0xDB, 0xDC, 0xDD, 0xDE, 0xDF -> {
                modrm();
                op = X87;
                rm = rmReg;
            }
            case 0xE0, 0xE1, 0xE2 -> { op = LOOP; sub = b - 0xE0; imm = (byte) next8(); relative = true; }
            case 0xE3 -> { op = JRCXZ; imm = (byte) next8(); relative = true; }
            case 0xE4, 0xE5, 0xE6, 0xE7 -> { next8(); op = GP; }
            case 0xEC, 0xED, 0xEE, 0xEF -> op = GP;
            case 0xE8 -> { op = CALL; imm = next32(); relative = true; }
            case 0xE9 -> { op = JMP; imm = next32(); relative = true; }
            case 0xEB -> { op = JMP; imm = (byte) next8(); relative = true; }
            case 0xF4, 0xFA, 0xFB -> op = GP; // HLT, CLI, STI
            case 0xF5, 0xF8, 0xF9, 0xFC, 0xFD -> { op = FLAGOP; sub = b; }
            case 0xF6 -> group3(1);
            case 0xF7 -> group3(osize());
            case 0xFE -> {
                modrm();
                if ((regField & 7) < 2) unary(regField & 7, 1);
            }
            case 0xFF -> group5();
            default -> op = UD; // 06.., 60-62, 82, 9A, C4, C5, CE, D6, EA: invalid in 64-bit mode or VEX/EVEX
        }
    }

    private void aluEG(int kind, int sz) {
        modrm();
        sub = kind;
        size = sz;
        if (memory) {
            op = lock && kind != 7 ? ALU_MR_LOCK : ALU_MR + kind;
            reg = gpr(regField, sz);
        } else {
            op = ALU_RR + kind;
            reg = gpr(rmReg, sz);
            rm = gpr(regField, sz);
        }
    }

    private void group1(int sz) {
        modrm();
        sub = regField & 7;
        e(ALU_RI + sub, lock && sub != 7 ? ALU_MI_LOCK : ALU_MI + sub, sz);
    }

    private void test(int sz) {
        modrm();
        size = sz;
        reg = memory ? gpr(regField, sz) : gpr(rmReg, sz);
        if (memory) {
            op = TEST_RM;
        } else {
            op = TEST_RR;
            rm = gpr(regField, sz);
        }
    }

    private void shift(int sz) {
        modrm();
        sub = regField & 7;
        int rOp = switch (sub) {
            case 4, 6 -> SHL_R;
            case 5 -> SHR_R;
            case 7 -> SAR_R;
            default -> SHIFT_R;
        };
        e(rOp, SHIFT_M, sz);
    }

    private void unary(int kind, int sz) {
        sub = kind;
        e(UNARY_R, lock ? UNARY_M_LOCK : UNARY_M, sz);
    }

    private void group3(int sz) {
        modrm();
        int k = regField & 7;
        switch (k) {
            case 0, 1 -> {
                e(TEST_RI, TEST_MI, sz);
                imm = sz == 1 ? (byte) next8() : immZ(sz);
            }
            case 2, 3 -> unary(k, sz);
            default -> {
                sub = k;
                e(MULDIV_R, MULDIV_M, sz);
            }
        }
    }

    private void group5() {
        modrm();
        int k = regField & 7;
        switch (k) {
            case 0, 1 -> unary(k, osize());
            case 2 -> e(CALL_R, CALL_M, 8);
            case 4 -> e(JMP_R, JMP_M, 8);
            case 6 -> e(PUSH_R, PUSH_M, stackSize());
            case 3, 5 -> op = GP; // far CALL/JMP through memory
            default -> op = UD;
        }
    }

    private void string(int stringOp, int b) {
        op = stringOp;
        size = (b & 1) == 0 ? 1 : osize();
    }

    /** The selectors a 64-bit Linux process sees: __USER_CS 0x33, __USER_DS 0x2b for SS, 0 for the rest. */
    private static long selector(int sreg) {
        return switch (sreg) {
            case 1 -> 0x33;
            case 2 -> 0x2B;
            default -> 0;
        };
    }

    private void twoByte() {
        int b = next8();
        opcode = b;
        map = 1;
        switch (b) {
            case 0x00 -> { modrm(); op = GP; } // SLDT, STR, LLDT, ...: UMIP and privilege
            case 0x01 -> {
                modrm();
                if (modrm == 0xF9) op = RDTSCP;
                else if (modrm == 0xD0 && !opsize16 && rep == 0) op = XGETBV;
                else if (memory) op = GP; // SGDT, SIDT, LGDT, ...: UMIP and privilege
            }
            case 0x02, 0x03 -> modrm(); // LAR, LSL: not offered
            case 0x05 -> op = SYSCALL;
            case 0x06, 0x07, 0x08, 0x09, 0x30, 0x32, 0x33, 0x35 -> op = GP; // CLTS SYSRET INVD WBINVD WRMSR RDMSR RDPMC SYSEXIT
            case 0x0D -> { modrm(); op = NOP; } // PREFETCH/PREFETCHW
            case 0x0F -> { modrm(); next8(); } // 3DNow!: not offered
            case 0x18, 0x19, 0x1A, 0x1B, 0x1C, 0x1D, 0x1E, 0x1F -> { modrm(); op = NOP; } // hints, ENDBR64, NOP Ev
            case 0x20, 0x21, 0x22, 0x23 -> { modrm(); op = GP; } // MOV to/from control and debug registers
            case 0x31 -> op = RDTSC;
            case 0x38 -> map2();
            case 0x3A -> { map = 3; opcode = next8(); sse(); }
            case 0x40, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47,
                 0x48, 0x49, 0x4A, 0x4B, 0x4C, 0x4D, 0x4E, 0x4F -> { ge(CMOV_RR, CMOV_RM, osize()); sub = b & 0xF; }
            case 0x77 -> { rmReg = 0; sseOperands(); } // EMMS: no ModRM; the FP unit empties the x87 tags
            case 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87,
                 0x88, 0x89, 0x8A, 0x8B, 0x8C, 0x8D, 0x8E, 0x8F -> {
                op = JCC;
                sub = b & 0xF;
                imm = next32();
                relative = true;
            }
            case 0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97,
                 0x98, 0x99, 0x9A, 0x9B, 0x9C, 0x9D, 0x9E, 0x9F -> {
                modrm();
                sub = b & 0xF;
                e(SETCC_R, SETCC_M, 1);
            }
            case 0xA0, 0xA8 -> { op = PUSH_I; size = stackSize(); imm = 0; } // PUSH FS/GS: null selectors
            case 0xA1, 0xA9 -> op = GP; // POP FS/GS would reload a segment
            case 0xA2 -> op = CPUID;
            case 0xA3 -> bt(0);
            case 0xAB -> bt(1);
            case 0xB3 -> bt(2);
            case 0xBB -> bt(3);
            case 0xA4 -> { shd(0); imm = next8(); }
            case 0xA5 -> { shd(0); imm = -1; }
            case 0xAC -> { shd(1); imm = next8(); }
            case 0xAD -> { shd(1); imm = -1; }
            case 0xAE -> group15();
            case 0xAF -> ge(IMUL_RR, IMUL_RM, osize());
            case 0xB0 -> eg(CMPXCHG_RR, CMPXCHG_MR, 1);
            case 0xB1 -> eg(CMPXCHG_RR, CMPXCHG_MR, osize());
            case 0xB2, 0xB4, 0xB5 -> modrm(); // LSS, LFS, LGS: far pointers are not used in 64-bit Linux
            case 0xB6 -> movx(MOVZX_RR, MOVZX_RM, 1);
            case 0xB7 -> movx(MOVZX_RR, MOVZX_RM, 2);
            case 0xBE -> movx(MOVSX_RR, MOVSX_RM, 1);
            case 0xBF -> movx(MOVSX_RR, MOVSX_RM, 2);
            case 0xB8 -> {
                if (rep == 0xF3) bitscan(SCAN_POPCNT);
            }
            case 0xB9 -> modrm(); // UD1
            case 0xBA -> {
                modrm();
                int k = regField & 7;
                if (k >= 4) {
                    sub = k - 4;
                    e(BT_RI, lock && sub != 0 ? BT_MI_LOCK : BT_MI, osize());
                }
                imm = next8();
            }
            case 0xBC -> bitscan(rep == 0xF3 ? SCAN_TZCNT : SCAN_BSF);
            case 0xBD -> bitscan(rep == 0xF3 ? SCAN_LZCNT : SCAN_BSR);
            case 0xC0 -> eg(XADD_RR, lock ? XADD_MR_LOCK : XADD_MR, 1);
            case 0xC1 -> eg(XADD_RR, lock ? XADD_MR_LOCK : XADD_MR, osize());
            case 0xC3 -> {
                modrm();
                if (memory && !opsize16 && rep == 0) { // MOVNTI: a plain store here
                    op = MOV_MR;
                    size = (rex & 8) != 0 ? 8 : 4;
                    reg = regField;
                }
            }
            case 0xC7 -> {
                modrm();
                int k = regField & 7;
                if (k == 1 && memory) {
                    op = (rex & 8) != 0 ? CMPXCHG16B : CMPXCHG8B;
                    size = (rex & 8) != 0 ? 16 : 8;
                } else if (k == 4 && memory && !opsize16 && rep == 0) {
                    sseOperands(); // XSAVEC
                } else if (k == 3 || k == 5) {
                    if (memory) op = GP; // XRSTORS, XSAVES: privileged
                } else if ((k == 6 || k == 7) && !memory && rep == 0) {
                    op = RDRAND;
                    sub = k;
                    size = osize();
                    reg = rmReg;
                }
            }
            case 0xC8, 0xC9, 0xCA, 0xCB, 0xCC, 0xCD, 0xCE, 0xCF -> { op = BSWAP; size = osize(); reg = (b & 7) | rexB(); }
            default -> {
                if ((b >= 0x10 && b <= 0x17) || (b >= 0x28 && b <= 0x2F) || (b >= 0x50 && b <= 0x7F)
                        || b == 0xC2 || (b >= 0xC4 && b <= 0xC6) || b >= 0xD0) {
                    sse();
                }
                // Anything else stays UD: 04, 0A, 0B (UD2), 0C, 0E, 24-27, 34, 36, 37, 39, 3B-3F, A6, A7, AA.
            }
        }
    }

    private void map2() {
        map = 2;
        int b = next8();
        opcode = b;
        if (b < 0xF0 || b > 0xF7 || rep == 0xF2) {
            sse();
            // CRC32 r32, r/m8: without REX, registers 4-7 are AH, CH, DH, BH.
            if (b == 0xF0 && rep == 0xF2 && rm >= 0) rm = gpr8(rm);
            return;
        }
        modrm();
        switch (b) {
            case 0xF0, 0xF1 -> {
                if (memory && rep == 0) {
                    op = b == 0xF0 ? MOVBE_RM : MOVBE_MR;
                    size = osize();
                    reg = regField;
                }
            }
            case 0xF6 -> {
                // ADCX (66) and ADOX (F3); the mandatory 66 is not an operand-size prefix here.
                if ((opsize16 && rep == 0) || rep == 0xF3) {
                    op = memory ? ADX_RM : ADX_RR;
                    sub = rep == 0xF3 ? 1 : 0;
                    size = (rex & 8) != 0 ? 8 : 4;
                    reg = regField;
                    rm = rmReg;
                }
            }
            default -> { } // BMI encodings need VEX; the legacy forms are undefined
        }
    }

    /**
     * A VEX prefix (C4: three bytes, C5: two) and the instruction it introduces (SDM vol. 2,
     * 2.3). In 64-bit mode C4 and C5 are always VEX. A VEX prefix after 66, F2, F3, REX or LOCK
     * is #UD; the instruction is still decoded to its full length.
     */
    private void vex(int b) {
        boolean badPrefix = opsize16 || rep != 0 || rex != 0 || lock;
        int b1 = next8();
        int w = 0, x = 0, bb = 0, pp, mmmmm;
        int r = (~b1 >>> 7) & 1;
        int b2;
        if (b == 0xC5) {
            b2 = b1;
            mmmmm = 1;
        } else {
            x = (~b1 >>> 6) & 1;
            bb = (~b1 >>> 5) & 1;
            mmmmm = b1 & 0x1F;
            b2 = next8();
            w = b2 >>> 7;
        }
        vvvv = (~b2 >>> 3) & 15;
        vexL = (b2 & 4) != 0;
        pp = b2 & 3;
        rex = 0x40 | w << 3 | r << 2 | x << 1 | bb;
        opsize16 = pp == 1;
        rep = pp == 2 ? 0xF3 : pp == 3 ? 0xF2 : 0;
        map = mmmmm;
        opcode = next8();
        if (map == 1 && opcode == 0x77) {
            // VZEROUPPER / VZEROALL: no ModRM.
            op = VEX;
        } else if (map == 2 && opcode >= 0xF0 && opcode <= 0xF7) {
            modrm();
            bmi();
        } else if (map == 3 && opcode == 0xF0) {
            modrm();
            imm = next8();
            if (rep == 0xF2 && vvvv == 0) bmiOperands(BMI_RORX);
        } else if (map >= 1 && map <= 3) {
            modrm();
            op = VEX;
            size = osize();
            reg = regField;
            rm = rmReg;
            if (map == 3 || (map == 1 && ((opcode >= 0x70 && opcode <= 0x73) || opcode == 0xC2
                    || (opcode >= 0xC4 && opcode <= 0xC6)))) {
                imm = next8();
            }
        } else {
            modrm(); // maps 0 and 4..31 are reserved
        }
        if (badPrefix || ((op == BMI) && vexL)) op = UD;
    }

    /** VEX 0F 38 F0..F7: BMI1 and BMI2 (SDM vol. 2, table A-4); the rest of the row is #UD. */
    private void bmi() {
        int k = regField & 7;
        switch (opcode) {
            case 0xF2 -> { if (rep == 0 && !opsize16) bmiOperands(BMI_ANDN); }
            case 0xF3 -> {
                if (rep == 0 && !opsize16 && k >= 1 && k <= 3) bmiOperands(BMI_BLSR + k - 1);
            }
            case 0xF5 -> {
                if (opsize16) return;
                bmiOperands(rep == 0 ? BMI_BZHI : rep == 0xF3 ? BMI_PEXT : BMI_PDEP);
            }
            case 0xF6 -> { if (rep == 0xF2) bmiOperands(BMI_MULX); }
            case 0xF7 -> bmiOperands(opsize16 ? BMI_SHLX : rep == 0 ? BMI_BEXTR : rep == 0xF3 ? BMI_SARX : BMI_SHRX);
            default -> { }
        }
    }

    private void bmiOperands(int kind) {
        op = BMI;
        sub = kind;
        size = (rex & 8) != 0 ? 8 : 4;
        reg = regField;
        rm = rmReg;
    }

    private void group15() {
        modrm();
        int k = regField & 7;
        if (memory) {
            if (k <= 5 || (k == 6 && !opsize16 && rep == 0)) sseOperands(); // FXSAVE .. XRSTOR, XSAVEOPT
            else if (rep == 0) op = NOP;      // CLWB (66 /6), CLFLUSH, CLFLUSHOPT (/7): no caches to flush
            return;                           // F3 forms (CLRSSBSY, ...) are not offered
        }
        if (rep == 0 && k >= 5) {
            op = FENCE;
            sub = k;
        }
        // F3 forms (RDFSBASE, WRFSBASE, ...) are not offered.
    }

    private void bt(int kind) {
        modrm();
        sub = kind;
        size = osize();
        if (memory) {
            op = lock && kind != 0 ? BT_MR_LOCK : BT_MR;
            reg = regField;
        } else {
            op = BT_RR;
            reg = rmReg;
            rm = regField;
        }
    }

    private void shd(int kind) {
        eg(SHD_RR, SHD_MR, osize());
        sub = kind;
    }

    private void movx(int rrOp, int rmOp, int srcSize) {
        modrm();
        size = osize();
        size2 = srcSize;
        reg = regField;
        if (memory) {
            op = rmOp;
        } else {
            op = rrOp;
            rm = gpr(rmReg, srcSize);
        }
    }

    private void bitscan(int kind) {
        ge(BITSCAN_RR, BITSCAN_RM, osize());
        sub = kind;
    }

    private void sse() {
        modrm();
        sseOperands();
    }

    /** The FP unit's view of the operands: raw register numbers, immediate byte where the opcode has one. */
    private void sseOperands() {
        op = SSE;
        size = osize();
        reg = regField;
        rm = rmReg;
        int b = opcode;
        if (map == 3 || (map == 1 && ((b >= 0x70 && b <= 0x73) || b == 0xC2 || (b >= 0xC4 && b <= 0xC6)))) {
            imm = next8();
        }
    }

    private static final class TooLong extends RuntimeException {
        TooLong() {
            super(null, null, false, false);
        }
    }
}
