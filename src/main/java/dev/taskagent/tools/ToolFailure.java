package dev.taskagent.tools;

/**
 * A tool could not do what the model asked; the message is short, honest text for the model (no stack trace, no
 * request headers, no secrets). Tool cores' own exceptions are translated into this by their tool beans.
 */
public class ToolFailure extends RuntimeException {

    public ToolFailure(String message) {
        super(message, null, false, false);
    }

    public static ToolFailure find(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof ToolFailure failure) {
                return failure;
            }
        }
        return null;
    }
}
