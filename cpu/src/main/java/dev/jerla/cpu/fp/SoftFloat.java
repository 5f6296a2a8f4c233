package dev.jerla.cpu.fp;

/**
 * IEEE-754 arithmetic in binary32, binary64 and the x87 80-bit extended format, computed exactly
 * as an x86-64 processor does: every rounding mode, exact exception flags, denormals, flush to zero
 * and denormals-are-zero, and the x86 rules for NaN results. Java's own float arithmetic only
 * rounds to nearest and reports no exceptions, so this class works on the integer significands.
 *
 * <p>The structure follows Berkeley SoftFloat 3 with its 8086 specialisation: a value is unpacked
 * to a sign, an unbiased exponent and a 64-bit significand with the integer bit at bit 63; an
 * operation computes the exact result as a 128-bit significand (or a 64-bit one with a sticky bit);
 * one routine, {@link #roundPack}, rounds it to the destination precision and exponent range.
 * As on x86, underflow tininess is detected after rounding.
 *
 * <p>One instance serves one floating-point context (the SSE unit or the x87 unit of one CPU):
 * the control fields are set from MXCSR or the x87 control word before an instruction, and
 * {@link #flags} accumulates the exceptions it raises. Not thread-safe.
 */
public final class SoftFloat {
    /** Exception flags, the same bits in MXCSR and in the x87 status word. */
    public static final int IE = 0x01, DE = 0x02, ZE = 0x04, OE = 0x08, UE = 0x10, PE = 0x20;
    /** Rounding control, as encoded in MXCSR.RC and FCW.RC. */
    public static final int RC_NEAREST = 0, RC_DOWN = 1, RC_UP = 2, RC_ZERO = 3;

    /** Formats: binary32, binary64, x87 extended, and binary16 (F16C conversions only). */
    public static final int F32 = 0, F64 = 1, F80 = 2, F16 = 3;
    private static final int[] PRECISION = {24, 53, 64, 11};
    private static final int[] BIAS = {127, 1023, 16383, 15};
    private static final int[] EXP_MAX = {0xFF, 0x7FF, 0x7FFF, 0x1F};

    /** Exponent adjustment of an x87 result whose overflow or underflow exception is unmasked. */
    private static final int X87_WRAP = 0x6000;

    public static final int DEFAULT_NAN32 = 0xFFC00000;
    public static final long DEFAULT_NAN64 = 0xFFF8000000000000L;
    public static final int DEFAULT_NAN80_SE = 0xFFFF;
    public static final long DEFAULT_NAN80_M = 0xC000000000000000L;

    private static final int ZERO = 0, FINITE = 1, INF = 2, QNAN = 3, SNAN = 4, UNSUPPORTED = 5;

    // ------------------------------------------------------------------ control

    private int rc;
    /** Significand precision of x87 arithmetic results (precision control): 24, 53 or 64. */
    private int x87Precision = 64;
    private boolean ftz, daz;
    private boolean oeMasked = true, ueMasked = true;
    private boolean x87;

    // ------------------------------------------------------------------ results

    /** Exceptions raised since the last {@link #clearFlags()}. */
    public int flags;
    /** The last rounding increased the magnitude of the result (the x87 C1 bit). */
    public boolean roundedUp;
    /** Sign and biased exponent of the last 80-bit result; the methods return its significand. */
    public int se;

    // Unpacked operands: index 0 and 1.
    private final int[] cls = new int[3];
    private final int[] sgn = new int[3];
    private final int[] exp = new int[3];
    private final long[] sig = new long[3];
    private final boolean[] denormal = new boolean[3];

    private long remainder;

    /** FPREM/FPREM1 results besides the value: the low three quotient bits, and whether the reduction is incomplete. */
    int fpremQuotient;
    boolean fpremPartial;

    /**
     * Set before an x87 operation whose second operand was converted from a binary32 or binary64
     * denormal: the converted value is normal in 80 bits, but the operand still raises DE.
     * Cleared by the next unpack of that operand.
     */
    boolean secondWasDenormal;

    /**
     * Round to nearest with the precision exception masked: operations whose operands and result
     * are normal and far from both ends of the exponent range can use the JVM's own (IEEE)
     * arithmetic, which rounds exactly the same way; only inexactness needs an extra test, and
     * none when PE is already set (it is sticky).
     */
    private boolean fast;
    private boolean inexactKnown;

    /** Configures the SSE rules from an MXCSR value: rounding, FTZ, DAZ, overflow and underflow masks. */
    public void setMxcsr(int mxcsr) {
        x87 = false;
        rc = (mxcsr >>> 13) & 3;
        fast = rc == RC_NEAREST && (mxcsr & (PE << 7)) != 0;
        inexactKnown = (mxcsr & PE) != 0;
        ftz = (mxcsr & 0x8000) != 0;
        daz = (mxcsr & 0x40) != 0;
        oeMasked = (mxcsr & (OE << 7)) != 0;
        ueMasked = (mxcsr & (UE << 7)) != 0;
        x87Precision = 64;
    }

    /** Configures the x87 rules from a control word: rounding, precision, overflow and underflow masks. */
    public void setFcw(int fcw) {
        x87 = true;
        fast = false;
        rc = (fcw >>> 10) & 3;
        ftz = false;
        daz = false;
        oeMasked = (fcw & OE) != 0;
        ueMasked = (fcw & UE) != 0;
        // FCW.PC: 00 single, 10 double, 11 extended; the reserved 01 behaves as extended.
        x87Precision = switch ((fcw >>> 8) & 3) {
            case 0 -> 24;
            case 2 -> 53;
            default -> 64;
        };
    }

    /** Overrides the rounding control (CVTT*, FISTTP and ROUNDSS with an immediate mode). */
    public void setRoundingControl(int rc) {
        this.rc = rc;
        if (rc != RC_NEAREST) fast = false;
    }

    public void clearFlags() {
        flags = 0;
        roundedUp = false;
    }

    // ------------------------------------------------------------------ unpacking

