package dev.jerla.cpu.fp;

import static dev.jerla.cpu.fp.SoftFloat.DE;
import static dev.jerla.cpu.fp.SoftFloat.F32;
import static dev.jerla.cpu.fp.SoftFloat.F64;
import static dev.jerla.cpu.fp.SoftFloat.IE;
import static dev.jerla.cpu.fp.SoftFloat.ZE;

import dev.jerla.cpu.Cpu;
import dev.jerla.cpu.Trap;
import dev.jerla.cpu.mem.Mmu;

/**
 * The SSE family: SSE, SSE2, SSE3 and the MMX instructions that share their opcodes, plus
 * FXSAVE/FXRSTOR/LDMXCSR/STMXCSR, and (in {@link SseExt}) the 0F 38 and 0F 3A maps.
 *
 * <p>Every instruction reads all of its memory operands before it changes a register, and a store
 * of more than one part is probed first, so a {@link dev.jerla.cpu.mem.GuestFault} leaves no
 * partial state. Floating-point exceptions follow the SDM (vol. 1, 11.5.2): the flags of all
 * elements are merged; if an unmasked one is raised the destination is left unchanged and the
 * instruction traps, and an unmasked pre-computation exception (invalid, denormal, divide by
 * zero) in any element suppresses the post-computation flags (overflow, underflow, precision).
 */
public final class SseUnit {
    private SseUnit() {}

    private static final int UD = Trap.INVALID_OPCODE;
    private static final int GP = Trap.GENERAL_PROTECTION;

    /**
     * Executes one SSE-family instruction. map: 1 = 0F, 2 = 0F 38, 3 = 0F 3A. prefix: mandatory
     * prefix 0, 0x66, 0xF3 or 0xF2. reg = ModRM.reg | REX.R<<3; rm = ModRM.rm | REX.B<<3 for a
     * register operand, or -1 for a memory operand at ea (segment base included). imm8: the
     * immediate for forms that have one. Returns 0 or a {@link Trap} code.
     */
    public static int exec(Cpu cpu, int map, int opcode, int prefix, boolean rexW, int reg, int rm, long ea, int imm8) {
        return switch (map) {
            case 1 -> map1(cpu, cpu.fp, opcode, prefix, rexW, reg, rm, ea, imm8);
            case 2 -> SseExt.map2(cpu, cpu.fp, opcode, prefix, rexW, reg, rm, ea);
            case 3 -> SseExt.map3(cpu, cpu.fp, opcode, prefix, rexW, reg, rm, ea, imm8);
            default -> UD;
        };
    }

    // ------------------------------------------------------------------ operand access

    static long lo(FpState f, int r) { return f.ymm[r << 2]; }

    static long hi(FpState f, int r) { return f.ymm[(r << 2) + 1]; }

    static void setXmm(FpState f, int r, long lo, long hi) {
        f.ymm[r << 2] = lo;
        f.ymm[(r << 2) + 1] = hi;
    }

    /**
     * Loads a 128-bit source (XMM register or memory) into {@code f.src0/src1}. Returns #GP for a
     * misaligned memory operand when {@code aligned} (legacy SSE m128 operands), else 0.
     */
    static int src128(Cpu cpu, FpState f, int rm, long ea, boolean aligned) {
        if (rm >= 0) {
            f.src0 = lo(f, rm);
            f.src1 = hi(f, rm);
            return 0;
        }
        if (aligned && !f.vex && (ea & 15) != 0) return GP;
        Mmu m = cpu.mmu();
        long l = m.read64(ea);
        long h = m.read64(ea + 8);
        f.src0 = l;
        f.src1 = h;
        return 0;
    }

    static long src64(Cpu cpu, FpState f, int rm, long ea) { return rm >= 0 ? lo(f, rm) : cpu.mmu().read64(ea); }

    static int src32(Cpu cpu, FpState f, int rm, long ea) { return rm >= 0 ? (int) lo(f, rm) : cpu.mmu().read32(ea); }

    /** Stores 128 bits, checking alignment first when required; both halves are probed before either is written. */
    static int store128(Cpu cpu, long ea, long lo, long hi, boolean aligned) {
        if (aligned && !cpu.fp.vex && (ea & 15) != 0) return GP;
        Mmu m = cpu.mmu();
        probeWrite(m, ea, 16);
        m.write64(ea, lo);
        m.write64(ea + 8, hi);
        return 0;
    }

    /**
     * Checks that [ea, ea+len) is writable before a store in parts. A fault reports the first
     * byte of the page that refuses the access, as the processor reports it for a split access.
     */
    static void probeWrite(Mmu m, long ea, int len) {
        m.probeWrite(ea, 1);
        long last = ea + len - 1;
        if (((last ^ ea) & ~0xFFFL) != 0) m.probeWrite(last & ~0xFFFL, 1);
    }

    /**
     * Merges the exceptions of one instruction into MXCSR and says whether it traps; on a trap
     * the caller must not write the destination.
     */
    static int raise(FpState f, int flags) {
        if (flags == 0) return 0;
        if (f.deferExceptions) {
            f.deferredFlags |= flags;
            return 0;
        }
        int unmasked = flags & ~(f.mxcsr >>> 7) & 0x3F;
        int pre = flags & (IE | DE | ZE);
        if ((pre & unmasked) != 0) {
            f.mxcsr |= pre;
            return Trap.FP_EXCEPTION;
        }
        f.mxcsr |= flags;
        return unmasked != 0 ? Trap.FP_EXCEPTION : 0;
    }

    static SoftFloat sse(FpState f) {
        SoftFloat sf = f.sse;
        sf.setMxcsr(f.mxcsr);
        sf.clearFlags();
        return sf;
    }

    // ------------------------------------------------------------------ MMX registers

    /**
     * An MMX instruction with only register operands begins: a pending x87 exception is delivered
     * first (#MF), then the x87 stack top becomes 0 and every register is tagged valid (SDM
     * vol. 1, 9.5.1). Forms with a memory operand check {@link #mmxPending} first and call
     * {@link #mmxSwitch} once the access has succeeded: a faulting access leaves the x87 state
     * as it was.
     */
    static int mmxEnter(FpState f) {
        if (mmxPending(f)) return Trap.FP_EXCEPTION;
        mmxSwitch(f);
        return 0;
    }

    static boolean mmxPending(FpState f) { return (f.fsw & X87Unit.FSW_ES) != 0; }

    static void mmxSwitch(FpState f) {
        f.fsw &= ~0x3800;
        f.ftw = 0xFF;
    }

    static long mm(FpState f, int i) { return f.stM[i & 7]; }

