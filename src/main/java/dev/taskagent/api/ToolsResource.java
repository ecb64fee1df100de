package dev.taskagent.api;

import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.internal.JsonSchemaElementUtils;
import dev.taskagent.agent.ToolCatalog;

/** {@code /v1/tools}: what tasks can use, with each function's parameter schema. */
@Path("/v1/tools")
@Produces(MediaType.APPLICATION_JSON)
public class ToolsResource {

    private final ToolCatalog catalog;

    public ToolsResource(ToolCatalog catalog) {
        this.catalog = catalog;
    }

    @GET
    public ToolsResponse list() {
        return new ToolsResponse(catalog.all().stream()
                .map(entry -> new ToolsResponse.Tool(entry.name(), entry.tool().summary(), entry.enabled(),
                        entry.tool().disabledReason().orElse(null),
                        entry.functions().stream().map(ToolsResource::function).toList()))
                .toList());
    }

    private static ToolsResponse.Function function(ToolSpecification spec) {
        Map<String, Object> parameters = spec.parameters() == null
                ? Map.of("type", "object", "properties", Map.of())
                : JsonSchemaElementUtils.toMap(spec.parameters());
        return new ToolsResponse.Function(spec.name(), spec.description(), parameters);
    }
}
