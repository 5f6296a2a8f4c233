package dev.jerla.cpu.fp;

import static dev.jerla.cpu.fp.SoftFloat.DE;
import static dev.jerla.cpu.fp.SoftFloat.F32;
import static dev.jerla.cpu.fp.SoftFloat.F64;
import static dev.jerla.cpu.fp.SoftFloat.F80;
import static dev.jerla.cpu.fp.SoftFloat.IE;
import static dev.jerla.cpu.fp.SoftFloat.OE;
import static dev.jerla.cpu.fp.SoftFloat.PE;
import static dev.jerla.cpu.fp.SoftFloat.UE;
import static dev.jerla.cpu.fp.SoftFloat.ZE;

import dev.jerla.cpu.Cpu;
import dev.jerla.cpu.Trap;
import dev.jerla.cpu.mem.Mmu;

/**
 * The x87 floating-point unit (opcodes D8-DF) with true 80-bit registers. Arithmetic is exact
 * in extended precision and honours the precision and rounding control of the control word;
 * exceptions follow the SDM (vol. 1, 8.4-8.6): a masked exception delivers its default result, an
 * unmasked one sets ES and B and is reported as #MF (here {@link Trap#FP_EXCEPTION}) by the next
 * x87 instruction that waits. An unmasked invalid, denormal or zero-divide exception leaves the
 * destination and the stack unchanged; unmasked overflow and underflow deliver a result whose
 * exponent is wrapped by 3 * 2^13 to a register, and store nothing to memory.
 *
 * <p>The transcendental instructions (FSIN, FCOS, FSINCOS, FPTAN, FPATAN, F2XM1, FYL2X,
 * FYL2XP1) are computed through binary64 with {@link StrictMath} (see
 * {@link X87Transcendental}): their results are accurate to about 53 bits rather than the 64 of
 * the hardware, so they are not bit-exact.
 *
 * <p>Where the SDM leaves a result undefined, the unit does what the reference processor of the
 * differential tests (AMD Zen 4) does: for example FSTP1 (D9 D8+i) pops an empty ST(0) without a
 * fault, a partial FPREM removes 32 + (D mod 32) quotient bits, C1 is left alone by FCOMI and
 * FCMOVcc.
 */
public final class X87Unit {
    private X87Unit() {}

    /** FSW bits. */
    static final int FSW_SF = 0x40, FSW_ES = 0x80, FSW_C0 = 0x100, FSW_C1 = 0x200, FSW_C2 = 0x400,
            FSW_C3 = 0x4000, FSW_B = 0x8000;
    private static final int FSW_CC = FSW_C0 | FSW_C1 | FSW_C2 | FSW_C3;

    /** The real indefinite (default NaN) and the integer and BCD indefinites. */
    private static final int NAN_SE = SoftFloat.DEFAULT_NAN80_SE;
    private static final long NAN_M = SoftFloat.DEFAULT_NAN80_M;

    private static final int UD = Trap.INVALID_OPCODE;

    /**
     * Executes one x87 instruction, opcode D8..DF; modrm is the raw ModRM byte; ea is valid when
     * mod != 3. RIP must be that of the instruction (it becomes the last instruction pointer).
     * Returns 0 or a Trap code.
     */
    public static int exec(Cpu cpu, int opcode, int modrm, long ea) {
        FpState f = cpu.fp;
        boolean mem = modrm < 0xC0;
        int reg = (modrm >>> 3) & 7;
        if (!noWait(opcode, modrm) && (f.fsw & FSW_ES) != 0) return Trap.FP_EXCEPTION;
        int r = mem ? memoryForm(cpu, f, opcode, reg, ea) : registerForm(cpu, f, opcode, modrm);
        if (r == 0 && !control(opcode, modrm)) {
            f.fop = ((opcode & 7) << 8) | modrm;
            f.fip = cpu.rip();
            if (mem) f.fdp = ea;
        }
        return r;
    }

    /** FWAIT (9B): reports a pending unmasked x87 exception (#MF), otherwise does nothing. */
    public static int fwait(Cpu cpu) {
        return (cpu.fp.fsw & FSW_ES) != 0 ? Trap.FP_EXCEPTION : 0;
    }

    /** FNINIT, FNCLEX, FNSTENV, FNSTCW, FNSAVE, FNSTSW and the 8087/287 leftovers run without checking for a pending exception. */
    private static boolean noWait(int opcode, int modrm) {
        if (modrm < 0xC0) {
            int reg = (modrm >>> 3) & 7;
            return (opcode == 0xD9 && reg >= 6) || (opcode == 0xDD && reg >= 6);
        }
        return (opcode == 0xDB && modrm >= 0xE0 && modrm <= 0xE4) || (opcode == 0xDF && modrm == 0xE0);
    }

    /** Control instructions leave the last instruction and data pointers and opcode alone. */
    private static boolean control(int opcode, int modrm) {
        if (modrm < 0xC0) {
            int reg = (modrm >>> 3) & 7;
            return (opcode == 0xD9 && reg >= 4) || (opcode == 0xDD && (reg == 4 || reg >= 6));
        }
        return (opcode == 0xDB && modrm >= 0xE0 && modrm <= 0xE4) || (opcode == 0xDF && modrm == 0xE0);
    }

    // ------------------------------------------------------------------ stack

    private static int top(FpState f) { return (f.fsw >>> 11) & 7; }

    private static void setTop(FpState f, int t) { f.fsw = (f.fsw & ~0x3800) | (t & 7) << 11; }

    private static int phys(FpState f, int i) { return (top(f) + i) & 7; }

    private static boolean empty(FpState f, int i) { return (f.ftw & (1 << phys(f, i))) == 0; }

    private static int se(FpState f, int i) { return f.stSe[phys(f, i)]; }

