package dev.taskagent.resilience;

import dev.langchain4j.exception.HttpException;
import java.time.Duration;
import java.util.Optional;

/** An error reply of the model endpoint that also said, with Retry-After, when to try again. */
public final class UpstreamHttpException extends HttpException {

    private final Duration retryAfter;

    public UpstreamHttpException(int statusCode, String body, Duration retryAfter) {
        super(statusCode, body);
        this.retryAfter = retryAfter;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