    /**
     * Unpacks operand {@code i}. For F32 and F64 {@code bits} holds the encoding; for F80 {@code se}
     * holds sign and exponent and {@code bits} the significand. Denormals become normalized
     * significands with an exponent below the format's minimum (or zero under DAZ).
     */
    private void unpack(int i, int fmt, int se, long bits) {
        int s, e;
        long m;
        denormal[i] = i == 1 && secondWasDenormal;
        if (i == 1) secondWasDenormal = false;
        switch (fmt) {
            case F32 -> {
                s = (int) (bits >>> 31) & 1;
                e = (int) (bits >>> 23) & 0xFF;
                long f = bits & 0x7FFFFF;
                if (e == 0xFF) {
                    cls[i] = f == 0 ? INF : (f & 0x400000) != 0 ? QNAN : SNAN;
                    sgn[i] = s;
                    return;
                }
                if (e == 0) {
                    if (f == 0 || daz) { set(i, ZERO, s, 0, 0); return; }
                    denormal[i] = true;
                    int lz = Long.numberOfLeadingZeros(f);
                    set(i, FINITE, s, -86 - lz, f << lz);
                    return;
                }
                set(i, FINITE, s, e - 127, (f | 0x800000L) << 40);
            }
            case F64 -> {
                s = (int) (bits >>> 63);
                e = (int) (bits >>> 52) & 0x7FF;
                long f = bits & 0xFFFFFFFFFFFFFL;
                if (e == 0x7FF) {
                    cls[i] = f == 0 ? INF : (f & (1L << 51)) != 0 ? QNAN : SNAN;
                    sgn[i] = s;
                    return;
                }
                if (e == 0) {
                    if (f == 0 || daz) { set(i, ZERO, s, 0, 0); return; }
                    denormal[i] = true;
                    int lz = Long.numberOfLeadingZeros(f);
                    set(i, FINITE, s, -1011 - lz, f << lz);
                    return;
                }
                set(i, FINITE, s, e - 1023, (f | (1L << 52)) << 11);
            }
            case F16 -> {
                s = (int) (bits >>> 15) & 1;
                e = (int) (bits >>> 10) & 0x1F;
                long f = bits & 0x3FF;
                if (e == 0x1F) {
                    cls[i] = f == 0 ? INF : (f & 0x200) != 0 ? QNAN : SNAN;
                    sgn[i] = s;
                    return;
                }
                if (e == 0) {
                    // Binary16 operands are never flushed: DAZ applies to binary32/64 only.
                    if (f == 0) { set(i, ZERO, s, 0, 0); return; }
                    denormal[i] = true;
                    int lz = Long.numberOfLeadingZeros(f);
                    set(i, FINITE, s, 39 - lz, f << lz);
                    return;
                }
                set(i, FINITE, s, e - 15, (f | 0x400L) << 53);
            }
            default -> {
                s = (se >>> 15) & 1;
                e = se & 0x7FFF;
                m = bits;
                if (e == 0x7FFF) {
                    // Pseudo-infinities and pseudo-NaNs (integer bit clear) are unsupported encodings.
                    if (m >= 0) { cls[i] = UNSUPPORTED; sgn[i] = s; return; }
                    cls[i] = m == Long.MIN_VALUE ? INF : (m & (1L << 62)) != 0 ? QNAN : SNAN;
                    sgn[i] = s;
                    return;
                }
                if (e == 0) {
                    if (m == 0) { set(i, ZERO, s, 0, 0); return; }
                    // Denormals and pseudo-denormals (integer bit set) both have the minimum exponent.
                    denormal[i] = true;
                    int lz = Long.numberOfLeadingZeros(m);
                    set(i, FINITE, s, -16382 - lz, m << lz);
                    return;
                }
                if (m >= 0) { cls[i] = UNSUPPORTED; sgn[i] = s; return; }
                set(i, FINITE, s, e - 16383, m);
            }
        }
    }

    private void set(int i, int c, int s, int e, long m) {
        cls[i] = c;
        sgn[i] = s;
        exp[i] = e;
        sig[i] = m;
    }

    private static boolean isNaN(int c) { return c == QNAN || c == SNAN; }

    // ------------------------------------------------------------------ packing

    /**
     * Rounds {@code (-1)^sign * (sig:ext) * 2^(exp - 63)} to {@code p} significand bits in format
     * {@code fmt} (whose exponent range is used even when p is smaller, as the x87 precision
     * control does) and returns the encoding (F32/F64) or the significand with {@link #se} set
     * (F80). {@code sig} must have bit 63 set.
     */
    private long roundPack(int fmt, int p, int sign, int exp, long sig, long ext) {
        int bias = BIAS[fmt];
        int emax = EXP_MAX[fmt];
        int e = exp + bias;
        int shift = 64 - p;
        if (p < 64) {
            if (ext != 0) sig |= 1;
            ext = 0;
        }
        roundedUp = false;
        boolean wrapped = false;
        if (e <= 0) {
            boolean tiny = e < 0 || !roundCarries(sign, sig, ext, shift);
            if (tiny && !ueMasked && fmt == F80 && e + X87_WRAP <= 0) {
                // Too small even for the wrapped exponent range of an unmasked x87 underflow: zero.
                flags |= UE | PE;
                return pack(fmt, sign, 0, 0);
            }
            if (tiny && ftz && ueMasked && fmt != F16) {
                flags |= UE | PE;
                return pack(fmt, sign, 0, 0);
            }
            if (tiny && !ueMasked) {
                // Unmasked underflow: the exception is raised on tininess alone and the result is
                // rounded as if the exponent range were unbounded (precision flag); the x87
                // delivers it with the exponent wrapped into range, SSE delivers nothing.
                flags |= UE;
                if (fmt == F80) e += X87_WRAP;
                wrapped = true;
            } else {
                int n = 1 - e;
                if (p < 64) {
                    sig = n >= 64 ? (sig != 0 ? 1 : 0) : (sig >>> n) | ((sig << (64 - n)) != 0 ? 1 : 0);
                } else if (n >= 128) {
                    ext = (sig | ext) != 0 ? 1 : 0;
                    sig = 0;
                } else if (n >= 64) {
                    long lost = n == 64 ? ext : (ext | (sig << (128 - n)));
                    ext = (n == 64 ? sig : sig >>> (n - 64)) | (lost != 0 ? 1 : 0);
                    sig = 0;
                } else {
                    ext = (sig << (64 - n)) | (ext >>> n) | ((ext << (64 - n)) != 0 ? 1 : 0);
                    sig >>>= n;
                }
                boolean inexact = roundBitsNonZero(sig, ext, shift);
                long r = roundSig(sign, sig, ext, shift);
                if (inexact) {
                    flags |= PE;
                    if (tiny) flags |= UE;
                }
                // A carry out of the denormal range gives the smallest normal number.
                return pack(fmt, sign, r < 0 ? 1 : 0, r);
            }
        }
        boolean inexact = roundBitsNonZero(sig, ext, shift);
        long r = roundSig(sign, sig, ext, shift);
        if (r == 0 && roundedUp) {
            r = Long.MIN_VALUE;
            e++;
        }
        if (inexact) flags |= PE;
        if (e >= emax && !wrapped) {
            if (!oeMasked && fmt == F80 && e - X87_WRAP >= emax) {
                // Too large even for the wrapped exponent range of an unmasked x87 overflow: infinity.
                flags |= OE | PE;
                roundedUp = true;
                return pack(fmt, sign, emax, Long.MIN_VALUE);
            }
            if (oeMasked) {
                flags |= OE | PE;
                boolean toInf = switch (rc) {
                    case RC_NEAREST -> true;
                    case RC_DOWN -> sign != 0;
                    case RC_UP -> sign == 0;
                    default -> false;
                };
                roundedUp = toInf;
                if (toInf) return pack(fmt, sign, emax, Long.MIN_VALUE);
                return pack(fmt, sign, emax - 1, -1L << shift);
            }
            // Unmasked overflow: as for underflow, the x87 delivers the result with a wrapped exponent.
            flags |= OE;
            if (fmt == F80) e -= X87_WRAP;
            wrapped = true;
        }
        if (wrapped && fmt != F80) e &= emax;
        return pack(fmt, sign, e, r);
    }

