package dev.taskagent.resilience;

/**
 * The model endpoint answered, but not with a usable chat completion: no body, no choices, no message, cut-off or
 * malformed JSON, a redirect. The message is ours (one line, never the endpoint's text), fit for a problem detail.
 */
public final class InvalidResponseException extends RuntimeException {

    public InvalidResponseException(String reason) {
        super(reason);
    }

    public InvalidResponseException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
