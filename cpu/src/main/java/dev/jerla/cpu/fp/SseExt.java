package dev.jerla.cpu.fp;

import static dev.jerla.cpu.fp.SoftFloat.F32;
import static dev.jerla.cpu.fp.SoftFloat.F64;

import dev.jerla.cpu.Cpu;
import dev.jerla.cpu.Trap;
import dev.jerla.cpu.mem.Mmu;

/**
 * The 0F 38 and 0F 3A opcode maps: SSSE3 (with its MMX forms), SSE4.1, SSE4.2, CRC32 and
 * PCLMULQDQ; AES-NI ({@link Aes}) and SHA ({@link Sha}) are defined apart.
 */
final class SseExt {
    private SseExt() {}

    private static final int UD = Trap.INVALID_OPCODE;

    // ------------------------------------------------------------------ 0F 38

    static int map2(Cpu cpu, FpState f, int op, int prefix, boolean rexW, int reg, int rm, long ea) {
        if (op == 0xF0 || op == 0xF1) {
            if ((prefix & 0xFF) != 0xF2) return UD;
            int size = op == 0xF0 ? 1 : rexW ? 8 : prefix == dev.jerla.cpu.decode.Insn.PREFIX_66_F2 ? 2 : 4;
            return crc32(cpu, size, reg, rm, ea);
        }
        if (prefix == 0 && (op <= 0x0B || (op >= 0x1C && op <= 0x1E))) return ssse3Mmx(cpu, f, op, reg, rm, ea);
        if (prefix == 0 && op >= 0xC8 && op <= 0xCD) return Sha.exec(cpu, f, op, reg, rm, ea);
        if (prefix != 0x66) return UD;
        if (op >= 0xDB && op <= 0xDF) return Aes.exec(cpu, f, op, reg, rm, ea);
        if (op >= 0x20 && op <= 0x35 && (op & 7) <= 5 && op != 0x28 && op != 0x29 && op != 0x2A && op != 0x2B) {
            return pmovx(cpu, f, op, reg, rm, ea);
        }
        if (op == 0x2A) {
            // MOVNTDQA: an aligned load.
            if (rm >= 0) return UD;
            int t = SseUnit.src128(cpu, f, rm, ea, true);
            if (t != 0) return t;
            SseUnit.setXmm(f, reg, f.src0, f.src1);
            return 0;
        }
        int t = SseUnit.src128(cpu, f, rm, ea, true);
        if (t != 0) return t;
        long a0 = SseUnit.lo(f, reg), a1 = SseUnit.hi(f, reg), b0 = f.src0, b1 = f.src1;
        long r0, r1;
        switch (op) {
            case 0x00 -> {
                r0 = pshufb(a0, a1, b0);
                r1 = pshufb(a0, a1, b1);
            }
            case 0x01, 0x02, 0x03, 0x05, 0x06, 0x07 -> {
                r0 = horizontal(op, a0, a1);
                r1 = horizontal(op, b0, b1);
            }
            case 0x10, 0x14, 0x15 -> {
                // PBLENDVB, BLENDVPS, BLENDVPD: XMM0 selects per byte, dword or qword by its top bits.
                long m0 = SseUnit.lo(f, 0), m1 = SseUnit.hi(f, 0);
                r0 = blendv(op, a0, b0, m0);
                r1 = blendv(op, a1, b1, m1);
            }
            case 0x17 -> {
                // PTEST: ZF = (a AND b) == 0, CF = (NOT a AND b) == 0.
                long z = (a0 & b0) | (a1 & b1), c = (~a0 & b0) | (~a1 & b1);
                cpu.setStatusFlags((z == 0 ? Cpu.ZF : 0) | (c == 0 ? Cpu.CF : 0));
                return 0;
            }
            case 0x41 -> {
                // PHMINPOSUW: the smallest unsigned word of b and its index.
                int min = 0x10000, idx = 0;
                for (int i = 0; i < 8; i++) {
                    int w = PackedInt.w(i < 4 ? b0 : b1, i & 3);
                    if (w < min) {
                        min = w;
                        idx = i;
                    }
                }
                r0 = min | (long) idx << 16;
                r1 = 0;
            }
            case 0x2B -> {
                r0 = PackedInt.packUSDW(a0, a1);
                r1 = PackedInt.packUSDW(b0, b1);
            }
            default -> {
                if (!laneOp2(op)) return UD;
                r0 = lane2(op, a0, b0);
                r1 = lane2(op, a1, b1);
            }
        }
        SseUnit.setXmm(f, reg, r0, r1);
        return 0;
    }

