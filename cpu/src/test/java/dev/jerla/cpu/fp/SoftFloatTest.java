package dev.jerla.cpu.fp;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SoftFloat against independent references: Java's own arithmetic for round-to-nearest (the JVM
 * computes IEEE binary32/64 exactly), exact BigDecimal arithmetic for the directed roundings and
 * the 80-bit format, BigInteger for the 128-bit helpers. The host processor is the reference of
 * the differential tests in dev.jerla.cpu.diff.
 */
class SoftFloatTest {
    private static final Random R = new Random(42);

    private static double randomDouble() {
        long e = 1023 - 200 + R.nextInt(400);
        return Double.longBitsToDouble((R.nextBoolean() ? Long.MIN_VALUE : 0) | e << 52 | (R.nextLong() & 0xFFFFFFFFFFFFFL));
    }

    private static SoftFloat sse(int rc) {
        SoftFloat s = new SoftFloat();
        s.setMxcsr(0x1F80 | rc << 13);
        return s;
    }

    @Test
    void roundToNearestMatchesJavaArithmetic() {
        SoftFloat s = sse(SoftFloat.RC_NEAREST);
        for (int i = 0; i < 200_000; i++) {
            double a = randomDouble(), b = randomDouble();
            long ab = Double.doubleToRawLongBits(a), bb = Double.doubleToRawLongBits(b);
            assertEquals(Double.doubleToRawLongBits(a + b), s.add64(ab, bb), () -> a + " + " + b);
            assertEquals(Double.doubleToRawLongBits(a - b), s.sub64(ab, bb), () -> a + " - " + b);
            assertEquals(Double.doubleToRawLongBits(a * b), s.mul64(ab, bb), () -> a + " * " + b);
            assertEquals(Double.doubleToRawLongBits(a / b), s.div64(ab, bb), () -> a + " / " + b);
            assertEquals(Double.doubleToRawLongBits(Math.sqrt(Math.abs(a))), s.sqrt64(Double.doubleToRawLongBits(Math.abs(a))));
            float fa = (float) a, fb = (float) b;
            int ia = Float.floatToRawIntBits(fa), ib = Float.floatToRawIntBits(fb);
            assertEquals(Float.floatToRawIntBits(fa * fb), s.mul32(ia, ib), () -> fa + " * " + fb);
            assertEquals(Float.floatToRawIntBits(fa / fb), s.div32(ia, ib), () -> fa + " / " + fb);
            assertEquals(Float.floatToRawIntBits(fa + fb), s.add32(ia, ib), () -> fa + " + " + fb);
        }
    }

    @Test
    void directedRoundingBracketsTheExactResult() {
        for (int rc : new int[] {SoftFloat.RC_DOWN, SoftFloat.RC_UP, SoftFloat.RC_ZERO}) {
            SoftFloat s = sse(rc);
            for (int i = 0; i < 20_000; i++) {
                double a = randomDouble(), b = randomDouble();
                BigDecimal exact = new BigDecimal(a).multiply(new BigDecimal(b));
                double r = Double.longBitsToDouble(s.mul64(Double.doubleToRawLongBits(a), Double.doubleToRawLongBits(b)));
                checkDirected(rc, exact, r);
                exact = new BigDecimal(a).add(new BigDecimal(b));
                r = Double.longBitsToDouble(s.add64(Double.doubleToRawLongBits(a), Double.doubleToRawLongBits(b)));
                checkDirected(rc, exact, r);
            }
        }
    }

    private static void checkDirected(int rc, BigDecimal exact, double r) {
        BigDecimal br = new BigDecimal(r);
        int c = br.compareTo(exact);
        boolean towardZero = rc == SoftFloat.RC_ZERO;
        boolean down = rc == SoftFloat.RC_DOWN || (towardZero && exact.signum() > 0);
        if (c == 0) return;
        if (down) {
            assertTrue(c < 0 && new BigDecimal(Math.nextUp(r)).compareTo(exact) > 0, () -> "rounding down " + exact + " gave " + r);
        } else {
            assertTrue(c > 0 && new BigDecimal(Math.nextDown(r)).compareTo(exact) < 0, () -> "rounding up " + exact + " gave " + r);
        }
    }

