package dev.taskagent.store;

/** Redis did not answer (down, unreachable, or slower than {@code task-agent.redis.command-timeout}). */
public final class StoreUnavailableException extends RuntimeException {

    /** The problem code of the 503 a request gets meanwhile. */
    public static final String CODE = "store-unavailable";

    /** The problem detail of that 503. */
    public static final String DETAIL =
            "the shared task store (Redis) does not answer; nothing was done, retry shortly";

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
