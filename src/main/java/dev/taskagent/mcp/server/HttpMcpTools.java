package dev.taskagent.mcp.server;

import dev.taskagent.security.Caller;
import io.quarkiverse.mcp.server.TextContent;
import io.quarkiverse.mcp.server.ToolManager;
import io.quarkiverse.mcp.server.ToolResponse;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;

/**
 * Offers {@link McpToolSurface}'s tools over Streamable HTTP at {@code /mcp} (quarkus-mcp-server). They are registered
 * here one by one; the extension's discovery of annotated methods is off
 * ({@code quarkus.mcp.server.support-langchain4j-annotations=false}), so the tool beans' own {@code @Tool} methods are
 * never exposed on their own. Authentication and per-key limits are those of the HTTP API: its route filters run
 * before this endpoint, and the caller they recognised is read from the request being served.
 */
@ApplicationScoped
public class HttpMcpTools {

    private final McpToolSurface surface;
    private final ToolManager manager;
    private final CurrentVertxRequest request;

    public HttpMcpTools(McpToolSurface surface, ToolManager manager, CurrentVertxRequest request) {
        this.surface = surface;
        this.manager = manager;
        this.request = request;
    }

    void register(@Observes StartupEvent event) {
        for (McpToolSurface.ExposedTool tool : surface.tools()) {
            manager.newTool(tool.name())
                    .setDescription(tool.description())
                    .setInputSchema(tool.inputSchema())
                    .setHandler(
                            arguments -> {
                                var progress = arguments.progress();
                                McpToolSurface.Outcome outcome = surface.call(
                                        tool.name(),
                                        arguments.args(),
                                        Caller.of(request.getCurrent()),
                                        (count, message) -> progress.token()
                                                .ifPresent(token -> progress.notificationBuilder()
                                                        .setProgress(count)
                                                        .setMessage(message)
                                                        .build()
                                                        .sendAndForget()),
                                        () -> arguments.cancellation().check().isRequested());
                                return new ToolResponse(
                                        outcome.error(),
                                        List.of(new TextContent(outcome.text() == null ? "" : outcome.text())),
                                        outcome.structured(),
                                        null);
                            },
                            true)
                    .register();
        }
    }
}
