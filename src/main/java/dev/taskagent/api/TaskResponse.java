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

    /** A response for task {@code id} in {@code status}; set the members that apply, the rest are left out. */
    public static Builder builder(String id, String status) {
        return new Builder(id, status);
    }

    /** The members of a {@link TaskResponse} that apply to the task as it is; those not set stay out of the JSON. */
    public static final class Builder {
        private final String id;
        private final String status;
        private String output;
        private JsonNode outputJson;
        private List<TraceStep> steps;
        private List<Source> sources;
        private Usage usage;
        private String model;
        private Long durationMs;
        private String input;
        private Boolean background;
        private String session;
        private Instant createdAt;
        private Instant finishedAt;
        private Problem error;

        private Builder(String id, String status) {
            this.id = id;
            this.status = status;
        }

        public Builder output(String output) {
            this.output = output;
            return this;
        }

        public Builder outputJson(JsonNode outputJson) {
            this.outputJson = outputJson;
            return this;
        }

        public Builder steps(List<TraceStep> steps) {
            this.steps = steps;
            return this;
        }

        public Builder sources(List<Source> sources) {
            this.sources = sources;
            return this;
        }

        public Builder usage(Usage usage) {
            this.usage = usage;
            return this;
        }

        public Builder model(String model) {
            this.model = model;
            return this;
        }

        public Builder durationMs(Long durationMs) {
            this.durationMs = durationMs;
            return this;
        }

        public Builder input(String input) {
            this.input = input;
            return this;
        }

        public Builder background(Boolean background) {
            this.background = background;
            return this;
        }

        public Builder session(String session) {
            this.session = session;
            return this;
        }

        public Builder createdAt(Instant createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        public Builder finishedAt(Instant finishedAt) {
            this.finishedAt = finishedAt;
            return this;
        }

        public Builder error(Problem error) {
            this.error = error;
            return this;
        }

        public TaskResponse build() {
            return new TaskResponse(
                    id,
                    status,
                    output,
                    outputJson,
                    steps,
                    sources,
                    usage,
                    model,
                    durationMs,
                    input,
                    background,
                    session,
                    createdAt,
                    finishedAt,
                    error);
        }
    }

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