    /** Writes MMX register i: the significand of physical register i, with the exponent field all ones. */
    static void setMm(FpState f, int i, long v) {
        f.stM[i & 7] = v;
        f.stSe[i & 7] = 0xFFFF;
    }

    static long mmSrc(Cpu cpu, FpState f, int rm, long ea) { return rm >= 0 ? mm(f, rm) : cpu.mmu().read64(ea); }

    // ------------------------------------------------------------------ map 1 (0F xx)

    private static int map1(Cpu cpu, FpState f, int op, int prefix, boolean rexW, int reg, int rm, long ea, int imm) {
        switch (op) {
            case 0x10: return movLoad(cpu, f, prefix, reg, rm, ea);
            case 0x11: return movStore(cpu, f, prefix, reg, rm, ea);
            case 0x12: case 0x13: case 0x16: case 0x17: return movHalf(cpu, f, op, prefix, reg, rm, ea);
            case 0x14: case 0x15: case 0xC6: return shuffleFloat(cpu, f, op, prefix, reg, rm, ea, imm);
            case 0x28: {
                if (prefix != 0 && prefix != 0x66) return UD;
                int t = src128(cpu, f, rm, ea, true);
                if (t != 0) return t;
                setXmm(f, reg, f.src0, f.src1);
                return 0;
            }
            case 0x29: case 0x2B: {
                if (prefix != 0 && prefix != 0x66) return UD;
                if (rm >= 0) {
                    if (op == 0x2B) return UD;
                    setXmm(f, rm, lo(f, reg), hi(f, reg));
                    return 0;
                }
                return store128(cpu, ea, lo(f, reg), hi(f, reg), true);
            }
            case 0x2A: case 0x2C: case 0x2D: case 0x5A: case 0x5B: case 0xE6:
                return SseConvert.exec(cpu, f, op, prefix, rexW, reg, rm, ea);
            case 0x2E: case 0x2F: return comis(cpu, f, op, prefix, reg, rm, ea);
            case 0x50: {
                if (rm < 0) return UD;
                long a = lo(f, rm), b = hi(f, rm);
                int m;
                if (prefix == 0) m = (int) ((a >>> 31) & 1 | (a >>> 62) & 2 | (b >>> 29) & 4 | (b >>> 60) & 8);
                else if (prefix == 0x66) m = (int) ((a >>> 63) | (b >>> 62) & 2);
                else return UD;
                cpu.setReg(reg, m);
                return 0;
            }
            case 0x51: case 0x58: case 0x59: case 0x5C: case 0x5D: case 0x5E: case 0x5F:
                return arith(cpu, f, op, prefix, reg, rm, ea);
            case 0x52: case 0x53: return approx(cpu, f, op, prefix, reg, rm, ea);
            case 0x54: case 0x55: case 0x56: case 0x57: {
                if (prefix != 0 && prefix != 0x66) return UD;
                int t = src128(cpu, f, rm, ea, true);
                if (t != 0) return t;
                long a0 = lo(f, reg), a1 = hi(f, reg), b0 = f.src0, b1 = f.src1;
                switch (op) {
                    case 0x54 -> setXmm(f, reg, a0 & b0, a1 & b1);
                    case 0x55 -> setXmm(f, reg, ~a0 & b0, ~a1 & b1);
                    case 0x56 -> setXmm(f, reg, a0 | b0, a1 | b1);
                    default -> setXmm(f, reg, a0 ^ b0, a1 ^ b1);
                }
                return 0;
            }
            case 0x6E: return movdToVector(cpu, f, prefix, rexW, reg, rm, ea);
            case 0x7E: return movdFromVector(cpu, f, prefix, rexW, reg, rm, ea);
            case 0x6F: case 0x7F: case 0xD6: case 0xE7: return movInt(cpu, f, op, prefix, reg, rm, ea);
            case 0x70: return pshuf(cpu, f, prefix, reg, rm, ea, imm);
            case 0x71: case 0x72: case 0x73: return shiftImm(f, op, prefix, reg, rm, imm);
            case 0x77: {
                if (prefix != 0) return UD;
                // EMMS: an MMX instruction (stack top 0) that then tags every register empty.
                int t = mmxEnter(f);
                if (t != 0) return t;
                f.ftw = 0;
                return 0;
            }
            case 0x7C: case 0x7D: case 0xD0: return horizontal(cpu, f, op, prefix, reg, rm, ea);
            case 0xC2: return cmp(cpu, f, prefix, reg, rm, ea, imm);
            case 0xC4: return pinsrw(cpu, f, prefix, reg, rm, ea, imm);
            case 0xC5: {
                if (rm < 0) return UD;
                if (prefix == 0) {
                    int t = mmxEnter(f);
                    if (t != 0) return t;
                    cpu.setReg(reg, PackedInt.w(mm(f, rm), imm & 3));
                } else if (prefix == 0x66) {
                    int i = imm & 7;
                    cpu.setReg(reg, PackedInt.w(i < 4 ? lo(f, rm) : hi(f, rm), i & 3));
                } else {
                    return UD;
                }
                return 0;
            }
            case 0xD7: {
                if (rm < 0) return UD;
                if (prefix == 0) {
                    int t = mmxEnter(f);
                    if (t != 0) return t;
                    cpu.setReg(reg, PackedInt.movmskB(mm(f, rm)));
                } else if (prefix == 0x66) {
                    cpu.setReg(reg, PackedInt.movmskB(lo(f, rm)) | PackedInt.movmskB(hi(f, rm)) << 8);
                } else {
                    return UD;
                }
                return 0;
            }
            case 0xF0: {
                // LDDQU: an unaligned load.
                if (prefix != 0xF2 || rm >= 0) return UD;
                src128(cpu, f, rm, ea, false);
                setXmm(f, reg, f.src0, f.src1);
                return 0;
            }
            case 0xF7: return maskmov(cpu, f, prefix, reg, rm);
            case 0xAE: return group15(cpu, f, prefix, rexW, reg, rm, ea);
            case 0xC7: return rm < 0 && prefix == 0 && (reg & 7) == 4 ? xsaveFamily(cpu, f, 8, rexW, ea) : UD;
            default:
                if ((op >= 0x60 && op <= 0x6D) || (op >= 0x74 && op <= 0x76) || op >= 0xD1) {
                    return packedInt(cpu, f, op, prefix, reg, rm, ea);
                }
                return UD;
        }
    }

    // ------------------------------------------------------------------ moves

