package dev.taskagent.mcp;

import static dev.taskagent.support.OpenAiMock.answer;
import static dev.taskagent.support.OpenAiMock.toolCall;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskagent.support.NodeMcp;
import dev.taskagent.support.OpenAiMock;
import dev.taskagent.support.OpenAiMockResource;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code task-agent mcp} from the packaged jar, started by the official TypeScript SDK client as a desktop client
 * would: the same tools as /mcp over stdin/stdout (the file tools only with a workspace), and a task run against the
 * mock model with progress. The SDK skips a stdout line that is not JSON-RPC (it only reports it), so the client's
 * reports are checked for such errors, and one test reads stdout itself, line by line.
 */
class McpStdioIT {

    private static final Path JAR =
            Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
    private static final Path WORKSPACE =
            Path.of("src/test/resources/workspace").toAbsolutePath();

    private static final ObjectMapper JSON = new ObjectMapper();

    private final OpenAiMock model = OpenAiMock.shared();

    @BeforeEach
    void resetModel() {
        model.reset();
    }

    private JsonNode client(String... scenario) {
        return client(List.of("--workspace", WORKSPACE.toString()), scenario);
    }

    private JsonNode client(List<String> options, String... scenario) {
        List<String> args = new ArrayList<>(List.of("--command", java(), "-jar", JAR.toString(), "mcp"));
        args.addAll(options);
        args.add("--");
        args.addAll(List.of(scenario));
        JsonNode output = NodeMcp.client(
                Map.of(
                        "TASK_AGENT_MODEL_BASE_URL",
                        model.baseUrl() + "/v1/",
                        "TASK_AGENT_MODEL_API_KEY",
                        OpenAiMockResource.TOKEN),
                args.toArray(String[]::new));
        assertEquals(0, output.path("protocolErrors").size(), "stdout carried more than MCP: " + output);
        return output;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Test
    void offersTheSameToolsAsTheHttpEndpoint() {
        JsonNode tools = client("list").get("tools");

        List<String> names = new ArrayList<>();
        tools.forEach(tool -> names.add(tool.get("name").asText()));
        assertEquals(List.of("calculator", "find_files", "search_files", "read_file", "http_fetch", "run_task"), names);
        assertEquals(
                "string",
                tools.get(0).at("/inputSchema/properties/expression/type").asText());
    }

    @Test
    void leavesOutTheFileToolsWithoutAWorkspace() {
        JsonNode tools = client(List.of(), "list").get("tools");

        List<String> names = new ArrayList<>();
        tools.forEach(tool -> names.add(tool.get("name").asText()));
        assertEquals(List.of("calculator", "http_fetch", "run_task"), names);
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void writesNothingButJsonRpcToStdout() throws Exception {
        Path stderr = Files.createTempFile("task-agent-mcp", ".err");
        Process process = new ProcessBuilder(java(), "-jar", JAR.toString(), "mcp")
                .redirectError(stderr.toFile())
                .start();
        List<String> lines = new ArrayList<>();
        try (Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
                BufferedReader out =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            in.write("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                    + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}\n");
            in.flush();
            lines.add(out.readLine());
            in.write("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n");
            in.write("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}\n");
            in.flush();
            lines.add(out.readLine());
            in.close(); // the client goes away: the server ends
            out.lines().forEach(lines::add);
        }
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "the server ended when stdin closed");
        assertEquals(0, process.exitValue(), Files.readString(stderr));

        assertEquals(2, lines.size(), "stdout: " + lines);
        JsonNode initialized = JSON.readTree(lines.get(0));
        assertEquals("2.0", initialized.get("jsonrpc").asText());
        assertEquals(1, initialized.get("id").asInt());
        assertEquals("task-agent", initialized.at("/result/serverInfo/name").asText());
        JsonNode listed = JSON.readTree(lines.get(1));
        assertEquals(2, listed.get("id").asInt());
        assertEquals("calculator", listed.at("/result/tools/0/name").asText());
        Files.delete(stderr);
    }

    @Test
    void readsTheWorkspaceItWasGiven() {
        JsonNode result = client("call", "find_files", "{\"glob\":\"*.md\",\"order\":\"path\"}")
                .get("result");

        assertFalse(result.path("isError").asBoolean(), result.toString());
        assertTrue(result.at("/content/0/text").asText().contains("docs/faq.md"), result.toString());
    }

    @Test
    void runsATaskWithProgressAgainstTheModel() {
        model.replies(toolCall("call_1", "calculator", "{\"expression\":\"6*7\"}"), answer("6*7 is 42."));

        JsonNode call = client("call", "run_task", "{\"input\":\"What is 6*7?\",\"tools\":[\"calculator\"]}");

        JsonNode result = call.get("result");
        assertFalse(result.path("isError").asBoolean(), result.toString());
        assertEquals("6*7 is 42.", result.at("/content/0/text").asText());
        assertEquals("calculator", result.at("/structuredContent/steps/0/tool").asText());
        assertEquals(2, call.get("progress").size(), call.toString());
        assertTrue(model.lastMessage(1).toString().contains("42"));
    }
}
