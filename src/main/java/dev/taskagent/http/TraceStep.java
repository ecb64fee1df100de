package dev.taskagent.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One tool call as clients see it, in a task's trace and in the problem of a task that stopped part-way: exactly one
 * of {@code result} and {@code error} is present. Its own type (not nested in {@link TaskResponse}) so the problem
 * document, which every layer may write, does not depend on the task API's response.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Step")
public record TraceStep(
        String type,
        String tool,
        JsonNode arguments,
        String result,
        String error,
        @JsonProperty("duration_ms") long durationMs) {}
