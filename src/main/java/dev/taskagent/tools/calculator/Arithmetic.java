package dev.taskagent.tools.calculator;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;

/**
 * The number semantics of one evaluation: exact where BigDecimal allows it, 80 significant digits (64 shown)
 * otherwise, and every value kept inside the configured bounds so that no single step can become expensive. Not
 * thread-safe: it records whether any step had to round, so each evaluation uses its own instance.
 */
final class Arithmetic {

    /** Significant digits shown for results that cannot be exact (1/3, sqrt(2), sin(1)). */
    static final int SIGNIFICANT_DIGITS = 64;

    /** Significant digits carried by inexact intermediate values; the surplus hides rounding noise (1/3*3 = 1). */
    static final int WORKING_DIGITS = SIGNIFICANT_DIGITS + 16;

    private static final double LOG10_OF_2 = Math.log10(2);
    private static final double LOG10_OF_E = Math.log10(Math.E);

    private final CalculatorLimits limits;
    private final MathContext display = new MathContext(SIGNIFICANT_DIGITS, RoundingMode.HALF_EVEN);
    private final MathContext context = new MathContext(WORKING_DIGITS, RoundingMode.HALF_EVEN);
    // Exact intermediate values may carry this many digits; beyond it they are rounded to the working precision.
    private final int precisionCap;
    private final long deadlineNanos;
    private boolean inexact;

    /** @param deadlineNanos {@link System#nanoTime()} after which the next step refuses to run */
    Arithmetic(CalculatorLimits limits, long deadlineNanos) {
        this.limits = limits;
        this.precisionCap = 2 * limits.maxResultDigits() + SIGNIFICANT_DIGITS;
        this.deadlineNanos = deadlineNanos;
    }

    /**
     * Called before each step of the evaluation: stops it once its thread is interrupted (the caller gave up on it) or
     * its time is up, so that an abandoned evaluation burns no CPU after its answer. Each single step is short (see
     * {@link BigMath}), so the evaluation stops within one step.
     */
    void step() {
        BigMath.checkInterrupted();
        if (System.nanoTime() - deadlineNanos > 0) {
            throw new CalculationException("evaluation took longer than " + Calculator.describe(limits.timeout()));
        }
    }

    /** Returns the context number literals are parsed with. */
    MathContext literalContext() {
        return new MathContext(precisionCap, RoundingMode.HALF_EVEN);
    }

    /** Returns pi to the working precision. */
    static BigDecimal pi() {
        return BigMath.pi(new MathContext(WORKING_DIGITS, RoundingMode.HALF_EVEN));
    }

    /** Returns e to the working precision. */
    static BigDecimal e() {
        return BigMath.e(new MathContext(WORKING_DIGITS, RoundingMode.HALF_EVEN));
    }

    /** Records that the result depends on a rounded value, such as the constants pi and e. */
    void markInexact() {
        inexact = true;
    }

    /** Parses and bounds a number literal, reporting problems in terms of the literal's text. */
    BigDecimal literal(String text) {
        BigDecimal value;
        try {
            if (text.startsWith("0x") || text.startsWith("0X")) {
                value = new BigDecimal(new BigInteger(text.substring(2), 16));
            } else {
                value = new BigDecimal(text);
            }
        } catch (NumberFormatException | ArithmeticException e) {
            throw new CalculationException("invalid number " + excerpt(text));
        }
        if (value.signum() != 0 && magnitude(value) > limits.maxResultDigits()) {
            throw new CalculationException(
                    "number " + excerpt(text) + " has more than " + limits.maxResultDigits() + " digits");
        }
        if (value.signum() != 0 && magnitude(value) <= -limits.maxResultDigits()) {
            throw new CalculationException(
                    "number " + excerpt(text) + " is too close to zero (below 1e-" + limits.maxResultDigits() + ")");
        }
        return checked(value);
    }

    /** Keeps a value inside the bounds: refuses too many integer digits or a too-tiny magnitude, caps precision. */
    BigDecimal checked(BigDecimal value) {
        step();
        if (value.signum() == 0) {
            return BigDecimal.ZERO;
        }
        long magnitude = magnitude(value);
        if (magnitude > limits.maxResultDigits()) {
            throw tooManyDigits();
        }
        if (magnitude <= -limits.maxResultDigits()) {
            throw tooSmall();
        }
        return value.precision() > precisionCap ? rounded(value) : value;
    }

    BigDecimal add(BigDecimal a, BigDecimal b) {
        return checked(a.add(b));
    }