    private static boolean laneOp2(int op) {
        return (op >= 0x04 && op <= 0x0B && op != 0x05 && op != 0x06 && op != 0x07) || (op >= 0x1C && op <= 0x1E)
                || op == 0x28 || op == 0x29 || op == 0x37 || (op >= 0x38 && op <= 0x40);
    }

    /** The operations of map 2 that work on each 64-bit lane independently. */
    private static long lane2(int op, long a, long b) {
        return switch (op) {
            case 0x04 -> PackedInt.maddUBSW(a, b);
            case 0x08 -> PackedInt.signB(a, b);
            case 0x09 -> PackedInt.signW(a, b);
            case 0x0A -> PackedInt.signD(a, b);
            case 0x0B -> PackedInt.mulhrsW(a, b);
            case 0x1C -> PackedInt.absB(b);
            case 0x1D -> PackedInt.absW(b);
            case 0x1E -> PackedInt.absD(b);
            case 0x28 -> PackedInt.mulDQ(a, b);
            case 0x29 -> a == b ? -1L : 0;
            case 0x37 -> a > b ? -1L : 0;
            case 0x38 -> PackedInt.minSB(a, b);
            case 0x39 -> PackedInt.minSD(a, b);
            case 0x3A -> PackedInt.minUW(a, b);
            case 0x3B -> PackedInt.minUD(a, b);
            case 0x3C -> PackedInt.maxSB(a, b);
            case 0x3D -> PackedInt.maxSD(a, b);
            case 0x3E -> PackedInt.maxUW(a, b);
            case 0x3F -> PackedInt.maxUD(a, b);
            default -> PackedInt.mullD(a, b);
        };
    }

    /** The SSSE3 instructions on MMX registers (no prefix). */
    private static int ssse3Mmx(Cpu cpu, FpState f, int op, int reg, int rm, long ea) {
        if (op > 0x0B && op < 0x1C) return UD;
        if (SseUnit.mmxPending(f)) return Trap.FP_EXCEPTION;
        long b = SseUnit.mmSrc(cpu, f, rm, ea);
        SseUnit.mmxSwitch(f);
        long a = SseUnit.mm(f, reg);
        long r = switch (op) {
            case 0x00 -> {
                long v = 0;
                for (int i = 0; i < 8; i++) {
                    int s = PackedInt.b(b, i);
                    v |= (s & 0x80) != 0 ? 0 : (long) PackedInt.b(a, s & 7) << (8 * i);
                }
                yield v;
            }
            case 0x01, 0x02, 0x03, 0x05, 0x06, 0x07 -> halves(op, a) | halves(op, b) << 32;
            default -> lane2(op, a, b);
        };
        SseUnit.setMm(f, reg, r);
        return 0;
    }

