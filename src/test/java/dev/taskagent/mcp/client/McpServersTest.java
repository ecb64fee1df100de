package dev.taskagent.mcp.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.taskagent.agent.ToolCatalog;
import dev.taskagent.support.MutableClock;
import dev.taskagent.support.NodeMcp;
import dev.taskagent.support.Poll;
import dev.taskagent.tools.ToolFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The MCP client's life cycle without Quarkus, on a clock the test moves: a server that fails to start is disabled
 * with the reason and tried again later each time (the backoff doubles up to its maximum); one that dies is disabled
 * and connected again once the first delay has passed; a call past the server's timeout is a tool error. The servers
 * are real processes: a shell that exits at once, and the reference 'everything' server (npm).
 */
class McpServersTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final String SUM = "everything__get-sum";

    private final MutableClock clock = new MutableClock(START);
    private McpServers servers;

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        if (servers != null) {
            servers.stop(null);
        }
    }

    @ParameterizedTest(name = "after {0} failure(s): {1}")
    @CsvSource({"0, PT1S", "1, PT1S", "2, PT2S", "3, PT4S", "6, PT32S", "7, PT60S", "40, PT60S"})
    void backoffDoublesFromTheInitialDelayUpToTheMaximum(int failures, Duration expected) {
        assertEquals(expected, McpServers.backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), failures));
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void givesTheSystemsReasonWhenTheProgramCannotBeStarted() {
        servers = servers(
                "missing",
                stdio(Duration.ofMinutes(10), "/nonexistent/mcp-server"),
                Duration.ofSeconds(1),
                Duration.ofSeconds(4));

        servers.reconnect();

        // at once, not after the 10 minutes the SDK would wait for an answer from a process that never ran
        assertFalse(entry().enabled());
        assertTrue(
                entry().tool()
                        .disabledReason()
                        .orElseThrow()
                        .startsWith("could not start: Cannot run program \"/nonexistent/mcp-server\""),
                entry().tool().disabledReason().toString());
    }

    @Test
    void retriesAServerThatFailsToStartLaterEachTimeUpToTheMaximumDelay() throws IOException {
        Path starts = dir.resolve("starts");
        servers = servers(
                "broken",
                stdio(Duration.ofSeconds(1), "sh", "-c", "echo started >> '" + starts + "'; exit 3"),
                Duration.ofSeconds(1),
                Duration.ofSeconds(4));

        servers.reconnect();

        assertEquals(1, lines(starts));
        ToolCatalog.Entry broken = servers.entries().get(0);
        assertFalse(broken.enabled());
        assertTrue(
                broken.tool().disabledReason().orElseThrow().startsWith("could not connect"),
                broken.tool().disabledReason().toString());
        // seconds after the start: how many times the server has been started by then (waits 1, 2, 4, 4 s)
        int[][] schedule = {{1, 2}, {2, 2}, {3, 3}, {6, 3}, {7, 4}, {10, 4}, {11, 5}, {14, 5}, {15, 6}};
        for (int[] step : schedule) {
            moveTo(Duration.ofSeconds(step[0]).minusMillis(1));
            servers.reconnect();
            moveTo(Duration.ofSeconds(step[0]));
            servers.reconnect();
            assertEquals(step[1], lines(starts), "starts by " + step[0] + " s");
        }
    }

    @Test
    void connectsAServerThatDiedAgainOnceTheInitialDelayHasPassed() {
        servers = servers(
                "everything", everything(Duration.ofSeconds(60)), Duration.ofSeconds(10), Duration.ofSeconds(60));
        servers.reconnect();
        assertTrue(entry().enabled(), () -> entry().tool().disabledReason().orElse(""));
        assertEquals("The sum of 2 and 3 is 5.", call(SUM, "{\"a\":2,\"b\":3}"));

        everythingProcesses().forEach(ProcessHandle::destroyForcibly);

        Poll.until(() -> entry().enabled(), enabled -> !enabled, "the server to be disabled");
        assertEquals(
                "the server process exited", entry().tool().disabledReason().orElseThrow());
        ToolFailure dead = assertThrows(ToolFailure.class, () -> call(SUM, "{\"a\":2,\"b\":3}"));
        assertTrue(dead.getMessage().contains("'everything' is not available"), dead.getMessage());

        clock.advance(Duration.ofSeconds(9));
        servers.reconnect();
        assertFalse(entry().enabled(), "not tried again before the initial delay");
        assertTrue(everythingProcesses().isEmpty(), "no new process before the initial delay");

        clock.advance(Duration.ofSeconds(1));
        servers.reconnect();
        assertTrue(entry().enabled(), () -> entry().tool().disabledReason().orElse(""));
        assertEquals("The sum of 2 and 3 is 5.", call(SUM, "{\"a\":2,\"b\":3}"));
    }

    @Test
    void aCallPastTheServersTimeoutIsAToolErrorAndDisablesTheServer() {
        servers = servers("everything", everything(Duration.ofSeconds(3)), Duration.ZERO, Duration.ZERO);
        // starting node may itself take longer than 3 s on a busy machine: try a few times
        for (int i = 0; i < 5 && !entry().enabled(); i++) {
            servers.reconnect();
        }
        assertTrue(entry().enabled(), () -> entry().tool().disabledReason().orElse(""));

        ToolFailure timedOut = assertThrows(
                ToolFailure.class,
                () -> call("everything__trigger-long-running-operation", "{\"duration\":60,\"steps\":60}"));

        assertEquals(
                "the MCP server 'everything' failed: no answer within 3 s (task-agent.mcp.servers.everything.timeout)",
                timedOut.getMessage());
        assertFalse(entry().enabled());
        assertTrue(entry().tool().disabledReason().orElseThrow().startsWith("stopped answering: no answer within 3 s"));
    }

    private ToolCatalog.Entry entry() {
        return servers.entries().get(0);
    }

    private String call(String function, String arguments) {
        return entry().executors()
                .get(function)
                .execute(
                        ToolExecutionRequest.builder()
                                .id("call_1")
                                .name(function)
                                .arguments(arguments)
                                .build(),
                        null);
    }

    private void moveTo(Duration sinceStart) {
        clock.advance(Duration.between(clock.instant(), START.plus(sinceStart)));
    }

    private McpServers servers(String name, McpClientConfig.Server server, Duration initial, Duration max) {
        McpClientConfig config = new McpClientConfig() {
            @Override
            public Map<String, Server> servers() {
                return Map.of(name, server);
            }

            @Override
            public Duration reconnectInitialDelay() {
                return initial;
            }

            @Override
            public Duration reconnectMaxDelay() {
                return max;
            }
        };
        return new McpServers(config, new ObjectMapper(), clock);
    }

    private static McpClientConfig.Server everything(Duration timeout) {
        return stdio(timeout, "node", NodeMcp.everythingServer().toString(), "stdio");
    }

    private static McpClientConfig.Server stdio(Duration timeout, String command, String... args) {
        return new Settings(
                Optional.of(command), Optional.of(List.of(args)), Map.of(), Optional.empty(), Map.of(), timeout);
    }

    private static List<ProcessHandle> everythingProcesses() {
        return ProcessHandle.current()
                .descendants()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains("server-everything"))
                .toList();
    }

    private static long lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file).size() : 0;
    }

    private record Settings(
            Optional<String> command,
            Optional<List<String>> args,
            Map<String, String> env,
            Optional<String> url,
            Map<String, String> headers,
            Duration timeout)
            implements McpClientConfig.Server {

        @Override
        public int maxResultChars() {
            return 20_000;
        }

        @Override
        public int maxUses() {
            return 10;
        }
    }
}
