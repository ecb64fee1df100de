package dev.taskagent.tools.calculator;

import ch.obermuhlner.math.big.BigDecimalMath;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Transcendental functions on BigDecimal to a requested precision, from the big-math library; EvalEx's own work in
 * doubles (about 16 digits) and its trigonometry in degrees. Each call is short whatever the argument within the
 * calculator's bounds: where the library's own algorithm slows down (the logarithm of a tiny number, the arctangent
 * of a huge one take seconds) the argument is first brought into a range where it is fast, because no call can be
 * interrupted while it runs.
 */
final class BigMath {

    /** Beyond this many powers of ten from 1, a logarithm is split into a mantissa's and a power of ten's. */
    private static final int LOG_SPLIT_EXPONENT = 20;

    private BigMath() {}

    static BigDecimal pi(MathContext mc) {
        return BigDecimalMath.pi(mc);
    }

    static BigDecimal e(MathContext mc) {
        return BigDecimalMath.e(mc);
    }

    /** Returns e^x; the caller has already bounded the magnitude of x. */
    static BigDecimal exp(BigDecimal x, MathContext mc) {
        return BigDecimalMath.exp(x, mc);
    }

    /**
     * Natural logarithm; the caller has already refused x &lt;= 0. Far from 1, x = m &times; 10^k is computed as ln(m)
     * + k ln(10); near 1 (|k| small) directly, where splitting would cancel digits.
     */
    static BigDecimal ln(BigDecimal x, MathContext mc) {
        long k = (long) x.precision() - x.scale() - 1;
        if (Math.abs(k) < LOG_SPLIT_EXPONENT) {
            return BigDecimalMath.log(x, mc);
        }
        MathContext work = new MathContext(mc.getPrecision() + 10, mc.getRoundingMode());
        BigDecimal mantissa = x.movePointLeft((int) k);
        BigDecimal powerOfTen = BigDecimalMath.log(BigDecimal.TEN, work).multiply(BigDecimal.valueOf(k), work);
        checkInterrupted();
        return BigDecimalMath.log(mantissa, work).add(powerOfTen, mc);
    }

    /** Sine of x in radians. */
    static BigDecimal sin(BigDecimal x, MathContext mc) {
        return BigDecimalMath.sin(reduce(x, mc), mc);
    }

    /** Cosine of x in radians. */
    static BigDecimal cos(BigDecimal x, MathContext mc) {
        return BigDecimalMath.cos(reduce(x, mc), mc);
    }

    /**
     * x modulo 2 pi, with pi carried to as many more digits as x has before its point, so that huge arguments such
     * as 1e300 keep full precision (the library's own reduction runs out of digits there).
     */
    private static BigDecimal reduce(BigDecimal x, MathContext mc) {
        int integerDigits = x.precision() - x.scale();
        if (integerDigits <= 1) {
            return x;
        }
        MathContext work = new MathContext(mc.getPrecision() + integerDigits + 10, mc.getRoundingMode());
        BigDecimal twoPi = BigDecimalMath.pi(work).multiply(BigDecimal.TWO, work);
        checkInterrupted();
        return x.remainder(twoPi, work);
    }

    /** Arctangent, in radians; beyond 1 as pi/2 - atan(1/x), which stays fast for huge x. */
    static BigDecimal atan(BigDecimal x, MathContext mc) {
        if (x.abs().compareTo(BigDecimal.ONE) <= 0) {
            return BigDecimalMath.atan(x, mc);
        }
        MathContext work = new MathContext(mc.getPrecision() + 10, mc.getRoundingMode());
        BigDecimal halfPi = BigDecimalMath.pi(work).divide(BigDecimal.TWO, work);
        BigDecimal rest = BigDecimalMath.atan(BigDecimal.ONE.divide(x.abs(), work), work);
        BigDecimal angle = halfPi.subtract(rest, mc);
        return x.signum() < 0 ? angle.negate() : angle;
    }

    /** Throws if the evaluating thread was cancelled, so a timed-out evaluation stops burning CPU. */
    static void checkInterrupted() {
        if (Thread.currentThread().isInterrupted()) {
            throw new CalculationException("evaluation was cancelled");
        }
    }
}
