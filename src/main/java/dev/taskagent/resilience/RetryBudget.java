package dev.taskagent.resilience;

/**
 * The retries all model calls together may make: a token bucket that every first attempt tops up by
 * {@code ratio} (up to {@code reserve}) and every retry draws one token from. Over any stretch of time retries are
 * then at most {@code reserve + ratio × requests}, so when the endpoint fails for everyone, N calls cause about N
 * requests instead of N × (1 + max-retries) — a retry storm would only deepen an outage or get the account
 * throttled.
 */
final class RetryBudget {

    private final double ratio;
    private final double reserve;
    private double tokens;

    RetryBudget(double ratio, int reserve) {
        this.ratio = ratio;
        this.reserve = reserve;
        this.tokens = reserve;
    }

    /** A first attempt was made. */
    synchronized void requested() {
        tokens = Math.min(reserve, tokens + ratio);
    }

    /** Takes a token for one retry; false when none is left. */
    synchronized boolean tryRetry() {
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
