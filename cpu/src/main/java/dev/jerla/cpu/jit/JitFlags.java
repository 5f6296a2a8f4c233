package dev.jerla.cpu.jit;

import dev.jerla.cpu.exec.Core;

/**
 * The lazy status flags of {@code dev.jerla.cpu.exec.Flags}, evaluated on state held in JVM
 * locals (kind, width shift, operands, result, explicit bits) instead of a {@link Core}. Compiled
 * code passes constants for the kind and the condition wherever they are known, so after
 * inlining a CMP followed by a Jcc is a single host comparison. Same formulas as Flags.
 */
final class JitFlags {
    private JitFlags() {}

    static final long CF = 1, PF = 1 << 2, AF = 1 << 4, ZF = 1 << 6, SF = 1 << 7, OF = 1 << 11;
    static final long STATUS = CF | PF | AF | ZF | SF | OF;
    static final int K_NONE = Core.FLAGS_NONE, K_RESULT = Core.FLAGS_RESULT, K_ADD = Core.FLAGS_ADD,
            K_ADC = Core.FLAGS_ADC, K_SUB = Core.FLAGS_SUB, K_SBB = Core.FLAGS_SBB;

    static long parity(long r) {
        return (Integer.bitCount((int) r & 0xFF) & 1) == 0 ? PF : 0;
    }

    static long szp(long r, int s) {
        long x = r << s;
        return (x == 0 ? ZF : 0) | (x < 0 ? SF : 0) | parity(r);
    }

    /** The six status flags. */
    static long status(int k, int s, long a, long b, long r, long bits) {
        if (k == K_NONE) return bits;
        if (k == K_RESULT) return bits | szp(r, s);
        return arithStatus(k, s, a, b, r);
    }

    private static long arithStatus(int k, int s, long a, long b, long r) {
        switch (k) {
            case K_ADD:
                return addFlags(a, b, r, s, Long.compareUnsigned(r << s, a << s) < 0);
            case K_ADC: {
                boolean cin = ((r - a - b) << s) != 0;
                int cmp = Long.compareUnsigned(r << s, a << s);
                return addFlags(a, b, r, s, cin ? cmp <= 0 : cmp < 0);
            }
            case K_SUB:
                return subFlags(a, b, r, s, Long.compareUnsigned(a << s, b << s) < 0);
            default: {
                boolean cin = ((a - b - r) << s) != 0;
                int cmp = Long.compareUnsigned(a << s, b << s);
                return subFlags(a, b, r, s, cin ? cmp <= 0 : cmp < 0);
            }
        }
    }

    private static long addFlags(long a, long b, long r, int s, boolean carry) {
        return (carry ? CF : 0) | ((((a ^ r) & (b ^ r)) << s) < 0 ? OF : 0) | ((a ^ b ^ r) & AF) | szp(r, s);
    }

    private static long subFlags(long a, long b, long r, int s, boolean borrow) {
        return (borrow ? CF : 0) | ((((a ^ b) & (a ^ r)) << s) < 0 ? OF : 0) | ((a ^ b ^ r) & AF) | szp(r, s);
    }

    static boolean cf(int k, int s, long a, long b, long r, long bits) {
        switch (k) {
            case K_NONE:
            case K_RESULT:
                return (bits & CF) != 0;
            case K_ADD:
                return Long.compareUnsigned(r << s, a << s) < 0;
            case K_ADC: {
                int cmp = Long.compareUnsigned(r << s, a << s);
                return ((r - a - b) << s) != 0 ? cmp <= 0 : cmp < 0;
            }
            case K_SUB:
                return Long.compareUnsigned(a << s, b << s) < 0;
            default: {
                int cmp = Long.compareUnsigned(a << s, b << s);
                return ((a - b - r) << s) != 0 ? cmp <= 0 : cmp < 0;
            }
        }
    }

