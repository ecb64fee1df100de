package dev.taskagent.mcp.server;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The event streams MCP clients hold open on {@code /mcp} (a GET, for messages the server sends on its own) never end
 * by themselves, so Quarkus' graceful shutdown would wait for them until {@code quarkus.shutdown.timeout} and then
 * stop anyway. When the service starts stopping, they are ended, as the server's side of closing; requests that do
 * work (a {@code tools/call}, even one streaming its progress) are not touched and finish as any other request.
 */
@ApplicationScoped
public class McpEventStreams {

    /** After authentication and the per-key limits, so only streams that were let in are kept. */
    static final int ROUTE_ORDER = -50;

    private final Map<HttpServerResponse, Context> open = new ConcurrentHashMap<>();
    private final String root;

    public McpEventStreams(
            @ConfigProperty(name = "quarkus.mcp.server.http.root-path", defaultValue = "/mcp") String root) {
        this.root = root;
    }

    void register(@Observes Router router) {
        router.route().order(ROUTE_ORDER).handler(this::track);
    }

    private void track(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        if (ctx.request().method() == HttpMethod.GET && (path.equals(root) || path.startsWith(root + "/"))) {
            HttpServerResponse response = ctx.response();
            open.put(response, Vertx.currentContext());
            ctx.addEndHandler(ended -> open.remove(response));
        }
        ctx.next();
    }

    void onStopping(@Observes ShutdownDelayInitiatedEvent event) {
        open.forEach((response, context) -> context.runOnContext(ignored -> {
            if (!response.ended() && !response.closed()) {
                response.end();
            }
        }));
    }
}
