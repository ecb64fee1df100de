package dev.taskagent.api;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.internal.JsonSchemaElementUtils;
import dev.taskagent.agent.ToolCatalog;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /v1/tools}: what tasks can use, with each function's parameter schema. */
@Path("/v1/tools")
@Produces(MediaType.APPLICATION_JSON)
public class ToolsResource {

    /** An excerpt of a real answer: one tool set, its one function, the description cut short. */
    private static final String TOOLS_EXAMPLE = """
            {"tools": [{"name": "calculator",
              "description": "Exact arithmetic (BigDecimal): operators, functions and constants, bounded against huge \
            results.",
              "enabled": true,
              "functions": [{"name": "calculator",
                "description": "Evaluate one arithmetic expression exactly and return its value. Supports + - * / % ^ \
            and parentheses; …",
                "parameters": {"type": "object", "properties": {"expression": {"type": "string",
                  "description": "the expression, for example (1234 * 5678) / 2 or sqrt(2) + pi"}},
                  "required": ["expression"]}}]}]}""";

    private final ToolCatalog catalog;

    public ToolsResource(ToolCatalog catalog) {
        this.catalog = catalog;
    }

    @GET
    @Tag(name = "tools")
    @Operation(
            summary = "List the tools",
            description = "Each tool set a task can name in 'tools', whether it is "
                    + "enabled with the current configuration (and why not), and the functions the model sees with their "
                    + "JSON Schema parameters.")
    @APIResponse(
            responseCode = "200",
            description = "The tool sets",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ToolsResponse.class),
                            examples = @ExampleObject(name = "tools", value = TOOLS_EXAMPLE)))
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    public ToolsResponse list() {
        return new ToolsResponse(catalog.all().stream()
                .map(entry -> new ToolsResponse.Tool(
                        entry.name(),
                        entry.tool().summary(),
                        entry.enabled(),
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