    private static boolean roundBitsNonZero(long sig, long ext, int shift) {
        return shift == 0 ? ext != 0 : (sig & ((1L << shift) - 1)) != 0;
    }

    /** Whether rounding (sig:ext) at {@code shift} carries out of bit 63. */
    private boolean roundCarries(int sign, long sig, long ext, int shift) {
        if ((sig | ((1L << shift) - 1)) != -1L) return false;
        boolean saved = roundedUp;
        long r = roundSig(sign, sig, ext, shift);
        boolean carries = r == 0 && roundedUp;
        roundedUp = saved;
        return carries;
    }

    /**
     * Rounds (sig:ext) to the bits of sig above {@code shift} (shift 0: the rounding bits are ext)
     * and returns them in place with the low bits cleared; 0 with {@link #roundedUp} set means a
     * carry out of bit 63.
     */
    private long roundSig(int sign, long sig, long ext, int shift) {
        long rbits, half;
        long lsb;
        if (shift == 0) {
            rbits = ext;
            half = Long.MIN_VALUE;
            lsb = sig & 1;
        } else {
            rbits = sig & ((1L << shift) - 1);
            half = 1L << (shift - 1);
            lsb = (sig >>> shift) & 1;
        }
        boolean inc = switch (rc) {
            case RC_NEAREST -> Long.compareUnsigned(rbits, half) > 0 || (rbits == half && lsb != 0);
            case RC_DOWN -> sign != 0 && rbits != 0;
            case RC_UP -> sign == 0 && rbits != 0;
            default -> false;
        };
        roundedUp = inc;
        long r = shift == 0 ? sig : sig & (-1L << shift);
        return inc ? r + (1L << shift) : r;
    }

    private long pack(int fmt, int sign, int e, long sig) {
        switch (fmt) {
            case F32:
                return ((long) sign << 31) | ((long) e << 23) | ((sig >>> 40) & 0x7FFFFF);
            case F64:
                return ((long) sign << 63) | ((long) e << 52) | ((sig >>> 11) & 0xFFFFFFFFFFFFFL);
            case F16:
                return ((long) sign << 15) | ((long) e << 10) | ((sig >>> 53) & 0x3FF);
            default:
                se = (sign << 15) | (e & 0x7FFF);
                return sig;
        }
    }

    private long packZero(int fmt, int sign) { return pack(fmt, sign, 0, 0); }

    private long packInf(int fmt, int sign) { return pack(fmt, sign, EXP_MAX[fmt], Long.MIN_VALUE); }

    private long defaultNaN(int fmt) {
        return switch (fmt) {
            case F32 -> DEFAULT_NAN32 & 0xFFFFFFFFL;
            case F64 -> DEFAULT_NAN64;
            case F16 -> 0xFE00L;
            default -> {
                se = DEFAULT_NAN80_SE;
                yield DEFAULT_NAN80_M;
            }
        };
    }

    private static long quietBit(int fmt) {
        return switch (fmt) {
            case F32 -> 1L << 22;
            case F64 -> 1L << 51;
            case F16 -> 1L << 9;
            default -> 1L << 62;
        };
    }

    /**
     * The NaN result of an operation with NaN operands {@code a} (and {@code b} if binary), and IE
     * if one is signaling. SSE returns the first NaN operand; the x87 prefers the one with the
     * larger significand when both are NaNs of the same kind, and a quiet one over a signaling one.
     */
    private long propagateNaN(int fmt, int seA, long a, int seB, long b, boolean binary) {
        int ca = cls[0], cb = binary ? cls[1] : ZERO;
        if (ca == SNAN || cb == SNAN) flags |= IE;
        long q = quietBit(fmt);
        boolean pickB;
        if (!isNaN(ca)) {
            pickB = true;
        } else if (!binary || !isNaN(cb)) {
            pickB = false;
        } else if (!x87) {
            pickB = false;
        } else if (ca != cb) {
            pickB = cb == QNAN;
        } else {
            long ma = fmt == F80 ? a & ~(1L << 62) : a & (q - 1);
            long mb = fmt == F80 ? b & ~(1L << 62) : b & (q - 1);
            int c = Long.compareUnsigned(ma, mb);
            // Equal significands: the positive one (as the 8087 family does).
            pickB = c < 0 || (c == 0 && (fmt == F80 ? (seA & 0x8000) != 0 : sgn[0] != 0));
        }
        if (fmt == F80) {
            se = pickB ? seB : seA;
            return (pickB ? b : a) | q;
        }
        return (pickB ? b : a) | q;
    }