    private static long m(FpState f, int i) { return f.stM[phys(f, i)]; }

    private static void set(FpState f, int i, int se, long m) {
        int p = phys(f, i);
        f.stSe[p] = se & 0xFFFF;
        f.stM[p] = m;
        f.ftw |= 1 << p;
    }

    private static void pop(FpState f) {
        f.ftw &= ~(1 << phys(f, 0));
        setTop(f, top(f) + 1);
    }

    private static void push(FpState f, int se, long m) {
        setTop(f, top(f) - 1);
        set(f, 0, se, m);
    }

    private static void setC1(FpState f, boolean v) { f.fsw = v ? f.fsw | FSW_C1 : f.fsw & ~FSW_C1; }

    private static SoftFloat env(FpState f) {
        SoftFloat sf = f.x87;
        sf.setFcw(f.fcw);
        sf.clearFlags();
        return sf;
    }

    /**
     * Records exceptions in FSW (with ES and B when one is unmasked) and says whether the
     * destination may be written: not after an unmasked invalid, denormal or zero-divide, which
     * stop the operation before its result exists (and before C1 can say how it was rounded,
     * so C1 is cleared).
     */
    static boolean raise(FpState f, int flags) {
        boolean write = (flags & ~f.fcw & (IE | DE | ZE)) == 0;
        // After a stack fault C1 says overflow or underflow instead.
        if (!write && (flags & FSW_SF) == 0) f.fsw &= ~FSW_C1;
        return raiseKeepC1(f, flags);
    }

    /** {@link #raise} for FCOMI and its relatives, which never change C1. */
    private static boolean raiseKeepC1(FpState f, int flags) {
        boolean write = (flags & ~f.fcw & (IE | DE | ZE)) == 0;
        if (!write) flags &= IE | DE | ZE | FSW_SF;
        f.fsw |= flags & 0x7F;
        if ((f.fsw & ~f.fcw & 0x3F) != 0) f.fsw |= FSW_ES | FSW_B;
        return write;
    }

    /** Whether an unmasked overflow or underflow forbids a store to memory. */
    private static boolean storeAllowed(FpState f, int flags) {
        return (flags & ~f.fcw & (IE | DE | ZE | OE | UE)) == 0;
    }

    /** A stack overflow (push onto a full register) or underflow (read of an empty one): IE and SF, C1 says which. */
    private static boolean stackFault(FpState f, boolean overflow) {
        setC1(f, overflow);
        return raise(f, IE | FSW_SF);
    }

    // ------------------------------------------------------------------ memory operands

    /** The memory operand of D8/DA/DC/DE as an 80-bit value (exact); DE for a binary32/64 denormal is left in {@link SoftFloat#secondWasDenormal}. */
    private static long loadOperand(Cpu cpu, FpState f, SoftFloat sf, int opcode, long ea) {
        Mmu mm = cpu.mmu();
        switch (opcode) {
            case 0xD8 -> { return widen(sf, F32, mm.read32(ea) & 0xFFFFFFFFL); }
            case 0xDC -> { return widen(sf, F64, mm.read64(ea)); }
            case 0xDA -> { return integer(sf, mm.read32(ea)); }
            default -> { return integer(sf, (short) mm.read16(ea)); }
        }
    }

    /**
     * Converts binary32/64 to 80 bits exactly, keeping signaling NaNs signaling (the operation
     * that uses the value raises IE); the sign/exponent is left in {@code sf.se}.
     */
    private static long widen(SoftFloat sf, int fmt, long bits) {
        int sign, e;
        long frac;
        if (fmt == F32) {
            sign = (int) (bits >>> 31) & 1;
            e = (int) (bits >>> 23) & 0xFF;
            frac = (bits & 0x7FFFFF) << 40;
            if (e == 0xFF) e = 0x7FFF;
            else if (e != 0) e += 16383 - 127;
        } else {
            sign = (int) (bits >>> 63);
            e = (int) (bits >>> 52) & 0x7FF;
            frac = (bits & 0xFFFFFFFFFFFFFL) << 11;
            if (e == 0x7FF) e = 0x7FFF;
            else if (e != 0) e += 16383 - 1023;
        }
        if (e == 0) {
            if (frac == 0) {
                sf.se = sign << 15;
                return 0;
            }
            // Denormal: normalize (fraction bits at 62..); value = frac * 2^(emin - 63 + 1 - 1).
            int lz = Long.numberOfLeadingZeros(frac);
            int emin = fmt == F32 ? -126 : -1022;
            sf.se = sign << 15 | (emin + 16383 - lz);
            sf.secondWasDenormal = true;
            return frac << lz;
        }
        sf.se = sign << 15 | e;
        return frac | Long.MIN_VALUE;
    }

    private static long integer(SoftFloat sf, long v) {
        return sf.fromInt(F80, v);
    }

    // ------------------------------------------------------------------ memory forms

