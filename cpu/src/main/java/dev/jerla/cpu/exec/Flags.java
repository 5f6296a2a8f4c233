package dev.jerla.cpu.exec;

/**
 * RFLAGS bits and the lazy evaluation of the six status flags. An instruction records what it
 * did ({@link Core#fk} kind, operands, result, width) and the flags are computed only when read,
 * which most of the time is never or only ZF/SF/CF for one branch.
 *
 * <p>Widths are stored as {@code 64 - bits}: shifting a value left by it puts the operand's sign
 * bit at bit 63, so zero tests, sign tests and both signed and unsigned comparisons become plain
 * 64-bit operations.
 */
public final class Flags {
    private Flags() {}

    public static final long CF = 1, PF = 1 << 2, AF = 1 << 4, ZF = 1 << 6, SF = 1 << 7, TF = 1 << 8,
            IF = 1 << 9, DF = 1 << 10, OF = 1 << 11, NT = 1 << 14, RF = 1 << 16, AC = 1 << 18, ID = 1 << 21;
    public static final long STATUS = CF | PF | AF | ZF | SF | OF;
    /** The bits POPF may change at CPL 3 with IOPL 0 (IF and IOPL stay, VM and RF are never popped). */
    public static final long USER_WRITABLE = STATUS | TF | DF | NT | AC | ID;
    /** Bit 1 always reads as one; IF is always set in user mode. */
    public static final long FIXED = 2 | IF;

    /** Lazy kinds. ADD/ADC/SUB/SBB keep operands and result; RESULT keeps CF, OF, AF in fbits and derives ZF, SF, PF from the result; NONE keeps all six in fbits. */
    static final int K_NONE = 0, K_RESULT = 1, K_ADD = 2, K_ADC = 3, K_SUB = 4, K_SBB = 5;

    static int shiftOf(int size) {
        return 64 - (size << 3);
    }

    static long parity(long r) {
        return (Integer.bitCount((int) r & 0xFF) & 1) == 0 ? PF : 0;
    }

    /** ZF, SF and PF of a result of width {@code s} (64 - bits). */
    static long szp(long r, int s) {
        long x = r << s;
        return (x == 0 ? ZF : 0) | (x < 0 ? SF : 0) | parity(r);
    }

    /** The six status flags of the lazy state. */
    static long status(Core c) {
        return status(c.fk, c.fs, c.fa, c.fb, c.fr, c.fbits);
    }

    static boolean cf(Core c) {
        return cf(c.fk, c.fs, c.fa, c.fb, c.fr, c.fbits);
    }

    static boolean zf(Core c) {
        return c.fk == K_NONE ? (c.fbits & ZF) != 0 : (c.fr << c.fs) == 0;
    }

    /** Evaluates condition code {@code cc} (the low nibble of Jcc/SETcc/CMOVcc). */
    static boolean cond(Core c, int cc) {
        return cond(c.fk, c.fs, c.fa, c.fb, c.fr, c.fbits, cc);
    }

    // The same evaluations on the lazy state as plain values: the interpreter passes a Core's
    // fields, compiled code its JVM locals, with constants for the kind and the condition wherever
    // they are known, so that after inlining a CMP followed by a Jcc is one host comparison.

    /** The six status flags of lazy kind {@code k}, width shift {@code s}, operands, result and explicit bits. */
    public static long status(int k, int s, long a, long b, long r, long bits) {
        switch (k) {
            case K_NONE:
                return bits;
            case K_RESULT:
                return bits | szp(r, s);
            case K_ADD:
                return addFlags(a, b, r, s, Long.compareUnsigned(r << s, a << s) < 0);
            case K_ADC: {
                boolean cin = ((r - a - b) << s) != 0;
                int cmp = Long.compareUnsigned(r << s, a << s);
                return addFlags(a, b, r, s, cin ? cmp <= 0 : cmp < 0);
            }
            case K_SUB:
                return subFlags(a, b, r, s, Long.compareUnsigned(a << s, b << s) < 0);
            default: { // K_SBB
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

    /** CF alone, without the other five. */
    public static boolean cf(int k, int s, long a, long b, long r, long bits) {
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

    /**
     * Condition code {@code cc}. After CMP/SUB the conditions compare the recorded operands
     * directly; after a result-only kind ZF and SF follow the result.
     */
    public static boolean cond(int k, int s, long a, long b, long r, long bits, int cc) {
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

    /** The explicit bits after MUL/IMUL: CF = OF = {@code overflow}, SF ZF AF PF kept (as the host does). */
    public static long mulBits(int k, int s, long a, long b, long r, long bits, boolean overflow) {
        return (status(k, s, a, b, r, bits) & ~(CF | OF)) | (overflow ? CF | OF : 0);
    }

    /** The explicit bits after DIV or IDIV: CF and OF kept, SF ZF PF cleared, AF set (as the host does). */
    public static long divBits(int k, int s, long a, long b, long r, long bits) {
        return (status(k, s, a, b, r, bits) & (CF | OF)) | AF;
    }

    /** The explicit bits after INC or DEC of width shift {@code sh}: CF kept ({@code cfIn}), OF and AF as defined. */
    public static long incDecBits(boolean cfIn, int sh, long a, long r, boolean dec) {
        long edge = dec ? a : r;
        return (cfIn ? CF : 0) | ((edge << sh) == Long.MIN_VALUE ? OF : 0) | ((a ^ r) & AF);
    }
}