    @Test
    void inexactAndUnderflowFlags() {
        SoftFloat s = sse(SoftFloat.RC_NEAREST);
        s.mul64(Double.doubleToRawLongBits(3.0), Double.doubleToRawLongBits(5.0));
        assertEquals(0, s.flags);
        s.div64(Double.doubleToRawLongBits(1.0), Double.doubleToRawLongBits(3.0));
        assertEquals(SoftFloat.PE, s.flags);
        s.clearFlags();
        // 2^-1000 * 2^-60 is an exact denormal: no underflow when exact (masked).
        s.mul64(Double.doubleToRawLongBits(0x1p-1000), Double.doubleToRawLongBits(0x1p-60));
        assertEquals(0, s.flags);
        s.mul64(Double.doubleToRawLongBits(0x1.1p-1000), Double.doubleToRawLongBits(0x1.01p-70));
        assertEquals(SoftFloat.UE | SoftFloat.PE, s.flags);
        s.clearFlags();
        s.div64(Double.doubleToRawLongBits(1.0), 0);
        assertEquals(SoftFloat.ZE, s.flags);
    }

    @Test
    void extendedPrecisionArithmeticIsExactlyRounded() {
        SoftFloat s = new SoftFloat();
        s.setFcw(0x037F);
        for (int i = 0; i < 5_000; i++) {
            long ma = R.nextLong() | Long.MIN_VALUE, mb = R.nextLong() | Long.MIN_VALUE;
            int ea = 0x3FFF + R.nextInt(40) - 20, eb = 0x3FFF + R.nextInt(40) - 20;
            BigDecimal a = value(ea, ma), b = value(eb, mb);
            long m = s.arith80(SoftFloat.OP_MUL, ea, ma, eb, mb);
            assertNearest(a.multiply(b), s.se, m);
            m = s.arith80(SoftFloat.OP_ADD, ea, ma, eb, mb);
            assertNearest(a.add(b), s.se, m);
        }
    }

    private static BigDecimal value(int se, long m) {
        BigDecimal v = new BigDecimal(new BigInteger(Long.toUnsignedString(m)));
        int e = (se & 0x7FFF) - 16383 - 63;
        v = e >= 0 ? v.multiply(new BigDecimal(BigInteger.TWO.pow(e))) : v.divide(new BigDecimal(BigInteger.TWO.pow(-e)));
        return (se & 0x8000) != 0 ? v.negate() : v;
    }

    /** The result is within half an ulp of the exact value. */
    private static void assertNearest(BigDecimal exact, int se, long m) {
        BigDecimal r = value(se, m);
        BigDecimal halfUlp = value(se & 0x7FFF, 1L).divide(BigDecimal.TWO);
        assertTrue(r.subtract(exact).abs().compareTo(halfUlp) <= 0, () -> "exact " + exact + " got " + r);
    }

    @Test
    void divide128MatchesBigInteger() {
        SoftFloat s = new SoftFloat();
        for (int i = 0; i < 100_000; i++) {
            long v = R.nextLong() | Long.MIN_VALUE;
            long u1 = Long.remainderUnsigned(R.nextLong(), v), u0 = R.nextLong();
            BigInteger u = new BigInteger(Long.toUnsignedString(u1)).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(u0)));
            BigInteger[] qr = u.divideAndRemainder(new BigInteger(Long.toUnsignedString(v)));
            assertEquals(qr[0].longValue(), s.div128(u1, u0, v));
        }
    }

    @Test
    void conversionsToIntegerGiveTheIndefiniteOutOfRange() {
        SoftFloat s = sse(SoftFloat.RC_NEAREST);
        assertEquals(Integer.MIN_VALUE, (int) s.toInt(SoftFloat.F64, 0, Double.doubleToRawLongBits(3e9), 32));
        assertEquals(SoftFloat.IE, s.flags);
        s.clearFlags();
        assertEquals(2, s.toInt(SoftFloat.F64, 0, Double.doubleToRawLongBits(2.5), 32));
        assertEquals(-4, s.toInt(SoftFloat.F64, 0, Double.doubleToRawLongBits(-3.5), 64));
        assertEquals(SoftFloat.PE, s.flags);
        s.setRoundingControl(SoftFloat.RC_ZERO);
        assertEquals(-3, s.toInt(SoftFloat.F64, 0, Double.doubleToRawLongBits(-3.99), 16));
    }

    @Test
    void nanPropagationFollowsTheUnit() {
        long snan = 0x7FF0000000000001L, qnan = 0x7FF8000000000002L;
        SoftFloat s = sse(SoftFloat.RC_NEAREST);
        // SSE: the first operand, quieted.
        assertEquals(0x7FF8000000000001L, s.add64(snan, qnan));
        assertEquals(SoftFloat.IE, s.flags);
        assertEquals(qnan, s.add64(1, qnan));
        s.clearFlags();
        assertEquals(SoftFloat.DEFAULT_NAN64, s.mul64(0, 0x7FF0000000000000L));
        assertEquals(SoftFloat.IE, s.flags);
    }
}