    private static int memoryForm(Cpu cpu, FpState f, int opcode, int reg, long ea) {
        Mmu mm = cpu.mmu();
        switch (opcode) {
            case 0xD8, 0xDA, 0xDC, 0xDE -> {
                SoftFloat sf = env(f);
                long b = loadOperand(cpu, f, sf, opcode, ea);
                int bse = sf.se;
                return arithmetic(f, sf, reg, bse, b);
            }
            case 0xD9 -> {
                switch (reg) {
                    case 0 -> { return fld(f, F32, mm.read32(ea) & 0xFFFFFFFFL, 0); }
                    case 2, 3 -> { return fstFloat(cpu, f, F32, ea, reg == 3); }
                    case 4 -> { return fldenv(cpu, f, ea, false); }
                    case 5 -> {
                        f.fcw = FpState.validFcw(mm.read16(ea));
                        updateSummary(f);
                        return 0;
                    }
                    case 6 -> {
                        fstenv(cpu, f, ea);
                        return 0;
                    }
                    case 7 -> {
                        mm.write16(ea, f.fcw);
                        return 0;
                    }
                    default -> { return UD; }
                }
            }
            case 0xDB -> {
                switch (reg) {
                    case 0 -> { return fild(f, mm.read32(ea)); }
                    case 1, 2, 3 -> { return fist(cpu, f, 32, ea, reg != 2, reg == 1); }
                    case 5 -> {
                        long m = mm.read64(ea);
                        int se = mm.read16(ea + 8);
                        return fld(f, F80, m, se);
                    }
                    case 7 -> { return fstp80(cpu, f, ea); }
                    default -> { return UD; }
                }
            }
            case 0xDD -> {
                switch (reg) {
                    case 0 -> { return fld(f, F64, mm.read64(ea), 0); }
                    case 1 -> { return fist(cpu, f, 64, ea, true, true); }
                    case 2, 3 -> { return fstFloat(cpu, f, F64, ea, reg == 3); }
                    case 4 -> { return fldenv(cpu, f, ea, true); }
                    case 6 -> {
                        fsave(cpu, f, ea);
                        return 0;
                    }
                    case 7 -> {
                        mm.write16(ea, f.fsw);
                        return 0;
                    }
                    default -> { return UD; }
                }
            }
            default -> {
                switch (reg) {
                    case 0 -> { return fild(f, (short) mm.read16(ea)); }
                    case 1, 2, 3 -> { return fist(cpu, f, 16, ea, reg != 2, reg == 1); }
                    case 4 -> { return fbld(cpu, f, ea); }
                    case 5 -> { return fild(f, mm.read64(ea)); }
                    case 6 -> { return fbstp(cpu, f, ea); }
                    default -> { return fist(cpu, f, 64, ea, true, false); }
                }
            }
        }
    }

    // ------------------------------------------------------------------ register forms

    private static int registerForm(Cpu cpu, FpState f, int opcode, int modrm) {
        int reg = (modrm >>> 3) & 7;
        int i = modrm & 7;
        switch (opcode) {
            case 0xD8:
                return arithRegister(f, reg, i, false, false);
            case 0xDC:
                // DC: ST(i) = ST(i) op ST(0); FCOM2/FCOMP3 aliases compare as D8 does.
                if (reg == 2 || reg == 3) return arithRegister(f, reg, i, false, false);
                return arithRegister(f, reg, i, true, false);
            case 0xDE:
                if (reg == 3) {
                    if (i != 1) return UD;
                    return compare(f, 0, 1, true, 2);
                }
                if (reg == 2) return arithRegister(f, 3, i, false, false);
                return arithRegister(f, reg, i, true, true);
            case 0xD9:
                return d9(cpu, f, modrm, reg, i);
            case 0xDA:
                if (modrm == 0xE9) return compare(f, 0, 1, false, 2);
                if (reg < 4) return fcmov(cpu, f, reg, i, false);
                return UD;
            case 0xDB:
                if (reg < 4) return fcmov(cpu, f, reg, i, true);
                if (modrm == 0xE2) {
                    f.fsw &= ~(0x3F | FSW_SF | FSW_ES | FSW_B);
                    return 0;
                }
                if (modrm == 0xE3) {
                    f.finit();
                    return 0;
                }
                if (modrm == 0xE0 || modrm == 0xE1 || modrm == 0xE4) return 0;
                if (reg == 5) return comi(cpu, f, i, false, false);
                if (reg == 6) return comi(cpu, f, i, true, false);
                return UD;
            case 0xDD:
                switch (reg) {
                    case 0 -> {
                        setC1(f, false);
                        f.ftw &= ~(1 << phys(f, i));
                        return 0;
                    }
                    case 1 -> { return fxch(f, i); }
                    case 2, 3 -> { return fstRegister(f, i, reg == 3); }
                    case 4 -> { return compare(f, 0, i, false, 0); }
                    case 5 -> { return compare(f, 0, i, false, 1); }
                    default -> { return UD; }
                }
            default:
                switch (reg) {
                    case 0 -> {
                        // FFREEP: free ST(i), then pop.
                        setC1(f, false);
                        f.ftw &= ~(1 << phys(f, i));
                        pop(f);
                        return 0;
                    }
                    case 1 -> { return fxch(f, i); }
                    case 2, 3 -> { return fstRegister(f, i, true); }
                    case 4 -> {
                        if (modrm != 0xE0) return UD;
                        cpu.setReg(Cpu.RAX, (cpu.reg(Cpu.RAX) & ~0xFFFFL) | f.fsw);
                        return 0;
                    }
                    case 5 -> { return comi(cpu, f, i, false, true); }
                    case 6 -> { return comi(cpu, f, i, true, true); }
                    default -> { return UD; }
                }
        }
    }

