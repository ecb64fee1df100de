package dev.taskagent.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;

/** Body of {@code GET /v1/tools}. */
@RegisterForReflection
public record ToolsResponse(List<Tool> tools) {

    /** A tool set a task can select by name, and the functions the model sees for it. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Tool(
            String name,
            String description,
            boolean enabled,
            @JsonProperty("disabled_reason") String disabledReason,
            List<Function> functions) {}

    /** One function: its name, the description the model reads, and its JSON Schema parameters. */
    @RegisterForReflection
    public record Function(String name, String description, Map<String, Object> parameters) {}
}
