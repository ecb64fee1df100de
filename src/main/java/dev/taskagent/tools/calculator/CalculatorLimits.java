package dev.taskagent.tools.calculator;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds that keep one evaluation cheap: expression length, power exponent, factorial argument, digits of any
 * (intermediate) result and wall-clock time.
 */
public record CalculatorLimits(
        int maxExpressionLength, int maxExponent, int maxFactorial, int maxResultDigits, Duration timeout) {

    /** Validates that every bound is positive. */
    public CalculatorLimits {
        requirePositive(maxExpressionLength, "maxExpressionLength");
        requirePositive(maxExponent, "maxExponent");
        requirePositive(maxFactorial, "maxFactorial");
        requirePositive(maxResultDigits, "maxResultDigits");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
    }

    /** Returns 1000 characters, |exponent| at most 10000, factorial up to 1000!, 1000 digits and 2 seconds. */
    public static CalculatorLimits defaults() {
        return new CalculatorLimits(1000, 10_000, 1000, 1000, Duration.ofSeconds(2));
    }

    private static void requirePositive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
