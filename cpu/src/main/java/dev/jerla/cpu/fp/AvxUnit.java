package dev.jerla.cpu.fp;

import static dev.jerla.cpu.fp.SoftFloat.F16;
import static dev.jerla.cpu.fp.SoftFloat.F32;
import static dev.jerla.cpu.fp.SoftFloat.F64;

import dev.jerla.cpu.Cpu;
import dev.jerla.cpu.Trap;
import dev.jerla.cpu.mem.Mmu;

/**
 * VEX-encoded vector instructions: AVX, AVX2, FMA, F16C and the VEX forms of the SSE family
 * (SDM vol. 2, 2.3 and the instruction pages).
 *
 * <p>The VEX form of an SSE instruction computes what the legacy form computes, with three
 * differences that are handled here: the first source is VEX.vvvv instead of the destination,
 * 128-bit forms zero bits 255:128 of the destination, and 256-bit forms do the same work on the
 * upper 128-bit lane. So the legacy semantics ({@link SseUnit}, {@link SseExt}) run on scratch
 * registers: first source copied to a scratch register, the legacy operation applied with the
 * second source, the result moved to the destination; for 256 bits once more on the upper
 * lanes. Memory operands of VEX forms need no alignment except for the aligned moves.
 * Instructions without a legacy form (broadcasts, permutes, 128-bit inserts and extracts,
 * variable shifts, masked moves, gathers, FMA, half-precision conversions) are defined here.
 *
 * <p>Registers are never written before every memory access of the instruction has succeeded,
 * except by the gathers, whose partial progress is architectural (the mask records it).
 */
public final class AvxUnit {
    private AvxUnit() {}

    private static final int UD = Trap.INVALID_OPCODE;
    private static final int GP = Trap.GENERAL_PROTECTION;
    /** Scratch registers in {@link FpState#ymm}. */
    private static final int S0 = 16, S1 = 17, S2 = 18;

    /**
     * Executes one VEX-encoded vector instruction. map: 1 = 0F, 2 = 0F 38, 3 = 0F 3A; pp: the
     * implied prefix 0, 0x66, 0xF3 or 0xF2; w: VEX.W; l: VEX.L; reg: ModRM.reg; vvvv: VEX.vvvv;
     * rm: ModRM.rm register or -1 for memory at ea. Returns 0 or a {@link Trap} code.
     */
    public static int exec(Cpu cpu, int map, int op, int pp, boolean w, boolean l, int reg, int vvvv, int rm, long ea, int imm) {
        FpState f = cpu.fp;
        f.vex = true;
        try {
            return switch (map) {
                case 1 -> map1(cpu, f, op, pp, w, l, reg, vvvv, rm, ea, imm);
                case 2 -> pp == 0x66 ? map2(cpu, f, op, w, l, reg, vvvv, rm, ea) : UD;
                case 3 -> pp == 0x66 ? map3(cpu, f, op, w, l, reg, vvvv, rm, ea, imm) : UD;
                default -> UD;
            };
        } finally {
            f.vex = false;
        }
    }

    /** True for the gathers (VEX 66 0F 38 90-93), which address memory through a vector index (VSIB). */
    public static boolean isGather(int map, int op) {
        return map == 2 && op >= 0x90 && op <= 0x93;
    }

    // ------------------------------------------------------------------ the lane engine

    private static void copy128(long[] y, int dr, int dl, int sr, int sl) {
        y[dr * 4 + dl * 2] = y[sr * 4 + sl * 2];
        y[dr * 4 + dl * 2 + 1] = y[sr * 4 + sl * 2 + 1];
    }

    private static void set256(long[] y, int r, long a, long b, long c, long d) {
        y[r * 4] = a;
        y[r * 4 + 1] = b;
        y[r * 4 + 2] = c;
        y[r * 4 + 3] = d;
    }

    /**
     * Runs legacy operation (map, op, pp) as {@code reg = op(src1, rm)}, per 128-bit lane when
     * {@code l}; {@code imm1} is the immediate of the upper lane. With {@code split} false the
     * second operand is the same for both lanes (the shift count of PSLLW xmm and the like).
     */
    private static int lanes(Cpu cpu, FpState f, int map, int op, int pp, boolean w, boolean l, int reg, int src1,
                             int rm, long ea, int imm, int imm1, boolean split) {
        long[] y = f.ymm;
        copy128(y, S0, 0, src1, 0);
        if (!l) {
            int t = SseUnit.exec(cpu, map, op, pp, w, S0, rm, ea, imm);
            if (t != 0) return t;
            set256(y, reg, y[S0 * 4], y[S0 * 4 + 1], 0, 0);
            return 0;
        }
        // A 256-bit memory operand is read as a whole: it faults before any work is done.
        if (rm < 0 && split) cpu.mmu().probeRead(ea, 32);
        f.deferExceptions = true;
        f.deferredFlags = 0;
        try {
            return twoLanes(cpu, f, map, op, pp, w, reg, src1, rm, ea, imm, imm1, split);
        } finally {
            f.deferExceptions = false;
        }
    }

    private static int twoLanes(Cpu cpu, FpState f, int map, int op, int pp, boolean w, int reg, int src1,
                                int rm, long ea, int imm, int imm1, boolean split) {
        long[] y = f.ymm;
        int t = SseUnit.exec(cpu, map, op, pp, w, S0, rm, ea, imm);
        if (t != 0) return t;
        long r0 = y[S0 * 4], r1 = y[S0 * 4 + 1];
        copy128(y, S0, 0, src1, 1);
        int rm1 = rm;
        long ea1 = ea;
        if (split) {
            if (rm >= 0) {
                copy128(y, S1, 0, rm, 1);
                rm1 = S1;
            } else {
                ea1 = ea + 16;
            }
        }
        t = SseUnit.exec(cpu, map, op, pp, w, S0, rm1, ea1, imm1);
        if (t != 0) return t;
        f.deferExceptions = false;
        t = SseUnit.raise(f, f.deferredFlags);
        if (t != 0) return t;
        set256(y, reg, r0, r1, y[S0 * 4], y[S0 * 4 + 1]);
        return 0;
    }

    /** Three operands: reg = op(vvvv, rm), lane by lane. */
    private static int v3(Cpu cpu, FpState f, int map, int op, int pp, boolean w, boolean l, int reg, int vvvv, int rm,
                          long ea, int imm) {
        return lanes(cpu, f, map, op, pp, w, l, reg, vvvv, rm, ea, imm, imm, true);
    }