    BigDecimal subtract(BigDecimal a, BigDecimal b) {
        return checked(a.subtract(b));
    }

    BigDecimal multiply(BigDecimal a, BigDecimal b) {
        return checked(a.multiply(b));
    }

    /** Compares exactly, or as displayed once rounding happened, so sqrt(2)^2 == 2 agrees with the 2 shown. */
    int compare(BigDecimal a, BigDecimal b) {
        return inexact ? a.round(display).compareTo(b.round(display)) : a.compareTo(b);
    }

    BigDecimal negate(BigDecimal a) {
        return a.negate();
    }

    /** Divides exactly when the quotient terminates within the precision cap, else to the working precision. */
    BigDecimal divide(BigDecimal a, BigDecimal b) {
        if (b.signum() == 0) {
            throw new CalculationException("division by zero");
        }
        // A quotient that fills the whole wide context did not terminate, so it is rounded like any inexact value.
        BigDecimal quotient = a.divide(b, literalContext());
        return checked(quotient.precision() >= precisionCap ? rounded(quotient) : quotient);
    }

    /** Remainder with the sign of the dividend, as in Java, C and JavaScript. */
    BigDecimal remainder(BigDecimal a, BigDecimal b) {
        if (b.signum() == 0) {
            throw new CalculationException("division by zero");
        }
        return checked(a.remainder(b));
    }