    // ------------------------------------------------------------------ arithmetic

    public static final int OP_ADD = 0, OP_SUB = 1, OP_MUL = 2, OP_DIV = 3;

    public int add32(int a, int b) {
        if (fast && safe32(a) && safe32(b)) {
            float x = Float.intBitsToFloat(a), y = Float.intBitsToFloat(b);
            int r = Float.floatToRawIntBits(x + y);
            if (safe32(r) && (inexactKnown || exactSum(x, y, r))) return r;
        }
        return (int) arith(OP_ADD, F32, 24, 0, a & 0xFFFFFFFFL, 0, b & 0xFFFFFFFFL);
    }

    public int sub32(int a, int b) { return add32(a, isNaN32(b) ? b : b ^ 0x80000000); }

    public int mul32(int a, int b) {
        if (fast && safe32(a) && safe32(b)) {
            float x = Float.intBitsToFloat(a), y = Float.intBitsToFloat(b);
            float r = x * y;
            if (safe32(Float.floatToRawIntBits(r)) && (inexactKnown || setInexact((double) r != (double) x * y))) {
                return Float.floatToRawIntBits(r);
            }
        }
        return (int) arith(OP_MUL, F32, 24, 0, a & 0xFFFFFFFFL, 0, b & 0xFFFFFFFFL);
    }

    public int div32(int a, int b) {
        if (fast && safe32(a) && safe32(b)) {
            float x = Float.intBitsToFloat(a), y = Float.intBitsToFloat(b);
            float r = x / y;
            if (safe32(Float.floatToRawIntBits(r)) && (inexactKnown || setInexact((double) r * y != x))) {
                return Float.floatToRawIntBits(r);
            }
        }
        return (int) arith(OP_DIV, F32, 24, 0, a & 0xFFFFFFFFL, 0, b & 0xFFFFFFFFL);
    }

    public long add64(long a, long b) {
        if (fast && safe64(a) && safe64(b)) {
            double x = Double.longBitsToDouble(a), y = Double.longBitsToDouble(b);
            double r = x + y;
            long rb = Double.doubleToRawLongBits(r);
            if (safe64(rb) && (inexactKnown || setInexact(sumError(x, y, r) != 0))) return rb;
        }
        return arith(OP_ADD, F64, 53, 0, a, 0, b);
    }

    public long sub64(long a, long b) { return add64(a, isNaN64(b) ? b : b ^ Long.MIN_VALUE); }

    public long mul64(long a, long b) {
        if (fast && safe64(a) && safe64(b)) {
            double x = Double.longBitsToDouble(a), y = Double.longBitsToDouble(b);
            double r = x * y;
            long rb = Double.doubleToRawLongBits(r);
            if (safe64(rb) && (inexactKnown || setInexact(Math.fma(x, y, -r) != 0))) return rb;
        }
        return arith(OP_MUL, F64, 53, 0, a, 0, b);
    }

    public long div64(long a, long b) {
        if (fast && safe64(a) && safe64(b)) {
            double x = Double.longBitsToDouble(a), y = Double.longBitsToDouble(b);
            double r = x / y;
            long rb = Double.doubleToRawLongBits(r);
            if (safe64(rb) && (inexactKnown || setInexact(Math.fma(-r, y, x) != 0))) return rb;
        }
        return arith(OP_DIV, F64, 53, 0, a, 0, b);
    }

    // The fast paths: operands and results with biased exponents well inside the normal range, so
    // that no overflow, underflow or denormal can occur and the error terms below are exact.

    private static boolean safe32(int v) { return ((v >>> 23) & 0xFF) - 32 < 160 && ((v >>> 23) & 0xFF) >= 32; }

    private static boolean safe64(long v) {
        int e = (int) (v >>> 52) & 0x7FF;
        return e >= 128 && e < 0x7FF - 128;
    }

    private static boolean isNaN32(int v) { return (v & 0x7FFFFFFF) > 0x7F800000; }

    private static boolean isNaN64(long v) { return (v & Long.MAX_VALUE) > 0x7FF0000000000000L; }

    /** The rounding error of r = x + y (TwoSum; exact in round to nearest without overflow). */
    private static double sumError(double x, double y, double r) {
        double bb = r - x;
        return (x - (r - bb)) + (y - bb);
    }

    /** binary32 sum r of x and y is exact: the binary64 sum is exact and equal to r. */
    private boolean exactSum(float x, float y, int r) {
        double d = (double) x + y;
        return setInexact(sumError(x, y, d) != 0 || (double) Float.intBitsToFloat(r) != d);
    }

    /** Records the precision exception if {@code inexact}; always true (the fast result stands). */
    private boolean setInexact(boolean inexact) {
        if (inexact) flags |= PE;
        return true;
    }

    /** An x87 arithmetic operation on 80-bit values, rounded to the precision control; {@link #se} holds the result's sign and exponent. */
    public long arith80(int op, int seA, long a, int seB, long b) {
        return arith(op, F80, x87Precision, seA, a, seB, b);
    }