    /** Two operands (VEX.vvvv must be 1111b): reg = op(rm), lane by lane. */
    private static int v2(Cpu cpu, FpState f, int map, int op, int pp, boolean w, boolean l, int reg, int vvvv, int rm,
                          long ea, int imm) {
        if (vvvv != 0) return UD;
        return lanes(cpu, f, map, op, pp, w, l, reg, 0, rm, ea, imm, imm, true);
    }

    /** An aligned move: a memory operand must be aligned to its size (16 or 32 bytes). */
    private static boolean misaligned(boolean l, int rm, long ea) {
        return rm < 0 && (ea & (l ? 31 : 15)) != 0;
    }

    /** A legacy operation whose destination is a general register, the flags or memory: run as is. */
    private static int direct(Cpu cpu, int map, int op, int pp, boolean w, int reg, int vvvv, int rm, long ea, int imm) {
        if (vvvv != 0) return UD;
        return SseUnit.exec(cpu, map, op, pp, w, reg, rm, ea, imm);
    }

    /** Stores of a whole register to rm (register or memory): MOVUPS, MOVAPS, MOVDQA, MOVDQU, MOVNT*. */
    private static int store(Cpu cpu, FpState f, boolean l, int reg, int vvvv, int rm, long ea, boolean aligned) {
        if (vvvv != 0) return UD;
        long[] y = f.ymm;
        if (rm >= 0) {
            set256(y, rm, y[reg * 4], y[reg * 4 + 1], l ? y[reg * 4 + 2] : 0, l ? y[reg * 4 + 3] : 0);
            return 0;
        }
        if (aligned && misaligned(l, rm, ea)) return GP;
        Mmu m = cpu.mmu();
        int n = l ? 32 : 16;
        SseUnit.probeWrite(m, ea, n);
        for (int k = 0; k < n / 8; k++) m.write64(ea + 8 * k, y[reg * 4 + k]);
        return 0;
    }

    /** Loads a 128- or 256-bit source (register rm or memory) and returns the register that holds it. */
    private static int source(Cpu cpu, FpState f, int rm, long ea, boolean l) {
        if (rm >= 0) return rm;
        Mmu m = cpu.mmu();
        long[] y = f.ymm;
        int n = l ? 4 : 2;
        long[] v = new long[n];
        for (int k = 0; k < n; k++) v[k] = m.read64(ea + 8 * k);
        for (int k = 0; k < 4; k++) y[S2 * 4 + k] = k < n ? v[k] : 0;
        return S2;
    }

    /** MOVMSKPS/PD, PMOVMSKB on 256 bits: the masks of the two lanes side by side. */
    private static int mask(Cpu cpu, FpState f, int map, int op, int pp, boolean l, int reg, int vvvv, int rm, int bitsPerLane) {
        if (vvvv != 0 || rm < 0) return UD;
        int t = SseUnit.exec(cpu, map, op, pp, false, reg, rm, 0, 0);
        if (t != 0 || !l) return t;
        long m0 = cpu.reg(reg);
        copy128(f.ymm, S1, 0, rm, 1);
        t = SseUnit.exec(cpu, map, op, pp, false, reg, S1, 0, 0);
        if (t != 0) return t;
        cpu.setReg(reg, m0 | cpu.reg(reg) << bitsPerLane);
        return 0;
    }

    /**
     * A 256-bit widening operation (VPMOVZX/SX, VCVTPS2PD, VCVTDQ2PD): the source has half as
     * many bytes, {@code perLane} for each 128-bit lane of the result.
     */
    private static int widen(Cpu cpu, FpState f, int map, int op, int pp, int reg, int vvvv, int rm, long ea, int perLane) {
        f.deferExceptions = true;
        f.deferredFlags = 0;
        try {
            return widenLanes(cpu, f, map, op, pp, reg, vvvv, rm, ea, perLane);
        } finally {
            f.deferExceptions = false;
        }
    }

    private static int widenLanes(Cpu cpu, FpState f, int map, int op, int pp, int reg, int vvvv, int rm, long ea, int perLane) {
        if (vvvv != 0) return UD;
        long[] y = f.ymm;
        long lo, hi = 0;
        if (rm >= 0) {
            lo = y[rm * 4];
            hi = y[rm * 4 + 1];
        } else {
            Mmu m = cpu.mmu();
            switch (perLane) {
                case 8 -> {
                    lo = m.read64(ea);
                    hi = m.read64(ea + 8);
                }
                case 4 -> lo = m.read64(ea);
                default -> lo = m.read32(ea) & 0xFFFFFFFFL;
            }
        }
        y[S1 * 4] = lo;
        y[S1 * 4 + 1] = hi;
        int t = SseUnit.exec(cpu, map, op, pp, false, S0, S1, 0, 0);
        if (t != 0) return t;
        long r0 = y[S0 * 4], r1 = y[S0 * 4 + 1];
        int sh = perLane * 8;
        y[S1 * 4] = sh == 64 ? hi : (lo >>> sh) | (hi << (64 - sh));
        y[S1 * 4 + 1] = sh == 64 ? 0 : hi >>> sh;
        t = SseUnit.exec(cpu, map, op, pp, false, S0, S1, 0, 0);
        if (t != 0) return t;
        f.deferExceptions = false;
        t = SseUnit.raise(f, f.deferredFlags);
        if (t != 0) return t;
        set256(y, reg, r0, r1, y[S0 * 4], y[S0 * 4 + 1]);
        return 0;
    }

    /** A 256-bit narrowing conversion (VCVTPD2PS, VCVTPD2DQ, VCVTTPD2DQ): 64 result bits per source lane, into an XMM register. */
    private static int narrow(Cpu cpu, FpState f, int map, int op, int pp, int reg, int vvvv, int rm, long ea) {
        if (rm < 0) cpu.mmu().probeRead(ea, 32);
        f.deferExceptions = true;
        f.deferredFlags = 0;
        try {
            return narrowLanes(cpu, f, map, op, pp, reg, vvvv, rm, ea);
        } finally {
            f.deferExceptions = false;
        }
    }

    private static int narrowLanes(Cpu cpu, FpState f, int map, int op, int pp, int reg, int vvvv, int rm, long ea) {
        if (vvvv != 0) return UD;
        long[] y = f.ymm;
        int t = SseUnit.exec(cpu, map, op, pp, false, S0, rm, ea, 0);
        if (t != 0) return t;
        long q0 = y[S0 * 4];
        int rm1 = rm;
        if (rm >= 0) {
            copy128(y, S1, 0, rm, 1);
            rm1 = S1;
        }
        t = SseUnit.exec(cpu, map, op, pp, false, S0, rm1, ea + 16, 0);
        if (t != 0) return t;
        f.deferExceptions = false;
        t = SseUnit.raise(f, f.deferredFlags);
        if (t != 0) return t;
        set256(y, reg, q0, y[S0 * 4], 0, 0);
        return 0;
    }