    /** PSHUFB: each byte of the selector picks a byte of (a1:a0), or zero if its top bit is set. */
    private static long pshufb(long a0, long a1, long sel) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            int s = PackedInt.b(sel, i);
            if ((s & 0x80) == 0) v |= (long) PackedInt.b((s & 8) != 0 ? a1 : a0, s & 7) << (8 * i);
        }
        return v;
    }

    /** The horizontal add/subtract of the pairs in one 128-bit operand, as a 64-bit half of the result. */
    private static long horizontal(int op, long lo, long hi) {
        return halves(op, lo) | halves(op, hi) << 32;
    }

    /** PHADDW/D/SW, PHSUBW/D/SW on the pairs of one 64-bit value: a 32-bit result. */
    private static long halves(int op, long v) {
        switch (op) {
            case 0x01, 0x05, 0x03, 0x07 -> {
                long r = 0;
                for (int i = 0; i < 2; i++) {
                    int x = PackedInt.sw(v, 2 * i), y = PackedInt.sw(v, 2 * i + 1);
                    int s = op == 0x01 || op == 0x03 ? x + y : x - y;
                    if (op == 0x03 || op == 0x07) s = Math.max(-32768, Math.min(32767, s));
                    r |= (s & 0xFFFFL) << (16 * i);
                }
                return r;
            }
            default -> {
                int x = PackedInt.sd(v, 0), y = PackedInt.sd(v, 1);
                return (op == 0x02 ? x + y : x - y) & 0xFFFFFFFFL;
            }
        }
    }

    private static long blendv(int op, long a, long b, long m) {
        long sel = switch (op) {
            case 0x10 -> {
                long s = 0;
                for (int i = 0; i < 8; i++) if (((m >>> (8 * i + 7)) & 1) != 0) s |= 0xFFL << (8 * i);
                yield s;
            }
            case 0x14 -> (m < 0 ? 0xFFFFFFFF00000000L : 0) | ((m & 0x80000000L) != 0 ? 0xFFFFFFFFL : 0);
            default -> m >> 63;
        };
        return (a & ~sel) | (b & sel);
    }

    /** PMOVSX/PMOVZX: widen the low elements of the source (register, or memory of half, quarter or eighth size). */
    private static int pmovx(Cpu cpu, FpState f, int op, int reg, int rm, long ea) {
        boolean signed = op < 0x30;
        int kind = op & 7;
        // Source elements per destination: bw, bd, bq, wd, wq, dq.
        int srcSize = new int[] {1, 1, 1, 2, 2, 4}[kind];
        int dstSize = new int[] {2, 4, 8, 4, 8, 8}[kind];
        int count = 16 / dstSize;
        long src;
        if (rm >= 0) {
            src = SseUnit.lo(f, rm);
        } else {
            Mmu m = cpu.mmu();
            src = switch (count * srcSize) {
                case 8 -> m.read64(ea);
                case 4 -> m.read32(ea) & 0xFFFFFFFFL;
                default -> m.read16(ea);
            };
        }
        long[] out = new long[2];
        for (int i = 0; i < count; i++) {
            long e = (src >>> (8 * srcSize * i)) & ((1L << (8 * srcSize)) - 1);
            if (signed) e = (e << (64 - 8 * srcSize)) >> (64 - 8 * srcSize);
            int bit = i * dstSize * 8;
            long mask = dstSize == 8 ? -1L : (1L << (8 * dstSize)) - 1;
            out[bit >>> 6] |= (e & mask) << (bit & 63);
        }
        SseUnit.setXmm(f, reg, out[0], out[1]);
        return 0;
    }

    /**
     * CRC32 (F2 0F 38 F0/F1): CRC-32C of the source bytes, accumulated in the 32-bit destination
     * register. The decoder passes neither the operand size nor whether a REX prefix was present,
     * so the 16-bit form (66) runs as the 32-bit one and byte registers 4-7 are SPL-DIL (as with
     * REX), never AH-BH.
     */
    private static int crc32(Cpu cpu, int size, int reg, int rm, long ea) {
        long v;
        if (rm >= 16) v = cpu.reg(rm - 16) >>> 8; // AH, CH, DH, BH
        else if (rm >= 0) v = cpu.reg(rm);
        else v = switch (size) {
            case 1 -> cpu.mmu().read8(ea);
            case 2 -> cpu.mmu().read16(ea);
            case 4 -> cpu.mmu().read32(ea) & 0xFFFFFFFFL;
            default -> cpu.mmu().read64(ea);
        };
        int crc = (int) cpu.reg(reg);
        for (int i = 0; i < size; i++) {
            crc ^= (int) (v >>> (8 * i)) & 0xFF;
            for (int k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0x82F63B78 & -(crc & 1));
        }
        cpu.setReg(reg, crc & 0xFFFFFFFFL);
        return 0;
    }

    // ------------------------------------------------------------------ 0F 3A

    static int map3(Cpu cpu, FpState f, int op, int prefix, boolean rexW, int reg, int rm, long ea, int imm) {
        if (op == 0xDF && prefix == 0x66) return Aes.keygenAssist(cpu, f, reg, rm, ea, imm);
        if (op == 0xCC && prefix == 0) return Sha.sha1rnds4(cpu, f, reg, rm, ea, imm);
        if (op == 0x0F && prefix == 0) {
            if (SseUnit.mmxPending(f)) return Trap.FP_EXCEPTION;
            long b = SseUnit.mmSrc(cpu, f, rm, ea);
            SseUnit.mmxSwitch(f);
            long a = SseUnit.mm(f, reg);
            // PALIGNR mm: (a:b) shifted right by imm bytes, low 64 bits.
            long r = imm >= 16 ? 0 : imm >= 8 ? SseUnit.byteShiftRight(a, 0, imm - 8, true) : SseUnit.byteShiftRight(b, a, imm, true);
            SseUnit.setMm(f, reg, r);
            return 0;
        }
        if (prefix != 0x66) return UD;
        switch (op) {
            case 0x08, 0x09, 0x0A, 0x0B: return round(cpu, f, op, reg, rm, ea, imm);
            case 0x14, 0x15, 0x16, 0x17: return extract(cpu, f, op, rexW, reg, rm, ea, imm);
            case 0x20, 0x22: return insert(cpu, f, op, rexW, reg, rm, ea, imm);
            case 0x21: {
                // INSERTPS: a dword of the source (register: imm[7:6], memory: the m32) into lane imm[5:4], then zero lanes by imm[3:0].
                long v = rm >= 0 ? SseUnit.dword(SseUnit.lo(f, rm), SseUnit.hi(f, rm), (imm >>> 6) & 3) : cpu.mmu().read32(ea) & 0xFFFFFFFFL;
                long[] d = {SseUnit.lo(f, reg), SseUnit.hi(f, reg)};
                int lane = (imm >>> 4) & 3;
                d[lane >>> 1] = PackedInt.putD(d[lane >>> 1], lane & 1, v);
                for (int i = 0; i < 4; i++) if ((imm & (1 << i)) != 0) d[i >>> 1] = PackedInt.putD(d[i >>> 1], i & 1, 0);
                SseUnit.setXmm(f, reg, d[0], d[1]);
                return 0;
            }
            case 0x60, 0x61, 0x62, 0x63: return StringCompare.exec(cpu, f, op, rexW, reg, rm, ea, imm);
            default: break;
        }
        int t = SseUnit.src128(cpu, f, rm, ea, true);
        if (t != 0) return t;
        long a0 = SseUnit.lo(f, reg), a1 = SseUnit.hi(f, reg), b0 = f.src0, b1 = f.src1;
        long r0, r1;
        switch (op) {
            case 0x0C -> {
                r0 = blendMask(a0, b0, imm & 3, 32);
                r1 = blendMask(a1, b1, (imm >>> 2) & 3, 32);
            }
            case 0x0D -> {
                r0 = (imm & 1) != 0 ? b0 : a0;
                r1 = (imm & 2) != 0 ? b1 : a1;
            }
            case 0x0E -> {
                r0 = blendMask(a0, b0, imm & 15, 16);
                r1 = blendMask(a1, b1, (imm >>> 4) & 15, 16);
            }
            case 0x0F -> {
                // PALIGNR: (a:b) as 32 bytes shifted right by imm bytes.
                r0 = align(a0, a1, b0, b1, imm, 0);
                r1 = align(a0, a1, b0, b1, imm, 1);
            }
            case 0x40, 0x41 -> { return dotProduct(f, op, reg, a0, a1, b0, b1, imm); }
            case 0x42 -> {
                // MPSADBW: eight sums of absolute differences of 4-byte groups.
                long[] out = new long[2];
                int aOff = ((imm >>> 2) & 1) * 4, bOff = (imm & 3) * 4;
                for (int i = 0; i < 8; i++) {
                    int s = 0;
                    for (int k = 0; k < 4; k++) s += Math.abs(byteOf(a0, a1, aOff + i + k) - byteOf(b0, b1, bOff + k));
                    out[i >>> 2] = PackedInt.putW(out[i >>> 2], i & 3, s);
                }
                r0 = out[0];
                r1 = out[1];
            }
            case 0x44 -> {
                // PCLMULQDQ: carry-less product of the selected quadwords.
                long x = (imm & 1) != 0 ? a1 : a0, y = (imm & 0x10) != 0 ? b1 : b0;
                long lo = 0, hi = 0;
                for (int i = 0; i < 64; i++) {
                    if (((y >>> i) & 1) != 0) {
                        lo ^= x << i;
                        if (i != 0) hi ^= x >>> (64 - i);
                    }
                }
                r0 = lo;
                r1 = hi;
            }
            default -> { return UD; }
        }
        SseUnit.setXmm(f, reg, r0, r1);
        return 0;
    }

    private static int byteOf(long lo, long hi, int i) { return PackedInt.b(i < 8 ? lo : hi, i & 7); }

    private static long blendMask(long a, long b, int mask, int width) {
        long sel = 0;
        long ones = width == 32 ? 0xFFFFFFFFL : 0xFFFFL;
        for (int i = 0; i < 64 / width; i++) if ((mask & (1 << i)) != 0) sel |= ones << (width * i);
        return (a & ~sel) | (b & sel);
    }

    /** Half {@code half} of the 32-byte value (a1:a0:b1:b0) shifted right by n bytes. */
    private static long align(long a0, long a1, long b0, long b1, int n, int half) {
        long[] q = {b0, b1, a0, a1, 0, 0, 0, 0};
        if (n >= 32) return 0;
        int byteIndex = n + 8 * half;
        int qi = byteIndex >>> 3, sh = (byteIndex & 7) * 8;
        return sh == 0 ? q[qi] : (q[qi] >>> sh) | (q[qi + 1] << (64 - sh));
    }

    /** ROUNDPS, ROUNDPD, ROUNDSS, ROUNDSD: imm[1:0] rounding unless imm[2] (then MXCSR.RC); imm[3] suppresses PE. */
    private static int round(Cpu cpu, FpState f, int op, int reg, int rm, long ea, int imm) {
        long b0, b1 = 0;
        if (op <= 0x09) {
            int t = SseUnit.src128(cpu, f, rm, ea, true);
            if (t != 0) return t;
            b0 = f.src0;
            b1 = f.src1;
        } else {
            b0 = op == 0x0A ? SseUnit.src32(cpu, f, rm, ea) & 0xFFFFFFFFL : SseUnit.src64(cpu, f, rm, ea);
        }
        SoftFloat sf = SseUnit.sse(f);
        if ((imm & 4) == 0) sf.setRoundingControl(imm & 3);
        boolean noPe = (imm & 8) != 0;
        long r0, r1;
        long a0 = SseUnit.lo(f, reg), a1 = SseUnit.hi(f, reg);
        switch (op) {
            case 0x08 -> {
                r0 = roundLanes32(sf, b0, noPe);
                r1 = roundLanes32(sf, b1, noPe);
            }
            case 0x09 -> {
                r0 = sf.roundToIntegral(F64, 0, b0, noPe);
                r1 = sf.roundToIntegral(F64, 0, b1, noPe);
            }
            case 0x0A -> {
                r0 = (a0 & ~0xFFFFFFFFL) | (sf.roundToIntegral(F32, 0, b0, noPe) & 0xFFFFFFFFL);
                r1 = a1;
            }
            default -> {
                r0 = sf.roundToIntegral(F64, 0, b0, noPe);
                r1 = a1;
            }
        }
        // ROUND* reports invalid (signaling NaN) and precision only, never a denormal operand.
        int t = SseUnit.raise(f, sf.flags & ~SoftFloat.DE);
        if (t != 0) return t;
        SseUnit.setXmm(f, reg, r0, r1);
        return 0;
    }

    private static long roundLanes32(SoftFloat sf, long v, boolean noPe) {
        return (sf.roundToIntegral(F32, 0, v & 0xFFFFFFFFL, noPe) & 0xFFFFFFFFL)
                | sf.roundToIntegral(F32, 0, v >>> 32, noPe) << 32;
    }

    /**
     * DPPS/DPPD: products of the lanes selected by imm[7:4], summed pairwise, the sum written to
     * the lanes of imm[3:0]. The multiplications and the additions are two steps, each checked
     * for unmasked exceptions as an instruction of its own: a trap after the products leaves the
     * additions undone.
     */
    private static int dotProduct(FpState f, int op, int reg, long a0, long a1, long b0, long b1, int imm) {
        SoftFloat sf = SseUnit.sse(f);
        long r0, r1;
        if (op == 0x40) {
            int[] p = new int[4];
            for (int i = 0; i < 4; i++) {
                int x = (int) SseUnit.dword(a0, a1, i), y = (int) SseUnit.dword(b0, b1, i);
                p[i] = (imm & (0x10 << i)) != 0 ? sf.mul32(x, y) : 0;
            }
            int t = SseUnit.raise(f, sf.flags);
            if (t != 0) return t;
            sf = SseUnit.sse(f);
            int sum = sf.add32(sf.add32(p[0], p[1]), sf.add32(p[2], p[3]));
            long[] d = new long[2];
            for (int i = 0; i < 4; i++) if ((imm & (1 << i)) != 0) d[i >>> 1] = PackedInt.putD(d[i >>> 1], i & 1, sum & 0xFFFFFFFFL);
            r0 = d[0];
            r1 = d[1];
        } else {
            long p0 = (imm & 0x10) != 0 ? sf.mul64(a0, b0) : 0;
            long p1 = (imm & 0x20) != 0 ? sf.mul64(a1, b1) : 0;
            int t = SseUnit.raise(f, sf.flags);
            if (t != 0) return t;
            sf = SseUnit.sse(f);
            long sum = sf.add64(p0, p1);
            r0 = (imm & 1) != 0 ? sum : 0;
            r1 = (imm & 2) != 0 ? sum : 0;
        }
        int t = SseUnit.raise(f, sf.flags);
        if (t != 0) return t;
        SseUnit.setXmm(f, reg, r0, r1);
        return 0;
    }

    /** PEXTRB, PEXTRW (r/m16 form), PEXTRD/Q, EXTRACTPS: an element of reg to a GPR (zero-extended) or memory. */
    private static int extract(Cpu cpu, FpState f, int op, boolean rexW, int reg, int rm, long ea, int imm) {
        long lo = SseUnit.lo(f, reg), hi = SseUnit.hi(f, reg);
        int size = switch (op) {
            case 0x14 -> 1;
            case 0x15 -> 2;
            case 0x16 -> rexW ? 8 : 4;
            default -> 4;
        };
        int n = 16 / size;
        int i = imm & (n - 1);
        int bit = i * size * 8;
        long v = bit < 64 ? lo >>> bit : hi >>> (bit - 64);
        if (size < 8) v &= (1L << (8 * size)) - 1;
        if (rm >= 0) {
            cpu.setReg(rm, v);
            return 0;
        }
        switch (size) {
            case 1 -> cpu.mmu().write8(ea, (int) v);
            case 2 -> cpu.mmu().write16(ea, (int) v);
            case 4 -> cpu.mmu().write32(ea, (int) v);
            default -> cpu.mmu().write64(ea, v);
        }
        return 0;
    }

    /** PINSRB, PINSRD/Q: a GPR or memory element into lane imm of reg. */
    private static int insert(Cpu cpu, FpState f, int op, boolean rexW, int reg, int rm, long ea, int imm) {
        int size = op == 0x20 ? 1 : rexW ? 8 : 4;
        long v;
        if (rm >= 0) v = cpu.reg(rm);
        else v = switch (size) {
            case 1 -> cpu.mmu().read8(ea);
            case 4 -> cpu.mmu().read32(ea);
            default -> cpu.mmu().read64(ea);
        };
        long[] d = {SseUnit.lo(f, reg), SseUnit.hi(f, reg)};
        int i = imm & (16 / size - 1);
        int bit = i * size * 8;
        long mask = size == 8 ? -1L : (1L << (8 * size)) - 1;
        d[bit >>> 6] = (d[bit >>> 6] & ~(mask << (bit & 63))) | ((v & mask) << (bit & 63));
        SseUnit.setXmm(f, reg, d[0], d[1]);
        return 0;
    }
}