    private static int d9(Cpu cpu, FpState f, int modrm, int reg, int i) {
        switch (reg) {
            case 0: {
                if (empty(f, i)) return pushIndefiniteOnUnderflow(f);
                return fld(f, F80, m(f, i), se(f, i));
            }
            case 1:
                return fxch(f, i);
            case 2:
                return modrm == 0xD0 ? 0 : UD;
            case 3:
                // FSTP1 (FSTPNCE): FSTP ST(i), except that an empty ST(0) is popped without a store or an exception.
                if (empty(f, 0)) {
                    setC1(f, false);
                    pop(f);
                    return 0;
                }
                return fstRegister(f, i, true);
            default:
                break;
        }
        switch (modrm) {
            case 0xE0, 0xE1 -> {
                if (empty(f, 0)) {
                    if (stackFault(f, false)) set(f, 0, NAN_SE, NAN_M);
                    return 0;
                }
                setC1(f, false);
                set(f, 0, modrm == 0xE0 ? se(f, 0) ^ 0x8000 : se(f, 0) & 0x7FFF, m(f, 0));
                return 0;
            }
            case 0xE4 -> { return compare(f, 0, -1, true, 0); }
            case 0xE5 -> {
                fxam(f);
                return 0;
            }
            case 0xE8, 0xE9, 0xEA, 0xEB, 0xEC, 0xED, 0xEE -> { return loadConstant(f, modrm); }
            case 0xF4 -> { return fxtract(f); }
            case 0xF5, 0xF8 -> { return fprem(f, modrm == 0xF5); }
            case 0xF6, 0xF7 -> {
                setC1(f, false);
                setTop(f, top(f) + (modrm == 0xF7 ? 1 : -1));
                return 0;
            }
            case 0xFA -> { return unary(f, 0); }
            case 0xFC -> { return unary(f, 1); }
            case 0xFD -> { return fscale(f); }
            case 0xF0, 0xF1, 0xF2, 0xF3, 0xF9, 0xFB, 0xFE, 0xFF -> { return X87Transcendental.exec(f, modrm); }
            default -> { return UD; }
        }
    }

    // ------------------------------------------------------------------ loads and stores

    /** Pushes a value: binary32/64 widened (IE for a signaling NaN, which is quieted; DE for a denormal), 80-bit as is. */
    private static int fld(FpState f, int fmt, long bits, int se80) {
        SoftFloat sf = env(f);
        int se;
        long m;
        if (fmt == F80) {
            se = se80;
            m = bits;
        } else {
            m = widen(sf, fmt, bits);
            se = sf.se;
            int flags = sf.secondWasDenormal ? DE : 0;
            sf.secondWasDenormal = false;
            if ((se & 0x7FFF) == 0x7FFF && m != Long.MIN_VALUE && (m & (1L << 62)) == 0) {
                flags |= IE;
                m |= 1L << 62;
            }
            if (!empty(f, -1)) return pushOverflow(f);
            // An unmasked denormal exception does not stop a load; an unmasked invalid one does.
            if (!raise(f, flags) && flags != DE) return 0;
            setC1(f, false);
            push(f, se, m);
            return 0;
        }
        if (!empty(f, -1)) return pushOverflow(f);
        setC1(f, false);
        push(f, se, m);
        return 0;
    }

    private static int fild(FpState f, long v) {
        if (!empty(f, -1)) return pushOverflow(f);
        SoftFloat sf = env(f);
        long m = sf.fromInt(F80, v);
        setC1(f, false);
        push(f, sf.se, m);
        return 0;
    }

    /** A push onto a full stack: with IE masked the real indefinite is pushed. */
    private static int pushOverflow(FpState f) {
        if (stackFault(f, true)) push(f, NAN_SE, NAN_M);
        return 0;
    }

    /** FLD ST(i) of an empty register: a stack underflow (even if the stack is also full) that pushes the indefinite when masked. */
    private static int pushIndefiniteOnUnderflow(FpState f) {
        if (stackFault(f, false)) push(f, NAN_SE, NAN_M);
        return 0;
    }

    /** FST/FSTP m32fp or m64fp: rounded per RC (not PC); nothing is stored after an unmasked exception. */
    private static int fstFloat(Cpu cpu, FpState f, int fmt, long ea, boolean pop) {
        long v;
        int flags;
        boolean roundedUp = false;
        if (empty(f, 0)) {
            flags = IE | FSW_SF;
            v = fmt == F32 ? SoftFloat.DEFAULT_NAN32 & 0xFFFFFFFFL : SoftFloat.DEFAULT_NAN64;
        } else {
            SoftFloat sf = env(f);
            v = sf.convert(F80, fmt, se(f, 0), m(f, 0));
            // The 80-bit source of a store never reports a denormal operand.
            flags = sf.flags & ~DE;
            roundedUp = sf.roundedUp;
            // An unmasked overflow or underflow stores nothing, so nothing was rounded: no precision exception.
            if ((flags & ~f.fcw & (OE | UE)) != 0) flags &= ~PE;
        }
        if (storeAllowed(f, flags)) {
            if (fmt == F32) cpu.mmu().write32(ea, (int) v);
            else cpu.mmu().write64(ea, v);
            setC1(f, (flags & FSW_SF) == 0 && roundedUp);
            raise(f, flags);
            if (pop) pop(f);
        } else {
            setC1(f, false);
            raise(f, flags);
        }
        return 0;
    }

    private static int fstp80(Cpu cpu, FpState f, long ea) {
        int se;
        long m;
        int flags = 0;
        if (empty(f, 0)) {
            flags = IE | FSW_SF;
            se = NAN_SE;
            m = NAN_M;
        } else {
            se = se(f, 0);
            m = m(f, 0);
        }
        if (storeAllowed(f, flags)) {
            Mmu mm = cpu.mmu();
            SseUnit.probeWrite(mm, ea, 10);
            mm.write64(ea, m);
            mm.write16(ea + 8, se);
            setC1(f, false);
            raise(f, flags);
            pop(f);
        } else {
            setC1(f, false);
            raise(f, flags);
        }
        return 0;
    }

    /** FST/FSTP ST(i): a copy without rounding. */
    private static int fstRegister(FpState f, int i, boolean pop) {
        if (empty(f, 0)) {
            if (!stackFault(f, false)) return 0;
            set(f, i, NAN_SE, NAN_M);
        } else {
            setC1(f, false);
            set(f, i, se(f, 0), m(f, 0));
        }
        if (pop) pop(f);
        return 0;
    }