    /** Raises x to y after refusing exponents and result sizes beyond the limits, without computing them. */
    BigDecimal power(BigDecimal x, BigDecimal y) {
        if (y.abs().compareTo(BigDecimal.valueOf(limits.maxExponent())) > 0) {
            throw new CalculationException("exponent " + brief(y) + " exceeds limit " + limits.maxExponent());
        }
        if (x.signum() == 0) {
            if (y.signum() < 0) {
                throw new CalculationException("division by zero");
            }
            return y.signum() == 0 ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        boolean integral = isInteger(y);
        if (!integral && x.signum() < 0) {
            throw new CalculationException("fractional power of a negative number is not a real number");
        }
        double resultMagnitude = y.doubleValue() * log10Abs(x);
        refuseMagnitude(resultMagnitude);
        if (!integral) {
            markInexact();
            MathContext wider = new MathContext(WORKING_DIGITS + 10, RoundingMode.HALF_EVEN);
            BigDecimal exponent = y.multiply(BigMath.ln(x, wider), wider);
            return checked(BigMath.exp(exponent, context));
        }
        int n = Math.abs(y.intValueExact());
        BigInteger unscaled = x.stripTrailingZeros().unscaledValue().abs();
        double exactDigits = n * log10(unscaled) + 1;
        if (exactDigits > precisionCap) {
            markInexact();
            return checked(x.pow(y.intValueExact(), context));
        }
        BigDecimal power = x.pow(n);
        return y.signum() < 0 ? divide(BigDecimal.ONE, power) : checked(power);
    }

    BigDecimal sqrt(BigDecimal x) {
        if (x.signum() < 0) {
            throw new CalculationException("square root of a negative number");
        }
        if (x.signum() == 0) {
            return BigDecimal.ZERO;
        }
        // A wide context keeps perfect squares of long numbers exact; other roots are rounded.
        MathContext wide = new MathContext(Math.max(WORKING_DIGITS + 4, x.precision() / 2 + 2), RoundingMode.HALF_EVEN);
        BigDecimal root = x.sqrt(wide);
        return checked(root.multiply(root).compareTo(x) == 0 ? root : rounded(root));
    }

    BigDecimal exp(BigDecimal x) {
        if (x.signum() == 0) {
            return BigDecimal.ONE;
        }
        refuseMagnitude(x.doubleValue() * LOG10_OF_E);
        markInexact();
        return checked(BigMath.exp(x, context));
    }

    BigDecimal ln(BigDecimal x) {
        requirePositive(x);
        if (x.compareTo(BigDecimal.ONE) == 0) {
            return BigDecimal.ZERO;
        }
        markInexact();
        return checked(BigMath.ln(x, context));
    }

    BigDecimal log10(BigDecimal x) {
        requirePositive(x);
        BigDecimal stripped = x.stripTrailingZeros();
        if (stripped.unscaledValue().equals(BigInteger.ONE)) {
            // Powers of ten have an exact logarithm; the series would leave a last-digit wobble.
            return BigDecimal.valueOf(-(long) stripped.scale());
        }
        markInexact();
        return checked(BigMath.ln(x, context).divide(BigMath.ln(BigDecimal.TEN, context), context));
    }

    BigDecimal sin(BigDecimal x) {
        if (x.signum() == 0) {
            return BigDecimal.ZERO;
        }
        boolean roundedArgument = inexact;
        markInexact();
        return checked(denoise(BigMath.sin(x, context), x, roundedArgument));
    }

    BigDecimal cos(BigDecimal x) {
        if (x.signum() == 0) {
            return BigDecimal.ONE;
        }
        boolean roundedArgument = inexact;
        markInexact();
        return checked(denoise(BigMath.cos(x, context), x, roundedArgument));
    }

    BigDecimal tan(BigDecimal x) {
        if (x.signum() == 0) {
            return BigDecimal.ZERO;
        }
        boolean roundedArgument = inexact;
        markInexact();
        BigDecimal cosine = denoise(BigMath.cos(x, context), x, roundedArgument);
        if (cosine.signum() == 0) {
            throw new CalculationException("tan is undefined at this angle");
        }
        BigDecimal sine = denoise(BigMath.sin(x, context), x, roundedArgument);
        return checked(sine.divide(cosine, context));
    }

    BigDecimal asin(BigDecimal x) {
        requireUnitRange(x, "asin");
        if (x.signum() == 0) {
            return BigDecimal.ZERO;
        }
        markInexact();
        return checked(asinUnchecked(x).round(context));
    }

    BigDecimal acos(BigDecimal x) {
        requireUnitRange(x, "acos");
        if (x.compareTo(BigDecimal.ONE) == 0) {
            return BigDecimal.ZERO;
        }
        markInexact();
        return checked(halfPi().subtract(asinUnchecked(x), context));
    }

    BigDecimal atan(BigDecimal x) {
        if (x.signum() == 0) {
            return BigDecimal.ZERO;
        }
        markInexact();
        return checked(BigMath.atan(x, context));
    }

    BigDecimal abs(BigDecimal x) {
        return x.abs();
    }

    BigDecimal floor(BigDecimal x) {
        return checked(x.setScale(0, RoundingMode.FLOOR));
    }

    BigDecimal ceil(BigDecimal x) {
        return checked(x.setScale(0, RoundingMode.CEILING));
    }

    /** Rounds half away from zero, the school rule people expect from round(2.5) = 3. */
    BigDecimal round(BigDecimal x, BigDecimal decimals) {
        if (!isInteger(decimals)) {
            throw new CalculationException("round needs a whole number of decimals");
        }
        if (decimals.abs().compareTo(BigDecimal.valueOf(limits.maxResultDigits())) > 0) {
            throw new CalculationException(
                    "round decimals must be between -" + limits.maxResultDigits() + " and " + limits.maxResultDigits());
        }
        return checked(x.setScale(decimals.intValueExact(), RoundingMode.HALF_UP));
    }

    BigDecimal min(List<BigDecimal> values) {
        return values.stream().min(BigDecimal::compareTo).orElseThrow();
    }

    BigDecimal max(List<BigDecimal> values) {
        return values.stream().max(BigDecimal::compareTo).orElseThrow();
    }

    /** Computes n! exactly after refusing arguments and result sizes beyond the limits. */
    BigDecimal factorial(BigDecimal n) {
        if (n.signum() < 0 || !isInteger(n)) {
            throw new CalculationException("factorial needs a non-negative whole number");
        }
        if (n.compareTo(BigDecimal.valueOf(limits.maxFactorial())) > 0) {
            throw new CalculationException("factorial of " + brief(n) + " exceeds limit " + limits.maxFactorial());
        }
        int count = n.intValueExact();
        double digits = 0;
        for (int k = 2; k <= count; k++) {
            digits += Math.log10(k);
        }
        refuseMagnitude(digits);
        BigInteger product = BigInteger.ONE;
        for (int k = 2; k <= count; k++) {
            if ((k & 63) == 0) {
                step();
            }
            product = product.multiply(BigInteger.valueOf(k));
        }
        return checked(new BigDecimal(product));
    }

    /**
     * Renders the final value. Exact values are shown in full; inexact ones (or exact ones longer than the digit
     * limit) are rounded to 64 significant digits. Notation is plain, except scientific (1.5E-21) below 1e-20 and
     * for rounded values of more than 64 integer digits, where plain notation would pad with made-up zeros.
     */
    String format(BigDecimal value) {
        BigDecimal result = checked(value);
        if (result.signum() == 0) {
            return "0";
        }
        result = result.stripTrailingZeros();
        boolean rounded = inexact || result.precision() > limits.maxResultDigits();
        if (rounded && result.precision() > SIGNIFICANT_DIGITS) {
            result = result.round(display).stripTrailingZeros();
        }
        long magnitude = magnitude(result);
        if (magnitude < -20 || (rounded && magnitude > SIGNIFICANT_DIGITS)) {
            return result.toString();
        }
        return result.toPlainString();
    }

    /** Shortens user text quoted in a message, so that a message never echoes a whole long expression. */
    static String excerpt(String text) {
        return text.length() <= 24 ? text : text.substring(0, 20) + "...";
    }

    /** Renders a number for a message: plain when short, else in scientific notation with six digits. */
    private static String brief(BigDecimal value) {
        String plain = value.stripTrailingZeros().toPlainString();
        return plain.length() <= 24
                ? plain
                : value.round(new MathContext(6, RoundingMode.HALF_EVEN)).toString();
    }

    private BigDecimal rounded(BigDecimal value) {
        markInexact();
        return value.round(context);
    }

    private BigDecimal halfPi() {
        MathContext wider = new MathContext(WORKING_DIGITS + 5, RoundingMode.HALF_EVEN);
        return BigMath.pi(wider).divide(BigDecimal.valueOf(2), wider);
    }

    private BigDecimal asinUnchecked(BigDecimal x) {
        if (x.abs().compareTo(BigDecimal.ONE) == 0) {
            return x.signum() < 0 ? halfPi().negate() : halfPi();
        }
        MathContext wider = new MathContext(WORKING_DIGITS + 5, RoundingMode.HALF_EVEN);
        BigDecimal cosine = BigDecimal.ONE.subtract(x.multiply(x)).sqrt(wider);
        return BigMath.atan(x.divide(cosine, wider), context);
    }

    private static void requireUnitRange(BigDecimal x, String name) {
        if (x.abs().compareTo(BigDecimal.ONE) > 0) {
            throw new CalculationException(name + " needs a value between -1 and 1");
        }
    }

    /**
     * Turns the residue of a rounded argument into the zero it stands for: sin(pi) is 0, not 1e-80, because pi
     * itself carries only 80 digits. Exact arguments are left alone since their tiny results are real.
     */
    private static BigDecimal denoise(BigDecimal result, BigDecimal argument, boolean roundedArgument) {
        BigDecimal size = result.abs();
        boolean belowArgumentPrecision = size.compareTo(argument.abs().movePointLeft(SIGNIFICANT_DIGITS)) < 0;
        boolean belowShownDigits = size.compareTo(BigDecimal.ONE.movePointLeft(SIGNIFICANT_DIGITS - 4)) < 0;
        return roundedArgument && belowArgumentPrecision && belowShownDigits ? BigDecimal.ZERO : result;
    }

    private void requirePositive(BigDecimal x) {
        if (x.signum() <= 0) {
            throw new CalculationException("logarithm of zero or a negative number");
        }
    }

    private void refuseMagnitude(double log10OfResult) {
        // One digit of slack absorbs double rounding; checked() applies the exact bound afterwards.
        if (log10OfResult > limits.maxResultDigits() + 1) {
            throw tooManyDigits();
        }
        if (log10OfResult < -limits.maxResultDigits() - 1) {
            throw tooSmall();
        }
    }

    private CalculationException tooManyDigits() {
        return new CalculationException("result has more than " + limits.maxResultDigits() + " digits");
    }

    private CalculationException tooSmall() {
        return new CalculationException("result is too close to zero (below 1e-" + limits.maxResultDigits() + ")");
    }

    private static boolean isInteger(BigDecimal value) {
        return value.signum() == 0 || value.stripTrailingZeros().scale() <= 0;
    }

    /** Number of digits before the decimal point; zero or negative for values below 1. */
    private static long magnitude(BigDecimal value) {
        return (long) value.precision() - value.scale();
    }

    private static double log10Abs(BigDecimal x) {
        return log10(x.unscaledValue().abs()) - x.scale();
    }

    private static double log10(BigInteger positive) {
        int bits = positive.bitLength();
        if (bits < 1000) {
            return Math.log10(positive.doubleValue());
        }
        int shift = bits - 900;
        return Math.log10(positive.shiftRight(shift).doubleValue()) + shift * LOG10_OF_2;
    }
}
