package dev.taskagent.mcp;

import static dev.taskagent.support.OpenAiMock.answer;
import static dev.taskagent.support.OpenAiMock.toolCall;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskagent.support.NodeMcp;
import dev.taskagent.support.OpenAiMock;
import dev.taskagent.support.OpenAiMockResource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code task-agent mcp} from the packaged jar, started by the official TypeScript SDK client as a desktop client
 * would: the same tools as /mcp over stdin/stdout, and a task run against the mock model with progress. Any line
 * other than protocol on stdout would break the client, so its working shows stdout stays clean.
 */
class McpStdioIT {

    private static final Path JAR =
            Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
    private static final Path WORKSPACE =
            Path.of("src/test/resources/workspace").toAbsolutePath();

    private final OpenAiMock model = OpenAiMock.shared();

    @BeforeEach
    void resetModel() {
        model.reset();
    }

    private JsonNode client(String... scenario) {
        List<String> args = new ArrayList<>(List.of(
                "--command",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR.toString(),
                "mcp",
                "--workspace",
                WORKSPACE.toString(),
                "--"));
        args.addAll(List.of(scenario));
        return NodeMcp.client(
                Map.of(
                        "TASK_AGENT_MODEL_BASE_URL",
                        model.baseUrl() + "/v1/",
                        "TASK_AGENT_MODEL_API_KEY",
                        OpenAiMockResource.TOKEN),
                args.toArray(String[]::new));
    }

    @Test
    void offersTheSameToolsAsTheHttpEndpoint() {
        JsonNode tools = client("list");

        List<String> names = new ArrayList<>();
        tools.forEach(tool -> names.add(tool.get("name").asText()));
        assertEquals(List.of("calculator", "find_files", "search_files", "read_file", "http_fetch", "run_task"), names);
        assertEquals(
                "string",
                tools.get(0).at("/inputSchema/properties/expression/type").asText());
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