    /** Shifts by an immediate (VEX 66 0F 71-73): the destination is VEX.vvvv, the source rm. */
    private static int shiftImm(Cpu cpu, FpState f, int op, boolean l, int reg, int vvvv, int rm, int imm) {
        if (rm < 0) return UD;
        long[] y = f.ymm;
        copy128(y, S0, 0, rm, 0);
        int t = SseUnit.exec(cpu, 1, op, 0x66, false, reg, S0, 0, imm);
        if (t != 0) return t;
        long r0 = y[S0 * 4], r1 = y[S0 * 4 + 1];
        if (!l) {
            set256(y, vvvv, r0, r1, 0, 0);
            return 0;
        }
        copy128(y, S0, 0, rm, 1);
        t = SseUnit.exec(cpu, 1, op, 0x66, false, reg, S0, 0, imm);
        if (t != 0) return t;
        set256(y, vvvv, r0, r1, y[S0 * 4], y[S0 * 4 + 1]);
        return 0;
    }

    // ------------------------------------------------------------------ 0F

    private static int map1(Cpu cpu, FpState f, int op, int pp, boolean w, boolean l, int reg, int vvvv, int rm, long ea, int imm) {
        boolean packed = pp == 0 || pp == 0x66;
        switch (op) {
            case 0x10:
                if (packed) return v2(cpu, f, 1, op, pp, w, l, reg, vvvv, rm, ea, 0);
                if (rm < 0) return v2(cpu, f, 1, op, pp, w, false, reg, vvvv, rm, ea, 0);
                return v3(cpu, f, 1, op, pp, w, false, reg, vvvv, rm, ea, 0);
            case 0x11:
                if (packed) return store(cpu, f, l, reg, vvvv, rm, ea, false);
                if (rm < 0) return direct(cpu, 1, op, pp, w, reg, vvvv, rm, ea, 0);
                // VMOVSS/VMOVSD xmm1, xmm2, xmm3 in the store encoding: rm = vvvv with the low element of reg.
                return v3(cpu, f, 1, 0x10, pp, w, false, rm, vvvv, reg, 0, 0);
            case 0x12: case 0x16:
                if (packed) return l ? UD : v3(cpu, f, 1, op, pp, w, false, reg, vvvv, rm, ea, 0);
                return v2(cpu, f, 1, op, pp, w, l, reg, vvvv, rm, ea, 0);
            case 0x13: case 0x17:
                if (l || !packed || rm >= 0) return UD;
                return direct(cpu, 1, op, pp, w, reg, vvvv, rm, ea, 0);
            case 0x14: case 0x15: case 0x54: case 0x55: case 0x56: case 0x57:
                return packed ? v3(cpu, f, 1, op, pp, w, l, reg, vvvv, rm, ea, 0) : UD;
            case 0xC6:
                return packed ? lanes(cpu, f, 1, op, pp, w, l, reg, vvvv, rm, ea, imm, pp == 0x66 ? imm >>> 2 : imm, true) : UD;
            case 0x28:
                if (!packed) return UD;
                if (misaligned(l, rm, ea)) return GP;
                return v2(cpu, f, 1, op, pp, w, l, reg, vvvv, rm, ea, 0);
            case 0x29:
                return packed ? store(cpu, f, l, reg, vvvv, rm, ea, true) : UD;
            case 0x2B:
                return packed && rm < 0 ? store(cpu, f, l, reg, vvvv, rm, ea, true) : UD;
            case 0x2A:
                return packed ? UD : v3(cpu, f, 1, op, pp, w, false, reg, vvvv, rm, ea, 0);
            case 0x2C: case 0x2D:
                return packed ? UD : direct(cpu, 1, op, pp, w, reg, vvvv, rm, ea, 0);
            case 0x2E: case 0x2F:
                return packed ? direct(cpu, 1, op, pp, w, reg, vvvv, rm, ea, 0) : UD;
            case 0x50:
                return packed ? mask(cpu, f, 1, op, pp, l, reg, vvvv, rm, pp == 0 ? 4 : 2) : UD;
            case 0x51:
                if (packed) return v2(cpu, f, 1, op, pp, w, l, reg, vvvv, rm, ea, 0);
                return v3(cpu, f, 1, op, pp, w, false, reg, vvvv, rm, ea, 0);
            case 0x52: case 0x53:
                if (pp == 0) return v2(cpu, f, 1, op, pp, w, l, reg, vvvv, rm, ea, 0);
                return pp == 0xF3 ? v3(cpu, f, 1, op, pp, w, false, reg, vvvv, rm, ea, 0) : UD;
            case 0x58: case 0x59: case 0x5C: case 0x5D: case 0x5E: case 0x5F: case 0xC2:
                return v3(cpu, f, 1, op, pp, w, packed && l, reg, vvvv, rm, ea, imm);
            case 0x5A:
                if (!packed) return v3(cpu, f, 1, op, pp, w, false, reg, vvvv, rm, ea, 0);
                if (!l) return v2(cpu, f, 1, op, pp, w, false, reg, vvvv, rm, ea, 0);
                return pp == 0 ? widen(cpu, f, 1, op, pp, reg, vvvv, rm, ea, 8) : narrow(cpu, f, 1, op, pp, reg, vvvv, rm, ea);
            case 0x5B:
                return pp == 0xF2 ? UD : v2(cpu, f, 1, op, pp, w, l, reg, vvvv, rm, ea, 0);
            case 0x6E:
                return pp == 0x66 && !l ? v2(cpu, f, 1, op, pp, w, false, reg, vvvv, rm, ea, 0) : UD;
            case 0x6F:
                if (pp == 0x66 && misaligned(l, rm, ea)) return GP;
                return pp == 0x66 || pp == 0xF3 ? v2(cpu, f, 1, op, pp, w, l, reg, vvvv, rm, ea, 0) : UD;
            case 0x70:
                return pp != 0 ? v2(cpu, f, 1, op, pp, w, l, reg, vvvv, rm, ea, imm) : UD;
            case 0x71: case 0x72: case 0x73:
                return pp == 0x66 ? shiftImm(cpu, f, op, l, reg, vvvv, rm, imm) : UD;
            case 0x77:
                return zero(f, l);
            case 0x7C: case 0x7D: case 0xD0:
                return pp == 0x66 || pp == 0xF2 ? v3(cpu, f, 1, op, pp, w, l, reg, vvvv, rm, ea, 0) : UD;
            case 0x7E:
                if (l) return UD;
                if (pp == 0x66) return direct(cpu, 1, op, pp, w, reg, vvvv, rm, ea, 0);
                return pp == 0xF3 ? v2(cpu, f, 1, op, pp, w, false, reg, vvvv, rm, ea, 0) : UD;
            case 0x7F:
                return pp == 0x66 || pp == 0xF3 ? store(cpu, f, l, reg, vvvv, rm, ea, pp == 0x66) : UD;
            case 0xAE:
                if (pp != 0 || l || rm >= 0 || ((reg & 7) != 2 && (reg & 7) != 3)) return UD;
                return direct(cpu, 1, op, pp, w, reg, vvvv, rm, ea, 0);
            case 0xC4:
                return pp == 0x66 && !l ? v3(cpu, f, 1, op, pp, w, false, reg, vvvv, rm, ea, imm) : UD;
            case 0xC5:
                return pp == 0x66 && !l && rm >= 0 ? direct(cpu, 1, op, pp, w, reg, vvvv, rm, ea, imm) : UD;
            case 0xD6: {
                if (pp != 0x66 || l) return UD;
                int t = direct(cpu, 1, op, pp, w, reg, vvvv, rm, ea, 0);
                if (t == 0 && rm >= 0) f.ymm[rm * 4 + 2] = f.ymm[rm * 4 + 3] = 0;
                return t;
            }
            case 0xD7:
                return pp == 0x66 ? mask(cpu, f, 1, op, pp, l, reg, vvvv, rm, 16) : UD;
            case 0xE6:
                if (pp == 0) return UD;
                if (!l) return v2(cpu, f, 1, op, pp, w, false, reg, vvvv, rm, ea, 0);
                return pp == 0xF3 ? widen(cpu, f, 1, op, pp, reg, vvvv, rm, ea, 8) : narrow(cpu, f, 1, op, pp, reg, vvvv, rm, ea);
            case 0xE7:
                return pp == 0x66 && rm < 0 ? store(cpu, f, l, reg, vvvv, rm, ea, true) : UD;
            case 0xF0:
                return pp == 0xF2 && rm < 0 ? v2(cpu, f, 1, op, pp, w, l, reg, vvvv, rm, ea, 0) : UD;
            case 0xF7:
                return pp == 0x66 && !l && rm >= 0 ? direct(cpu, 1, op, pp, w, reg, vvvv, rm, ea, 0) : UD;
            case 0xD1: case 0xD2: case 0xD3: case 0xE1: case 0xE2: case 0xF1: case 0xF2: case 0xF3:
                return pp == 0x66 ? lanes(cpu, f, 1, op, pp, w, l, reg, vvvv, rm, ea, 0, 0, false) : UD;
            default:
                if (pp == 0x66 && ((op >= 0x60 && op <= 0x6D) || (op >= 0x74 && op <= 0x76) || op >= 0xD4)) {
                    return v3(cpu, f, 1, op, pp, w, l, reg, vvvv, rm, ea, 0);
                }
                return UD;
        }
    }

