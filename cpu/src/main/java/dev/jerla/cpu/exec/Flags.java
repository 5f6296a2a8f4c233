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
        int s = c.fs;
        long a = c.fa, b = c.fb, r = c.fr;
        switch (c.fk) {
            case K_NONE:
                return c.fbits;
            case K_RESULT:
                return c.fbits | szp(r, s);
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

    static boolean cf(Core c) {
        int s = c.fs;
        long a = c.fa, b = c.fb, r = c.fr;
        switch (c.fk) {
            case K_NONE:
            case K_RESULT:
                return (c.fbits & CF) != 0;
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

    static boolean zf(Core c) {
        return c.fk == K_NONE ? (c.fbits & ZF) != 0 : (c.fr << c.fs) == 0;
    }

    /**
     * Evaluates condition code {@code cc} (the low nibble of Jcc/SETcc/CMOVcc). After CMP/SUB
     * the common conditions compare the recorded operands directly.
     */
    static boolean cond(Core c, int cc) {
        return c.fk == K_SUB ? condAfterSub(c, cc) : condGeneral(c, cc);
    }

    /** After CMP/SUB the conditions compare the recorded operands directly. */
    private static boolean condAfterSub(Core c, int cc) {
        int s = c.fs;
        long a = c.fa << s, b = c.fb << s;
        switch (cc) {
            case 0x2: return Long.compareUnsigned(a, b) < 0;
            case 0x3: return Long.compareUnsigned(a, b) >= 0;
            case 0x4: return a == b;
            case 0x5: return a != b;
            case 0x6: return Long.compareUnsigned(a, b) <= 0;
            case 0x7: return Long.compareUnsigned(a, b) > 0;
            case 0xC: return a < b;
            case 0xD: return a >= b;
            case 0xE: return a <= b;
            case 0xF: return a > b;
            default: return condGeneral(c, cc);
        }
    }

    private static boolean condGeneral(Core c, int cc) {
        switch (cc) {
            case 0x4: return zf(c);
            case 0x5: return !zf(c);
            case 0x8: case 0x9:
                if (c.fk != K_NONE) return ((c.fr << c.fs) < 0) == (cc == 0x8);
                break;
            default: break;
        }
        long f = status(c);
        boolean r = switch (cc >>> 1) {
            case 0 -> (f & OF) != 0;
            case 1 -> (f & CF) != 0;
            case 2 -> (f & ZF) != 0;
            case 3 -> (f & (CF | ZF)) != 0;
            case 4 -> (f & SF) != 0;
            case 5 -> (f & PF) != 0;
            case 6 -> ((f & SF) != 0) != ((f & OF) != 0);
            default -> (f & ZF) != 0 || (((f & SF) != 0) != ((f & OF) != 0));
        };
        return r ^ ((cc & 1) != 0);
    }
}