    /** FIST/FISTP/FISTTP m16/m32/m64: integer indefinite for NaN, infinity and out-of-range values. */
    private static int fist(Cpu cpu, FpState f, int bits, long ea, boolean pop, boolean truncate) {
        long v;
        int flags;
        boolean roundedUp = false;
        if (empty(f, 0)) {
            flags = IE | FSW_SF;
            v = Long.MIN_VALUE >> (64 - bits);
        } else {
            SoftFloat sf = env(f);
            if (truncate) sf.setRoundingControl(SoftFloat.RC_ZERO);
            v = sf.toInt(F80, se(f, 0), m(f, 0), bits);
            flags = sf.flags;
            roundedUp = sf.roundedUp && (flags & IE) == 0;
        }
        if (storeAllowed(f, flags)) {
            Mmu mm = cpu.mmu();
            switch (bits) {
                case 16 -> mm.write16(ea, (int) v);
                case 32 -> mm.write32(ea, (int) v);
                default -> mm.write64(ea, v);
            }
            setC1(f, roundedUp);
            raise(f, flags);
            if (pop) pop(f);
        } else {
            setC1(f, false);
            raise(f, flags);
        }
        return 0;
    }

    /** FBLD: 18 packed BCD digits and a sign byte, converted exactly. */
    private static int fbld(Cpu cpu, FpState f, long ea) {
        Mmu mm = cpu.mmu();
        long lo = mm.read64(ea);
        int hi = mm.read16(ea + 8);
        if (!empty(f, -1)) return pushOverflow(f);
        long v = 0;
        for (int k = 8; k >= 0; k--) {
            int b = k == 8 ? hi & 0xFF : (int) (lo >>> (8 * k)) & 0xFF;
            v = v * 100 + (b >>> 4) * 10 + (b & 15);
        }
        SoftFloat sf = env(f);
        long m = sf.fromInt(F80, v);
        int se = sf.se | ((hi & 0x8000) != 0 ? 0x8000 : 0);
        setC1(f, false);
        push(f, se, m);
        return 0;
    }

    /** FBSTP: rounded per RC to at most 18 decimal digits; the BCD indefinite when out of range. */
    private static int fbstp(Cpu cpu, FpState f, long ea) {
        long lo;
        int hi;
        int flags;
        boolean roundedUp = false;
        if (empty(f, 0)) {
            flags = IE | FSW_SF;
            lo = 0xC000000000000000L;
            hi = 0xFFFF;
        } else {
            SoftFloat sf = env(f);
            int se = se(f, 0);
            long v = sf.toInt(F80, se, m(f, 0), 64);
            flags = sf.flags;
            roundedUp = sf.roundedUp;
            boolean negative = (se & 0x8000) != 0;
            long mag = Math.abs(v);
            if ((flags & IE) != 0 || v == Long.MIN_VALUE || mag > 999_999_999_999_999_999L) {
                flags = (flags & ~PE) | IE;
                roundedUp = false;
                lo = 0xC000000000000000L;
                hi = 0xFFFF;
            } else {
                lo = 0;
                for (int k = 0; k < 16; k++) {
                    lo |= (mag % 10) << (4 * k);
                    mag /= 10;
                }
                hi = (int) (mag % 10) | (int) (mag / 10) << 4 | (negative ? 0x8000 : 0);
            }
        }
        if (storeAllowed(f, flags)) {
            Mmu mm = cpu.mmu();
            SseUnit.probeWrite(mm, ea, 10);
            mm.write64(ea, lo);
            mm.write16(ea + 8, hi);
            setC1(f, roundedUp);
            raise(f, flags);
            pop(f);
        } else {
            setC1(f, false);
            raise(f, flags);
        }
        return 0;
    }

    private static int fxch(FpState f, int i) {
        boolean e0 = empty(f, 0), ei = empty(f, i);
        if (e0 || ei) {
            if (!stackFault(f, false)) return 0;
            if (e0) set(f, 0, NAN_SE, NAN_M);
            if (ei) set(f, i, NAN_SE, NAN_M);
        } else {
            setC1(f, false);
        }
        int se0 = se(f, 0), sei = se(f, i);
        long m0 = m(f, 0), mi = m(f, i);
        set(f, 0, sei, mi);
        set(f, i, se0, m0);
        return 0;
    }

    private static int fcmov(Cpu cpu, FpState f, int cc, int i, boolean negate) {
        long fl = cpu.rflags();
        boolean cond = switch (cc) {
            case 0 -> (fl & Cpu.CF) != 0;
            case 1 -> (fl & Cpu.ZF) != 0;
            case 2 -> (fl & (Cpu.CF | Cpu.ZF)) != 0;
            default -> (fl & Cpu.PF) != 0;
        };
        if (negate) cond = !cond;
        if (empty(f, 0) || empty(f, i)) {
            // The masked response replaces ST(0) whatever the condition.
            if (stackFault(f, false)) set(f, 0, NAN_SE, NAN_M);
            return 0;
        }
        if (cond) set(f, 0, se(f, i), m(f, i));
        return 0;
    }

    private static final long PI = 0xC90FDAA22168C234L, L2E = 0xB8AA3B295C17F0BBL, L2T = 0xD49A784BCD1B8AFEL,
            LG2 = 0x9A209A84FBCFF798L, LN2 = 0xB17217F7D1CF79ABL;