    /** VZEROUPPER (L = 0) and VZEROALL (L = 1). */
    private static int zero(FpState f, boolean all) {
        long[] y = f.ymm;
        for (int r = 0; r < 16; r++) {
            if (all) {
                y[r * 4] = 0;
                y[r * 4 + 1] = 0;
            }
            y[r * 4 + 2] = 0;
            y[r * 4 + 3] = 0;
        }
        return 0;
    }

    // ------------------------------------------------------------------ 0F 38

    private static int map2(Cpu cpu, FpState f, int op, boolean w, boolean l, int reg, int vvvv, int rm, long ea) {
        if (op <= 0x0B || (op >= 0x28 && op <= 0x2B && op != 0x2A) || (op >= 0x37 && op <= 0x40)) {
            return v3(cpu, f, 2, op, 0x66, w, l, reg, vvvv, rm, ea, 0);
        }
        if ((op >= 0x20 && op <= 0x25) || (op >= 0x30 && op <= 0x35)) {
            if (!l) return v2(cpu, f, 2, op, 0x66, w, false, reg, vvvv, rm, ea, 0);
            int k = op & 0xF;
            return widen(cpu, f, 2, op, 0x66, reg, vvvv, rm, ea, k == 1 || k == 4 ? 4 : k == 2 ? 2 : 8);
        }
        switch (op) {
            case 0x0C: case 0x0D: return w ? UD : permilVar(cpu, f, op, l, reg, vvvv, rm, ea);
            case 0x0E: case 0x0F: case 0x17: return w && op != 0x17 ? UD : test(cpu, f, op, l, reg, vvvv, rm, ea);
            case 0x13: return w ? UD : cvtph2ps(cpu, f, l, reg, vvvv, rm, ea);
            case 0x16: case 0x36: return l && !w ? permd(cpu, f, reg, vvvv, rm, ea) : UD;
            case 0x18: case 0x19: case 0x1A: case 0x58: case 0x59: case 0x5A: case 0x78: case 0x79:
                return broadcast(cpu, f, op, w, l, reg, vvvv, rm, ea);
            case 0x1C: case 0x1D: case 0x1E:
                return v2(cpu, f, 2, op, 0x66, w, l, reg, vvvv, rm, ea, 0);
            case 0x2A:
                if (rm >= 0) return UD;
                if (misaligned(l, rm, ea)) return GP;
                return v2(cpu, f, 2, op, 0x66, w, l, reg, vvvv, rm, ea, 0);
            case 0x2C: case 0x2D: case 0x8C:
                if (op != 0x8C && w) return UD;
                return maskLoad(cpu, f, op == 0x2D || (op == 0x8C && w), l, reg, vvvv, rm, ea);
            case 0x2E: case 0x2F: case 0x8E:
                if (op != 0x8E && w) return UD;
                return maskStore(cpu, f, op == 0x2F || (op == 0x8E && w), l, reg, vvvv, rm, ea);
            case 0x41: return l ? UD : v2(cpu, f, 2, op, 0x66, w, false, reg, vvvv, rm, ea, 0);
            case 0x45: case 0x46: case 0x47:
                if (op == 0x46 && w) return UD;
                return shiftVar(cpu, f, op, w, l, reg, vvvv, rm, ea);
            case 0xDB: return l ? UD : v2(cpu, f, 2, op, 0x66, w, false, reg, vvvv, rm, ea, 0);
            case 0xDC: case 0xDD: case 0xDE: case 0xDF: return l ? UD : v3(cpu, f, 2, op, 0x66, w, false, reg, vvvv, rm, ea, 0);
            default:
                if (op >= 0x96 && (op & 0xF) >= 6 && op <= 0xBF) return fma(cpu, f, op, w, l, reg, vvvv, rm, ea);
                return UD;
        }
    }

