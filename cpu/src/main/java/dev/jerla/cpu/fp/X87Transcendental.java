package dev.jerla.cpu.fp;

import static dev.jerla.cpu.fp.SoftFloat.DE;
import static dev.jerla.cpu.fp.SoftFloat.F64;
import static dev.jerla.cpu.fp.SoftFloat.F80;
import static dev.jerla.cpu.fp.SoftFloat.IE;
import static dev.jerla.cpu.fp.SoftFloat.PE;
import static dev.jerla.cpu.fp.SoftFloat.UE;
import static dev.jerla.cpu.fp.SoftFloat.ZE;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The x87 operations beyond the basic arithmetic: FPREM/FPREM1 and FSCALE exactly, and the
 * transcendental functions through binary64 (StrictMath, so deterministic on every host): the
 * parts that binary64 cannot hold are done exactly first (the reduction of trigonometric
 * arguments by the x87's 66-bit pi/2, the exponent of a logarithm's argument, products with
 * extended-precision operands), so the results stay within a few binary64 ulps of the hardware's
 * over the whole 80-bit range.
 */
final class X87Transcendental {
    private X87Transcendental() {}


    private static final int ZERO = 0, FINITE = 1, INF = 2, NAN = 3, UNSUPPORTED = 4;

    private static int classOf(int se, long m) {
        int e = se & 0x7FFF;
        if (e == 0x7FFF) return m >= 0 ? UNSUPPORTED : m == Long.MIN_VALUE ? INF : NAN;
        if (e != 0 && m >= 0) return UNSUPPORTED;
        return e == 0 && m == 0 ? ZERO : FINITE;
    }

    private static boolean denormal(int se, long m) { return (se & 0x7FFF) == 0 && m != 0; }

    /** Unbiased exponent of bit 63 of a nonzero finite value once normalized. */
    private static int exponent(int se, long m) {
        int e = se & 0x7FFF;
        return (e == 0 ? 1 : e) - 16383 - Long.numberOfLeadingZeros(m);
    }

    /** The significand of a nonzero finite value, normalized (bit 63 set). */
    private static long normalized(long m) { return m << Long.numberOfLeadingZeros(m); }

    private static long indefinite(SoftFloat sf) {
        sf.flags |= IE;
        sf.se = SoftFloat.DEFAULT_NAN80_SE;
        return SoftFloat.DEFAULT_NAN80_M;
    }

    /** The result of an operation with a NaN operand: as any binary operation propagates it. */
    private static long nanResult(SoftFloat sf, int seA, long a, int seB, long b) {
        return sf.arith80(SoftFloat.OP_ADD, seA, a, seB, b);
    }

    /**
     * FPREM (truncating quotient) and FPREM1 (quotient rounded to nearest even) of ST0 by ST1,
     * exact. Leaves the low three quotient bits in {@link SoftFloat#fpremQuotient} (-1 if there is
     * no quotient: a NaN or invalid operand) and whether the reduction is incomplete in
     * {@link SoftFloat#fpremPartial}.
     */
    static long remainder(SoftFloat sf, int seA, long a, int seB, long b, boolean ieee) {
        sf.fpremQuotient = -1;
        sf.fpremPartial = false;
        int ca = classOf(seA, a), cb = classOf(seB, b);
        if (ca == UNSUPPORTED || cb == UNSUPPORTED) return indefinite(sf);
        if (ca == NAN || cb == NAN) return nanResult(sf, seA, a, seB, b);
        if (ca == INF || cb == ZERO) return indefinite(sf);
        if (denormal(seA, a) || denormal(seB, b)) sf.flags |= DE;
        if (ca == ZERO || cb == INF) {
            sf.fpremQuotient = 0;
            sf.se = seA;
            return a;
        }
        int sign = seA & 0x8000;
        int ea = exponent(seA, a);
        long ma = normalized(a);
        int eb = exponent(seB, b);
        long mb = normalized(b);
        int d = ea - eb;
        BigInteger num = new BigInteger(Long.toUnsignedString(ma));
        BigInteger den = new BigInteger(Long.toUnsignedString(mb));
        int resultExp;
        if (d >= 64) {
            // Partial remainder (SDM: FPREM): the exponent difference shrinks by at most PARTIAL_BITS.
            sf.fpremPartial = true;
            // ST0 - ST1 * QQ * 2^(D - N) with QQ = trunc(ST0 / ST1 / 2^(D - N)) = trunc(ma * 2^N / mb).
            // N is implementation dependent (SDM: between 32 and 63); the reference processor
            // takes N = 32 + (D mod 32), leaving an exponent difference that is a multiple of 32.
            int n = 32 + (d & 31);
            sf.fpremQuotient = 0;
            BigInteger scaled = num.shiftLeft(n);
            BigInteger r = scaled.subtract(scaled.divide(den).multiply(den));
            return pack(sf, sign, r, ea - n, seA, a);
        }
        if (d >= 0) {
            num = num.shiftLeft(d);
            resultExp = eb;
        } else {
            den = den.shiftLeft(-d);
            resultExp = ea;
        }
        BigInteger[] qr = num.divideAndRemainder(den);
        BigInteger q = qr[0], r = qr[1];
        if (ieee) {
            int c = r.shiftLeft(1).compareTo(den);
            if (c > 0 || (c == 0 && q.testBit(0))) {
                q = q.add(BigInteger.ONE);
                r = r.subtract(den);
            }
        }
        sf.fpremQuotient = q.intValue() & 7;
        if (r.signum() < 0) {
            sign ^= 0x8000;
            r = r.negate();
        }
        return pack(sf, sign, r, resultExp, seA, a);
    }