    /** 0F 10: MOVUPS, MOVUPD, MOVSS, MOVSD loads. */
    private static int movLoad(Cpu cpu, FpState f, int prefix, int reg, int rm, long ea) {
        switch (prefix) {
            case 0, 0x66 -> {
                src128(cpu, f, rm, ea, false);
                setXmm(f, reg, f.src0, f.src1);
            }
            case 0xF3 -> {
                if (rm >= 0) setXmm(f, reg, (lo(f, reg) & ~0xFFFFFFFFL) | (lo(f, rm) & 0xFFFFFFFFL), hi(f, reg));
                else setXmm(f, reg, cpu.mmu().read32(ea) & 0xFFFFFFFFL, 0);
            }
            default -> {
                if (rm >= 0) setXmm(f, reg, lo(f, rm), hi(f, reg));
                else setXmm(f, reg, cpu.mmu().read64(ea), 0);
            }
        }
        return 0;
    }

    /** 0F 11: MOVUPS, MOVUPD, MOVSS, MOVSD stores (register forms move into rm). */
    private static int movStore(Cpu cpu, FpState f, int prefix, int reg, int rm, long ea) {
        long a = lo(f, reg);
        switch (prefix) {
            case 0, 0x66 -> {
                if (rm >= 0) setXmm(f, rm, a, hi(f, reg));
                else store128(cpu, ea, a, hi(f, reg), false);
            }
            case 0xF3 -> {
                if (rm >= 0) setXmm(f, rm, (lo(f, rm) & ~0xFFFFFFFFL) | (a & 0xFFFFFFFFL), hi(f, rm));
                else cpu.mmu().write32(ea, (int) a);
            }
            default -> {
                if (rm >= 0) setXmm(f, rm, a, hi(f, rm));
                else cpu.mmu().write64(ea, a);
            }
        }
        return 0;
    }

    /** 0F 12, 13, 16, 17: MOVLPS/PD, MOVHPS/PD, MOVHLPS, MOVLHPS; F3/F2 0F 12/16: MOVSLDUP, MOVSHDUP, MOVDDUP. */
    private static int movHalf(Cpu cpu, FpState f, int op, int prefix, int reg, int rm, long ea) {
        if (prefix == 0xF3 && (op == 0x12 || op == 0x16)) {
            int t = src128(cpu, f, rm, ea, true);
            if (t != 0) return t;
            long a = f.src0, b = f.src1;
            if (op == 0x12) setXmm(f, reg, (a & 0xFFFFFFFFL) | a << 32, (b & 0xFFFFFFFFL) | b << 32);
            else setXmm(f, reg, (a >>> 32) | (a & 0xFFFFFFFF00000000L), (b >>> 32) | (b & 0xFFFFFFFF00000000L));
            return 0;
        }
        if (prefix == 0xF2 && op == 0x12) {
            long a = src64(cpu, f, rm, ea);
            setXmm(f, reg, a, a);
            return 0;
        }
        if (prefix != 0 && prefix != 0x66) return UD;
        if (rm >= 0) {
            // Only MOVHLPS and MOVLHPS have register forms.
            if (prefix != 0 || op == 0x13 || op == 0x17) return UD;
            if (op == 0x12) setXmm(f, reg, hi(f, rm), hi(f, reg));
            else setXmm(f, reg, lo(f, reg), lo(f, rm));
            return 0;
        }
        Mmu m = cpu.mmu();
        switch (op) {
            case 0x12 -> setXmm(f, reg, m.read64(ea), hi(f, reg));
            case 0x13 -> m.write64(ea, lo(f, reg));
            case 0x16 -> setXmm(f, reg, lo(f, reg), m.read64(ea));
            default -> m.write64(ea, hi(f, reg));
        }
        return 0;
    }

    /** 0F 6E: MOVD/MOVQ into an MMX or XMM register from a GPR or memory. */
    private static int movdToVector(Cpu cpu, FpState f, int prefix, boolean rexW, int reg, int rm, long ea) {
        if (prefix != 0 && prefix != 0x66) return UD;
        if (prefix == 0 && mmxPending(f)) return Trap.FP_EXCEPTION;
        long v;
        if (rm >= 0) v = rexW ? cpu.reg(rm) : cpu.reg(rm) & 0xFFFFFFFFL;
        else v = rexW ? cpu.mmu().read64(ea) : cpu.mmu().read32(ea) & 0xFFFFFFFFL;
        if (prefix == 0) {
            mmxSwitch(f);
            setMm(f, reg, v);
        } else {
            setXmm(f, reg, v, 0);
        }
        return 0;
    }

    /** 0F 7E: MOVD/MOVQ from an MMX or XMM register to a GPR or memory; F3 0F 7E: MOVQ xmm, xmm/m64. */
    private static int movdFromVector(Cpu cpu, FpState f, int prefix, boolean rexW, int reg, int rm, long ea) {
        if (prefix == 0xF3) {
            setXmm(f, reg, src64(cpu, f, rm, ea), 0);
            return 0;
        }
        long v;
        if (prefix == 0) {
            if (mmxPending(f)) return Trap.FP_EXCEPTION;
            v = mm(f, reg);
        } else if (prefix == 0x66) {
            v = lo(f, reg);
        } else {
            return UD;
        }
        if (rm >= 0) cpu.setReg(rm, rexW ? v : v & 0xFFFFFFFFL);
        else if (rexW) cpu.mmu().write64(ea, v);
        else cpu.mmu().write32(ea, (int) v);
        if (prefix == 0) mmxSwitch(f);
        return 0;
    }

    /** 0F 6F, 7F, D6, E7: MOVQ (MMX), MOVDQA, MOVDQU, MOVQ xmm/m64, MOVQ2DQ, MOVDQ2Q, MOVNTQ, MOVNTDQ. */
    private static int movInt(Cpu cpu, FpState f, int op, int prefix, int reg, int rm, long ea) {
        switch (op) {
            case 0x6F -> {
                if (prefix == 0) {
                    if (mmxPending(f)) return Trap.FP_EXCEPTION;
                    long v = mmSrc(cpu, f, rm, ea);
                    mmxSwitch(f);
                    setMm(f, reg, v);
                    return 0;
                }
                if (prefix == 0xF2) return UD;
                int t = src128(cpu, f, rm, ea, prefix == 0x66);
                if (t != 0) return t;
                setXmm(f, reg, f.src0, f.src1);
                return 0;
            }
            case 0x7F -> {
                if (prefix == 0) {
                    if (mmxPending(f)) return Trap.FP_EXCEPTION;
                    if (rm < 0) cpu.mmu().write64(ea, mm(f, reg));
                    mmxSwitch(f);
                    if (rm >= 0) setMm(f, rm, mm(f, reg));
                    return 0;
                }
                if (prefix == 0xF2) return UD;
                if (rm >= 0) {
                    setXmm(f, rm, lo(f, reg), hi(f, reg));
                    return 0;
                }
                return store128(cpu, ea, lo(f, reg), hi(f, reg), prefix == 0x66);
            }
            case 0xD6 -> {
                switch (prefix) {
                    case 0x66 -> {
                        if (rm >= 0) setXmm(f, rm, lo(f, reg), 0);
                        else cpu.mmu().write64(ea, lo(f, reg));
                    }
                    case 0xF3 -> {
                        if (rm < 0) return UD;
                        int t = mmxEnter(f);
                        if (t != 0) return t;
                        setXmm(f, reg, mm(f, rm), 0);
                    }
                    case 0xF2 -> {
                        if (rm < 0) return UD;
                        int t = mmxEnter(f);
                        if (t != 0) return t;
                        setMm(f, reg, lo(f, rm));
                    }
                    default -> {
                        return UD;
                    }
                }
                return 0;
            }
            default -> {
                if (rm >= 0) return UD;
                if (prefix == 0) {
                    if (mmxPending(f)) return Trap.FP_EXCEPTION;
                    cpu.mmu().write64(ea, mm(f, reg));
                    mmxSwitch(f);
                    return 0;
                }
                if (prefix != 0x66) return UD;
                return store128(cpu, ea, lo(f, reg), hi(f, reg), true);
            }
        }
    }

