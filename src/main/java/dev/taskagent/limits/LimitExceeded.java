package dev.taskagent.limits;

/** A caller went over one of its limits; the request is refused with 429 and a Retry-After in whole seconds. */
public final class LimitExceeded extends RuntimeException {

    private final String code;
    private final long retryAfterSeconds;

    public LimitExceeded(String code, String message, long retryAfterSeconds) {
        super(message, null, false, false);
        this.code = code;
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    /** {@code rate-limited} or {@code too-many-tasks}. */
    public String code() {
        return code;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
