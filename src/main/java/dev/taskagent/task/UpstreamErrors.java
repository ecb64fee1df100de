package dev.taskagent.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskagent.config.TaskAgentConfig;
import dev.taskagent.resilience.ModelFailure;
import dev.taskagent.task.TaskFailure.UpstreamError;
import dev.taskagent.task.TaskFailure.UpstreamError.Cause;
import java.io.IOException;
import java.net.URI;
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
    private final String host;
    private final String keyVariable;

    UpstreamErrors(ObjectMapper mapper, TaskAgentConfig.Model model) {
        this.mapper = mapper;
        this.breakerDelay = model.circuitBreaker().delay();
        this.host = hostOf(model.baseUrl());
        this.keyVariable = model.apiKeyVariable();
    }

    /** Returns the failure for {@code thrown}, or null when it is not an upstream failure. */
    TaskFailure translate(Throwable thrown) {
        ModelFailure failure = ModelFailure.of(thrown);
        return switch (failure.kind()) {
            case HTTP ->
                failure.status() == 401 || failure.status() == 403
                        ? unauthorized(failure)
                        : fromBody(failure.status(), failure.http().getMessage(), failure.retryAfter());
            case TIMEOUT ->
                new TaskFailure.UpstreamTimeout("the model endpoint at " + host + " did not answer in time");
            case UNREACHABLE ->
                UpstreamError.of(
                        Cause.UNREACHABLE,
                        "the model endpoint at " + host + " could not be reached (connection refused, unknown host or "
                                + "no route): check task-agent.model.base-url and the network");
            case CONNECTION_LOST ->
                UpstreamError.of(
                        Cause.CONNECTION_LOST,
                        "the connection to the model endpoint at " + host + " broke before its reply was complete");
            case INVALID_RESPONSE ->
                UpstreamError.of(
                        Cause.INVALID_RESPONSE,
                        "the model endpoint at " + host + " sent a reply that is not a usable chat completion: "
                                + failure.reason());
            case ANSWER_TOO_LARGE -> UpstreamError.of(Cause.ANSWER_TOO_LARGE, failure.reason());
            case CIRCUIT_OPEN -> new TaskFailure.UpstreamUnavailable(breakerDelay);
            case OTHER -> null;
        };
    }

    private UpstreamError unauthorized(ModelFailure failure) {
        UpstreamError said = fromBody(failure.status(), failure.http().getMessage(), null);
        return new UpstreamError(
                Cause.UNAUTHORIZED,
                failure.status(),
                said.code(),
                "the model endpoint at " + host + " refused the model token (HTTP " + failure.status() + "): set "
                        + keyVariable + " (or task-agent.model.api-key) to a valid token and restart the service; "
                        + "the endpoint said: " + said.getMessage(),
                null);
    }

    /** The host (and port, when given) of the endpoint: never its path or query, which may hold secrets. */
    static String hostOf(String baseUrl) {
        try {
            URI uri = URI.create(baseUrl.strip());
            if (uri.getHost() == null) {
                return "(no host in task-agent.model.base-url)";
            }
            return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
        } catch (IllegalArgumentException e) {
            return "(task-agent.model.base-url is not a URL)";
        }
    }

    private UpstreamError fromBody(int status, String body, Duration retryAfter) {
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
        // one line: a detail is read in a terminal and a log line
        message = message.replaceAll("\\s+", " ");
        return new UpstreamError(status, code, message, retryAfter);
    }

    private static String text(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull() || node.isContainerNode()) {
            return null;
        }
        String text = node.asText();
        return text.isBlank() ? null : text;
    }
}
