package dev.taskagent.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParseException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import io.vertx.core.http.HttpClosedException;
import jakarta.ws.rs.ProcessingException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelFailureTest {

    private static final Duration MAX_WAIT = Duration.ofSeconds(30);

    @ParameterizedTest
    @CsvSource({
        "400, false, false", "401, false, false", "402, false, false", "403, false, false", "404, false, false",
        "408, true, false", "429, true, false", "500, true, true", "502, true, true", "503, true, true"
    })
    void retriesAndCountsHttpStatuses(int status, boolean retryable, boolean outage) {
        ModelFailure failure = ModelFailure.of(new InternalServerException(new HttpException(status, "{}")));

        assertEquals(ModelFailure.Kind.HTTP, failure.kind());
        assertEquals(retryable, failure.retryable(MAX_WAIT), "retry " + status);
        assertEquals(outage, failure.outage(), "outage " + status);
        assertEquals(Integer.toString(status), failure.code());
    }

    @Test
    void retriesRateLimitOnlyWhenRetryAfterIsWithinTheLimit() {
        assertTrue(ModelFailure.of(new UpstreamHttpException(429, "", Duration.ofSeconds(30)))
                .retryable(MAX_WAIT));
        assertFalse(ModelFailure.of(new UpstreamHttpException(429, "", Duration.ofSeconds(31)))
                .retryable(MAX_WAIT));
    }

    @Test
    void findsRetryAfterDeepInTheCauseChain() {
        var thrown = new ProcessingException(new UpstreamHttpException(503, "", Duration.ofSeconds(7)));

        assertEquals(Optional.of(Duration.ofSeconds(7)), ModelFailure.of(thrown).retryAfterDelay());
    }

    @Test
    void classifiesFailuresWithoutReply() {
        assertKind(ModelFailure.Kind.UNREACHABLE, new ProcessingException(new ConnectException("refused")), true, true);
        assertKind(
                ModelFailure.Kind.CONNECTION_LOST, new ProcessingException(new SocketException("reset")), true, true);
        assertKind(ModelFailure.Kind.CONNECTION_LOST, new HttpClosedException("closed"), true, true);
        assertKind(ModelFailure.Kind.TIMEOUT, new TimeoutException("slow"), false, true);
        assertKind(
                ModelFailure.Kind.INVALID_RESPONSE,
                new ProcessingException(new JsonParseException(null, "garbage")),
                false,
                true);
        assertKind(ModelFailure.Kind.CIRCUIT_OPEN, new CircuitBreakerOpenException("open"), false, false);
        assertKind(ModelFailure.Kind.OTHER, new IllegalStateException("bug"), false, false);
        assertKind(
                ModelFailure.Kind.CONNECTION_LOST,
                new ProcessingException(new IOException("Connection was closed")),
                true,
                true);
    }

    @Test
    void neverRetriesAStreamThatBrokeOffAfterTextButCountsItsCauseAsAnOutage() {
        assertKind(
                ModelFailure.Kind.CONNECTION_LOST,
                new StreamBrokenException(new ProcessingException(new SocketException("reset"))),
                false,
                true);
        assertKind(
                ModelFailure.Kind.HTTP,
                new StreamBrokenException(new UpstreamHttpException(503, "", null)),
                false,
                true);
    }

    private static void assertKind(ModelFailure.Kind kind, Throwable thrown, boolean retryable, boolean outage) {
        ModelFailure failure = ModelFailure.of(thrown);
        assertEquals(kind, failure.kind(), thrown.toString());
        assertEquals(retryable, failure.retryable(MAX_WAIT), "retry " + thrown);
        assertEquals(outage, failure.outage(), "outage " + thrown);
    }

    @Test
    void readsRetryAfterAsSecondsOrHttpDate() {
        Clock clock = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);

        assertEquals(Optional.of(Duration.ofSeconds(12)), RetryAfterFilter.parse("12", clock));
        assertEquals(
                Optional.of(Duration.ofSeconds(90)), RetryAfterFilter.parse("Sun, 01 Mar 2026 10:01:30 GMT", clock));
        assertEquals(Optional.of(Duration.ZERO), RetryAfterFilter.parse("Sun, 01 Mar 2026 09:00:00 GMT", clock));
        assertEquals(Optional.empty(), RetryAfterFilter.parse("soon", clock));
        assertEquals(Optional.empty(), RetryAfterFilter.parse("-1", clock));
        assertEquals(Optional.empty(), RetryAfterFilter.parse(null, clock));
    }

    @Test
    void backsOffExponentiallyWithJitterUpToTheCap() {
        RetryBackoff lowest = new RetryBackoff(Duration.ofMillis(1000), () -> 0.0);
        RetryBackoff highest = new RetryBackoff(Duration.ofMillis(1000), () -> 0.999999);
        lowest.init(100);
        highest.init(100);
        Throwable failure = new HttpException(500, "{}");

        long[] low = new long[5];
        long[] high = new long[5];
        for (int i = 0; i < 5; i++) {
            low[i] = lowest.nextDelayInMillis(failure);
            high[i] = highest.nextDelayInMillis(failure);
        }

        assertEquals("[50, 100, 200, 400, 500]", java.util.Arrays.toString(low));
        assertEquals("[99, 199, 399, 799, 999]", java.util.Arrays.toString(high));
    }

    @Test
    void waitsWhatRetryAfterAsks() {
        RetryBackoff backoff = new RetryBackoff(Duration.ofMillis(1000), () -> 0.0);
        backoff.init(100);

        assertEquals(7000, backoff.nextDelayInMillis(new UpstreamHttpException(429, "", Duration.ofSeconds(7))));
    }
}
