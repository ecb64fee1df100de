package dev.taskagent.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Configures the reference MCP server 'everything' (npm, a stdio server) as the MCP server {@code everything}, with
 * short timeouts and a reconnect delay long enough for a test to see it disabled after it was killed.
 */
public class EverythingServerResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of(
                "task-agent.mcp.servers.everything.command", "node",
                "task-agent.mcp.servers.everything.args", NodeMcp.everythingServer() + ",stdio",
                "task-agent.mcp.servers.everything.timeout", "15s",
                "task-agent.mcp.servers.everything.max-result-chars", "2000",
                "task-agent.mcp.reconnect-initial-delay", "8s");
    }

    @Override
    public void stop() {}
}
