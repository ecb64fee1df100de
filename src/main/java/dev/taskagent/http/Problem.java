package dev.taskagent.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * An RFC 9457 problem document. {@code code} is a stable machine-readable reason (the upstream's own code for
 * upstream errors); {@code steps} carries the trace when a task stopped part-way; {@code request_id} is the id of
 * the request, as in its {@code X-Request-Id} header; {@code errors} and {@code last_attempt} say why a typed answer
 * did not match its schema, and what the model last gave.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        String instance,
        String code,
        @JsonProperty("upstream_status") Integer upstreamStatus,
        @JsonProperty("task_id") String taskId,
        List<TraceStep> steps,
        @JsonProperty("request_id") String requestId,
        List<String> errors,
        @JsonProperty("last_attempt") JsonNode lastAttempt,
        String param) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(String slug, String title, int status, String detail, String instance) {
        return new Problem(
                "urn:task-agent:problem:" + slug,
                title,
                status,
                detail,
                instance,
                slug,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    public Problem withDetail(String text) {
        return new Problem(
                type,
                title,
                status,
                text,
                instance,
                code,
                upstreamStatus,
                taskId,
                steps,
                requestId,
                errors,
                lastAttempt,
                param);
    }

    public Problem withCode(String code) {
        return new Problem(
                type,
                title,
                status,
                detail,
                instance,
                code,
                upstreamStatus,
                taskId,
                steps,
                requestId,
                errors,
                lastAttempt,
                param);
    }

    public Problem withUpstreamStatus(int upstream) {
        return new Problem(
                type,
                title,
                status,
                detail,
                instance,
                code,
                upstream,
                taskId,
                steps,
                requestId,
                errors,
                lastAttempt,
                param);
    }

    public Problem withTrace(String task, List<TraceStep> trace) {
        return new Problem(
                type,
                title,
                status,
                detail,
                instance,
                code,
                upstreamStatus,
                task,
                trace,
                requestId,
                errors,
                lastAttempt,
                param);
    }

    public Problem withOutputErrors(List<String> problems, JsonNode attempt) {
        return new Problem(
                type,
                title,
                status,
                detail,
                instance,
                code,
                upstreamStatus,
                taskId,
                steps,
                requestId,
                problems,
                attempt,
                param);
    }

    /** The request member at fault, for clients that point at it (OpenAI's error {@code param}). */
    public Problem withParam(String member) {
        return new Problem(
                type,
                title,
                status,
                detail,
                instance,
                code,
                upstreamStatus,
                taskId,
                steps,
                requestId,
                errors,
                lastAttempt,
                member);
    }

    public Problem withRequestId(String id) {
        return new Problem(
                type,
                title,
                status,
                detail,
                instance,
                code,
                upstreamStatus,
                taskId,
                steps,
                id,
                errors,
                lastAttempt,
                param);
    }
}