    /** MASKMOVQ / MASKMOVDQU: stores the bytes of reg whose mask byte in rm has its top bit set, at [RDI]. */
    private static int maskmov(Cpu cpu, FpState f, int prefix, int reg, int rm) {
        if (rm < 0) return UD;
        long d0, d1, m0, m1;
        int n;
        if (prefix == 0) {
            if (mmxPending(f)) return Trap.FP_EXCEPTION;
            d0 = mm(f, reg);
            m0 = mm(f, rm);
            d1 = m1 = 0;
            n = 8;
        } else if (prefix == 0x66) {
            d0 = lo(f, reg);
            d1 = hi(f, reg);
            m0 = lo(f, rm);
            m1 = hi(f, rm);
            n = 16;
        } else {
            return UD;
        }
        long base = cpu.reg(Cpu.RDI);
        int first = -1, last = -1;
        for (int i = 0; i < n; i++) {
            long m = i < 8 ? m0 : m1;
            if (((m >>> (8 * (i & 7) + 7)) & 1) != 0) {
                if (first < 0) first = i;
                last = i;
            }
        }
        if (first >= 0) {
            Mmu mmu = cpu.mmu();
            probeWrite(mmu, base + first, last - first + 1);
            for (int i = first; i <= last; i++) {
                long m = i < 8 ? m0 : m1;
                if (((m >>> (8 * (i & 7) + 7)) & 1) != 0) mmu.write8(base + i, PackedInt.b(i < 8 ? d0 : d1, i & 7));
            }
        }
        if (prefix == 0) mmxSwitch(f);
        return 0;
    }

    // ------------------------------------------------------------------ floating-point arithmetic

    /** 0F 51, 58, 59, 5C-5F: SQRT, ADD, MUL, SUB, MIN, DIV, MAX in PS, PD, SS and SD forms. */
    private static int arith(Cpu cpu, FpState f, int op, int prefix, int reg, int rm, long ea) {
        long a0 = lo(f, reg), a1 = hi(f, reg);
        long r0, r1;
        SoftFloat sf;
        switch (prefix) {
            case 0 -> {
                int t = src128(cpu, f, rm, ea, true);
                if (t != 0) return t;
                long b0 = f.src0, b1 = f.src1;
                sf = sse(f);
                r0 = ps(sf, op, a0, b0);
                r1 = ps(sf, op, a1, b1);
            }
            case 0x66 -> {
                int t = src128(cpu, f, rm, ea, true);
                if (t != 0) return t;
                long b0 = f.src0, b1 = f.src1;
                sf = sse(f);
                r0 = f64(sf, op, a0, b0);
                r1 = f64(sf, op, a1, b1);
            }
            case 0xF3 -> {
                int b = src32(cpu, f, rm, ea);
                sf = sse(f);
                r0 = (a0 & ~0xFFFFFFFFL) | (f32(sf, op, (int) a0, b) & 0xFFFFFFFFL);
                r1 = a1;
            }
            default -> {
                long b = src64(cpu, f, rm, ea);
                sf = sse(f);
                r0 = f64(sf, op, a0, b);
                r1 = a1;
            }
        }
        int t = raise(f, sf.flags);
        if (t != 0) return t;
        setXmm(f, reg, r0, r1);
        return 0;
    }

    /** Two single-precision lanes of a 64-bit half. */
    private static long ps(SoftFloat sf, int op, long a, long b) {
        long l = f32(sf, op, (int) a, (int) b) & 0xFFFFFFFFL;
        long h = f32(sf, op, (int) (a >>> 32), (int) (b >>> 32)) & 0xFFFFFFFFL;
        return l | h << 32;
    }

    static int f32(SoftFloat sf, int op, int a, int b) {
        return switch (op) {
            case 0x51 -> sf.sqrt32(b);
            case 0x58 -> sf.add32(a, b);
            case 0x59 -> sf.mul32(a, b);
            case 0x5C -> sf.sub32(a, b);
            case 0x5D -> (int) sf.minMax(F32, a & 0xFFFFFFFFL, b & 0xFFFFFFFFL, false);
            case 0x5E -> sf.div32(a, b);
            default -> (int) sf.minMax(F32, a & 0xFFFFFFFFL, b & 0xFFFFFFFFL, true);
        };
    }

    static long f64(SoftFloat sf, int op, long a, long b) {
        return switch (op) {
            case 0x51 -> sf.sqrt64(b);
            case 0x58 -> sf.add64(a, b);
            case 0x59 -> sf.mul64(a, b);
            case 0x5C -> sf.sub64(a, b);
            case 0x5D -> sf.minMax(F64, a, b, false);
            case 0x5E -> sf.div64(a, b);
            default -> sf.minMax(F64, a, b, true);
        };
    }

    /** 0F 52 RSQRTPS/SS, 0F 53 RCPPS/SS: approximations that raise no exceptions. */
    private static int approx(Cpu cpu, FpState f, int op, int prefix, int reg, int rm, long ea) {
        boolean rsqrt = op == 0x52;
        if (prefix == 0) {
            int t = src128(cpu, f, rm, ea, true);
            if (t != 0) return t;
            long b0 = f.src0, b1 = f.src1;
            setXmm(f, reg, approx2(rsqrt, b0), approx2(rsqrt, b1));
        } else if (prefix == 0xF3) {
            int b = src32(cpu, f, rm, ea);
            int r = rsqrt ? Approx.rsqrt(b) : Approx.rcp(b);
            setXmm(f, reg, (lo(f, reg) & ~0xFFFFFFFFL) | (r & 0xFFFFFFFFL), hi(f, reg));
        } else {
            return UD;
        }
        return 0;
    }