    /** Packs r * 2^(e - 63) exactly (a remainder is representable); zero keeps the dividend's sign. */
    private static long pack(SoftFloat sf, int sign, BigInteger r, int e, int seA, long a) {
        if (r.signum() == 0) {
            sf.se = seA & 0x8000;
            return 0;
        }
        long v = r.longValue();
        int lz = Long.numberOfLeadingZeros(v);
        return sf.pack80(sign >>> 15, e - lz, v << lz, 0, 64);
    }

    /** FSCALE: ST0 * 2^trunc(ST1). */
    static long scale(SoftFloat sf, int seA, long a, int seB, long b) {
        int ca = classOf(seA, a), cb = classOf(seB, b);
        if (ca == UNSUPPORTED || cb == UNSUPPORTED) return indefinite(sf);
        if (ca == NAN || cb == NAN) return nanResult(sf, seA, a, seB, b);
        boolean negScale = (seB & 0x8000) != 0;
        if (cb == INF) {
            if ((ca == ZERO && !negScale) || (ca == INF && negScale)) return indefinite(sf);
            if (denormal(seA, a)) sf.flags |= DE;
            if (ca == FINITE) {
                sf.se = negScale ? seA & 0x8000 : (seA & 0x8000) | 0x7FFF;
                return negScale ? 0 : Long.MIN_VALUE;
            }
            sf.se = seA;
            return a;
        }
        if (denormal(seA, a) || denormal(seB, b)) sf.flags |= DE;
        if (ca != FINITE) {
            sf.se = seA;
            return a;
        }
        long n = 0;
        if (cb == FINITE) {
            int eb = exponent(seB, b);
            long mb = normalized(b);
            if (eb >= 31) n = 1L << 31;
            else if (eb >= 0) n = mb >>> (63 - eb);
            if (negScale) n = -n;
        }
        int ea = exponent(seA, a);
        return sf.pack80((seA >>> 15) & 1, (int) Math.max(-(1L << 30), Math.min(1L << 30, ea + n)), normalized(a), 0, 64);
    }

    // ------------------------------------------------------------------ transcendentals through binary64

    /** ST0 as a binary64 value (round to nearest; exponent out of range gives 0 or infinity). */
    private static double toDouble(int se, long m) {
        SoftFloat s = new SoftFloat();
        s.setMxcsr(FpState.MXCSR_DEFAULT);
        return Double.longBitsToDouble(s.convert(F80, F64, se, m));
    }

    private static int top(FpState f) { return (f.fsw >>> 11) & 7; }

    private static boolean empty(FpState f, int i) { return (f.ftw & (1 << ((top(f) + i) & 7))) == 0; }