    // ------------------------------------------------------------------ 0F 3A

    private static int map3(Cpu cpu, FpState f, int op, boolean w, boolean l, int reg, int vvvv, int rm, long ea, int imm) {
        switch (op) {
            case 0x00: case 0x01: return l && w && vvvv == 0 ? permq(cpu, f, reg, rm, ea, imm) : UD;
            case 0x02: return w ? UD : blendd(cpu, f, l, reg, vvvv, rm, ea, imm);
            case 0x04: case 0x05: return w || vvvv != 0 ? UD : permilImm(cpu, f, op, l, reg, rm, ea, imm);
            case 0x06: case 0x46: return l && !w ? perm2x128(cpu, f, reg, vvvv, rm, ea, imm) : UD;
            case 0x08: case 0x09: return v2(cpu, f, 3, op, 0x66, w, l, reg, vvvv, rm, ea, imm);
            case 0x0A: case 0x0B: return v3(cpu, f, 3, op, 0x66, w, false, reg, vvvv, rm, ea, imm);
            case 0x0C: return lanes(cpu, f, 3, op, 0x66, w, l, reg, vvvv, rm, ea, imm, imm >>> 4, true);
            case 0x0D: return lanes(cpu, f, 3, op, 0x66, w, l, reg, vvvv, rm, ea, imm, imm >>> 2, true);
            case 0x0E: case 0x0F: return v3(cpu, f, 3, op, 0x66, w, l, reg, vvvv, rm, ea, imm);
            case 0x40: return l ? dpps256(cpu, f, reg, vvvv, rm, ea, imm) : v3(cpu, f, 3, op, 0x66, w, false, reg, vvvv, rm, ea, imm);
            case 0x42: return lanes(cpu, f, 3, op, 0x66, w, l, reg, vvvv, rm, ea, imm, imm >>> 3, true);
            case 0x14: case 0x15: case 0x16: case 0x17:
                return l ? UD : direct(cpu, 3, op, 0x66, w, reg, vvvv, rm, ea, imm);
            case 0x18: case 0x38: return l && !w ? insert128(cpu, f, reg, vvvv, rm, ea, imm) : UD;
            case 0x19: case 0x39: return l && !w && vvvv == 0 ? extract128(cpu, f, reg, rm, ea, imm) : UD;
            case 0x1D: return w || vvvv != 0 ? UD : cvtps2ph(cpu, f, l, reg, rm, ea, imm);
            case 0x20: case 0x21: case 0x22: case 0x41: case 0x44: case 0xDF:
                if (l) return UD;
                if (op == 0xDF) return v2(cpu, f, 3, op, 0x66, w, false, reg, vvvv, rm, ea, imm);
                return v3(cpu, f, 3, op, 0x66, w, false, reg, vvvv, rm, ea, imm);
            case 0x4A: case 0x4B: case 0x4C: return w ? UD : blendv(cpu, f, op, l, reg, vvvv, rm, ea, imm >>> 4);
            case 0x60: case 0x61: case 0x62: case 0x63: {
                if (l) return UD;
                int t = direct(cpu, 3, op, 0x66, w, reg, vvvv, rm, ea, imm);
                // The mask forms write XMM0, and a VEX.128 destination has its upper bits zeroed.
                if (t == 0 && (op & 1) == 0) f.ymm[2] = f.ymm[3] = 0;
                return t;
            }
            default: return UD;
        }
    }

    // ------------------------------------------------------------------ element access

    private static int dword(long[] y, int r, int i) {
        return (int) (y[r * 4 + (i >> 1)] >>> ((i & 1) << 5));
    }

    private static void putDword(long[] out, int i, int v) {
        int sh = (i & 1) << 5;
        out[i >> 1] = (out[i >> 1] & ~(0xFFFFFFFFL << sh)) | ((v & 0xFFFFFFFFL) << sh);
    }

    private static void write(long[] y, int r, long[] v, boolean l) {
        set256(y, r, v[0], v[1], l ? v[2] : 0, l ? v[3] : 0);
    }

    // ------------------------------------------------------------------ AVX / AVX2 without a legacy form

    /** VPERMILPS/VPERMILPD with a vector control: each element picks one of its own lane's elements of vvvv. */
    private static int permilVar(Cpu cpu, FpState f, int op, boolean l, int reg, int vvvv, int rm, long ea) {
        long[] y = f.ymm;
        int s = source(cpu, f, rm, ea, l);
        long[] out = new long[4];
        int n = l ? 4 : 2;
        if (op == 0x0C) {
            for (int i = 0; i < 2 * n; i++) putDword(out, i, dword(y, vvvv, (i & ~3) | (dword(y, s, i) & 3)));
        } else {
            for (int i = 0; i < n; i++) out[i] = y[vvvv * 4 + (i & ~1) + (int) ((y[s * 4 + i] >>> 1) & 1)];
        }
        write(y, reg, out, l);
        return 0;
    }

    /** VPERMILPS/VPERMILPD with an immediate control. */
    private static int permilImm(Cpu cpu, FpState f, int op, boolean l, int reg, int rm, long ea, int imm) {
        long[] y = f.ymm;
        int s = source(cpu, f, rm, ea, l);
        long[] out = new long[4];
        int n = l ? 4 : 2;
        if (op == 0x04) {
            for (int i = 0; i < 2 * n; i++) putDword(out, i, dword(y, s, (i & ~3) | ((imm >>> (2 * (i & 3))) & 3)));
        } else {
            for (int i = 0; i < n; i++) out[i] = y[s * 4 + (i & ~1) + ((imm >>> i) & 1)];
        }
        write(y, reg, out, l);
        return 0;
    }

    /** VPERMD, VPERMPS: dword i of the result is dword (vvvv[i] & 7) of rm. */
    private static int permd(Cpu cpu, FpState f, int reg, int vvvv, int rm, long ea) {
        long[] y = f.ymm;
        int s = source(cpu, f, rm, ea, true);
        long[] out = new long[4];
        for (int i = 0; i < 8; i++) putDword(out, i, dword(y, s, dword(y, vvvv, i) & 7));
        write(y, reg, out, true);
        return 0;
    }