    /**
     * FLD1, FLDL2T, FLDL2E, FLDPI, FLDLG2, FLDLN2, FLDZ. The irrational constants are held with
     * more than 64 bits and rounded per RC; the next bits decide (their 65th bit and beyond: pi
     * 0xC4..., log2 e 0xBE..., log2 10 0x49..., log10 2 0x8F..., ln 2 0xC9...).
     */
    private static int loadConstant(FpState f, int modrm) {
        if (!empty(f, -1)) return pushOverflow(f);
        int rc = (f.fcw >>> 10) & 3;
        int se;
        long m;
        switch (modrm) {
            case 0xE8 -> { se = 0x3FFF; m = Long.MIN_VALUE; }
            case 0xE9 -> { se = 0x4000; m = L2T + (rc == SoftFloat.RC_UP ? 1 : 0); }
            case 0xEA -> { se = 0x3FFF; m = L2E + (rc == SoftFloat.RC_NEAREST || rc == SoftFloat.RC_UP ? 1 : 0); }
            case 0xEB -> { se = 0x4000; m = PI + (rc == SoftFloat.RC_NEAREST || rc == SoftFloat.RC_UP ? 1 : 0); }
            case 0xEC -> { se = 0x3FFD; m = LG2 + (rc == SoftFloat.RC_NEAREST || rc == SoftFloat.RC_UP ? 1 : 0); }
            case 0xED -> { se = 0x3FFE; m = LN2 + (rc == SoftFloat.RC_NEAREST || rc == SoftFloat.RC_UP ? 1 : 0); }
            default -> { se = 0; m = 0; }
        }
        setC1(f, false);
        push(f, se, m);
        return 0;
    }

    // ------------------------------------------------------------------ arithmetic

    /**
     * D8/DC/DE with a register operand. {@code kind}: ModRM.reg (0 add, 1 mul, 2 com, 3 comp,
     * 4 sub, 5 subr, 6 div, 7 divr); {@code toSti}: the destination is ST(i) (DC, DE), where
     * the DC/DE encodings of sub/subr and div/divr are swapped relative to D8.
     */
    private static int arithRegister(FpState f, int kind, int i, boolean toSti, boolean pop) {
        if (kind == 2 || kind == 3) return compare(f, 0, i, true, kind == 3 ? 1 : 0);
        if (empty(f, 0) || empty(f, i)) {
            if (stackFault(f, false)) {
                set(f, toSti ? i : 0, NAN_SE, NAN_M);
                if (pop) pop(f);
            }
            return 0;
        }
        SoftFloat sf = env(f);
        int op;
        int aSe, bSe;
        long a, b;
        if (!toSti) {
            aSe = se(f, 0); a = m(f, 0);
            bSe = se(f, i); b = m(f, i);
            op = kind;
        } else {
            aSe = se(f, i); a = m(f, i);
            bSe = se(f, 0); b = m(f, 0);
            // DC E0+i is FSUBR ST(i),ST(0) = ST(0) - ST(i): the D8 "sub" row means reversed here.
            op = kind >= 4 ? kind ^ 1 : kind;
        }
        long r = compute(sf, op, aSe, a, bSe, b);
        int rse = sf.se;
        if (raise(f, sf.flags)) {
            setC1(f, sf.roundedUp);
            set(f, toSti ? i : 0, rse, r);
            if (pop) pop(f);
        }
        return 0;
    }

    /** ST(0) = ST(0) op operand for the memory forms (float or integer operand); comparisons for /2 and /3. */
    private static int arithmetic(FpState f, SoftFloat sf, int kind, int bSe, long b) {
        if (kind == 2 || kind == 3) return compareWith(f, sf, bSe, b, kind == 3 ? 1 : 0, true);
        if (empty(f, 0)) {
            sf.secondWasDenormal = false;
            if (stackFault(f, false)) set(f, 0, NAN_SE, NAN_M);
            return 0;
        }
        long r = compute(sf, kind, se(f, 0), m(f, 0), bSe, b);
        int rse = sf.se;
        if (raise(f, sf.flags)) {
            setC1(f, sf.roundedUp);
            set(f, 0, rse, r);
        }
        return 0;
    }

    /** add, mul, (com), (comp), sub, subr, div, divr of a and b per the D8 row order. */
    private static long compute(SoftFloat sf, int kind, int aSe, long a, int bSe, long b) {
        return switch (kind) {
            case 0 -> sf.arith80(SoftFloat.OP_ADD, aSe, a, bSe, b);
            case 1 -> sf.arith80(SoftFloat.OP_MUL, aSe, a, bSe, b);
            case 4 -> sf.arith80(SoftFloat.OP_SUB, aSe, a, bSe, b);
            case 5 -> reversed(sf, SoftFloat.OP_SUB, aSe, a, bSe, b);
            case 6 -> sf.arith80(SoftFloat.OP_DIV, aSe, a, bSe, b);
            default -> reversed(sf, SoftFloat.OP_DIV, aSe, a, bSe, b);
        };
    }

    /** b op a, keeping the "second operand was a denormal" note on b. */
    private static long reversed(SoftFloat sf, int op, int aSe, long a, int bSe, long b) {
        boolean bDen = sf.secondWasDenormal;
        sf.secondWasDenormal = false;
        if (bDen) {
            // The denormal is now the first operand: report it directly.
            long r = sf.arith80(op, bSe, b, aSe, a);
            int rse = sf.se;
            if ((sf.flags & (IE | ZE)) == 0 && !isNaN80(rse, r)) sf.flags |= DE;
            sf.se = rse;
            return r;
        }
        return sf.arith80(op, bSe, b, aSe, a);
    }

    private static boolean isNaN80(int se, long m) {
        return (se & 0x7FFF) == 0x7FFF && m != Long.MIN_VALUE;
    }