    private static long approx2(boolean rsqrt, long v) {
        int l = rsqrt ? Approx.rsqrt((int) v) : Approx.rcp((int) v);
        int h = rsqrt ? Approx.rsqrt((int) (v >>> 32)) : Approx.rcp((int) (v >>> 32));
        return (l & 0xFFFFFFFFL) | (long) h << 32;
    }

    /** 0F 7C HADD, 7D HSUB, D0 ADDSUB (SSE3). */
    private static int horizontal(Cpu cpu, FpState f, int op, int prefix, int reg, int rm, long ea) {
        if (prefix != 0x66 && prefix != 0xF2) return UD;
        int t = src128(cpu, f, rm, ea, true);
        if (t != 0) return t;
        long a0 = lo(f, reg), a1 = hi(f, reg), b0 = f.src0, b1 = f.src1;
        SoftFloat sf = sse(f);
        long r0, r1;
        if (prefix == 0x66) {
            switch (op) {
                case 0x7C -> { r0 = sf.add64(a0, a1); r1 = sf.add64(b0, b1); }
                case 0x7D -> { r0 = sf.sub64(a0, a1); r1 = sf.sub64(b0, b1); }
                default -> { r0 = sf.sub64(a0, b0); r1 = sf.add64(a1, b1); }
            }
        } else {
            int[] a = {(int) a0, (int) (a0 >>> 32), (int) a1, (int) (a1 >>> 32)};
            int[] b = {(int) b0, (int) (b0 >>> 32), (int) b1, (int) (b1 >>> 32)};
            int[] r = new int[4];
            switch (op) {
                case 0x7C -> { r[0] = sf.add32(a[0], a[1]); r[1] = sf.add32(a[2], a[3]); r[2] = sf.add32(b[0], b[1]); r[3] = sf.add32(b[2], b[3]); }
                case 0x7D -> { r[0] = sf.sub32(a[0], a[1]); r[1] = sf.sub32(a[2], a[3]); r[2] = sf.sub32(b[0], b[1]); r[3] = sf.sub32(b[2], b[3]); }
                default -> { r[0] = sf.sub32(a[0], b[0]); r[1] = sf.add32(a[1], b[1]); r[2] = sf.sub32(a[2], b[2]); r[3] = sf.add32(a[3], b[3]); }
            }
            r0 = (r[0] & 0xFFFFFFFFL) | (long) r[1] << 32;
            r1 = (r[2] & 0xFFFFFFFFL) | (long) r[3] << 32;
        }
        t = raise(f, sf.flags);
        if (t != 0) return t;
        setXmm(f, reg, r0, r1);
        return 0;
    }

    // ------------------------------------------------------------------ comparisons

    /** Evaluates CMPPS predicate {@code p} (0-7, or 0-31 for the VEX forms) on a {@link SoftFloat#compare} result. */
    static boolean predicate(int p, int r) {
        return switch (p & 15) {
            case 0 -> r == SoftFloat.EQ;
            case 1 -> r == SoftFloat.LT;
            case 2 -> r == SoftFloat.LT || r == SoftFloat.EQ;
            case 3 -> r == SoftFloat.UN;
            case 4 -> r != SoftFloat.EQ;
            case 5 -> r != SoftFloat.LT;
            case 6 -> r == SoftFloat.GT || r == SoftFloat.UN;
            case 7 -> r != SoftFloat.UN;
            case 8 -> r == SoftFloat.EQ || r == SoftFloat.UN;
            case 9 -> r == SoftFloat.LT || r == SoftFloat.UN;
            case 10 -> r != SoftFloat.GT;
            case 11 -> false;
            case 12 -> r == SoftFloat.LT || r == SoftFloat.GT;
            case 13 -> r == SoftFloat.GT || r == SoftFloat.EQ;
            case 14 -> r == SoftFloat.GT;
            default -> true;
        };
    }

    /**
     * Predicates LT, LE, NLT, NLE (and NGE, NGT, GE, GT) signal on quiet NaNs; EQ, UNORD, NEQ,
     * ORD, FALSE, TRUE only on signaling ones; VEX predicates 16-31 swap the two behaviours.
     */
    static boolean signalsQuiet(int p) {
        int k = p & 3;
        return (k == 1 || k == 2) ^ (p >= 16);
    }

    private static int cmp(Cpu cpu, FpState f, int prefix, int reg, int rm, long ea, int immediate) {
        // Legacy encodings use predicates 0-7 (imm8[2:0]), VEX encodings 0-31 (imm8[4:0]).
        int imm = immediate & (f.vex ? 31 : 7);
        long a0 = lo(f, reg), a1 = hi(f, reg);
        boolean sig = signalsQuiet(imm);
        long r0, r1;
        SoftFloat sf;
        switch (prefix) {
            case 0 -> {
                int t = src128(cpu, f, rm, ea, true);
                if (t != 0) return t;
                long b0 = f.src0, b1 = f.src1;
                sf = sse(f);
                r0 = cmp32(sf, imm, sig, a0, b0) | cmp32(sf, imm, sig, a0 >>> 32, b0 >>> 32) << 32;
                r1 = cmp32(sf, imm, sig, a1, b1) | cmp32(sf, imm, sig, a1 >>> 32, b1 >>> 32) << 32;
            }
            case 0x66 -> {
                int t = src128(cpu, f, rm, ea, true);
                if (t != 0) return t;
                long b0 = f.src0, b1 = f.src1;
                sf = sse(f);
                r0 = predicate(imm, sf.compare(F64, 0, a0, 0, b0, sig)) ? -1L : 0;
                r1 = predicate(imm, sf.compare(F64, 0, a1, 0, b1, sig)) ? -1L : 0;
            }
            case 0xF3 -> {
                int b = src32(cpu, f, rm, ea);
                sf = sse(f);
                r0 = (a0 & ~0xFFFFFFFFL) | cmp32(sf, imm, sig, a0, b);
                r1 = a1;
            }
            default -> {
                long b = src64(cpu, f, rm, ea);
                sf = sse(f);
                r0 = predicate(imm, sf.compare(F64, 0, a0, 0, b, sig)) ? -1L : 0;
                r1 = a1;
            }
        }
        int t = raise(f, sf.flags);
        if (t != 0) return t;
        setXmm(f, reg, r0, r1);
        return 0;
    }

    private static long cmp32(SoftFloat sf, int imm, boolean sig, long a, long b) {
        return predicate(imm, sf.compare(F32, 0, a & 0xFFFFFFFFL, 0, b & 0xFFFFFFFFL, sig)) ? 0xFFFFFFFFL : 0;
    }