    /** VPERMQ, VPERMPD: qword i of the result is qword imm[2i+1:2i] of rm. */
    private static int permq(Cpu cpu, FpState f, int reg, int rm, long ea, int imm) {
        long[] y = f.ymm;
        int s = source(cpu, f, rm, ea, true);
        long[] out = new long[4];
        for (int i = 0; i < 4; i++) out[i] = y[s * 4 + ((imm >>> (2 * i)) & 3)];
        write(y, reg, out, true);
        return 0;
    }

    /** VPERM2F128, VPERM2I128: each result lane is one of the four source lanes, or zero. */
    private static int perm2x128(Cpu cpu, FpState f, int reg, int vvvv, int rm, long ea, int imm) {
        long[] y = f.ymm;
        int s = source(cpu, f, rm, ea, true);
        long[] out = new long[4];
        for (int half = 0; half < 2; half++) {
            int sel = imm >>> (4 * half);
            if ((sel & 8) != 0) continue;
            int r = (sel & 2) != 0 ? s : vvvv;
            int lane = sel & 1;
            out[2 * half] = y[r * 4 + 2 * lane];
            out[2 * half + 1] = y[r * 4 + 2 * lane + 1];
        }
        write(y, reg, out, true);
        return 0;
    }

    /** VPBLENDD: dword i from rm if imm bit i is set, else from vvvv. */
    private static int blendd(Cpu cpu, FpState f, boolean l, int reg, int vvvv, int rm, long ea, int imm) {
        long[] y = f.ymm;
        int s = source(cpu, f, rm, ea, l);
        long[] out = new long[4];
        for (int i = 0; i < (l ? 8 : 4); i++) putDword(out, i, dword(y, ((imm >>> i) & 1) != 0 ? s : vvvv, i));
        write(y, reg, out, l);
        return 0;
    }

    /** VBLENDVPS, VBLENDVPD, VPBLENDVB: elements of rm where the sign bit of the mask register's element is set, else of vvvv. */
    private static int blendv(Cpu cpu, FpState f, int op, boolean l, int reg, int vvvv, int rm, long ea, int maskReg) {
        long[] y = f.ymm;
        int s = source(cpu, f, rm, ea, l);
        long[] out = new long[4];
        for (int q = 0; q < (l ? 4 : 2); q++) {
            long m = y[maskReg * 4 + q];
            long sel = switch (op) {
                case 0x4A -> (((int) m >> 31) & 0xFFFFFFFFL) | ((m >> 63) << 32);
                case 0x4B -> m >> 63;
                default -> byteSigns(m);
            };
            out[q] = (y[s * 4 + q] & sel) | (y[vvvv * 4 + q] & ~sel);
        }
        write(y, reg, out, l);
        return 0;
    }

    /**
     * VDPPS ymm: DPPS on each lane, with the exceptions of the two stages as for one instruction:
     * the products of both lanes first (an unmasked exception there stops before any sum), then
     * the sums.
     */
    private static int dpps256(Cpu cpu, FpState f, int reg, int vvvv, int rm, long ea, int imm) {
        long[] y = f.ymm;
        int s = source(cpu, f, rm, ea, true);
        SoftFloat sf = SseUnit.sse(f);
        int[] p = new int[8];
        for (int i = 0; i < 8; i++) {
            p[i] = (imm & (0x10 << (i & 3))) != 0 ? sf.mul32(dword(y, vvvv, i), dword(y, s, i)) : 0;
        }
        int t = SseUnit.raise(f, sf.flags);
        if (t != 0) return t;
        sf = SseUnit.sse(f);
        long[] out = new long[4];
        for (int lane = 0; lane < 2; lane++) {
            int k = 4 * lane;
            int sum = sf.add32(sf.add32(p[k], p[k + 1]), sf.add32(p[k + 2], p[k + 3]));
            for (int i = 0; i < 4; i++) if ((imm & (1 << i)) != 0) putDword(out, k + i, sum);
        }
        t = SseUnit.raise(f, sf.flags);
        if (t != 0) return t;
        write(y, reg, out, true);
        return 0;
    }

    /** Each byte of the result all ones if the sign bit of that byte of {@code m} is set. */
    private static long byteSigns(long m) {
        long s = (m >>> 7) & 0x0101010101010101L;
        return s * 0xFF;
    }

    /** VPTEST (ZF from AND, CF from ANDN of the whole registers), VTESTPS, VTESTPD (sign bits only). */
    private static int test(Cpu cpu, FpState f, int op, boolean l, int reg, int vvvv, int rm, long ea) {
        if (vvvv != 0) return UD;
        long[] y = f.ymm;
        int s = source(cpu, f, rm, ea, l);
        long bits = switch (op) {
            case 0x0E -> 0x8000000080000000L;
            case 0x0F -> Long.MIN_VALUE;
            default -> -1L;
        };
        long z = 0, c = 0;
        for (int q = 0; q < (l ? 4 : 2); q++) {
            long a = y[reg * 4 + q], b = y[s * 4 + q];
            z |= a & b & bits;
            c |= ~a & b & bits;
        }
        cpu.setStatusFlags((z == 0 ? Cpu.ZF : 0) | (c == 0 ? Cpu.CF : 0));
        return 0;
    }

    /** VBROADCASTSS/SD/F128, VPBROADCASTB/W/D/Q, VBROADCASTI128. */
    private static int broadcast(Cpu cpu, FpState f, int op, boolean w, boolean l, int reg, int vvvv, int rm, long ea) {
        if (vvvv != 0 || w) return UD;
        long[] y = f.ymm;
        Mmu m = cpu.mmu();
        long v;
        switch (op) {
            case 0x1A, 0x5A -> {
                if (!l || rm >= 0) return UD;
                long a = m.read64(ea), b = m.read64(ea + 8);
                set256(y, reg, a, b, a, b);
                return 0;
            }
            case 0x19 -> {
                if (!l) return UD;
                v = rm >= 0 ? y[rm * 4] : m.read64(ea);
            }
            case 0x59 -> v = rm >= 0 ? y[rm * 4] : m.read64(ea);
            case 0x18, 0x58 -> {
                long d = rm >= 0 ? y[rm * 4] & 0xFFFFFFFFL : m.read32(ea) & 0xFFFFFFFFL;
                v = d | d << 32;
            }
            case 0x79 -> {
                long d = rm >= 0 ? y[rm * 4] & 0xFFFF : m.read16(ea) & 0xFFFF;
                v = d * 0x0001000100010001L;
            }
            default -> {
                long d = rm >= 0 ? y[rm * 4] & 0xFF : m.read8(ea) & 0xFF;
                v = d * 0x0101010101010101L;
            }
        }
        set256(y, reg, v, v, l ? v : 0, l ? v : 0);
        return 0;
    }