    private static int se(FpState f, int i) { return f.stSe[(top(f) + i) & 7]; }

    private static long m(FpState f, int i) { return f.stM[(top(f) + i) & 7]; }

    private static void pop(FpState f) {
        f.ftw &= ~(1 << top(f));
        f.fsw = (f.fsw & ~0x3800) | ((top(f) + 1) & 7) << 11;
    }

    private static void push(FpState f) {
        f.fsw = (f.fsw & ~0x3800) | ((top(f) - 1) & 7) << 11;
    }

    /**
     * F2XM1, FYL2X, FPTAN, FPATAN, FYL2XP1, FSINCOS, FSIN, FCOS (modrm F0-FF of D9). Values are
     * computed in binary64 with StrictMath, which makes them deterministic but only about 53 bits
     * accurate.
     */
    static int exec(FpState f, int modrm) {
        boolean binary = modrm == 0xF1 || modrm == 0xF3 || modrm == 0xF9;
        boolean pushes = modrm == 0xF2 || modrm == 0xFB;
        SoftFloat sf = f.x87;
        sf.setFcw(f.fcw);
        sf.clearFlags();
        if (empty(f, 0) || (binary && empty(f, 1))) {
            f.fsw &= ~X87Unit.FSW_C1;
            if (raiseFlags(f, IE | X87Unit.FSW_SF)) {
                setIndefinite(f, binary ? 1 : 0);
                if (binary) pop(f);
                else if (pushes) {
                    push(f);
                    setIndefinite(f, 0);
                }
            }
            return 0;
        }
        if (pushes && !empty(f, -1)) {
            // Stack overflow: both results are the indefinite.
            f.fsw |= X87Unit.FSW_C1;
            if (raiseFlags(f, IE | X87Unit.FSW_SF)) {
                setIndefinite(f, 0);
                push(f);
                setIndefinite(f, 0);
            }
            return 0;
        }
        int se0 = se(f, 0);
        long m0 = m(f, 0);
        int c0 = classOf(se0, m0);
        int se1 = binary ? se(f, 1) : 0;
        long m1 = binary ? m(f, 1) : 0;
        int c1 = binary ? classOf(se1, m1) : ZERO;
        if (c0 == UNSUPPORTED || c1 == UNSUPPORTED || c0 == NAN || c1 == NAN) {
            long r = binary ? sf.arith80(SoftFloat.OP_ADD, se1, m1, se0, m0) : sf.roundToIntegral(F80, se0, m0, true);
            int rse = sf.se;
            if (raiseFlags(f, sf.flags)) {
                int dst = binary ? 1 : 0;
                int p = (top(f) + dst) & 7;
                f.stSe[p] = rse;
                f.stM[p] = r;
                if (binary) pop(f);
                else if (pushes) {
                    push(f);
                    int q = top(f);
                    f.stSe[q] = rse;
                    f.stM[q] = r;
                    f.ftw |= 1 << q;
                }
            }
            f.fsw &= ~(X87Unit.FSW_C1 | X87Unit.FSW_C2);
            return 0;
        }
        boolean trig = modrm == 0xF2 || modrm == 0xFB || modrm == 0xFE || modrm == 0xFF;
        if (trig && (se0 & 0x7FFF) >= 0x3FFF + 63 && c0 != INF) {
            // |x| >= 2^63: out of range, ST0 unchanged and C2 set.
            f.fsw |= X87Unit.FSW_C2;
            return 0;
        }
        int flags = denormal(se0, m0) || (binary && denormal(se1, m1)) ? DE : 0;
        Result r = new Result();
        switch (modrm) {
            case 0xF0 -> {
                if (c0 == INF) {
                    // 2^-inf - 1 = -1, 2^+inf - 1 = +inf.
                    if ((se0 & 0x8000) != 0) r.set(0xBFFF, Long.MIN_VALUE);
                    else r.set(se0, m0);
                } else if ((se0 & 0x7FFF) >= 0x3FFF && !(m0 == Long.MIN_VALUE && (se0 & 0x7FFF) == 0x3FFF)) {
                    // Outside [-1, 1] the result is undefined; the reference processor leaves ST0 as it is.
                    r.set(se0, m0);
                } else if (c0 == ZERO) {
                    r.set(se0, m0);
                } else if (exponent(se0, m0) < -40) {
                    // 2^x - 1 = x ln 2 (1 + x ln 2 / 2 + ...): the product alone is exact to 64 bits here.
                    r.m = sf.arith80(SoftFloat.OP_MUL, se0, m0, 0x3FFE, LN2);
                    r.se = sf.se;
                } else {
                    r.set(StrictMath.expm1(toDouble(se0, m0) * LN2_DOUBLE));
                }
            }
            case 0xF1 -> {
                boolean negative = (se0 & 0x8000) != 0 && c0 != ZERO;
                boolean one = c0 == FINITE && (se0 & 0xFFFF) == 0x3FFF && m0 == Long.MIN_VALUE;
                if (negative || (c0 == ZERO && c1 == ZERO) || (c0 == INF && c1 == ZERO) || (one && c1 == INF)) {
                    flags = IE;
                    r.set(SoftFloat.DEFAULT_NAN80_SE, SoftFloat.DEFAULT_NAN80_M);
                } else if (c0 == ZERO) {
                    // log2(0) = -infinity: a division by zero, unless y is infinite too.
                    if (c1 != INF) flags |= ZE;
                    r.set(((se1 & 0x8000) ^ 0x8000) | 0x7FFF, Long.MIN_VALUE);
                } else if (c0 == INF || c1 == INF) {
                    boolean posLog = c0 == INF || exponent(se0, m0) >= 0;
                    r.set(((se1 & 0x8000) ^ (posLog ? 0 : 0x8000)) | 0x7FFF, Long.MIN_VALUE);
                } else {
                    // log2 x = e + log2(1.f), or log1p(x - 1) / ln 2 near 1 (x - 1 is exact in 80 bits);
                    // the product with y is rounded once in extended precision.
                    int e = exponent(se0, m0);
                    double l;
                    if (e == -1 || e == 0) {
                        SoftFloat t = new SoftFloat();
                        t.setFcw(0x037F);
                        long d = t.arith80(SoftFloat.OP_SUB, se0, m0, 0x3FFF, Long.MIN_VALUE);
                        l = StrictMath.log1p(toDouble(t.se, d)) / LN2_DOUBLE;
                    } else {
                        l = e + StrictMath.log(mantissa(m0)) / LN2_DOUBLE;
                    }
                    multiply(sf, r, se1, m1, l);
                }
            }
            case 0xF9 -> {
                // log2(1 + x) has the sign of x (and is +infinity for x = +infinity).
                boolean xNegative = (se0 & 0x8000) != 0;
                if ((c0 == INF && (xNegative || c1 == ZERO)) || (c1 == INF && c0 == ZERO)) {
                    flags = IE;
                    r.set(SoftFloat.DEFAULT_NAN80_SE, SoftFloat.DEFAULT_NAN80_M);
                } else if (c0 == INF || c1 == INF) {
                    r.set(((se0 ^ se1) & 0x8000) | 0x7FFF, Long.MIN_VALUE);
                } else if (c0 == ZERO || c1 == ZERO) {
                    r.set((se0 ^ se1) & 0x8000, 0);
                } else if (exponent(se0, m0) < -60) {
                    // log2(1 + x) = x log2 e (1 - x / 2 + ...).
                    SoftFloat t = new SoftFloat();
                    t.setFcw(0x037F);
                    long l = t.arith80(SoftFloat.OP_MUL, se0, m0, 0x3FFF, L2E);
                    r.m = sf.arith80(SoftFloat.OP_MUL, se1, m1, t.se, l);
                    r.se = sf.se;
                } else {
                    multiply(sf, r, se1, m1, StrictMath.log1p(toDouble(se0, m0)) / LN2_DOUBLE);
                }
            }
            case 0xF3 -> atan2(sf, r, se1, m1, c1, se0, m0, c0);
            default -> {
                if (c0 == INF) {
                    flags = IE;
                    r.set(SoftFloat.DEFAULT_NAN80_SE, SoftFloat.DEFAULT_NAN80_M);
                    r.se2 = SoftFloat.DEFAULT_NAN80_SE;
                    r.m2 = SoftFloat.DEFAULT_NAN80_M;
                } else if (c0 == ZERO || exponent(se0, m0) < -40) {
                    // sin x = tan x = x and cos x = 1 to 64 bits.
                    r.set(se0, m0);
                    r.se2 = 0x3FFF;
                    r.m2 = Long.MIN_VALUE;
                    if (modrm == 0xFF) r.set(0x3FFF, Long.MIN_VALUE);
                    if (c0 != ZERO) flags |= denormal(se0, m0) ? PE | UE : PE;
                } else {
                    // x = k pi/2 + y with |y| <= pi/4, reduced exactly (the 64-bit argument does not fit a binary64).
                    BigDecimal exact = exactValue(se0, m0);
                    BigDecimal k = exact.divide(HALF_PI, MathContext.DECIMAL64).setScale(0, RoundingMode.HALF_EVEN);
                    double y = exact.subtract(HALF_PI.multiply(k)).doubleValue();
                    int q = k.remainder(BigDecimal.valueOf(4)).intValue() & 3;
                    double sin = StrictMath.sin(y), cos = StrictMath.cos(y);
                    double sinX = switch (q) { case 0 -> sin; case 1 -> cos; case 2 -> -sin; default -> -cos; };
                    double cosX = switch (q) { case 0 -> cos; case 1 -> -sin; case 2 -> -cos; default -> sin; };
                    switch (modrm) {
                        case 0xF2 -> r.set((q & 1) == 0 ? StrictMath.tan(y) : -1 / StrictMath.tan(y));
                        case 0xFE -> r.set(sinX);
                        case 0xFF -> r.set(cosX);
                        default -> {
                            r.set(cosX);
                            r.se2 = r.se;
                            r.m2 = r.m;
                            r.set(sinX);
                            r.inexact = true;
                        }
                    }
                }
            }
        }
        flags |= sf.flags;
        if ((flags & IE) == 0 && !(r.se == se0 && r.m == m0 && modrm == 0xF0) && classOf(r.se, r.m) == FINITE && r.inexact) {
            flags |= PE;
        }
        if (!raiseFlags(f, flags)) return 0;
        f.fsw &= ~(X87Unit.FSW_C1 | X87Unit.FSW_C2);
        if (binary) {
            store(f, 1, r.se, r.m);
            pop(f);
        } else if (modrm == 0xFB) {
            store(f, 0, r.se, r.m);
            push(f);
            store(f, 0, r.se2, r.m2);
        } else {
            store(f, 0, r.se, r.m);
            if (modrm == 0xF2) {
                push(f);
                if ((flags & IE) != 0) store(f, 0, SoftFloat.DEFAULT_NAN80_SE, SoftFloat.DEFAULT_NAN80_M);
                else store(f, 0, 0x3FFF, Long.MIN_VALUE);
            }
        }
        return 0;
    }