    /** 0F 2E UCOMISS/UCOMISD, 0F 2F COMISS/COMISD: ZF, PF, CF from the comparison; OF, SF, AF cleared. */
    private static int comis(Cpu cpu, FpState f, int op, int prefix, int reg, int rm, long ea) {
        if (prefix != 0 && prefix != 0x66) return UD;
        boolean ordered = op == 0x2F;
        int r;
        SoftFloat sf;
        if (prefix == 0) {
            int b = src32(cpu, f, rm, ea);
            sf = sse(f);
            r = sf.compare(F32, 0, lo(f, reg) & 0xFFFFFFFFL, 0, b & 0xFFFFFFFFL, ordered);
        } else {
            long b = src64(cpu, f, rm, ea);
            sf = sse(f);
            r = sf.compare(F64, 0, lo(f, reg), 0, b, ordered);
        }
        int t = raise(f, sf.flags);
        if (t != 0) return t;
        cpu.setStatusFlags(comparisonFlags(r));
        return 0;
    }

    /** ZF, PF, CF for a comparison result: unordered 111, greater 000, less 001, equal 100. */
    static long comparisonFlags(int r) {
        return switch (r) {
            case SoftFloat.UN -> Cpu.ZF | Cpu.PF | Cpu.CF;
            case SoftFloat.LT -> Cpu.CF;
            case SoftFloat.EQ -> Cpu.ZF;
            default -> 0;
        };
    }

    // ------------------------------------------------------------------ shuffles

    /** 0F 14 UNPCKLPS/PD, 0F 15 UNPCKHPS/PD, 0F C6 SHUFPS/PD. */
    private static int shuffleFloat(Cpu cpu, FpState f, int op, int prefix, int reg, int rm, long ea, int imm) {
        if (prefix != 0 && prefix != 0x66) return UD;
        int t = src128(cpu, f, rm, ea, true);
        if (t != 0) return t;
        long a0 = lo(f, reg), a1 = hi(f, reg), b0 = f.src0, b1 = f.src1;
        if (prefix == 0x66) {
            switch (op) {
                case 0x14 -> setXmm(f, reg, a0, b0);
                case 0x15 -> setXmm(f, reg, a1, b1);
                default -> setXmm(f, reg, (imm & 1) != 0 ? a1 : a0, (imm & 2) != 0 ? b1 : b0);
            }
            return 0;
        }
        switch (op) {
            case 0x14 -> setXmm(f, reg, PackedInt.unpackLowD(a0, b0), PackedInt.unpackHighD(a0, b0));
            case 0x15 -> setXmm(f, reg, PackedInt.unpackLowD(a1, b1), PackedInt.unpackHighD(a1, b1));
            default -> {
                long x0 = dword(a0, a1, imm & 3), x1 = dword(a0, a1, (imm >>> 2) & 3);
                long x2 = dword(b0, b1, (imm >>> 4) & 3), x3 = dword(b0, b1, (imm >>> 6) & 3);
                setXmm(f, reg, x0 | x1 << 32, x2 | x3 << 32);
            }
        }
        return 0;
    }

    static long dword(long lo, long hi, int i) {
        long v = i < 2 ? lo : hi;
        return (i & 1) != 0 ? v >>> 32 : v & 0xFFFFFFFFL;
    }

    /** 0F 70: PSHUFW (MMX), PSHUFD, PSHUFHW, PSHUFLW. */
    private static int pshuf(Cpu cpu, FpState f, int prefix, int reg, int rm, long ea, int imm) {
        if (prefix == 0) {
            if (mmxPending(f)) return Trap.FP_EXCEPTION;
            long v = mmSrc(cpu, f, rm, ea);
            mmxSwitch(f);
            setMm(f, reg, PackedInt.shufW(v, imm));
            return 0;
        }
        int t = src128(cpu, f, rm, ea, true);
        if (t != 0) return t;
        long b0 = f.src0, b1 = f.src1;
        switch (prefix) {
            case 0x66 -> {
                long x0 = dword(b0, b1, imm & 3), x1 = dword(b0, b1, (imm >>> 2) & 3);
                long x2 = dword(b0, b1, (imm >>> 4) & 3), x3 = dword(b0, b1, (imm >>> 6) & 3);
                setXmm(f, reg, x0 | x1 << 32, x2 | x3 << 32);
            }
            case 0xF3 -> setXmm(f, reg, b0, PackedInt.shufW(b1, imm));
            default -> setXmm(f, reg, PackedInt.shufW(b0, imm), b1);
        }
        return 0;
    }

    /** 0F C4: PINSRW from a GPR or m16. */
    private static int pinsrw(Cpu cpu, FpState f, int prefix, int reg, int rm, long ea, int imm) {
        if (prefix == 0 && mmxPending(f)) return Trap.FP_EXCEPTION;
        int v = rm >= 0 ? (int) cpu.reg(rm) : cpu.mmu().read16(ea);
        if (prefix == 0) {
            mmxSwitch(f);
            setMm(f, reg, PackedInt.putW(mm(f, reg), imm & 3, v));
        } else if (prefix == 0x66) {
            int i = imm & 7;
            if (i < 4) setXmm(f, reg, PackedInt.putW(lo(f, reg), i, v), hi(f, reg));
            else setXmm(f, reg, lo(f, reg), PackedInt.putW(hi(f, reg), i - 4, v));
        } else {
            return UD;
        }
        return 0;
    }

    // ------------------------------------------------------------------ packed integers

    /** 0F 71, 72, 73: shifts of the register rm by an immediate; reg holds the /digit. */
    private static int shiftImm(FpState f, int op, int prefix, int reg, int rm, int imm) {
        if (rm < 0) return UD;
        int kind = reg & 7;
        long n = imm & 0xFF;
        if (prefix == 0) {
            if (invalidShift(op, kind)) return UD;
            int t = mmxEnter(f);
            if (t != 0) return t;
            setMm(f, rm, shift(op, kind, mm(f, rm), n));
            return 0;
        }
        if (prefix != 0x66) return UD;
        long a0 = lo(f, rm), a1 = hi(f, rm);
        if (op == 0x73 && kind == 3) {
            setXmm(f, rm, byteShiftRight(a0, a1, imm, true), byteShiftRight(a0, a1, imm, false));
            return 0;
        }
        if (op == 0x73 && kind == 7) {
            setXmm(f, rm, byteShiftLeft(a0, a1, imm, true), byteShiftLeft(a0, a1, imm, false));
            return 0;
        }
        if (invalidShift(op, kind)) return UD;
        setXmm(f, rm, shift(op, kind, a0, n), shift(op, kind, a1, n));
        return 0;
    }

