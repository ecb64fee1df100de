package dev.taskagent.mcp.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.service.tool.ToolExecutor;
import dev.taskagent.agent.ToolCatalog;
import dev.taskagent.tools.AgentTool;
import dev.taskagent.tools.ToolFailure;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import reactor.core.publisher.Mono;

/**
 * One configured MCP server seen as a tool set: its tools as functions named {@code <server>__<tool>}, and its state.
 * A server that cannot be reached, or stops answering, is disabled with the reason; {@link McpServers} connects it
 * again. A call to a disabled server, or one that fails, is a {@link ToolFailure} the model reads, never a failed task.
 * <p>
 * Everything the server says is data: a tool whose name is not a plain identifier is left out (the names go into the
 * system prompt's list of tools), descriptions only ever reach the model as function descriptions, results are capped.
 */
final class RemoteServer {

    private static final Logger LOG = Logger.getLogger(RemoteServer.class);

    /** What OpenAI-compatible endpoints accept as a function name. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    static final String SEPARATOR = "__";
    private static final int MAX_DESCRIPTION = 2000;

    private final String name;
    private final McpClientConfig.Server settings;
    private final ObjectMapper mapper;
    private final AgentTool tool;

    private volatile McpSyncClient client;
    private volatile String disabledReason = "not connected yet";
    private final Clock clock;
    private volatile Instant disabledAt;
    private volatile boolean everConnected;
    private volatile List<ToolSpecification> functions = List.of();
    private volatile Map<String, ToolExecutor> executors = Map.of();

    RemoteServer(String name, McpClientConfig.Server settings, ObjectMapper mapper, Clock clock) {
        this.name = name;
        this.clock = clock;
        this.settings = settings;
        this.mapper = mapper;
        this.tool = new AgentTool() {
            @Override
            public String name() {
                return name;
            }

            // the prompt names an MCP server's functions only; their own descriptions say what they do
            @Override
            public String promptGuide() {
                return "";
            }

            @Override
            public String summary() {
                return "Tools of the MCP server '" + name + "' (" + where() + ")";
            }

            @Override
            public int maxUses() {
                return settings.maxUses();
            }

            @Override
            public Optional<String> disabledReason() {
                return Optional.ofNullable(disabledReason);
            }
        };
    }

    String name() {
        return name;
    }

    boolean connected() {
        return disabledReason == null;
    }

    /** When it was last disabled, if it was ever connected; else empty. */
    Optional<Instant> lostAt() {
        return everConnected && disabledReason != null ? Optional.of(disabledAt) : Optional.empty();
    }

    ToolCatalog.Entry entry() {
        return new ToolCatalog.Entry(tool, functions, executors);
    }

    /** Starts (or reaches) the server, and lists its tools; on failure the server stays disabled with the reason. */
    synchronized void connect() {
        close();
        McpSyncClient started = null;
        java.util.Set<ProcessHandle> before = children();
        try {
            McpClientTransport transport = transport();
            started = McpClient.sync(transport)
                    .requestTimeout(settings.timeout())
                    .initializationTimeout(settings.timeout())
                    .clientInfo(new McpSchema.Implementation("task-agent", "0.1"))
                    .build();
            if (transport instanceof StartedStdio stdio) {
                stdio.initialize(started);
            } else {
                started.initialize();
            }
            List<ToolSpecification> specs = new ArrayList<>();
            Map<String, ToolExecutor> calls = new HashMap<>();
            for (McpSchema.Tool remote : started.listTools().tools()) {
                String function = name + SEPARATOR + remote.name();
                if (!NAME.matcher(remote.name()).matches()
                        || !NAME.matcher(function).matches()) {
                    LOG.warnf(
                            "MCP server %s: tool left out, its name is not a plain identifier of at most 64 "
                                    + "characters with the prefix",
                            name);
                    continue;
                }
                specs.add(specification(function, remote));
                String remoteName = remote.name();
                calls.put(function, (request, memoryId) -> call(remoteName, request.arguments()));
            }
            client = started;
            functions = List.copyOf(specs);
            executors = Map.copyOf(calls);
            disabledReason = null;
            everConnected = true;
            watchExit(started, before);
            LOG.infof("MCP server %s connected: %d tool(s)", name, specs.size());
        } catch (NotStarted e) {
            started.close();
            disabled("could not start: " + e.getMessage());
        } catch (RuntimeException e) {
            if (started != null) {
                started.close();
            }
            disabled("could not connect: " + reason(e));
        }
    }

    /**
     * A stdio server that exits is disabled at once, and its client closed so that a call in flight fails now rather
     * than at its timeout. The SDK does not hand out its process: it is the one child this connect started.
     */
    private void watchExit(McpSyncClient started, java.util.Set<ProcessHandle> before) {
        if (settings.url().isPresent()) {
            return;
        }
        List<ProcessHandle> spawned =
                children().stream().filter(p -> !before.contains(p)).toList();
        if (spawned.size() != 1) {
            return;
        }
        spawned.get(0).onExit().thenRun(() -> {
            if (client == started) {
                disabled("the server process exited");
                close();
            }
        });
    }

    private static java.util.Set<ProcessHandle> children() {
        return ProcessHandle.current().children().collect(java.util.stream.Collectors.toSet());
    }

    /** Marks the server unusable; its functions stay listed, so a task that was given them gets tool errors. */
    void disabled(String reason) {
        disabledAt = clock.instant();
        disabledReason = reason;
        LOG.warnf("MCP server %s disabled: %s", name, reason);
    }

