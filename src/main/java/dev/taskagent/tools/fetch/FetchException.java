package dev.taskagent.tools.fetch;

/**
 * Failure of an {@code http_fetch} call. The message is short, human/model readable text
 * (for example {@code "blocked: address 10.0.0.5 is private"} or {@code "timeout after 10 s"});
 * it never contains stack traces, response headers or request credentials, so it can be handed
 * to the language model as the tool result.
 */
public final class FetchException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public FetchException(String shortMessage) {
        super(shortMessage);
    }

    /** Same as {@link #FetchException(String)} but keeps the low-level cause for server-side logging. */
    public FetchException(String shortMessage, Throwable cause) {
        super(shortMessage, cause);
    }
}