    /** Binary operation in the given format; for F80 the result's sign and exponent are left in {@link #se}. */
    public long arith(int op, int fmt, int p, int seA, long a, int seB, long b) {
        unpack(0, fmt, seA, a);
        unpack(1, fmt, seB, b);
        int ca = cls[0], cb = cls[1];
        if (ca == UNSUPPORTED || cb == UNSUPPORTED) {
            flags |= IE;
            return defaultNaN(fmt);
        }
        if (isNaN(ca) || isNaN(cb)) return propagateNaN(fmt, seA, a, seB, b, true);
        // Denormal operands raise DE unless the operation is invalid or divides by zero: those
        // take priority and are checked first.
        boolean den = denormal[0] || denormal[1];
        int sa = sgn[0], sb = sgn[1];
        switch (op) {
            case OP_SUB:
                sb ^= 1;
                // fall through
            case OP_ADD:
                if (ca == INF && cb == INF && sa != sb) {
                    flags |= IE;
                    return defaultNaN(fmt);
                }
                if (den) flags |= DE;
                if (ca == INF || cb == INF) return packInf(fmt, ca == INF ? sa : sb);
                if (ca == ZERO && cb == ZERO) {
                    return packZero(fmt, sa == sb ? sa : rc == RC_DOWN ? 1 : 0);
                }
                if (cb == ZERO) return roundPack(fmt, p, sa, exp[0], sig[0], 0);
                if (ca == ZERO) return roundPack(fmt, p, sb, exp[1], sig[1], 0);
                return addMagnitudes(fmt, p, sa, exp[0], sig[0], sb, exp[1], sig[1]);
            case OP_MUL: {
                int s = sa ^ sb;
                if ((ca == INF && cb == ZERO) || (ca == ZERO && cb == INF)) {
                    flags |= IE;
                    return defaultNaN(fmt);
                }
                if (den) flags |= DE;
                if (ca == INF || cb == INF) return packInf(fmt, s);
                if (ca == ZERO || cb == ZERO) return packZero(fmt, s);
                long hi = Math.unsignedMultiplyHigh(sig[0], sig[1]);
                long lo = sig[0] * sig[1];
                int e = exp[0] + exp[1] + 1;
                if (hi >= 0) {
                    hi = (hi << 1) | (lo >>> 63);
                    lo <<= 1;
                    e--;
                }
                return roundPack(fmt, p, s, e, hi, lo);
            }
            default: {
                int s = sa ^ sb;
                if ((ca == INF && cb == INF) || (ca == ZERO && cb == ZERO)) {
                    flags |= IE;
                    return defaultNaN(fmt);
                }
                if (cb == ZERO && ca == FINITE) {
                    flags |= ZE;
                    return packInf(fmt, s);
                }
                if (den) flags |= DE;
                if (ca == INF || cb == ZERO) return packInf(fmt, s);
                if (cb == INF || ca == ZERO) return packZero(fmt, s);
                long na = sig[0], nb = sig[1];
                int e = exp[0] - exp[1] - 1;
                long hi = na, lo = 0;
                if (Long.compareUnsigned(na, nb) >= 0) {
                    hi = na >>> 1;
                    lo = na << 63;
                    e++;
                }
                long q1 = div128(hi, lo, nb);
                long q2 = div128(remainder, 0, nb);
                if (remainder != 0) q2 |= 1;
                return roundPack(fmt, p, s, e, q1, q2);
            }
        }
    }

    /** Sum of two nonzero finite values given as sign, exponent and normalized significand. */
    private long addMagnitudes(int fmt, int p, int sa, int ea, long ma, int sb, int eb, long mb) {
        if (ea < eb || (ea == eb && Long.compareUnsigned(ma, mb) < 0)) {
            int ts = sa; sa = sb; sb = ts;
            int te = ea; ea = eb; eb = te;
            long tm = ma; ma = mb; mb = tm;
        }
        // Align b to a: (bh:bl) = mb shifted right by d, with a sticky bit for what falls off.
        int d = ea - eb;
        long bh, bl;
        if (d == 0) {
            bh = mb;
            bl = 0;
        } else if (d < 64) {
            bh = mb >>> d;
            bl = mb << (64 - d);
        } else if (d < 128) {
            bh = 0;
            bl = (mb >>> (d - 64)) | ((d > 64 && (mb << (128 - d)) != 0) ? 1 : 0);
        } else {
            bh = 0;
            bl = 1;
        }
        if (sa == sb) {
            long lo = bl;
            long hi = ma + bh;
            boolean carry = Long.compareUnsigned(hi, ma) < 0;
            if (carry) {
                lo = (lo >>> 1) | (hi << 63) | (lo & 1);
                hi = (hi >>> 1) | Long.MIN_VALUE;
                ea++;
            }
            return roundPack(fmt, p, sa, ea, hi, lo);
        }
        long lo = -bl;
        long hi = ma - bh - (bl != 0 ? 1 : 0);
        if (hi == 0 && lo == 0) return packZero(fmt, rc == RC_DOWN ? 1 : 0);
        int lz = hi != 0 ? Long.numberOfLeadingZeros(hi) : 64 + Long.numberOfLeadingZeros(lo);
        if (lz >= 64) {
            hi = lo << (lz - 64);
            lo = 0;
        } else if (lz > 0) {
            hi = (hi << lz) | (lo >>> (64 - lz));
            lo <<= lz;
        }
        return roundPack(fmt, p, sa, ea - lz, hi, lo);
    }

    /**
     * Fused multiply-add in F32 or F64: {@code (±a*b) ± c} with one rounding (SDM vol. 1, 14.5:
     * the FMA instructions). A NaN operand gives the first NaN of a, b, c quieted; infinity times
     * zero, and infinities of opposite signs added, are invalid.
     */
    public long fma(int fmt, long a, long b, long c, boolean negProduct, boolean negAddend) {
        if (fast && inexactKnown) {
            if (fmt == F64 && safe64(a) && safe64(b) && safe64(c)) {
                double x = Double.longBitsToDouble(a), y = Double.longBitsToDouble(b), z = Double.longBitsToDouble(c);
                long r = Double.doubleToRawLongBits(Math.fma(negProduct ? -x : x, y, negAddend ? -z : z));
                if (safe64(r)) return r;
            } else if (fmt == F32 && safe32((int) a) && safe32((int) b) && safe32((int) c)) {
                float x = Float.intBitsToFloat((int) a), y = Float.intBitsToFloat((int) b), z = Float.intBitsToFloat((int) c);
                int r = Float.floatToRawIntBits(Math.fma(negProduct ? -x : x, y, negAddend ? -z : z));
                if (safe32(r)) return r & 0xFFFFFFFFL;
            }
        }
        unpack(0, fmt, 0, a);
        unpack(1, fmt, 0, b);
        unpack(2, fmt, 0, c);
        int ca = cls[0], cb = cls[1], cc = cls[2];
        if (isNaN(ca) || isNaN(cb) || isNaN(cc)) {
            if (ca == SNAN || cb == SNAN || cc == SNAN) flags |= IE;
            long q = quietBit(fmt);
            long n = isNaN(ca) ? a : isNaN(cb) ? b : c;
            return n | q;
        }
        int sp = sgn[0] ^ sgn[1] ^ (negProduct ? 1 : 0);
        int sc = sgn[2] ^ (negAddend ? 1 : 0);
        if ((ca == INF && cb == ZERO) || (ca == ZERO && cb == INF)) {
            flags |= IE;
            return defaultNaN(fmt);
        }
        boolean prodInf = ca == INF || cb == INF;
        if (prodInf && cc == INF && sp != sc) {
            flags |= IE;
            return defaultNaN(fmt);
        }
        if (denormal[0] || denormal[1] || denormal[2]) flags |= DE;
        if (prodInf) return packInf(fmt, sp);
        if (cc == INF) return packInf(fmt, sc);
        int p = PRECISION[fmt];
        if (ca == ZERO || cb == ZERO) {
            if (cc == ZERO) return packZero(fmt, sp == sc ? sp : rc == RC_DOWN ? 1 : 0);
            return roundPack(fmt, p, sc, exp[2], sig[2], 0);
        }
        long hi = Math.unsignedMultiplyHigh(sig[0], sig[1]);
        long lo = sig[0] * sig[1];
        int e = exp[0] + exp[1] + 1;
        if (hi >= 0) {
            hi = (hi << 1) | (lo >>> 63);
            lo <<= 1;
            e--;
        }
        if (cc == ZERO) return roundPack(fmt, p, sp, e, hi, lo);
        return addMagnitudes128(fmt, p, sp, e, hi, lo, sc, exp[2], sig[2], 0);
    }