    /** FSQRT (0) and FRNDINT (1). */
    private static int unary(FpState f, int which) {
        if (empty(f, 0)) {
            if (stackFault(f, false)) set(f, 0, NAN_SE, NAN_M);
            return 0;
        }
        SoftFloat sf = env(f);
        long r = which == 0 ? sf.sqrt80(se(f, 0), m(f, 0)) : sf.roundToIntegral(F80, se(f, 0), m(f, 0), false);
        int rse = sf.se;
        if (raise(f, sf.flags)) {
            setC1(f, sf.roundedUp);
            set(f, 0, rse, r);
        }
        return 0;
    }

    // ------------------------------------------------------------------ comparisons

    /**
     * FCOM, FCOMP, FCOMPP, FUCOM, FUCOMP, FUCOMPP, FTST: compares ST(a) with ST(b) (b = -1: with
     * +0.0) and sets C3 C2 C0 (greater 000, less 001, equal 100, unordered 111) and clears C1;
     * {@code ordered}: a quiet NaN is invalid too (FCOM, FTST).
     */
    private static int compare(FpState f, int a, int b, boolean ordered, int pops) {
        if (empty(f, a) || (b >= 0 && empty(f, b))) return compareResult(f, IE | FSW_SF, SoftFloat.UN, pops);
        SoftFloat sf = env(f);
        int r = sf.compare(F80, se(f, a), m(f, a), b >= 0 ? se(f, b) : 0, b >= 0 ? m(f, b) : 0, ordered);
        return compareResult(f, sf.flags, r, pops);
    }

    /** FCOM/FCOMP/FICOM/FICOMP with a memory operand. */
    private static int compareWith(FpState f, SoftFloat sf, int bSe, long b, int pops, boolean ordered) {
        if (empty(f, 0)) {
            sf.secondWasDenormal = false;
            return compareResult(f, IE | FSW_SF, SoftFloat.UN, pops);
        }
        int r = sf.compare(F80, se(f, 0), m(f, 0), bSe, b, ordered);
        return compareResult(f, sf.flags, r, pops);
    }

    /** The condition codes are set even when an unmasked exception stops the comparison (then unordered, without the pops). */
    private static int compareResult(FpState f, int flags, int r, int pops) {
        boolean complete = raise(f, flags);
        setConditionCodes(f, r);
        if (complete) for (int k = 0; k < pops; k++) pop(f);
        return 0;
    }

    private static void setConditionCodes(FpState f, int r) {
        int cc = switch (r) {
            case SoftFloat.GT -> 0;
            case SoftFloat.LT -> FSW_C0;
            case SoftFloat.EQ -> FSW_C3;
            default -> FSW_C0 | FSW_C2 | FSW_C3;
        };
        f.fsw = (f.fsw & ~FSW_CC) | cc;
    }

    /** FCOMI/FCOMIP/FUCOMI/FUCOMIP: ZF PF CF as COMISS sets them; C1 is left alone. */
    private static int comi(Cpu cpu, FpState f, int i, boolean ordered, boolean pop) {
        if (empty(f, 0) || empty(f, i)) {
            boolean complete = stackFault(f, false);
            cpu.setStatusFlags(Cpu.ZF | Cpu.PF | Cpu.CF);
            if (complete && pop) pop(f);
            return 0;
        }
        SoftFloat sf = env(f);
        int r = sf.compare(F80, se(f, 0), m(f, 0), se(f, i), m(f, i), ordered);
        // As for FCOM, the flags are written even when an unmasked exception stops the pop.
        boolean complete = raiseKeepC1(f, sf.flags);
        cpu.setStatusFlags(SseUnit.comparisonFlags(r));
        if (complete && pop) pop(f);
        return 0;
    }

    /** FXAM: C1 = sign; C3 C2 C0 = class (unsupported 000, NaN 001, normal 010, infinity 011, zero 100, empty 101, denormal 110). */
    private static void fxam(FpState f) {
        int se = se(f, 0);
        long m = m(f, 0);
        int e = se & 0x7FFF;
        int cc;
        if (empty(f, 0)) cc = FSW_C3 | FSW_C0;
        else if (e == 0x7FFF) cc = m == Long.MIN_VALUE ? FSW_C2 | FSW_C0 : m < 0 ? FSW_C0 : 0;
        else if (e == 0) cc = m == 0 ? FSW_C3 : FSW_C3 | FSW_C2;
        else cc = m < 0 ? FSW_C2 : 0;
        if ((se & 0x8000) != 0) cc |= FSW_C1;
        f.fsw = (f.fsw & ~FSW_CC) | cc;
    }

    // ------------------------------------------------------------------ FXTRACT, FSCALE, FPREM

    private static int fxtract(FpState f) {
        boolean underflow = empty(f, 0);
        if (underflow || !empty(f, -1)) {
            // Both results are the indefinite.
            if (stackFault(f, !underflow)) {
                set(f, 0, NAN_SE, NAN_M);
                push(f, NAN_SE, NAN_M);
            }
            return 0;
        }
        SoftFloat sf = env(f);
        int se = se(f, 0);
        long m = m(f, 0);
        int e = se & 0x7FFF;
        int expSe, sigSe;
        long expM, sigM;
        int flags = 0;
        if (SoftFloat.isSpecial80(se, m) && !(e == 0x7FFF && m == Long.MIN_VALUE)) {
            // NaN or unsupported: both results are that NaN (quieted) or the indefinite.
            long q = sf.roundToIntegral(F80, se, m, true);
            flags = sf.flags;
            expSe = sigSe = sf.se;
            expM = sigM = q;
        } else if (e == 0x7FFF) {
            expSe = 0x7FFF;
            expM = Long.MIN_VALUE;
            sigSe = se;
            sigM = m;
        } else if (m == 0) {
            flags = ZE;
            expSe = 0xFFFF;
            expM = Long.MIN_VALUE;
            sigSe = se;
            sigM = 0;
        } else {
            int lz = Long.numberOfLeadingZeros(m);
            int unbiased = (e == 0 ? 1 : e) - 16383 - lz;
            if (e == 0) flags = DE;
            long em = sf.fromInt(F80, unbiased);
            expSe = sf.se;
            expM = em;
            sigSe = (se & 0x8000) | 0x3FFF;
            sigM = m << lz;
        }
        if (raise(f, flags)) {
            setC1(f, false);
            set(f, 0, expSe, expM);
            push(f, sigSe, sigM);
        }
        return 0;
    }

