package dev.taskagent.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.taskagent.http.Problem;
import dev.taskagent.http.TraceStep;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;

/**
 * A task as clients see it: its state, and once completed the answer (with an output schema, also as
 * {@code output_json}) and a trace of every step that really ran;
 * once failed or cancelled, the problem that stopped it and the steps before. Members that do not apply yet are left
 * out.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskResponse(
        String id,
        String status,
        String output,
        @JsonProperty("output_json") JsonNode outputJson,
        List<TraceStep> steps,
        List<Source> sources,
        Usage usage,
        String model,
        @JsonProperty("duration_ms") Long durationMs,
        String input,
        Boolean background,
        String session,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("finished_at") Instant finishedAt,
        Problem error) {

    /** A page http_fetch read, for citations: final URL after redirects, HTTP status, title when it had one. */
    @RegisterForReflection
    public record Source(String url, int status, String title) {}

    /**
     * Tokens the model read and wrote for this task, summed over every model call, and their estimated cost in US
     * dollars at the prices of the task's model.
     */
    @RegisterForReflection
    public record Usage(
            @JsonProperty("input_tokens") long inputTokens,
            @JsonProperty("output_tokens") long outputTokens,
            @JsonProperty("cost_usd") double costUsd) {}
}
