package dev.taskagent.mcp.client;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The MCP servers whose tools tasks may use ({@code task-agent.mcp.*}); see docs/mcp.md. */
@ConfigMapping(prefix = "task-agent.mcp")
public interface McpClientConfig {

    /** The servers by name; the name is the tool set tasks select, and prefixes its functions as {@code name__tool}. */
    Map<String, Server> servers();

    /** How soon a server that failed or died is tried again; doubled after each failure up to max-delay. */
    @WithDefault("1s")
    Duration reconnectInitialDelay();

    /** The longest wait between two tries to reach a failed server. */
    @WithDefault("60s")
    Duration reconnectMaxDelay();

    /** One MCP server: either a local process speaking stdio (command) or a remote Streamable HTTP endpoint (url). */
    interface Server {

        /** Program to start for a stdio server, e.g. npx or node. */
        Optional<String> command();

        /** Its arguments. */
        Optional<List<String>> args();

        /** Extra environment variables for the process (it inherits the service's environment otherwise). */
        Map<String, String> env();

        /** Streamable HTTP endpoint of a remote server, e.g. https://mcp.example.com/mcp. */
        Optional<String> url();

        /** HTTP headers sent with every request to url, e.g. Authorization. */
        Map<String, String> headers();

        /** Longest wait for the server to start and for any one call; a call past it is a tool error. */
        @WithDefault("30s")
        Duration timeout();

        /** Characters of one result the model gets at most; the rest is cut with a note. */
        @WithDefault("20000")
        int maxResultChars();

        /** Calls of this server's tools one task may make at most. */
        @WithDefault("10")
        int maxUses();
    }
}
