package dev.taskagent.resilience;

import io.smallrye.faulttolerance.api.CustomBackoffStrategy;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Delay before the next attempt of a model call: what the endpoint asked for with Retry-After when it did, otherwise
 * exponential backoff (initial delay doubled per attempt, capped) with jitter, drawn between half and all of it so
 * that many tasks failing together do not retry together.
 */
final class RetryBackoff implements CustomBackoffStrategy {

    private final long maxDelayMillis;
    private final DoubleSupplier random;
    private long nextMillis;

    RetryBackoff(Duration maxDelay) {
        this(maxDelay, () -> ThreadLocalRandom.current().nextDouble());
    }

    RetryBackoff(Duration maxDelay, DoubleSupplier random) {
        this.maxDelayMillis = maxDelay.toMillis();
        this.random = random;
    }

    @Override
    public void init(long initialDelayInMillis) {
        this.nextMillis = Math.max(1, initialDelayInMillis);
    }

    @Override
    public long nextDelayInMillis(Throwable cause) {
        long exponential = Math.min(nextMillis, maxDelayMillis);
        nextMillis = Math.min(maxDelayMillis, nextMillis * 2);
        var asked = ModelFailure.of(cause).retryAfterDelay();
        if (asked.isPresent()) {
            // what the endpoint asked for, at least; the retry predicate has refused waits longer than allowed
            return asked.get().toMillis() + (long) (random.getAsDouble() * Math.min(1000, exponential / 2));
        }
        return exponential / 2 + (long) (random.getAsDouble() * (exponential - exponential / 2));
    }
}
