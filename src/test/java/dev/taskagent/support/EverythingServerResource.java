package dev.taskagent.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Configures the reference MCP server 'everything' (npm, a stdio server) as the MCP server {@code everything}, and a
 * server {@code broken} whose program does not exist. The reconnect delay is long, so a server killed by a test stays
 * disabled for the rest of the class whatever the machine's speed (reconnection is McpServersTest's, on a clock).
 */
public class EverythingServerResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of(
                "task-agent.mcp.servers.everything.command", "node",
                "task-agent.mcp.servers.everything.args", NodeMcp.everythingServer() + ",stdio",
                "task-agent.mcp.servers.everything.timeout", "60s",
                "task-agent.mcp.servers.everything.max-result-chars", "2000",
                "task-agent.mcp.servers.broken.command", "/nonexistent/mcp-server",
                "task-agent.mcp.reconnect-initial-delay", "10m",
                "task-agent.mcp.reconnect-max-delay", "10m");
    }

    @Override
    public void stop() {}
}
