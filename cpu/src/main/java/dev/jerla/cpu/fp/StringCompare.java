package dev.jerla.cpu.fp;

import dev.jerla.cpu.Cpu;

/**
 * SSE4.2 PCMPESTRI, PCMPESTRM, PCMPISTRI, PCMPISTRM (SDM vol. 2, 4.1): compare the elements of
 * XMM reg (the set, ranges or needle) with those of the second operand (the string), with
 * explicit lengths in RAX/RDX (EAX/EDX without REX.W) or implicit ones (up to the first zero
 * element). The memory operand need not be aligned.
 */
final class StringCompare {
    private StringCompare() {}

    private static final int EQUAL_ANY = 0, RANGES = 1, EQUAL_EACH = 2, EQUAL_ORDERED = 3;

    static int exec(Cpu cpu, FpState f, int op, boolean rexW, int reg, int rm, long ea, int imm) {
        SseUnit.src128(cpu, f, rm, ea, false);
        long b0 = f.src0, b1 = f.src1;
        long a0 = SseUnit.lo(f, reg), a1 = SseUnit.hi(f, reg);
        boolean words = (imm & 1) != 0;
        boolean signed = (imm & 2) != 0;
        int n = words ? 8 : 16;
        int[] a = elements(a0, a1, words, signed);
        int[] b = elements(b0, b1, words, signed);
        int lenA, lenB;
        if (op <= 0x61) {
            lenA = explicitLength(rexW ? cpu.reg(Cpu.RAX) : (int) cpu.reg(Cpu.RAX), n);
            lenB = explicitLength(rexW ? cpu.reg(Cpu.RDX) : (int) cpu.reg(Cpu.RDX), n);
        } else {
            lenA = implicitLength(a);
            lenB = implicitLength(b);
        }
        int res1 = aggregate((imm >>> 2) & 3, a, b, lenA, lenB, n);
        int all = (1 << n) - 1;
        int res2 = switch ((imm >>> 4) & 3) {
            case 1 -> ~res1 & all;
            case 3 -> res1 ^ ((1 << lenB) - 1);
            default -> res1;
        };
        if ((op & 1) != 0) {
            int index = res2 == 0 ? n : (imm & 0x40) != 0 ? 31 - Integer.numberOfLeadingZeros(res2) : Integer.numberOfTrailingZeros(res2);
            cpu.setReg(Cpu.RCX, index);
        } else if ((imm & 0x40) == 0) {
            SseUnit.setXmm(f, 0, res2, 0);
        } else {
            long[] m = new long[2];
            int width = words ? 16 : 8;
            for (int i = 0; i < n; i++) {
                if ((res2 & (1 << i)) != 0) {
                    int bit = i * width;
                    m[bit >>> 6] |= (width == 8 ? 0xFFL : 0xFFFFL) << (bit & 63);
                }
            }
            SseUnit.setXmm(f, 0, m[0], m[1]);
        }
        long flags = (res2 != 0 ? Cpu.CF : 0) | (lenB < n ? Cpu.ZF : 0) | (lenA < n ? Cpu.SF : 0) | ((res2 & 1) != 0 ? Cpu.OF : 0);
        cpu.setStatusFlags(flags);
        return 0;
    }

    private static int[] elements(long lo, long hi, boolean words, boolean signed) {
        int n = words ? 8 : 16;
        int[] e = new int[n];
        for (int i = 0; i < n; i++) {
            long v = i < n / 2 ? lo : hi;
            int k = i % (n / 2);
            if (words) e[i] = signed ? PackedInt.sw(v, k) : PackedInt.w(v, k);
            else e[i] = signed ? PackedInt.sb(v, k) : PackedInt.b(v, k);
        }
        return e;
    }

    /** |length| saturated to the element count. */
    private static int explicitLength(long v, int n) {
        if (v == Long.MIN_VALUE) return n;
        long a = Math.abs(v);
        return (int) Math.min(a, n);
    }

    private static int implicitLength(int[] e) {
        for (int i = 0; i < e.length; i++) if (e[i] == 0) return i;
        return e.length;
    }

    /**
     * IntRes1: bit j for string element j. An invalid element (at or past its operand's length)
     * compares per SDM table 4-7: for equal-any and ranges never true, for equal-each true when
     * both are invalid, for equal-ordered true when the needle element is invalid.
     */
    private static int aggregate(int mode, int[] a, int[] b, int lenA, int lenB, int n) {
        int r = 0;
        for (int j = 0; j < n; j++) {
            boolean bit;
            switch (mode) {
                case EQUAL_ANY -> {
                    bit = false;
                    if (j < lenB) for (int i = 0; i < lenA && !bit; i++) bit = a[i] == b[j];
                }
                case RANGES -> {
                    bit = false;
                    if (j < lenB) {
                        for (int i = 0; i + 1 < n && !bit; i += 2) {
                            boolean lo = i < lenA && a[i] <= b[j];
                            boolean hi = i + 1 < lenA && a[i + 1] >= b[j];
                            bit = lo && hi;
                        }
                    }
                }
                case EQUAL_EACH -> {
                    boolean va = j < lenA, vb = j < lenB;
                    bit = va && vb ? a[j] == b[j] : !va && !vb;
                }
                default -> {
                    bit = true;
                    for (int i = 0; j + i < n && bit; i++) {
                        boolean va = i < lenA, vb = j + i < lenB;
                        if (!va) break;
                        bit = vb && a[i] == b[j + i];
                    }
                }
            }
            if (bit) r |= 1 << j;
        }
        return r;
    }
}
