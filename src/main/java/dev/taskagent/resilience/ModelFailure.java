package dev.taskagent.resilience;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.langchain4j.exception.HttpException;
import io.vertx.core.http.HttpClosedException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * What went wrong with one model call, read from the exception its client threw (by type, never by message text):
 * the single place that decides what is retried, what counts against the circuit breaker, and which code metrics
 * and problem documents show.
 */
public record ModelFailure(Kind kind, HttpException http, Duration retryAfter, boolean afterText, String reason) {

    public enum Kind {
        /** The endpoint answered with an error status. */
        HTTP,
        /** No answer within the timeout. */
        TIMEOUT,
        /** The endpoint could not be reached (refused, unknown host, no route). */
        UNREACHABLE,
        /** The connection broke before a whole reply arrived (reset, closed). */
        CONNECTION_LOST,
        /** The reply was not a usable chat completion (malformed, empty, without a message, a redirect). */
        INVALID_RESPONSE,
        /** The answer grew past {@code task-agent.model.max-answer-chars}. */
        ANSWER_TOO_LARGE,
        /** Our circuit breaker is open: no call was made. */
        CIRCUIT_OPEN,
        /** Not a model-endpoint failure. */
        OTHER
    }

    /**
     * The failure {@code thrown} stands for. {@code afterText} when it broke off a streamed answer part of which had
     * already been handed on ({@link StreamBrokenException}); its kind is still that of its cause.
     */
    public static ModelFailure of(Throwable thrown) {
        boolean afterText = find(thrown, StreamBrokenException.class) != null;
        HttpException http = find(thrown, HttpException.class);
        if (http != null) {
            Duration after = http instanceof UpstreamHttpException withDelay
                    ? withDelay.retryAfter().orElse(null)
                    : null;
            return new ModelFailure(Kind.HTTP, http, after, afterText, null);
        }
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            Kind kind = kindOf(t);
            if (kind != Kind.OTHER) {
                return new ModelFailure(kind, null, null, afterText, reasonOf(t));
            }
        }
        return new ModelFailure(Kind.OTHER, null, null, afterText, null);
    }

    /**
     * What the model client threw, made something {@link #of} can classify: anything it does not recognise comes from
     * reading a reply the client could not make sense of (a null body, a missing field), so it is an invalid response.
     * Only for exceptions of the client itself, never for those of the code around it.
     */
    public static RuntimeException fromClient(Throwable thrown) {
        if (of(thrown).kind() != Kind.OTHER) {
            return thrown instanceof RuntimeException runtime ? runtime : new IllegalStateException(thrown);
        }
        return new InvalidResponseException("the client could not read it", thrown);
    }

    private static Kind kindOf(Throwable t) {
        if (t instanceof CircuitBreakerOpenException) {
            return Kind.CIRCUIT_OPEN;
        }
        if (t instanceof AnswerTooLargeException) {
            return Kind.ANSWER_TOO_LARGE;
        }
        if (t instanceof InvalidResponseException) {
            return Kind.INVALID_RESPONSE;
        }
        if (isTimeout(t)) {
            return Kind.TIMEOUT;
        }
        if (t instanceof ConnectException
                || t instanceof UnknownHostException
                || t instanceof NoRouteToHostException
                || t instanceof UnresolvedAddressException) {
            return Kind.UNREACHABLE;
        }
        if (t instanceof JsonProcessingException) {
            return Kind.INVALID_RESPONSE;
        }
        // the client reports a connection closed mid-reply as a bare IOException; any I/O failure of a model call
        // is one of its connection
        if (t instanceof IOException || t instanceof HttpClosedException) {
            return Kind.CONNECTION_LOST;
        }
        return Kind.OTHER;
    }

    /** Our own words for what was wrong, fit for a problem detail; never the endpoint's text. */
    private static String reasonOf(Throwable t) {
        if (t instanceof InvalidResponseException || t instanceof AnswerTooLargeException) {
            return t.getMessage();
        }
        if (t instanceof JsonProcessingException) {
            return "it is not valid JSON (malformed or cut off)";
        }
        return null;
    }

    private static boolean isTimeout(Throwable t) {
        return t instanceof SocketTimeoutException
                || t instanceof java.util.concurrent.TimeoutException
                || t instanceof dev.langchain4j.exception.TimeoutException
                || t instanceof org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException
                // Vert.x and Netty signal timeouts with their own types, which we do not link against
                || t.getClass().getSimpleName().endsWith("TimeoutException");
    }

    public int status() {
        return http == null ? 0 : http.statusCode();
    }

    public Optional<Duration> retryAfterDelay() {
        return Optional.ofNullable(retryAfter);
    }

    /**
     * Worth another attempt: 429, 408 and 5xx (unless Retry-After asks for longer than we wait), and connections —
     * never once text of the answer was handed on, which another attempt cannot take back.
     */
    public boolean retryable(Duration maxRetryAfter) {
        if (afterText) {
            return false;
        }
        return switch (kind) {
            case HTTP ->
                (status() == 429 || status() == 408 || status() >= 500)
                        && (retryAfter == null || retryAfter.compareTo(maxRetryAfter) <= 0);
            case UNREACHABLE, CONNECTION_LOST -> true;
            default -> false;
        };
    }

    /** A sign that the endpoint is down, counted by the circuit breaker; a refusal of this one request is not. */
    public boolean outage() {
        return switch (kind) {
            case HTTP -> status() >= 500;
            case TIMEOUT, UNREACHABLE, CONNECTION_LOST, INVALID_RESPONSE -> true;
            default -> false;
        };
    }

    /** Short code for metrics: the HTTP status, or the kind in lower case. */
    public String code() {
        return kind == Kind.HTTP ? Integer.toString(status()) : kind.name().toLowerCase();
    }

    private static <T extends Throwable> T find(Throwable thrown, Class<T> type) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
