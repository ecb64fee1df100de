package dev.taskagent.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An RFC 9457 problem document. {@code code} is a stable machine-readable reason (the upstream's own code for
 * upstream errors); {@code steps} carries the trace when a task stopped part-way.
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
        List<TaskResponse.Step> steps) {

    public static final String MEDIA_TYPE = "application/problem+json";

    static Problem of(String slug, String title, int status, String detail, String instance) {
        return new Problem("urn:task-agent:problem:" + slug, title, status, detail, instance, slug, null, null, null);
    }

    Problem withCode(String code) {
        return new Problem(type, title, status, detail, instance, code, upstreamStatus, taskId, steps);
    }

    Problem withUpstreamStatus(int upstream) {
        return new Problem(type, title, status, detail, instance, code, upstream, taskId, steps);
    }

    Problem withTrace(String task, List<TaskResponse.Step> trace) {
        return new Problem(type, title, status, detail, instance, code, upstreamStatus, task, trace);
    }
}
