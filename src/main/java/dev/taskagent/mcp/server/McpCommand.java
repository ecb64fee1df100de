package dev.taskagent.mcp.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskagent.security.Caller;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code task-agent mcp}: the same tools as {@code /mcp}, spoken over stdin and stdout for clients that start a
 * process (Claude Desktop, IDEs), with the official MCP Java SDK. Nothing but protocol goes to stdout: the logs go to
 * stderr (set in {@link dev.taskagent.cli.Main}), and anything else printed is sent there too. The process is the
 * user's own, like {@code run}: no API key, its tasks belong to {@code local}. Ends when the client closes stdin.
 */
@Command(
        name = "mcp",
        mixinStandardHelpOptions = true,
        description = "Serve task-agent's tools and run_task over MCP on stdin/stdout (for desktop clients and IDEs).")
public class McpCommand implements Callable<Integer> {

    private static final Caller LOCAL = new Caller("local");

    @Option(
            names = "--workspace",
            paramLabel = "DIR",
            description = "Root directory for the file search tools (read-only).")
    Path workspace;

    private final McpToolSurface surface;
    private final ObjectMapper mapper;

    public McpCommand(McpToolSurface surface, ObjectMapper mapper) {
        this.surface = surface;
        this.mapper = mapper;
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintStream protocol = System.out;
        System.setOut(System.err);
        CountDownLatch closed = new CountDownLatch(1);
        StdioServerTransportProvider transport = new StdioServerTransportProvider(
                new JacksonMcpJsonMapper(mapper), new EndOfInput(System.in, closed), protocol);
        McpSyncServer server = McpServer.sync(transport)
                .serverInfo("task-agent", "0.1")
                // The SDK's default validator is built on json-schema-validator 2.x, while the service ships 3.x (for
                // typed answers): it would not even load. Tool arguments are checked by the same executor as inside
                // a task (ToolJson, the tool's own typed parameters), so the SDK's check is not needed here.
                .jsonSchemaValidator((schema, content) -> JsonSchemaValidator.ValidationResponse.asValid(json(content)))
                .capabilities(
                        McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(surface.tools().stream().map(this::specification).toList())
                .build();
        try {
            closed.await();
        } finally {
            server.closeGracefully();
        }
        return 0;
    }

    private McpServerFeatures.SyncToolSpecification specification(McpToolSurface.ExposedTool tool) {
        return McpServerFeatures.SyncToolSpecification.builder()
                .tool(McpSchema.Tool.builder()
                        .name(tool.name())
                        .description(tool.description())
                        .inputSchema(tool.inputSchema())
                        .build())
                .callHandler((exchange, request) -> call(tool, exchange, request))
                .build();
    }

    private McpSchema.CallToolResult call(
            McpToolSurface.ExposedTool tool, McpSyncServerExchange exchange, McpSchema.CallToolRequest request) {
        Object token = request.meta() == null ? null : request.meta().get("progressToken");
        McpToolSurface.Outcome outcome = surface.call(
                tool.name(),
                request.arguments(),
                LOCAL,
                (count, message) -> {
                    if (token != null) {
                        exchange.progressNotification(
                                new McpSchema.ProgressNotification(token, (double) count, null, message));
                    }
                },
                () -> false);
        return McpSchema.CallToolResult.builder()
                .content(List.of(new McpSchema.TextContent(outcome.text() == null ? "" : outcome.text())))
                .structuredContent(outcome.structured())
                .isError(outcome.error())
                .build();
    }

    /** Stdin that tells when the client has closed it. */
    private static final class EndOfInput extends FilterInputStream {
        private final CountDownLatch closed;

        EndOfInput(InputStream in, CountDownLatch closed) {
            super(in);
            this.closed = closed;
        }

        @Override
        public int read() throws IOException {
            return ended(super.read());
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return ended(super.read(b, off, len));
        }

        private int ended(int n) {
            if (n < 0) {
                closed.countDown();
            }
            return n;
        }
    }

    private String json(Object content) {
        try {
            return mapper.writeValueAsString(content);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("structured content is not JSON", e);
        }
    }
}
