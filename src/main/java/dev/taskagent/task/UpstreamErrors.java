package dev.taskagent.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskagent.resilience.ModelFailure;
import java.io.IOException;
import java.time.Duration;

/**
 * Turns what the model client threw into a {@link TaskFailure}, keeping the endpoint's own message and code. Puter
 * answers {@code {"error","message","code"}}; OpenAI-shaped endpoints answer {@code {"error":{"message","code"}}};
 * anything else is kept as short text. Failures without a reply (timeouts, broken connections, malformed replies, an
 * open circuit breaker) are classified by {@link ModelFailure}.
 */
final class UpstreamErrors {

    private static final int MAX_MESSAGE = 500;

    private final ObjectMapper mapper;
    private final Duration breakerDelay;

    UpstreamErrors(ObjectMapper mapper, Duration breakerDelay) {
        this.mapper = mapper;
        this.breakerDelay = breakerDelay;
    }

    /** Returns the failure for {@code thrown}, or null when it is not an upstream failure. */
    TaskFailure translate(Throwable thrown) {
        ModelFailure failure = ModelFailure.of(thrown);
        return switch (failure.kind()) {
            case HTTP -> fromBody(failure.status(), failure.http().getMessage(), failure.retryAfter());
            case TIMEOUT -> new TaskFailure.UpstreamTimeout("the model endpoint did not answer in time");
            case UNREACHABLE ->
                new TaskFailure.UpstreamError(0, "upstream_unreachable", "the model endpoint could not be reached");
            case CONNECTION_LOST ->
                new TaskFailure.UpstreamError(
                        0,
                        "upstream_connection_lost",
                        "the connection to the model endpoint broke before its reply was complete");
            case INVALID_RESPONSE ->
                new TaskFailure.UpstreamError(
                        0,
                        "upstream_invalid_response",
                        "the model endpoint sent a reply that is not valid chat-completions JSON");
            case CIRCUIT_OPEN -> new TaskFailure.UpstreamUnavailable(breakerDelay);
            case OTHER -> null;
        };
    }

    private TaskFailure.UpstreamError fromBody(int status, String body, Duration retryAfter) {
        String message = null;
        String code = null;
        if (body != null && !body.isBlank()) {
            try {
                JsonNode root = mapper.readTree(body);
                JsonNode error = root.path("error");
                if (error.isObject()) {
                    message = text(error.path("message"));
                    code = text(error.path("code"));
                    if (code == null) {
                        code = text(error.path("type"));
                    }
                } else {
                    message = text(root.path("message"));
                    code = text(root.path("code"));
                    if (message == null) {
                        message = text(error);
                    } else if (code == null) {
                        code = text(error);
                    }
                }
            } catch (IOException notJson) {
                message = body.strip();
            }
        }
        if (message == null) {
            message = "the model endpoint answered HTTP " + status;
        }
        if (message.length() > MAX_MESSAGE) {
            message = message.substring(0, MAX_MESSAGE) + "…";
        }
        return new TaskFailure.UpstreamError(status, code, message, retryAfter);
    }

    private static String text(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull() || node.isContainerNode()) {
            return null;
        }
        String text = node.asText();
        return text.isBlank() ? null : text;
    }
}
