package dev.taskagent.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * An error as OpenAI's API sends it, {@code {"error": {"message", "type", "param", "code"}}}: the shape every OpenAI
 * client reads (and turns into its error classes by HTTP status), used instead of a problem document on the
 * OpenAI-compatible paths. A typed answer that did not match its schema also carries, as the problem document does,
 * the validation {@code errors} and the {@code last_attempt} (clients keep unknown members of the error object).
 */
@RegisterForReflection
public record OpenAiError(Body error) {

    /** The paths that answer errors in this shape. */
    public static boolean covers(String path) {
        return path != null && (path.startsWith("/v1/chat/completions") || path.startsWith("/v1/models"));
    }

    @RegisterForReflection
    public record Body(
            String message,
            String type,
            String param,
            String code,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<String> errors,

            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("last_attempt")
            JsonNode lastAttempt) {}

    /**
     * The same error as {@code problem}: its detail, the type OpenAI gives that status, the member at fault, the code,
     * and for an answer that did not match its schema, why and what it was.
     */
    public static OpenAiError of(Problem problem) {
        return new OpenAiError(new Body(
                problem.detail(),
                type(problem.status()),
                problem.param(),
                problem.code(),
                problem.errors(),
                problem.lastAttempt()));
    }

    private static String type(int status) {
        return switch (status) {
            case 400, 404, 409, 413, 422 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 402 -> "insufficient_quota";
            case 403 -> "permission_error";
            case 429 -> "rate_limit_error";
            default -> status >= 500 ? "server_error" : "invalid_request_error";
        };
    }
}
