package dev.jerla.cpu.fp;

import static dev.jerla.cpu.fp.SoftFloat.F32;
import static dev.jerla.cpu.fp.SoftFloat.F64;

import dev.jerla.cpu.Cpu;
import dev.jerla.cpu.Trap;

/**
 * SSE and SSE2 conversions: 0F 2A, 2C, 2D (integer and MMX forms), 5A (single/double), 5B and E6
 * (packed doubleword integers). Rounding follows MXCSR.RC except for the truncating CVTT forms;
 * out-of-range results are the integer indefinite with IE.
 */
final class SseConvert {
    private SseConvert() {}

    private static final int UD = Trap.INVALID_OPCODE;

    static int exec(Cpu cpu, FpState f, int op, int prefix, boolean rexW, int reg, int rm, long ea) {
        return switch (op) {
            case 0x2A -> fromInt(cpu, f, prefix, rexW, reg, rm, ea);
            case 0x2C, 0x2D -> toInt(cpu, f, op == 0x2C, prefix, rexW, reg, rm, ea);
            case 0x5A -> floatToFloat(cpu, f, prefix, reg, rm, ea);
            case 0x5B -> dq5B(cpu, f, prefix, reg, rm, ea);
            default -> dqE6(cpu, f, prefix, reg, rm, ea);
        };
    }

    private static long lo32(long v) { return v & 0xFFFFFFFFL; }

    /** 0F 2A: CVTPI2PS, CVTPI2PD (from MMX or m64), CVTSI2SS, CVTSI2SD (from r/m32, or r/m64 with REX.W). */
    private static int fromInt(Cpu cpu, FpState f, int prefix, boolean rexW, int reg, int rm, long ea) {
        if (prefix == 0 || prefix == 0x66) {
            long v;
            if (rm >= 0) {
                // The switch to MMX state happens even if the conversion then traps.
                int t = SseUnit.mmxEnter(f);
                if (t != 0) return t;
                v = SseUnit.mm(f, rm);
            } else {
                v = cpu.mmu().read64(ea);
            }
            SoftFloat sf = SseUnit.sse(f);
            long r0, r1;
            if (prefix == 0) {
                r0 = lo32(sf.fromInt(F32, (int) v)) | sf.fromInt(F32, (int) (v >>> 32)) << 32;
                r1 = SseUnit.hi(f, reg);
            } else {
                r0 = sf.fromInt(F64, (int) v);
                r1 = sf.fromInt(F64, (int) (v >>> 32));
            }
            int t = SseUnit.raise(f, sf.flags);
            if (t != 0) return t;
            SseUnit.setXmm(f, reg, r0, r1);
            return 0;
        }
        long v;
        if (rm >= 0) v = rexW ? cpu.reg(rm) : (int) cpu.reg(rm);
        else v = rexW ? cpu.mmu().read64(ea) : cpu.mmu().read32(ea);
        SoftFloat sf = SseUnit.sse(f);
        long a0 = SseUnit.lo(f, reg);
        long r0 = prefix == 0xF3 ? (a0 & ~0xFFFFFFFFL) | lo32(sf.fromInt(F32, v)) : sf.fromInt(F64, v);
        int t = SseUnit.raise(f, sf.flags);
        if (t != 0) return t;
        SseUnit.setXmm(f, reg, r0, SseUnit.hi(f, reg));
        return 0;
    }

    /** 0F 2C/2D: CVT(T)PS2PI, CVT(T)PD2PI (to MMX), CVT(T)SS2SI, CVT(T)SD2SI (to r32, or r64 with REX.W). */
    private static int toInt(Cpu cpu, FpState f, boolean truncate, int prefix, boolean rexW, int reg, int rm, long ea) {
        switch (prefix) {
            case 0, 0x66 -> {
                if (SseUnit.mmxPending(f)) return Trap.FP_EXCEPTION;
                long b0, b1 = 0;
                if (prefix == 0) {
                    b0 = SseUnit.src64(cpu, f, rm, ea);
                } else {
                    int t = SseUnit.src128(cpu, f, rm, ea, true);
                    if (t != 0) return t;
                    b0 = f.src0;
                    b1 = f.src1;
                }
                // Once the operand is read the switch to MMX state happens, even if the conversion then traps.
                SseUnit.mmxSwitch(f);
                SoftFloat sf = SseUnit.sse(f);
                if (truncate) sf.setRoundingControl(SoftFloat.RC_ZERO);
                long r;
                if (prefix == 0) r = lo32(sf.toInt(F32, 0, lo32(b0), 32)) | sf.toInt(F32, 0, b0 >>> 32, 32) << 32;
                else r = lo32(sf.toInt(F64, 0, b0, 32)) | sf.toInt(F64, 0, b1, 32) << 32;
                int t = SseUnit.raise(f, sf.flags);
                if (t != 0) return t;
                SseUnit.setMm(f, reg, r);
                return 0;
            }
            default -> {
                long b = prefix == 0xF3 ? lo32(SseUnit.src32(cpu, f, rm, ea)) : SseUnit.src64(cpu, f, rm, ea);
                SoftFloat sf = SseUnit.sse(f);
                if (truncate) sf.setRoundingControl(SoftFloat.RC_ZERO);
                long r = sf.toInt(prefix == 0xF3 ? F32 : F64, 0, b, rexW ? 64 : 32);
                int t = SseUnit.raise(f, sf.flags);
                if (t != 0) return t;
                cpu.setReg(reg, rexW ? r : lo32(r));
                return 0;
            }
        }
    }

