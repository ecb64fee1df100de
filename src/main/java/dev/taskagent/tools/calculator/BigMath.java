package dev.taskagent.tools.calculator;

import ch.obermuhlner.math.big.BigDecimalMath;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Transcendental functions on BigDecimal to a requested precision, from the big-math library; EvalEx's own work in
 * doubles (about 16 digits) and its trigonometry in degrees.
 */
final class BigMath {

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

    /** Natural logarithm; the caller has already refused x &lt;= 0. */
    static BigDecimal ln(BigDecimal x, MathContext mc) {
        return BigDecimalMath.log(x, mc);
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
        return x.remainder(twoPi, work);
    }

    /** Arctangent, in radians. */
    static BigDecimal atan(BigDecimal x, MathContext mc) {
        return BigDecimalMath.atan(x, mc);
    }

    /** Throws if the evaluating thread was cancelled, so a timed-out evaluation stops burning CPU. */
    static void checkInterrupted() {
        if (Thread.currentThread().isInterrupted()) {
            throw new CalculationException("evaluation was cancelled");
        }
    }
}
