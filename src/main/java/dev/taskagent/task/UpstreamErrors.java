package dev.taskagent.task;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.langchain4j.exception.HttpException;

/**
 * Turns what the model client threw into a {@link TaskFailure}, keeping the endpoint's own message and code. Puter
 * answers {@code {"error","message","code"}}; OpenAI-shaped endpoints answer {@code {"error":{"message","code"}}};
 * anything else is kept as short text.
 */
final class UpstreamErrors {

    private static final int MAX_MESSAGE = 500;

    private final ObjectMapper mapper;

    UpstreamErrors(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Returns the failure for {@code thrown}, or null when it is not an upstream failure. */
    TaskFailure translate(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpException http) {
                return fromBody(http.statusCode(), http.getMessage());
            }
            if (isTimeout(t)) {
                return new TaskFailure.UpstreamTimeout("the model endpoint did not answer in time");
            }
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof UnresolvedAddressException) {
                return new TaskFailure.UpstreamError(0, "upstream_unreachable", "the model endpoint could not be reached");
            }
        }
        return null;
    }

    TaskFailure.UpstreamError fromBody(int status, String body) {
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
        return new TaskFailure.UpstreamError(status, code, message);
    }

    private static String text(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull() || node.isContainerNode()) {
            return null;
        }
        String text = node.asText();
        return text.isBlank() ? null : text;
    }

    private static boolean isTimeout(Throwable t) {
        return t instanceof SocketTimeoutException
                || t instanceof java.util.concurrent.TimeoutException
                || t instanceof dev.langchain4j.exception.TimeoutException
                // Vert.x and Netty signal timeouts with their own types, which we do not link against
                || t.getClass().getSimpleName().endsWith("TimeoutException");
    }
}