    /** VINSERTF128, VINSERTI128: vvvv with lane imm[0] replaced by rm (128 bits). */
    private static int insert128(Cpu cpu, FpState f, int reg, int vvvv, int rm, long ea, int imm) {
        long[] y = f.ymm;
        int s = source(cpu, f, rm, ea, false);
        long a = y[s * 4], b = y[s * 4 + 1];
        long[] out = {y[vvvv * 4], y[vvvv * 4 + 1], y[vvvv * 4 + 2], y[vvvv * 4 + 3]};
        out[(imm & 1) * 2] = a;
        out[(imm & 1) * 2 + 1] = b;
        write(y, reg, out, true);
        return 0;
    }

    /** VEXTRACTF128, VEXTRACTI128: lane imm[0] of reg to an XMM register (upper bits zeroed) or memory. */
    private static int extract128(Cpu cpu, FpState f, int reg, int rm, long ea, int imm) {
        long[] y = f.ymm;
        long a = y[reg * 4 + (imm & 1) * 2], b = y[reg * 4 + (imm & 1) * 2 + 1];
        if (rm >= 0) {
            set256(y, rm, a, b, 0, 0);
            return 0;
        }
        Mmu m = cpu.mmu();
        SseUnit.probeWrite(m, ea, 16);
        m.write64(ea, a);
        m.write64(ea + 8, b);
        return 0;
    }

    /** VPSRLVD/Q, VPSRAVD, VPSLLVD/Q: each element of vvvv shifted by the same element of rm. */
    private static int shiftVar(Cpu cpu, FpState f, int op, boolean w, boolean l, int reg, int vvvv, int rm, long ea) {
        long[] y = f.ymm;
        int s = source(cpu, f, rm, ea, l);
        long[] out = new long[4];
        int n = l ? 4 : 2;
        if (w) {
            for (int i = 0; i < n; i++) {
                long a = y[vvvv * 4 + i], c = y[s * 4 + i];
                boolean big = Long.compareUnsigned(c, 63) > 0;
                out[i] = big ? 0 : op == 0x45 ? a >>> c : a << c;
            }
        } else {
            for (int i = 0; i < 2 * n; i++) {
                int a = dword(y, vvvv, i);
                long c = dword(y, s, i) & 0xFFFFFFFFL;
                int r = switch (op) {
                    case 0x45 -> c > 31 ? 0 : a >>> c;
                    case 0x46 -> a >> Math.min(c, 31);
                    default -> c > 31 ? 0 : a << c;
                };
                putDword(out, i, r);
            }
        }
        write(y, reg, out, l);
        return 0;
    }

    /**
     * VMASKMOVPS/PD, VPMASKMOVD/Q loads: elements whose mask (vvvv) sign bit is set are loaded,
     * the others are zero; masked-off elements never fault.
     */
    private static int maskLoad(Cpu cpu, FpState f, boolean qwords, boolean l, int reg, int vvvv, int rm, long ea) {
        if (rm >= 0) return UD;
        long[] y = f.ymm;
        Mmu m = cpu.mmu();
        long[] out = new long[4];
        int n = l ? 4 : 2;
        if (qwords) {
            for (int i = 0; i < n; i++) if (y[vvvv * 4 + i] < 0) out[i] = m.read64(ea + 8L * i);
        } else {
            for (int i = 0; i < 2 * n; i++) if (dword(y, vvvv, i) < 0) putDword(out, i, m.read32(ea + 4L * i));
        }
        write(y, reg, out, l);
        return 0;
    }