    /** {@link #addMagnitudes} for 128-bit significands (ah:al), (bh:bl) with bit 127 set. */
    private long addMagnitudes128(int fmt, int p, int sa, int ea, long ah, long al, int sb, int eb, long bh, long bl) {
        if (ea < eb || (ea == eb && (Long.compareUnsigned(ah, bh) < 0 || (ah == bh && Long.compareUnsigned(al, bl) < 0)))) {
            int ts = sa; sa = sb; sb = ts;
            int te = ea; ea = eb; eb = te;
            long t = ah; ah = bh; bh = t;
            t = al; al = bl; bl = t;
        }
        int d = ea - eb;
        if (d > 0) {
            boolean sticky;
            if (d < 64) {
                sticky = (bl << (64 - d)) != 0;
                bl = (bl >>> d) | (bh << (64 - d));
                bh >>>= d;
            } else if (d < 128) {
                sticky = bl != 0 || (d > 64 && (bh << (128 - d)) != 0);
                bl = d == 64 ? bh : bh >>> (d - 64);
                bh = 0;
            } else {
                sticky = (bh | bl) != 0;
                bh = bl = 0;
            }
            if (sticky) bl |= 1;
        }
        long h, l;
        if (sa == sb) {
            l = al + bl;
            long c1 = Long.compareUnsigned(l, al) < 0 ? 1 : 0;
            long h1 = ah + bh;
            h = h1 + c1;
            if (Long.compareUnsigned(h1, ah) < 0 || Long.compareUnsigned(h, h1) < 0) {
                l = (l >>> 1) | (h << 63) | (l & 1);
                h = (h >>> 1) | Long.MIN_VALUE;
                ea++;
            }
            return roundPack(fmt, p, sa, ea, h, l);
        }
        l = al - bl;
        h = ah - bh - (Long.compareUnsigned(al, bl) < 0 ? 1 : 0);
        if (h == 0 && l == 0) return packZero(fmt, rc == RC_DOWN ? 1 : 0);
        int lz = h != 0 ? Long.numberOfLeadingZeros(h) : 64 + Long.numberOfLeadingZeros(l);
        if (lz >= 64) {
            h = l << (lz - 64);
            l = 0;
        } else if (lz > 0) {
            h = (h << lz) | (l >>> (64 - lz));
            l <<= lz;
        }
        return roundPack(fmt, p, sa, ea - lz, h, l);
    }

    /**
     * Divides (u1:u0) by v, where v has bit 63 set and u1 < v; returns the 64-bit quotient and
     * leaves the remainder in {@link #remainder}. Knuth's algorithm D with 32-bit digits (as in
     * Hacker's Delight, divlu).
     */
    long div128(long u1, long u0, long v) {
        final long b = 1L << 32;
        long vn1 = v >>> 32, vn0 = v & 0xFFFFFFFFL;
        long un1 = u0 >>> 32, un0 = u0 & 0xFFFFFFFFL;
        long q1 = Long.divideUnsigned(u1, vn1);
        long rhat = Long.remainderUnsigned(u1, vn1);
        while (Long.compareUnsigned(q1, b) >= 0 || Long.compareUnsigned(q1 * vn0, (rhat << 32) | un1) > 0) {
            q1--;
            rhat += vn1;
            if (Long.compareUnsigned(rhat, b) >= 0) break;
        }
        long un21 = ((u1 << 32) | un1) - q1 * v;
        long q0 = Long.divideUnsigned(un21, vn1);
        rhat = Long.remainderUnsigned(un21, vn1);
        while (Long.compareUnsigned(q0, b) >= 0 || Long.compareUnsigned(q0 * vn0, (rhat << 32) | un0) > 0) {
            q0--;
            rhat += vn1;
            if (Long.compareUnsigned(rhat, b) >= 0) break;
        }
        remainder = ((un21 << 32) | un0) - q0 * v;
        return (q1 << 32) | q0;
    }

    public int sqrt32(int a) {
        if (fast && a > 0 && safe32(a)) {
            double x = Float.intBitsToFloat(a);
            // A binary64 square root rounded again to binary32 is correctly rounded (53 >= 2 * 24 + 2).
            float r = (float) Math.sqrt(x);
            if (inexactKnown || setInexact((double) r * r != x)) return Float.floatToRawIntBits(r);
        }
        return (int) sqrt(F32, 24, 0, a & 0xFFFFFFFFL);
    }

    public long sqrt64(long a) {
        if (fast && a > 0 && safe64(a)) {
            double x = Double.longBitsToDouble(a);
            double r = Math.sqrt(x);
            if (inexactKnown || setInexact(Math.fma(-r, r, x) != 0)) return Double.doubleToRawLongBits(r);
        }
        return sqrt(F64, 53, 0, a);
    }

    public long sqrt80(int seA, long a) { return sqrt(F80, x87Precision, seA, a); }

