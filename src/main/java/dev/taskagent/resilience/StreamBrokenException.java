package dev.taskagent.resilience;

/**
 * A streamed model call failed after part of its text had been handed on. Never retried — the text cannot be taken
 * back — but its cause counts like any other failure of the endpoint.
 */
public final class StreamBrokenException extends RuntimeException {

    public StreamBrokenException(Throwable cause) {
        super("the model's answer broke off: " + cause.getMessage(), cause);
    }
}