    /** The masked stores: only elements whose mask (vvvv) sign bit is set are written, and all are checked first. */
    private static int maskStore(Cpu cpu, FpState f, boolean qwords, boolean l, int reg, int vvvv, int rm, long ea) {
        if (rm >= 0) return UD;
        long[] y = f.ymm;
        Mmu m = cpu.mmu();
        int size = qwords ? 8 : 4;
        int n = (l ? 32 : 16) / size;
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < n; i++) {
                boolean on = qwords ? y[vvvv * 4 + i] < 0 : dword(y, vvvv, i) < 0;
                if (!on) continue;
                long a = ea + (long) size * i;
                if (pass == 0) SseUnit.probeWrite(m, a, size);
                else if (qwords) m.write64(a, y[reg * 4 + i]);
                else m.write32(a, dword(y, reg, i));
            }
        }
        return 0;
    }

    /**
     * VPGATHERDD/DQ/QD/QQ, VGATHERDPS/DPD/QPS/QPD (VEX 66 0F 38 90-93): element i is loaded from
     * {@code base + sext(index[i]) * scale} where the sign bit of mask (vvvv) element i is set;
     * each loaded element clears its mask bit, so a fault leaves the progress made (SDM vol. 2,
     * VPGATHERDD: "the instruction can be restarted"). reg, vvvv and the index register must
     * differ. {@code base} is the displacement plus base register (and segment base).
     */
    public static int gather(Cpu cpu, int op, boolean w, boolean l, int reg, int vvvv, int index, int scale, long base,
                             boolean addr32, long segBase) {
        if (reg == vvvv || reg == index || vvvv == index) return UD;
        long[] y = cpu.fp.ymm;
        Mmu m = cpu.mmu();
        boolean dIndex = (op & 1) == 0;
        int esize = w ? 8 : 4;
        // Elements: the smaller of the index count and the data count.
        int indices = (l ? 32 : 16) / (dIndex ? 4 : 8);
        int datas = (l ? 32 : 16) / esize;
        int n = Math.min(indices, datas);
        // Data registers are XMM when a qword index gathers dwords.
        boolean dataL = l && !(esize == 4 && !dIndex);
        for (int i = 0; i < n; i++) {
            boolean on = esize == 8 ? y[vvvv * 4 + i] < 0 : dword(y, vvvv, i) < 0;
            if (!on) continue;
            long idx = dIndex ? dword(y, index, i) : y[index * 4 + i];
            long a = base + (idx << scale);
            if (addr32) a &= 0xFFFFFFFFL;
            a += segBase;
            if (esize == 8) {
                y[reg * 4 + i] = m.read64(a);
                y[vvvv * 4 + i] = 0;
            } else {
                int v = m.read32(a);
                long[] t = {y[reg * 4], y[reg * 4 + 1], y[reg * 4 + 2], y[reg * 4 + 3]};
                putDword(t, i, v);
                y[reg * 4 + (i >> 1)] = t[i >> 1];
                long[] mk = {y[vvvv * 4], y[vvvv * 4 + 1], y[vvvv * 4 + 2], y[vvvv * 4 + 3]};
                putDword(mk, i, 0);
                y[vvvv * 4 + (i >> 1)] = mk[i >> 1];
            }
        }
        // The whole mask is cleared, and elements the index count does not reach are zero.
        int words = dataL ? 4 : 2;
        if (esize == 4 && n * 4 < words * 8) {
            for (int k = n; k < words * 2; k++) {
                long[] t = {y[reg * 4], y[reg * 4 + 1], y[reg * 4 + 2], y[reg * 4 + 3]};
                putDword(t, k, 0);
                y[reg * 4 + (k >> 1)] = t[k >> 1];
            }
        }
        for (int k = 0; k < 4; k++) {
            y[vvvv * 4 + k] = 0;
            if (k >= words) y[reg * 4 + k] = 0;
        }
        return 0;
    }

    // ------------------------------------------------------------------ FMA

    /**
     * VFMADD/VFMSUB/VFNMADD/VFNMSUB (packed and scalar), VFMADDSUB, VFMSUBADD in the 132, 213
     * and 231 operand orders: op1 = reg (destination), op2 = vvvv, op3 = rm. 132 computes
     * op1*op3 + op2, 213 op2*op1 + op3, 231 op2*op3 + op1; each with a single rounding.
     */
    private static int fma(Cpu cpu, FpState f, int op, boolean w, boolean l, int reg, int vvvv, int rm, long ea) {
        long[] y = f.ymm;
        int kind = op & 0xF;
        boolean scalar = kind >= 8 && (kind & 1) != 0;
        int fmt = w ? F64 : F32;
        int n = scalar ? 1 : (l ? 32 : 16) / (w ? 8 : 4);
        int s3;
        if (rm >= 0) {
            s3 = rm;
        } else {
            Mmu m = cpu.mmu();
            s3 = S2;
            if (scalar) {
                y[S2 * 4] = w ? m.read64(ea) : m.read32(ea) & 0xFFFFFFFFL;
            } else {
                int words = l ? 4 : 2;
                long[] v = new long[words];
                for (int k = 0; k < words; k++) v[k] = m.read64(ea + 8L * k);
                System.arraycopy(v, 0, y, S2 * 4, words);
            }
        }
        int order = op >>> 4;
        int ra, rb, rc;
        if (order == 9) { ra = reg; rb = s3; rc = vvvv; }
        else if (order == 0xA) { ra = vvvv; rb = reg; rc = s3; }
        else { ra = vvvv; rb = s3; rc = reg; }
        SoftFloat sf = SseUnit.sse(f);
        long[] out = {y[reg * 4], y[reg * 4 + 1], 0, 0};
        for (int i = 0; i < n; i++) {
            boolean negP = kind >= 0xC;
            boolean negC = switch (kind) {
                case 6 -> (i & 1) == 0;
                case 7 -> (i & 1) != 0;
                case 0xA, 0xB, 0xE, 0xF -> true;
                default -> false;
            };
            if (w) {
                out[i] = sf.fma(F64, y[ra * 4 + i], y[rb * 4 + i], y[rc * 4 + i], negP, negC);
            } else {
                long r = sf.fma(F32, dword(y, ra, i) & 0xFFFFFFFFL, dword(y, rb, i) & 0xFFFFFFFFL,
                        dword(y, rc, i) & 0xFFFFFFFFL, negP, negC);
                putDword(out, i, (int) r);
            }
        }
        int t = SseUnit.raise(f, sf.flags);
        if (t != 0) return t;
        write(y, reg, out, l && !scalar);
        return 0;
    }

    // ------------------------------------------------------------------ F16C

    /** VCVTPH2PS: 4 or 8 binary16 values (xmm/m64, xmm/m128) to binary32. */
    private static int cvtph2ps(Cpu cpu, FpState f, boolean l, int reg, int vvvv, int rm, long ea) {
        if (vvvv != 0) return UD;
        long[] y = f.ymm;
        long a, b = 0;
        if (rm >= 0) {
            a = y[rm * 4];
            b = y[rm * 4 + 1];
        } else {
            Mmu m = cpu.mmu();
            a = m.read64(ea);
            if (l) b = m.read64(ea + 8);
        }
        SoftFloat sf = SseUnit.sse(f);
        long[] out = new long[4];
        for (int i = 0; i < (l ? 8 : 4); i++) {
            long h = ((i < 4 ? a : b) >>> (16 * (i & 3))) & 0xFFFF;
            putDword(out, i, (int) sf.convert(F16, F32, 0, h));
        }
        int t = SseUnit.raise(f, sf.flags & ~SoftFloat.DE);
        if (t != 0) return t;
        write(y, reg, out, l);
        return 0;
    }

    /** VCVTPS2PH: binary32 to binary16, rounded by imm[1:0] or, with imm[2], by MXCSR.RC. */
    private static int cvtps2ph(Cpu cpu, FpState f, boolean l, int reg, int rm, long ea, int imm) {
        long[] y = f.ymm;
        SoftFloat sf = SseUnit.sse(f);
        if ((imm & 4) == 0) sf.setRoundingControl(imm & 3);
        long a = 0, b = 0;
        for (int i = 0; i < (l ? 8 : 4); i++) {
            long h = sf.convert(F32, F16, 0, dword(y, reg, i) & 0xFFFFFFFFL) & 0xFFFF;
            if (i < 4) a |= h << (16 * i);
            else b |= h << (16 * (i & 3));
        }
        Mmu m = cpu.mmu();
        // The store is checked before the exception flags change: a fault leaves MXCSR as it was.
        if (rm < 0) SseUnit.probeWrite(m, ea, l ? 16 : 8);
        int t = SseUnit.raise(f, sf.flags);
        if (t != 0) return t;
        if (rm >= 0) {
            set256(y, rm, a, b, 0, 0);
            return 0;
        }
        m.write64(ea, a);
        if (l) m.write64(ea + 8, b);
        return 0;
    }
}
