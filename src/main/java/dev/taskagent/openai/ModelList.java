package dev.taskagent.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * Body of {@code GET /v1/models}: the models a completion may run on. Each has OpenAI's members ({@code id},
 * {@code object}, {@code created}, {@code owned_by}) and, for people and routers, what the allowlist says of it.
 */
@RegisterForReflection
public record ModelList(String object, List<Model> data) {

    @RegisterForReflection
    public record Model(
            String id,
            String object,
            long created,
            @JsonProperty("owned_by") String ownedBy,
            @JsonProperty("display_name") String displayName,
            @JsonProperty("context_window") int contextWindow,
            Pricing pricing,
            @JsonProperty("supports_images") boolean supportsImages,
            @JsonProperty("supports_reasoning_effort") boolean supportsReasoningEffort) {}

    /** US dollars per million tokens. */
    @RegisterForReflection
    public record Pricing(
            @JsonProperty("input_per_million") double inputPerMillion,
            @JsonProperty("output_per_million") double outputPerMillion) {}
}
