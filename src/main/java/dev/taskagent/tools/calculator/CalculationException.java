package dev.taskagent.tools.calculator;

/** An expression that cannot be evaluated; the message is short plain text meant for a language model. */
public final class CalculationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception; no stack trace is recorded because this is an expected outcome, not a bug. */
    public CalculationException(String shortMessage) {
        super(shortMessage, null, false, false);
    }
}