    private static boolean invalidShift(int op, int kind) {
        return switch (op) {
            case 0x71, 0x72 -> kind != 2 && kind != 4 && kind != 6;
            default -> kind != 2 && kind != 6;
        };
    }

    /** One lane of a shift group: /2 logical right, /4 arithmetic right, /6 left; 71 words, 72 dwords, 73 qwords. */
    private static long shift(int op, int kind, long a, long n) {
        return switch (op) {
            case 0x71 -> kind == 2 ? PackedInt.srlW(a, n) : kind == 4 ? PackedInt.sraW(a, n) : PackedInt.sllW(a, n);
            case 0x72 -> kind == 2 ? PackedInt.srlD(a, n) : kind == 4 ? PackedInt.sraD(a, n) : PackedInt.sllD(a, n);
            default -> kind == 2 ? PackedInt.srlQ(a, n) : PackedInt.sllQ(a, n);
        };
    }

    /** PSRLDQ: one half of (hi:lo) shifted right by n bytes (n > 15 clears). */
    static long byteShiftRight(long lo, long hi, int n, boolean wantLo) {
        if (n > 15) return 0;
        int s = n * 8;
        if (wantLo) {
            if (s == 0) return lo;
            if (s < 64) return (lo >>> s) | (hi << (64 - s));
            return hi >>> (s - 64);
        }
        return s < 64 ? hi >>> s : 0;
    }

    /** PSLLDQ: one half of (hi:lo) shifted left by n bytes. */
    static long byteShiftLeft(long lo, long hi, int n, boolean wantLo) {
        if (n > 15) return 0;
        int s = n * 8;
        if (wantLo) return s < 64 ? lo << s : 0;
        if (s == 0) return hi;
        if (s < 64) return (hi << s) | (lo >>> (64 - s));
        return lo << (s - 64);
    }

    /** The packed-integer instructions of 0F 60-6D, 74-76 and D1-FE, in MMX (no prefix) and SSE2 (66) forms. */
    private static int packedInt(Cpu cpu, FpState f, int op, int prefix, int reg, int rm, long ea) {
        if (op == 0xD6 || op == 0xD7 || op == 0xE6 || op == 0xE7 || op == 0xF0 || op == 0xF7 || op == 0xFF) return UD;
        if ((op == 0x6C || op == 0x6D) && prefix != 0x66) return UD;
        if (prefix == 0) {
            if (mmxPending(f)) return Trap.FP_EXCEPTION;
            // The MMX unpacks of the low halves read only 32 bits from memory.
            long b = rm >= 0 ? mm(f, rm) : op >= 0x60 && op <= 0x62 ? cpu.mmu().read32(ea) & 0xFFFFFFFFL : cpu.mmu().read64(ea);
            mmxSwitch(f);
            long a = mm(f, reg);
            long r;
            switch (op) {
                case 0x60 -> r = PackedInt.unpackLowB(a, b);
                case 0x61 -> r = PackedInt.unpackLowW(a, b);
                case 0x62 -> r = PackedInt.unpackLowD(a, b);
                case 0x63 -> r = PackedInt.packSSWB(a, b);
                case 0x67 -> r = PackedInt.packUSWB(a, b);
                case 0x68 -> r = PackedInt.unpackHighB(a, b);
                case 0x69 -> r = PackedInt.unpackHighW(a, b);
                case 0x6A -> r = PackedInt.unpackHighD(a, b);
                case 0x6B -> r = PackedInt.packSSDW(a, b);
                default -> {
                    if (isShiftByRegister(op)) {
                        r = shiftByRegister(op, a, b);
                    } else {
                        r = lane(op, a, b);
                    }
                }
            }
            setMm(f, reg, r);
            return 0;
        }
        if (prefix != 0x66) return UD;
        int t = src128(cpu, f, rm, ea, true);
        if (t != 0) return t;
        long a0 = lo(f, reg), a1 = hi(f, reg), b0 = f.src0, b1 = f.src1;
        long r0, r1;
        switch (op) {
            case 0x60 -> { r0 = PackedInt.unpackLowB(a0, b0); r1 = PackedInt.unpackHighB(a0, b0); }
            case 0x61 -> { r0 = PackedInt.unpackLowW(a0, b0); r1 = PackedInt.unpackHighW(a0, b0); }
            case 0x62 -> { r0 = PackedInt.unpackLowD(a0, b0); r1 = PackedInt.unpackHighD(a0, b0); }
            case 0x6C -> { r0 = a0; r1 = b0; }
            case 0x68 -> { r0 = PackedInt.unpackLowB(a1, b1); r1 = PackedInt.unpackHighB(a1, b1); }
            case 0x69 -> { r0 = PackedInt.unpackLowW(a1, b1); r1 = PackedInt.unpackHighW(a1, b1); }
            case 0x6A -> { r0 = PackedInt.unpackLowD(a1, b1); r1 = PackedInt.unpackHighD(a1, b1); }
            case 0x6D -> { r0 = a1; r1 = b1; }
            case 0x63 -> { r0 = PackedInt.packSSWB(a0, a1); r1 = PackedInt.packSSWB(b0, b1); }
            case 0x67 -> { r0 = PackedInt.packUSWB(a0, a1); r1 = PackedInt.packUSWB(b0, b1); }
            case 0x6B -> { r0 = PackedInt.packSSDW(a0, a1); r1 = PackedInt.packSSDW(b0, b1); }
            default -> {
                if (isShiftByRegister(op)) {
                    r0 = shiftByRegister(op, a0, b0);
                    r1 = shiftByRegister(op, a1, b0);
                } else {
                    r0 = lane(op, a0, b0);
                    r1 = lane(op, a1, b1);
                }
            }
        }
        setXmm(f, reg, r0, r1);
        return 0;
    }

    private static boolean isShiftByRegister(int op) {
        return op == 0xD1 || op == 0xD2 || op == 0xD3 || op == 0xE1 || op == 0xE2 || op == 0xF1 || op == 0xF2 || op == 0xF3;
    }

    /** PSRL/PSRA/PSLL W/D/Q by the count in the low 64 bits of the source. */
    private static long shiftByRegister(int op, long a, long n) {
        return switch (op) {
            case 0xD1 -> PackedInt.srlW(a, n);
            case 0xD2 -> PackedInt.srlD(a, n);
            case 0xD3 -> PackedInt.srlQ(a, n);
            case 0xE1 -> PackedInt.sraW(a, n);
            case 0xE2 -> PackedInt.sraD(a, n);
            case 0xF1 -> PackedInt.sllW(a, n);
            case 0xF2 -> PackedInt.sllD(a, n);
            default -> PackedInt.sllQ(a, n);
        };
    }

