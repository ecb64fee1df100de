package dev.taskagent.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** Body of {@code GET /v1/models}: the one model this service is, the agent with its tools. */
@RegisterForReflection
public record ModelList(String object, List<Model> data) {

    @RegisterForReflection
    public record Model(
            String id,
            String object,
            long created,
            @JsonProperty("owned_by") String ownedBy) {}
}