    /**
     * pi/2 as the x87 reduces arguments with it: pi rounded to 66 significant bits (SDM vol. 1,
     * 8.3.10), so results for large arguments follow the hardware rather than the exact value.
     */
    private static final BigDecimal HALF_PI = new BigDecimal(new BigInteger("C90FDAA22168C234", 16).shiftLeft(2).or(BigInteger.valueOf(3)))
            .divide(BigDecimal.TWO.pow(65));

    /** The exact value of a finite 80-bit number. */
    private static BigDecimal exactValue(int se, long m) {
        BigDecimal v = new BigDecimal(new BigInteger(Long.toUnsignedString(m)));
        int e = Math.max(1, se & 0x7FFF) - 16383 - 63;
        v = e >= 0 ? v.multiply(BigDecimal.TWO.pow(e)) : v.divide(BigDecimal.TWO.pow(-e));
        return (se & 0x8000) != 0 ? v.negate() : v;
    }

    private static final long LN2 = 0xB17217F7D1CF79ACL, L2E = 0xB8AA3B295C17F0BCL, PI = 0xC90FDAA22168C235L;
    private static final double LN2_DOUBLE = 0.6931471805599453;

    /** An 80-bit result (and the second one of FSINCOS); inexact unless set from an exact value. */
    private static final class Result {
        int se, se2;
        long m, m2;
        boolean inexact = true;