    /** The lane-wise packed-integer operations, on one 64-bit lane. */
    private static long lane(int op, long a, long b) {
        return switch (op) {
            case 0x64 -> PackedInt.cmpgtB(a, b);
            case 0x65 -> PackedInt.cmpgtW(a, b);
            case 0x66 -> PackedInt.cmpgtD(a, b);
            case 0x74 -> PackedInt.cmpeqB(a, b);
            case 0x75 -> PackedInt.cmpeqW(a, b);
            case 0x76 -> PackedInt.cmpeqD(a, b);
            case 0xD4 -> a + b;
            case 0xD5 -> PackedInt.mullW(a, b);
            case 0xD8 -> PackedInt.subusB(a, b);
            case 0xD9 -> PackedInt.subusW(a, b);
            case 0xDA -> PackedInt.minUB(a, b);
            case 0xDB -> a & b;
            case 0xDC -> PackedInt.addusB(a, b);
            case 0xDD -> PackedInt.addusW(a, b);
            case 0xDE -> PackedInt.maxUB(a, b);
            case 0xDF -> ~a & b;
            case 0xE0 -> PackedInt.avgB(a, b);
            case 0xE3 -> PackedInt.avgW(a, b);
            case 0xE4 -> PackedInt.mulhuW(a, b);
            case 0xE5 -> PackedInt.mulhW(a, b);
            case 0xE8 -> PackedInt.subsB(a, b);
            case 0xE9 -> PackedInt.subsW(a, b);
            case 0xEA -> PackedInt.minSW(a, b);
            case 0xEB -> a | b;
            case 0xEC -> PackedInt.addsB(a, b);
            case 0xED -> PackedInt.addsW(a, b);
            case 0xEE -> PackedInt.maxSW(a, b);
            case 0xEF -> a ^ b;
            case 0xF4 -> PackedInt.mulUDQ(a, b);
            case 0xF5 -> PackedInt.maddWD(a, b);
            case 0xF6 -> PackedInt.sadBW(a, b);
            case 0xF8 -> PackedInt.subB(a, b);
            case 0xF9 -> PackedInt.subW(a, b);
            case 0xFA -> PackedInt.subD(a, b);
            case 0xFB -> a - b;
            case 0xFC -> PackedInt.addB(a, b);
            case 0xFD -> PackedInt.addW(a, b);
            default -> PackedInt.addD(a, b);
        };
    }

    // ------------------------------------------------------------------ 0F AE: state save and MXCSR

    private static int group15(Cpu cpu, FpState f, int prefix, boolean rexW, int reg, int rm, long ea) {
        if (rm >= 0 || prefix != 0) return UD;
        Mmu m = cpu.mmu();
        switch (reg & 7) {
            case 0 -> {
                if ((ea & 15) != 0) return GP;
                byte[] img = new byte[FpState.FXSAVE_SIZE];
                // Bytes 464-511 are available to software and 416-463 reserved: FXSAVE leaves them alone.
                f.fxsave(img, 0);
                if (!rexW) f.toLegacyFxsave(img, 0);
                probeWrite(m, ea, 416);
                for (int i = 0; i < 416; i += 8) m.write64(ea + i, FpState.getLong(img, i));
                return 0;
            }
            case 1 -> {
                if ((ea & 15) != 0) return GP;
                byte[] img = new byte[FpState.FXSAVE_SIZE];
                for (int i = 0; i < 416; i += 8) FpState.putLong(img, i, m.read64(ea + i));
                if (!rexW) FpState.fromLegacyFxsave(img, 0);
                return f.fxrstor(img, 0) ? 0 : GP;
            }
            case 2 -> {
                int v = m.read32(ea);
                if ((v & ~FpState.MXCSR_MASK) != 0) return GP;
                f.mxcsr = v;
                return 0;
            }
            case 3 -> {
                m.write32(ea, f.mxcsr);
                return 0;
            }
            default -> {
                return xsaveFamily(cpu, f, reg & 7, rexW, ea);
            }
        }
    }

    /**
     * XSAVE (0F AE /4), XRSTOR (/5), XSAVEOPT (/6) and XSAVEC (0F C7 /4, here as kind 8) with the
     * components of EDX:EAX & XCR0 (SDM vol. 1, 13.7-13.10). The image must be 64-byte aligned.
     * XSAVEOPT applies the init optimization (components in their initial configuration are not
     * written); XSAVEC writes the compacted format, which for x87, SSE and AVX has the standard
     * offsets, and only the components in use.
     */
    static int xsaveFamily(Cpu cpu, FpState f, int kind, boolean rexW, long ea) {
        long xcr0 = cpu.features().xcr0();
        if (!cpu.features().xsave) return UD;
        if ((ea & 63) != 0) return GP;
        long rfbm = ((cpu.reg(Cpu.RDX) << 32) | (cpu.reg(Cpu.RAX) & 0xFFFFFFFFL)) & xcr0;
        Mmu m = cpu.mmu();
        int n = FpState.XSAVE_SIZE;
        byte[] img = new byte[n];
        m.probeRead(ea, n);
        for (int i = 0; i < n; i += 8) FpState.putLong(img, i, m.read64(ea + i));
        if (kind == 5) {
            if (!rexW) FpState.fromLegacyFxsave(img, 0);
            return f.xrstor(img, 0, rfbm, xcr0) ? 0 : GP;
        }
        long inUse = f.xinuse();
        long saved = kind == 4 ? rfbm : rfbm & inUse;
        if (kind == 8) {
            long mxcsrField = FpState.getLong(img, 24);
            f.xsave(img, 0, saved);
            if ((saved & 2) == 0) FpState.putLong(img, 24, mxcsrField);
            // MXCSR belongs to the SSE component here; the header is written whole.
            FpState.putLong(img, FpState.XSAVE_HEADER, rfbm & inUse);
            FpState.putLong(img, FpState.XSAVE_HEADER + 8, FpState.XCOMP_COMPACTED | rfbm);
        } else {
            f.xsave(img, 0, saved);
            long bv = FpState.getLong(img, FpState.XSAVE_HEADER);
            FpState.putLong(img, FpState.XSAVE_HEADER, (bv & ~rfbm) | (rfbm & inUse));
            if ((rfbm & 6) != 0 && (saved & 6) == 0) {
                // MXCSR is saved whenever SSE or AVX is requested, even if both are initial.
                FpState.putInt(img, 24, f.mxcsr);
                FpState.putInt(img, 28, FpState.MXCSR_MASK);
            }
        }
        if (!rexW && (saved & 1) != 0) FpState.toLegacyFxsave(img, 0);
        SseUnit.probeWrite(m, ea, n);
        for (int i = 0; i < n; i += 8) m.write64(ea + i, FpState.getLong(img, i));
        return 0;
    }
}