    private static int fscale(FpState f) {
        if (empty(f, 0) || empty(f, 1)) {
            if (stackFault(f, false)) set(f, 0, NAN_SE, NAN_M);
            return 0;
        }
        SoftFloat sf = env(f);
        long r = X87Transcendental.scale(sf, se(f, 0), m(f, 0), se(f, 1), m(f, 1));
        int rse = sf.se;
        if (raise(f, sf.flags)) {
            setC1(f, sf.roundedUp);
            set(f, 0, rse, r);
        }
        return 0;
    }

    private static int fprem(FpState f, boolean ieee) {
        if (empty(f, 0) || empty(f, 1)) {
            f.fsw &= ~FSW_C2;
            if (stackFault(f, false)) set(f, 0, NAN_SE, NAN_M);
            return 0;
        }
        SoftFloat sf = env(f);
        long r = X87Transcendental.remainder(sf, se(f, 0), m(f, 0), se(f, 1), m(f, 1), ieee);
        int rse = sf.se;
        int q = sf.fpremQuotient;
        boolean partial = sf.fpremPartial;
        if (raise(f, sf.flags)) {
            if (q < 0) {
                // No quotient: C0 and C3 keep their values.
                f.fsw &= ~(FSW_C1 | FSW_C2);
            } else {
                // C0 = Q2, C3 = Q1, C1 = Q0; C2 = the reduction is incomplete.
                int cc = (partial ? FSW_C2 : 0) | ((q & 4) != 0 ? FSW_C0 : 0) | ((q & 2) != 0 ? FSW_C3 : 0) | ((q & 1) != 0 ? FSW_C1 : 0);
                f.fsw = (f.fsw & ~FSW_CC) | cc;
            }
            set(f, 0, rse, r);
        } else {
            f.fsw &= ~FSW_C2;
        }
        return 0;
    }

    // ------------------------------------------------------------------ environment

    /** Sets ES and B exactly when an exception flag is set whose mask is clear (after FLDCW, FLDENV, FRSTOR). */
    static void updateSummary(FpState f) {
        if ((f.fsw & ~f.fcw & 0x3F) != 0) f.fsw |= FSW_ES | FSW_B;
        else f.fsw &= ~(FSW_ES | FSW_B);
    }

    /**
     * The 28-byte protected-mode environment (32-bit operand size): FCW, FSW, full FTW, FIP,
     * FOP with the CS selector, FDP, DS selector; each in a 32-bit slot. The selectors read as 0.
     */
    private static void writeEnv(FpState f, byte[] b) {
        FpState.putInt(b, 0, 0xFFFF0000 | f.fcw);
        FpState.putInt(b, 4, 0xFFFF0000 | f.fsw);
        FpState.putInt(b, 8, 0xFFFF0000 | f.fullTagWord());
        FpState.putInt(b, 12, (int) f.fip);
        FpState.putInt(b, 16, f.fop << 16);
        FpState.putInt(b, 20, (int) f.fdp);
        FpState.putInt(b, 24, 0xFFFF0000);
    }

    private static void readEnv(FpState f, byte[] b) {
        f.fcw = FpState.validFcw(FpState.getShort(b, 0));
        f.fsw = FpState.getShort(b, 4);
        f.setFullTagWord(FpState.getShort(b, 8));
        f.fip = FpState.getInt(b, 12) & 0xFFFFFFFFL;
        f.fop = (FpState.getInt(b, 16) >>> 16) & 0x7FF;
        f.fdp = FpState.getInt(b, 20) & 0xFFFFFFFFL;
        updateSummary(f);
    }

    private static void store(Mmu mm, long ea, byte[] b) {
        SseUnit.probeWrite(mm, ea, b.length);
        for (int i = 0; i < b.length; i++) mm.write8(ea + i, b[i]);
    }

    private static byte[] load(Mmu mm, long ea, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) mm.read8(ea + i);
        return b;
    }

    /** FNSTENV: stores the environment, then masks every exception. */
    private static void fstenv(Cpu cpu, FpState f, long ea) {
        byte[] b = new byte[28];
        writeEnv(f, b);
        store(cpu.mmu(), ea, b);
        f.fcw |= 0x3F;
        updateSummary(f);
    }

    /** FLDENV (28 bytes) or FRSTOR (the environment and ST0-ST7 as 10-byte values). */
    private static int fldenv(Cpu cpu, FpState f, long ea, boolean registers) {
        byte[] b = load(cpu.mmu(), ea, registers ? 108 : 28);
        readEnv(f, b);
        if (registers) {
            for (int i = 0; i < 8; i++) {
                int p = phys(f, i);
                f.stM[p] = FpState.getLong(b, 28 + 10 * i);
                f.stSe[p] = FpState.getShort(b, 36 + 10 * i);
            }
        }
        return 0;
    }

    /** FNSAVE: the environment and the registers in stack order, then FNINIT. */
    private static void fsave(Cpu cpu, FpState f, long ea) {
        byte[] b = new byte[108];
        writeEnv(f, b);
        for (int i = 0; i < 8; i++) {
            FpState.putLong(b, 28 + 10 * i, m(f, i));
            FpState.putShort(b, 36 + 10 * i, se(f, i));
        }
        store(cpu.mmu(), ea, b);
        f.finit();
    }
}