    private long sqrt(int fmt, int p, int seA, long a) {
        unpack(0, fmt, seA, a);
        int c = cls[0];
        if (c == UNSUPPORTED) {
            flags |= IE;
            return defaultNaN(fmt);
        }
        if (isNaN(c)) return propagateNaN(fmt, seA, a, 0, 0, false);
        if (c == ZERO) return packZero(fmt, sgn[0]);
        if (sgn[0] != 0) {
            flags |= IE;
            return defaultNaN(fmt);
        }
        if (denormal[0]) flags |= DE;
        if (c == INF) return packInf(fmt, 0);
        // value = m * 2^(e - 63); radicand R = m * 2^k with e - 63 - k even, so sqrt = sqrt(R) * 2^((e - 63 - k) / 2).
        int e = exp[0];
        long m = sig[0];
        long rh, rl;
        int k;
        if (((e - 63 - 64) & 1) == 0) {
            k = 64;
            rh = m;
            rl = 0;
        } else {
            k = 63;
            rh = m >>> 1;
            rl = m << 63;
        }
        long r = isqrt128(rh, rl);
        // remainder = R - r^2 < 2^65; the root is never exactly halfway between two integers.
        long rem = remainder;
        boolean remHigh = remainderHigh;
        long ext;
        if (remHigh || Long.compareUnsigned(rem, r) > 0) ext = Long.MIN_VALUE | 1;
        else ext = rem != 0 ? 1 : 0;
        int re = (e - 63 - k) / 2 + 63;
        return roundPack(fmt, p, 0, re, r, ext);
    }

    private boolean remainderHigh;

    /**
     * Integer square root of the 128-bit value (h:l) >= 2^126, bit by bit; leaves the low 64 bits of
     * the remainder in {@link #remainder} and whether it is 2^64 or more in remainderHigh.
     */
    private long isqrt128(long h, long l) {
        long resH = 0, resL = 0;
        long bitH = 1L << 62, bitL = 0;
        long nH = h, nL = l;
        while ((bitH | bitL) != 0) {
            // t = res + bit
            long tL = resL + bitL;
            long tH = resH + bitH + (Long.compareUnsigned(tL, resL) < 0 ? 1 : 0);
            // res >>= 1
            resL = (resL >>> 1) | (resH << 63);
            resH >>>= 1;
            if (Long.compareUnsigned(nH, tH) > 0 || (nH == tH && Long.compareUnsigned(nL, tL) >= 0)) {
                long borrow = Long.compareUnsigned(nL, tL) < 0 ? 1 : 0;
                nL -= tL;
                nH -= tH + borrow;
                resL += bitL;
                resH += bitH + (Long.compareUnsigned(resL, bitL) < 0 ? 1 : 0);
            }
            bitL = (bitL >>> 2) | (bitH << 62);
            bitH >>>= 2;
        }
        remainder = nL;
        remainderHigh = nH != 0;
        return resL;
    }

    // ------------------------------------------------------------------ comparisons

    /** Result of {@link #compare}: less, equal, greater, unordered. */
    public static final int LT = 0, EQ = 1, GT = 2, UN = 3;

    /**
     * Compares two values. IE is raised for a signaling NaN operand, and for any NaN when
     * {@code signalQuiet} (ordered comparisons: COMISS, CMPLTPS, FCOM). DE for denormal operands
     * of an ordered result.
     */
    public int compare(int fmt, int seA, long a, int seB, long b, boolean signalQuiet) {
        unpack(0, fmt, seA, a);
        unpack(1, fmt, seB, b);
        int ca = cls[0], cb = cls[1];
        if (ca == UNSUPPORTED || cb == UNSUPPORTED) {
            flags |= IE;
            return UN;
        }
        if (isNaN(ca) || isNaN(cb)) {
            if (signalQuiet || ca == SNAN || cb == SNAN) flags |= IE;
            return UN;
        }
        if (denormal[0] || denormal[1]) flags |= DE;
        return compareOrdered();
    }

    private int compareOrdered() {
        int ca = cls[0], cb = cls[1];
        if (ca == ZERO && cb == ZERO) return EQ;
        int sa = sgn[0], sb = sgn[1];
        if (sa != sb) return sa != 0 ? LT : GT;
        int mag;
        if (ca == INF || cb == INF) mag = ca == cb ? 0 : ca == INF ? 1 : -1;
        else if (ca == ZERO) mag = -1;
        else if (cb == ZERO) mag = 1;
        else if (exp[0] != exp[1]) mag = exp[0] > exp[1] ? 1 : -1;
        else mag = Long.compareUnsigned(sig[0], sig[1]);
        if (mag == 0) return EQ;
        return (mag > 0) != (sa != 0) ? GT : LT;
    }

    /**
     * MINSS/MAXSS and their packed and double forms: the second operand is returned when either is
     * a NaN (IE for a signaling one, and for MIN/MAX any NaN is invalid) or when both are zero.
     */
    public long minMax(int fmt, long a, long b, boolean max) {
        unpack(0, fmt, 0, a);
        unpack(1, fmt, 0, b);
        int ca = cls[0], cb = cls[1];
        // Denormals-are-zero: a denormal operand that is chosen is returned as zero.
        long bz = daz && cb == ZERO ? packZero(fmt, sgn[1]) : b;
        if (isNaN(ca) || isNaN(cb)) {
            flags |= IE;
            return bz;
        }
        if (denormal[0] || denormal[1]) flags |= DE;
        int r = compareOrdered();
        if (max ? r == GT : r == LT) return daz && ca == ZERO ? packZero(fmt, sgn[0]) : a;
        return bz;
    }

    // ------------------------------------------------------------------ conversions

    /** Converts a signed integer to F32/F64 (SSE) or F80 (exact for 64 bits and less), rounding per the control. */
    public long fromInt(int fmt, long v) {
        if (v == 0) return packZero(fmt, 0);
        int s = v < 0 ? 1 : 0;
        long m = v < 0 ? -v : v;
        int lz = Long.numberOfLeadingZeros(m);
        return roundPack(fmt, PRECISION[fmt], s, 63 - lz, m << lz, 0);
    }