        void set(int se, long m) {
            this.se = se;
            this.m = m;
            inexact = false;
        }

        void set(double v) {
            SoftFloat c = new SoftFloat();
            c.setMxcsr(FpState.MXCSR_DEFAULT);
            m = c.convert(F64, F80, 0, Double.doubleToRawLongBits(v));
            se = c.se;
            inexact = true;
        }
    }

    /** The value 1.f of a significand, as a binary64 in [1, 2). */
    private static double mantissa(long m) {
        int lz = Long.numberOfLeadingZeros(m);
        return Double.longBitsToDouble(0x3FF0000000000000L | ((m << lz) << 1 >>> 12));
    }

    /** r = y * l, y in 80 bits and l a binary64 value, rounded once in extended precision. */
    private static void multiply(SoftFloat sf, Result r, int seY, long mY, double l) {
        SoftFloat c = new SoftFloat();
        c.setMxcsr(FpState.MXCSR_DEFAULT);
        long lm = c.convert(F64, F80, 0, Double.doubleToRawLongBits(l));
        if (l == 0) {
            r.set((seY ^ c.se) & 0x8000, 0);
            return;
        }
        r.m = sf.arith80(SoftFloat.OP_MUL, seY, mY, c.se, lm);
        r.se = sf.se;
        r.inexact = true;
    }