    synchronized void close() {
        McpSyncClient current = client;
        client = null;
        if (current != null) {
            try {
                current.close();
            } catch (RuntimeException e) {
                LOG.debugf("MCP server %s did not close cleanly: %s", name, e);
            }
        }
    }

    private String call(String remoteName, String arguments) {
        McpSyncClient current = client;
        if (current == null || disabledReason != null) {
            throw new ToolFailure("the MCP server '" + name + "' is not available: " + disabledReason);
        }
        Map<String, Object> parsed;
        try {
            parsed = arguments == null || arguments.isBlank()
                    ? Map.of()
                    : mapper.readValue(arguments, new TypeReference<Map<String, Object>>() {});
        } catch (JsonProcessingException e) {
            throw new ToolFailure(
                    "invalid arguments for " + name + SEPARATOR + remoteName + ": expected a JSON object");
        }
        McpSchema.CallToolResult result;
        try {
            result = current.callTool(new McpSchema.CallToolRequest(remoteName, parsed));
        } catch (McpError e) {
            // the server is alive and answered with an error
            throw new ToolFailure(RemoteResult.cap(
                    "the MCP server '" + name + "' refused the call: " + e.getMessage(), settings.maxResultChars()));
        } catch (RuntimeException e) {
            if (current == client) {
                disabled("stopped answering: " + reason(e));
            }
            throw new ToolFailure("the MCP server '" + name + "' failed: " + reason(e));
        }
        String text = RemoteResult.text(result, mapper, settings.maxResultChars());
        if (Boolean.TRUE.equals(result.isError())) {
            throw new ToolFailure(text.isBlank() ? "the tool reported an error" : text);
        }
        return text;
    }

    private ToolSpecification specification(String function, McpSchema.Tool remote) {
        Map<String, Object> schema = remote.inputSchema() == null ? Map.of() : remote.inputSchema();
        JsonObjectSchema.Builder parameters = JsonObjectSchema.builder();
        if (schema.get("properties") instanceof Map<?, ?> properties) {
            properties.forEach((key, value) -> parameters.addProperty(String.valueOf(key), raw(value)));
        }
        if (schema.get("required") instanceof List<?> required) {
            parameters.required(required.stream().map(String::valueOf).toList());
        }
        String description = remote.description() == null ? "" : remote.description();
        return ToolSpecification.builder()
                .name(function)
                .description(RemoteResult.cap(description, MAX_DESCRIPTION))
                .parameters(parameters.build())
                .build();
    }

    private JsonRawSchema raw(Object schema) {
        try {
            return JsonRawSchema.from(mapper.writeValueAsString(schema));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("unusable schema", e);
        }
    }

    private McpClientTransport transport() {
        JacksonMcpJsonMapper json = new JacksonMcpJsonMapper(mapper);
        if (settings.url().isPresent()) {
            HttpClientStreamableHttpTransport.Builder http = HttpClientStreamableHttpTransport.builder(
                            settings.url().get())
                    .jsonMapper(json)
                    .connectTimeout(settings.timeout());
            if (!settings.headers().isEmpty()) {
                http.httpRequestCustomizer((request, method, uri, body, context) ->
                        settings.headers().forEach(request::header));
            }
            return http.build();
        }
        String command = settings.command()
                .orElseThrow(() -> new IllegalStateException("task-agent.mcp.servers." + name
                        + " needs either command (a stdio server) or url (a Streamable HTTP server)"));
        StdioClientTransport stdio = new StartedStdio(
                ServerParameters.builder(command)
                        .args(settings.args().orElse(List.of()))
                        .env(settings.env())
                        .build(),
                json);
        stdio.setStdErrorHandler(line -> LOG.debugf("MCP server %s: %s", name, line));
        return stdio;
    }

    /**
     * The SDK's stdio transport, telling whether its process could be started. When it cannot (a wrong command), the
     * SDK only logs it and the client waits for an answer until its timeout; with this the real reason comes at once.
     */
    private static final class StartedStdio extends StdioClientTransport {

        private final CompletableFuture<Throwable> notStarted = new CompletableFuture<>();

        StartedStdio(ServerParameters parameters, McpJsonMapper json) {
            super(parameters, json);
        }

        @Override
        public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
            return super.connect(handler).doOnError(notStarted::complete);
        }

        /** The client's initialize, which starts the process, ended early when the process cannot start. */
        void initialize(McpSyncClient client) {
            CompletableFuture<McpSchema.InitializeResult> initialized = CompletableFuture.supplyAsync(
                    client::initialize,
                    task -> Thread.ofVirtual().name("mcp-initialize").start(task));
            if (CompletableFuture.anyOf(initialized, notStarted).join() instanceof Throwable cause) {
                throw new NotStarted(cause);
            }
        }
    }

    /** The process could not be started; the message is the system's, e.g. "Cannot run program "x": ...". */
    private static final class NotStarted extends RuntimeException {

        NotStarted(Throwable cause) {
            super(message(cause), cause, false, false);
        }

        // the SDK wraps the IOException of ProcessBuilder.start, whose own cause no longer names the program
        private static String message(Throwable cause) {
            for (Throwable c = cause; c != null; c = c.getCause() == c ? null : c.getCause()) {
                if (c instanceof java.io.IOException) {
                    return String.valueOf(c.getMessage()).strip();
                }
            }
            return String.valueOf(cause.getMessage()).strip();
        }
    }

    private String where() {
        return settings.url().map(url -> "Streamable HTTP").orElse("stdio");
    }

    private String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof java.util.concurrent.TimeoutException) {
            return "no answer within " + settings.timeout().toSeconds() + " s (task-agent.mcp.servers." + name
                    + ".timeout)";
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