    /**
     * Converts to a signed integer of {@code bits} (16, 32 or 64) with the current rounding
     * control; NaN, infinity and out-of-range values give the integer indefinite (the minimum
     * value) and IE.
     */
    public long toInt(int fmt, int se, long a, int bits) {
        unpack(0, fmt, se, a);
        int c = cls[0];
        long indefinite = Long.MIN_VALUE >> (64 - bits);
        if (c != FINITE && c != ZERO) {
            flags |= IE;
            return indefinite;
        }
        // Conversions to integer do not report denormal operands.
        if (c == ZERO) return 0;
        int s = sgn[0], e = exp[0];
        long m = sig[0];
        long mag;
        if (e >= 64) {
            flags |= IE;
            return indefinite;
        }
        if (e == 63) {
            mag = m;
            inexactInt = false;
            roundedUpInt = false;
        } else {
            // Integer part m >>> (63 - e), rounding bits below it.
            long r;
            if (e < 0) {
                r = roundSigInt(s, 0, fraction(m, e));
            } else {
                int sh = 63 - e;
                r = roundSigInt(s, m >>> sh, m << (64 - sh));
            }
            mag = r;
        }
        roundedUp = roundedUpInt;
        long limit = 1L << (bits - 1);
        // Fits if mag < 2^(bits-1), or mag == 2^(bits-1) for a negative value.
        if (mag < 0 ? !(s != 0 && bits == 64 && mag == Long.MIN_VALUE) : (bits < 64 && (mag > limit || (mag == limit && s == 0)))) {
            flags |= IE;
            return indefinite;
        }
        if (inexactInt) flags |= PE;
        return s != 0 ? -mag : mag;
    }

    private boolean inexactInt, roundedUpInt;

    /** The bits of m * 2^(e - 63), a value below 1 (e < 0), as a fraction of 2^64 with a sticky bit. */
    private static long fraction(long m, int e) {
        int n = -e - 1;
        if (n == 0) return m;
        return n >= 64 ? 1 : (m >>> n) | ((m << (64 - n)) != 0 ? 1 : 0);
    }

    /** Rounds the integer {@code whole} given the fraction bits {@code frac} (binary point above bit 63). */
    private long roundSigInt(int sign, long whole, long frac) {
        inexactInt = frac != 0;
        boolean inc = switch (rc) {
            case RC_NEAREST -> Long.compareUnsigned(frac, Long.MIN_VALUE) > 0 || (frac == Long.MIN_VALUE && (whole & 1) != 0);
            case RC_DOWN -> sign != 0 && frac != 0;
            case RC_UP -> sign == 0 && frac != 0;
            default -> false;
        };
        roundedUpInt = inc;
        return inc ? whole + 1 : whole;
    }

    /**
     * Converts between formats (CVTSS2SD, CVTSD2SS, FLD m32/m64, FST m32/m64, ...), rounding to the
     * destination's precision. A signaling NaN is quieted with IE; the payload keeps its high bits.
     */
    public long convert(int from, int to, int se, long a) {
        unpack(0, from, se, a);
        int c = cls[0];
        int s = sgn[0];
        switch (c) {
            case UNSUPPORTED:
                flags |= IE;
                return defaultNaN(to);
            case QNAN:
            case SNAN: {
                if (c == SNAN) flags |= IE;
                long payload = switch (from) {
                    case F32 -> (a & 0x3FFFFFL) << 42;
                    case F64 -> (a & 0x7FFFFFFFFFFFFL) << 13;
                    case F16 -> (a & 0x1FFL) << 55;
                    default -> a << 2;
                };
                // payload: fraction bits below the quiet bit, left-aligned.
                return switch (to) {
                    case F32 -> ((long) s << 31) | 0x7FC00000L | (payload >>> 42);
                    case F64 -> ((long) s << 63) | 0x7FF8000000000000L | (payload >>> 13);
                    case F16 -> ((long) s << 15) | 0x7E00L | (payload >>> 55);
                    default -> {
                        se = (s << 15) | 0x7FFF;
                        yield 0xC000000000000000L | (payload >>> 2);
                    }
                };
            }
            case INF:
                return packInf(to, s);
            case ZERO:
                return packZero(to, s);
            default:
                if (denormal[0]) flags |= DE;
                return roundPack(to, PRECISION[to], s, exp[0], sig[0], 0);
        }
    }

    /**
     * Rounds to an integral value in the same format (FRNDINT, ROUNDSS/SD): PE when inexact
     * unless {@code suppressInexact}, IE for a signaling NaN.
     */
    public long roundToIntegral(int fmt, int se, long a, boolean suppressInexact) {
        unpack(0, fmt, se, a);
        int c = cls[0];
        if (c == UNSUPPORTED) {
            flags |= IE;
            return defaultNaN(fmt);
        }
        if (isNaN(c)) return propagateNaN(fmt, se, a, 0, 0, false);
        if (c == ZERO || c == INF) {
            if (fmt == F80) this.se = se;
            return c == ZERO ? packZero(fmt, sgn[0]) : a;
        }
        if (denormal[0]) flags |= DE;
        int s = sgn[0], e = exp[0];
        long m = sig[0];
        if (e >= 63) {
            if (fmt == F80) this.se = se;
            return a;
        }
        long whole;
        if (e < 0) {
            whole = roundSigInt(s, 0, fraction(m, e));
        } else {
            int sh = 63 - e;
            whole = roundSigInt(s, m >>> sh, m << (64 - sh));
        }
        if (inexactInt && !suppressInexact) flags |= PE;
        if (whole == 0) return packZero(fmt, s);
        int lz = Long.numberOfLeadingZeros(whole);
        // An integer of at most 64 bits in the operand's own format: exact, raises nothing.
        long r = roundPack(fmt, PRECISION[fmt], s, 63 - lz, whole << lz, 0);
        roundedUp = roundedUpInt;
        return r;
    }

    // ------------------------------------------------------------------ x87 helpers on unpacked values

    /** True if the 80-bit value is a NaN, infinity, or unsupported encoding (exponent all ones or integer bit clear on a nonzero exponent). */
    public static boolean isSpecial80(int se, long m) {
        int e = se & 0x7FFF;
        return e == 0x7FFF || (e != 0 && m >= 0);
    }

    /** Packs sign, unbiased exponent and an exact significand (bit 63 set) as an 80-bit value at full precision, rounding if needed (FSCALE, FXTRACT). */
    public long pack80(int sign, int e, long m, long ext, int p) {
        return roundPack(F80, p, sign, e, m, ext);
    }
}