    /** FPATAN: the angle of (x, y) in (-pi, pi], with operands of any exponent. */
    private static void atan2(SoftFloat sf, Result r, int seY, long mY, int cy, int seX, long mX, int cx) {
        int sy = seY & 0x8000;
        boolean xNegative = (seX & 0x8000) != 0;
        if (cy == ZERO) {
            // atan2(+-0, x): +-0 for x > 0 or +0, +-pi for x < 0 or -0.
            if (xNegative) r.set(sy | 0x4000, PI);
            else r.set(sy, 0);
            if (xNegative) r.inexact = true;
            return;
        }
        if (cx == ZERO || (cy == INF && cx != INF)) {
            r.set(sy | 0x3FFF, PI);
            r.inexact = true;
            return;
        }
        if (cx == INF || cy == INF) {
            double v = StrictMath.atan2(cy == INF ? (sy != 0 ? -1.0 : 1.0) : 0.0 * (sy != 0 ? -1 : 1),
                    cx == INF ? (xNegative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY) : 1.0);
            if (cy == INF) v = StrictMath.atan2(sy != 0 ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY,
                    xNegative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
            r.set(v);
            return;
        }
        int ey = exponent(seY, mY), ex = exponent(seX, mX);
        if (ey - ex < -900 && !xNegative) {
            // |y/x| < 2^-900: atan(y/x) = y/x to 64 bits.
            r.m = sf.arith80(SoftFloat.OP_DIV, seY, mY, seX, mX);
            r.se = sf.se;
            r.inexact = true;
            return;
        }
        int shift = Math.max(ey, ex);
        double y = Math.scalb(mantissa(mY), ey - shift) * (sy != 0 ? -1 : 1);
        double x = Math.scalb(mantissa(mX), ex - shift) * (xNegative ? -1 : 1);
        r.set(StrictMath.atan2(y, x));
    }

    private static void store(FpState f, int i, int se, long m) {
        int p = (top(f) + i) & 7;
        f.stSe[p] = se & 0xFFFF;
        f.stM[p] = m;
        f.ftw |= 1 << p;
    }

    private static void setIndefinite(FpState f, int i) {
        int p = (top(f) + i) & 7;
        f.stSe[p] = SoftFloat.DEFAULT_NAN80_SE;
        f.stM[p] = SoftFloat.DEFAULT_NAN80_M;
        f.ftw |= 1 << p;
    }

    private static boolean raiseFlags(FpState f, int flags) {
        f.fsw |= flags & 0x7F;
        if ((f.fsw & ~f.fcw & 0x3F) != 0) f.fsw |= X87Unit.FSW_ES | X87Unit.FSW_B;
        return (flags & ~f.fcw & (IE | DE | ZE)) == 0;
    }
}
