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
        Copy problem = new Copy();
        problem.type = "urn:task-agent:problem:" + slug;
        problem.title = title;
        problem.status = status;
        problem.detail = detail;
        problem.instance = instance;
        problem.code = slug;
        return problem.build();
    }

    public Problem withDetail(String text) {
        Copy copy = new Copy(this);
        copy.detail = text;
        return copy.build();
    }

    public Problem withCode(String code) {
        Copy copy = new Copy(this);
        copy.code = code;
        return copy.build();
    }

    public Problem withUpstreamStatus(int upstream) {
        Copy copy = new Copy(this);
        copy.upstreamStatus = upstream;
        return copy.build();
    }

    public Problem withTrace(String task, List<TraceStep> trace) {
        Copy copy = new Copy(this);
        copy.taskId = task;
        copy.steps = trace;
        return copy.build();
    }

    public Problem withOutputErrors(List<String> problems, JsonNode attempt) {
        Copy copy = new Copy(this);
        copy.errors = problems;
        copy.lastAttempt = attempt;
        return copy.build();
    }

    /** The request member at fault, for clients that point at it (OpenAI's error {@code param}). */
    public Problem withParam(String member) {
        Copy copy = new Copy(this);
        copy.param = member;
        return copy.build();
    }

    public Problem withRequestId(String id) {
        Copy copy = new Copy(this);
        copy.requestId = id;
        return copy.build();
    }

    /** A problem being made or changed member by member, so no call site lists all thirteen. */
    private static final class Copy {
        String type;
        String title;
        int status;
        String detail;
        String instance;
        String code;
        Integer upstreamStatus;
        String taskId;
        List<TraceStep> steps;
        String requestId;
        List<String> errors;
        JsonNode lastAttempt;
        String param;

        Copy() {}

        Copy(Problem p) {
            type = p.type;
            title = p.title;
            status = p.status;
            detail = p.detail;
            instance = p.instance;
            code = p.code;
            upstreamStatus = p.upstreamStatus;
            taskId = p.taskId;
            steps = p.steps;
            requestId = p.requestId;
            errors = p.errors;
            lastAttempt = p.lastAttempt;
            param = p.param;
        }

        Problem build() {
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
    }
}