    /** 0F 5A: CVTPS2PD, CVTPD2PS, CVTSS2SD, CVTSD2SS. */
    private static int floatToFloat(Cpu cpu, FpState f, int prefix, int reg, int rm, long ea) {
        long r0, r1;
        SoftFloat sf;
        switch (prefix) {
            case 0 -> {
                long b = SseUnit.src64(cpu, f, rm, ea);
                sf = SseUnit.sse(f);
                r0 = sf.convert(F32, F64, 0, lo32(b));
                r1 = sf.convert(F32, F64, 0, b >>> 32);
            }
            case 0x66 -> {
                int t = SseUnit.src128(cpu, f, rm, ea, true);
                if (t != 0) return t;
                long b0 = f.src0, b1 = f.src1;
                sf = SseUnit.sse(f);
                r0 = lo32(sf.convert(F64, F32, 0, b0)) | sf.convert(F64, F32, 0, b1) << 32;
                r1 = 0;
            }
            case 0xF3 -> {
                long b = lo32(SseUnit.src32(cpu, f, rm, ea));
                sf = SseUnit.sse(f);
                r0 = sf.convert(F32, F64, 0, b);
                r1 = SseUnit.hi(f, reg);
            }
            default -> {
                long b = SseUnit.src64(cpu, f, rm, ea);
                sf = SseUnit.sse(f);
                r0 = (SseUnit.lo(f, reg) & ~0xFFFFFFFFL) | lo32(sf.convert(F64, F32, 0, b));
                r1 = SseUnit.hi(f, reg);
            }
        }
        int t = SseUnit.raise(f, sf.flags);
        if (t != 0) return t;
        SseUnit.setXmm(f, reg, r0, r1);
        return 0;
    }

    /** 0F 5B: CVTDQ2PS, CVTPS2DQ (66), CVTTPS2DQ (F3). */
    private static int dq5B(Cpu cpu, FpState f, int prefix, int reg, int rm, long ea) {
        if (prefix == 0xF2) return UD;
        int t = SseUnit.src128(cpu, f, rm, ea, true);
        if (t != 0) return t;
        long b0 = f.src0, b1 = f.src1;
        SoftFloat sf = SseUnit.sse(f);
        long r0, r1;
        if (prefix == 0) {
            r0 = lo32(sf.fromInt(F32, (int) b0)) | sf.fromInt(F32, (int) (b0 >>> 32)) << 32;
            r1 = lo32(sf.fromInt(F32, (int) b1)) | sf.fromInt(F32, (int) (b1 >>> 32)) << 32;
        } else {
            if (prefix == 0xF3) sf.setRoundingControl(SoftFloat.RC_ZERO);
            r0 = lo32(sf.toInt(F32, 0, lo32(b0), 32)) | sf.toInt(F32, 0, b0 >>> 32, 32) << 32;
            r1 = lo32(sf.toInt(F32, 0, lo32(b1), 32)) | sf.toInt(F32, 0, b1 >>> 32, 32) << 32;
        }
        t = SseUnit.raise(f, sf.flags);
        if (t != 0) return t;
        SseUnit.setXmm(f, reg, r0, r1);
        return 0;
    }

    /** 0F E6: CVTTPD2DQ (66), CVTDQ2PD (F3), CVTPD2DQ (F2); the doubleword results fill the low half and zero the high one. */
    private static int dqE6(Cpu cpu, FpState f, int prefix, int reg, int rm, long ea) {
        long r0, r1;
        SoftFloat sf;
        switch (prefix) {
            case 0xF3 -> {
                long b = SseUnit.src64(cpu, f, rm, ea);
                sf = SseUnit.sse(f);
                r0 = sf.fromInt(F64, (int) b);
                r1 = sf.fromInt(F64, (int) (b >>> 32));
            }
            case 0x66, 0xF2 -> {
                int t = SseUnit.src128(cpu, f, rm, ea, true);
                if (t != 0) return t;
                long b0 = f.src0, b1 = f.src1;
                sf = SseUnit.sse(f);
                if (prefix == 0x66) sf.setRoundingControl(SoftFloat.RC_ZERO);
                r0 = lo32(sf.toInt(F64, 0, b0, 32)) | sf.toInt(F64, 0, b1, 32) << 32;
                r1 = 0;
            }
            default -> {
                return UD;
            }
        }
        int t = SseUnit.raise(f, sf.flags);
        if (t != 0) return t;
        SseUnit.setXmm(f, reg, r0, r1);
        return 0;
    }
}
