package dev.taskagent.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;

/** Body of {@code POST /v1/tasks}; read by {@link StrictReader}, so unknown members are refused. */
@RegisterForReflection
public record CreateTaskRequest(
        String input,
        List<String> tools,
        @JsonProperty("max_tool_calls") Integer maxToolCalls,
        @JsonProperty("max_tool_uses") Map<String, Integer> maxToolUses,
        Fetch fetch,
        List<String> images,
        String reasoning,
        String session,
        Boolean background,
        Boolean stream,
        String model,
        @JsonProperty("output_schema") JsonNode outputSchema) {

    /** Per-task narrowing of http_fetch. */
    @RegisterForReflection
    public record Fetch(@JsonProperty("allowed_domains") List<String> allowedDomains) {}
}
