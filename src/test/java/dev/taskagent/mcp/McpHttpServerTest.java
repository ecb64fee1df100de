package dev.taskagent.mcp;

import static dev.taskagent.support.OpenAiMock.answer;
import static dev.taskagent.support.OpenAiMock.toolCall;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskagent.support.ApiKeyResource;
import dev.taskagent.support.InjectOpenAiMock;
import dev.taskagent.support.NodeMcp;
import dev.taskagent.support.OpenAiMock;
import dev.taskagent.support.OpenAiMockResource;
import dev.taskagent.support.Poll;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * task-agent as an MCP server over Streamable HTTP, checked with the official TypeScript SDK client: exactly the
 * built-in tools and run_task are offered, tools run as inside a task, run_task runs a real task against the mock
 * model with progress, a cancelled call cancels its task, and a client without a key gets nothing.
 */
@QuarkusTest
@WithTestResource(OpenAiMockResource.class)
@WithTestResource(ApiKeyResource.class)
class McpHttpServerTest {

    @InjectOpenAiMock
    OpenAiMock model;

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/mcp")
    URL mcp;

    @BeforeEach
    void resetModel() {
        model.reset();
    }

    private JsonNode client(String... scenario) {
        List<String> args = new ArrayList<>(List.of("--url", mcp.toString(), "--key", ApiKeyResource.KEY));
        args.addAll(List.of(scenario));
        return NodeMcp.client(args.toArray(String[]::new));
    }

    @Test
    void listsExactlyTheBuiltInToolsAndRunTaskWithTheirSchemas() throws Exception {
        JsonNode listed = client("list");
        JsonNode tools = listed.get("tools");

        assertEquals(0, listed.get("protocolErrors").size(), listed.toString());
        List<String> names = new ArrayList<>();
        tools.forEach(tool -> names.add(tool.get("name").asText()));
        assertEquals(List.of("calculator", "find_files", "search_files", "read_file", "http_fetch", "run_task"), names);
        // each built-in tool has exactly the schema and description the model is given (GET /v1/tools)
        JsonNode catalog = JSON.readTree(given().header("Authorization", ApiKeyResource.bearer(ApiKeyResource.KEY))
                .get("/v1/tools")
                .then()
                .statusCode(200)
                .extract()
                .asString());
        int compared = 0;
        for (JsonNode set : catalog.get("tools")) {
            for (JsonNode function : set.get("functions")) {
                JsonNode exposed = find(tools, function.get("name").asText());
                assertEquals(function.get("parameters"), exposed.get("inputSchema"), function.toString());
                assertEquals(function.get("description"), exposed.get("description"), function.toString());
                compared++;
            }
        }
        assertEquals(5, compared);
        assertEquals(
                "input", find(tools, "run_task").at("/inputSchema/required/0").asText());
    }

    private static JsonNode find(JsonNode tools, String name) {
        for (JsonNode tool : tools) {
            if (tool.get("name").asText().equals(name)) {
                return tool;
            }
        }
        throw new AssertionError(name + " is not offered over MCP: " + tools);
    }

    @Test
    void callsCalculatorAsATaskWouldWithoutTheModel() {
        JsonNode call = client("call", "calculator", "{\"expression\":\"1234 * 5678\"}");

        JsonNode result = call.get("result");
        assertFalse(result.path("isError").asBoolean());
        assertEquals("7006652", result.at("/structuredContent/result").asText());
        assertTrue(result.at("/content/0/text").asText().contains("7006652"));
        assertTrue(model.received().isEmpty(), "a direct tool call never reaches the model");
    }

    @Test
    void turnsAToolFailureIntoAnErrorResult() {
        JsonNode result =
                client("call", "read_file", "{\"path\":\"../../etc/passwd\"}").get("result");

        assertTrue(result.path("isError").asBoolean());
        assertFalse(result.at("/content/0/text").asText().contains("root:"));
    }

    @Test
    void runsATaskWithProgressPerStepAndReturnsItsTrace() {
        model.replies(toolCall("call_1", "calculator", "{\"expression\":\"2^10\"}"), answer("2^10 is 1024."));

        JsonNode call = client(
                "call", "run_task", "{\"input\":\"What is 2^10?\",\"tools\":[\"calculator\"],\"max_tool_calls\":3}");

        JsonNode result = call.get("result");
        assertFalse(
                result.path("isError").asBoolean(),
                result + " model got " + model.received().size() + " requests: " + model.requests());
        assertEquals("2^10 is 1024.", result.at("/content/0/text").asText());
        JsonNode task = result.get("structuredContent");
        assertEquals("completed", task.get("status").asText());
        assertEquals("calculator", task.at("/steps/0/tool").asText());
        assertTrue(task.at("/steps/0/result").asText().contains("1024"), task.toString());
        List<String> progress = new ArrayList<>();
        call.get("progress").forEach(p -> progress.add(p.path("message").asText()));
        assertEquals(2, progress.size(), progress.toString());
        assertTrue(progress.get(0).contains("calling calculator"), progress.toString());
        assertTrue(progress.get(1).contains("calculator done"), progress.toString());
        // the tool result the model got came from the real calculator
        assertTrue(model.lastMessage(1).toString().contains("1024"));
    }

    @Test
    void cancellingTheCallCancelsTheTask() {
        // the answer would come after a minute: only the cancellation can end the task within the poll's bound
        model.respondsInOrder(
                OpenAiMock.ok(toolCall("call_1", "calculator", "{\"expression\":\"1+1\"}")),
                OpenAiMock.ok(answer("too late")).withFixedDelay(60_000));

        JsonNode cancelled = client("cancel", "run_task", "{\"input\":\"Add 1 and 1.\",\"tools\":[\"calculator\"]}");

        assertNotNull(cancelled.get("error"), cancelled.toString());
        String status = Poll.until(
                () -> given().header("Authorization", ApiKeyResource.bearer(ApiKeyResource.KEY))
                        .when()
                        .get("/v1/tasks?limit=1")
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("tasks[0].status"),
                s -> !"in_progress".equals(s),
                "the task to end");
        assertEquals("cancelled", status);
    }

    @Test
    void refusesAClientWithoutAKeyBeforeAnyToolRuns() {
        JsonNode refused = NodeMcp.client("--url", mcp.toString(), "call", "calculator", "{\"expression\":\"1+1\"}");

        assertTrue(refused.get("connectError").asText().contains("401"), refused.toString());
        JsonNode wrongKey =
                NodeMcp.client("--url", mcp.toString(), "--key", "not-a-key", "call", "run_task", "{\"input\":\"hi\"}");
        assertTrue(wrongKey.get("connectError").asText().contains("401"), wrongKey.toString());
        assertTrue(model.received().isEmpty());
        // the extension also serves the older HTTP+SSE transport under /mcp/sse: behind the same keys
        given().get("/mcp/sse").then().statusCode(401);
        given().contentType("application/json")
                .body("{}")
                .post("/mcp/messages/x")
                .then()
                .statusCode(401);
    }
}