    /** Condition code {@code cc} (the low nibble of Jcc/SETcc/CMOVcc). */
    static boolean cond(int k, int s, long a, long b, long r, long bits, int cc) {
        if (k == K_SUB) return condAfterSub(s, a, b, r, bits, cc);
        if (k == K_RESULT) return condAfterResult(s, r, bits, cc);
        return condGeneral(k, s, a, b, r, bits, cc);
    }

    private static boolean condAfterSub(int s, long a0, long b0, long r, long bits, int cc) {
        long a = a0 << s, b = b0 << s;
        switch (cc) {
            case 0x2: return Long.compareUnsigned(a, b) < 0;
            case 0x3: return Long.compareUnsigned(a, b) >= 0;
            case 0x4: return a == b;
            case 0x5: return a != b;
            case 0x6: return Long.compareUnsigned(a, b) <= 0;
            case 0x7: return Long.compareUnsigned(a, b) > 0;
            case 0x8: return (r << s) < 0;
            case 0x9: return (r << s) >= 0;
            case 0xC: return a < b;
            case 0xD: return a >= b;
            case 0xE: return a <= b;
            case 0xF: return a > b;
            default: return condGeneral(K_SUB, s, a0, b0, r, bits, cc);
        }
    }

    /** After a logic op, TEST, a shift, INC or DEC: ZF and SF follow the result, CF and OF are in {@code bits}. */
    private static boolean condAfterResult(int s, long r, long bits, int cc) {
        long x = r << s;
        boolean cf = (bits & CF) != 0, of = (bits & OF) != 0;
        switch (cc) {
            case 0x0: return of;
            case 0x1: return !of;
            case 0x2: return cf;
            case 0x3: return !cf;
            case 0x4: return x == 0;
            case 0x5: return x != 0;
            case 0x6: return cf || x == 0;
            case 0x7: return !cf && x != 0;
            case 0x8: return x < 0;
            case 0x9: return x >= 0;
            case 0xC: return (x < 0) != of;
            case 0xD: return (x < 0) == of;
            case 0xE: return x == 0 || (x < 0) != of;
            case 0xF: return x != 0 && (x < 0) == of;
            default: return condGeneral(K_RESULT, s, 0, 0, r, bits, cc);
        }
    }

    private static boolean condGeneral(int k, int s, long a, long b, long r, long bits, int cc) {
        long f = status(k, s, a, b, r, bits);
        boolean v = switch (cc >>> 1) {
            case 0 -> (f & OF) != 0;
            case 1 -> (f & CF) != 0;
            case 2 -> (f & ZF) != 0;
            case 3 -> (f & (CF | ZF)) != 0;
            case 4 -> (f & SF) != 0;
            case 5 -> (f & PF) != 0;
            case 6 -> ((f & SF) != 0) != ((f & OF) != 0);
            default -> (f & ZF) != 0 || (((f & SF) != 0) != ((f & OF) != 0));
        };
        return v ^ ((cc & 1) != 0);
    }

    /** The explicit bits after MUL/IMUL: CF = OF = {@code overflow}, SF ZF AF PF kept. */
    static long mulBits(int k, int s, long a, long b, long r, long bits, boolean overflow) {
        return (status(k, s, a, b, r, bits) & ~(CF | OF)) | (overflow ? CF | OF : 0);
    }

    /** The explicit bits after INC or DEC of width shift {@code sh}: CF kept ({@code cfIn}), OF and AF as defined. */
    static long incDecBits(boolean cfIn, int sh, long a, long r, boolean dec) {
        long edge = dec ? a : r;
        return (cfIn ? CF : 0) | ((edge << sh) == Long.MIN_VALUE ? OF : 0) | ((a ^ r) & AF);
    }

    /** The explicit bits after DIV or IDIV: CF and OF kept, SF ZF PF cleared, AF set (as the host does). */
    static long divBits(int k, int s, long a, long b, long r, long bits) {
        return (status(k, s, a, b, r, bits) & (CF | OF)) | AF;
    }
}
