package dev.taskagent.mcp;

import static dev.taskagent.support.OpenAiMock.answer;
import static dev.taskagent.support.OpenAiMock.toolCall;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskagent.support.EverythingServerResource;
import dev.taskagent.support.InjectOpenAiMock;
import dev.taskagent.support.OpenAiMock;
import dev.taskagent.support.OpenAiMockResource;
import dev.taskagent.support.Poll;
import dev.taskagent.support.Requests;
import dev.taskagent.task.TaskEvent;
import dev.taskagent.task.TaskRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The agent using a real MCP server as a tool set: the reference 'everything' server (npm), started over stdio.
 * Its tools are listed and selectable, what it computes reaches the model (cut to the server's cap), a server that
 * cannot start is listed disabled while the service runs, and killing the server mid-task gives the model a tool
 * error and disables the tool set with the reason (that it comes back after the backoff is McpServersTest's).
 */
@QuarkusTest
@WithTestResource(OpenAiMockResource.class)
@WithTestResource(EverythingServerResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class McpClientTest {

    private static final String SUM = "everything__get-sum";

    @InjectOpenAiMock
    OpenAiMock model;

    @Inject
    TaskRegistry registry;

    @BeforeEach
    void serverReady() {
        model.reset();
        Poll.until(McpClientTest::everythingEnabled, Boolean::booleanValue, "the everything server to be connected");
    }

    private static boolean everythingEnabled() {
        return Boolean.TRUE.equals(
                given().get("/v1/tools").then().extract().path("tools.find { it.name == 'everything' }.enabled"));
    }

    @Test
    @Order(1)
    void listsTheServersToolsNamespacedWithTheirSchemas() {
        given().when()
                .get("/v1/tools")
                .then()
                .statusCode(200)
                .body("tools.name", hasItems("calculator", "file_search", "http_fetch", "everything"))
                .body("tools.find { it.name == 'everything' }.functions.name", hasItems(SUM, "everything__echo"))
                .body(
                        "tools.find { it.name == 'everything' }.functions.find { it.name == '" + SUM
                                + "' }.parameters.properties.a.type",
                        equalTo("number"))
                .body(
                        "tools.find { it.name == 'everything' }.functions.find { it.name == '" + SUM
                                + "' }.parameters.required",
                        contains("a", "b"));
    }

    @Test
    @Order(2)
    void givesTheModelWhatTheServerComputed() {
        model.replies(toolCall("call_1", SUM, "{\"a\":2,\"b\":3}"), answer("2 + 3 = 5."));

        JsonPath task =
                Requests.completedTask("{\"input\":\"Add 2 and 3 with the server.\",\"tools\":[\"everything\"]}");

        assertEquals(SUM, task.getString("steps[0].tool"));
        assertEquals("The sum of 2 and 3 is 5.", task.getString("steps[0].result"));
        assertEquals(
                "The sum of 2 and 3 is 5.", model.lastMessage(1).get("content").asText());
        JsonNode first = model.requests().get(0);
        JsonNode sum = null;
        for (JsonNode tool : first.get("tools")) {
            if (tool.at("/function/name").asText().equals(SUM)) {
                sum = tool.get("function");
            }
        }
        assertNotNull(sum, "the model is offered the server's tool");
        assertEquals("Returns the sum of two numbers", sum.get("description").asText());
        // a remote description is data for the function, never part of the instructions
        assertFalse(first.at("/messages/0/content").asText().contains("Returns the sum"));
    }

    @Test
    @Order(3)
    void countsTheServersToolsInTheTaskBudget() {
        model.replies(
                toolCall("call_1", SUM, "{\"a\":1,\"b\":1}"),
                toolCall("call_2", SUM, "{\"a\":1,\"b\":2}"),
                answer("done"));

        given().contentType(ContentType.JSON)
                .body("{\"input\":\"Add twice.\",\"tools\":[\"everything\"],\"max_tool_calls\":1}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(422)
                .body("code", equalTo("tool-budget-exhausted"))
                .body("steps.size()", equalTo(1));
    }

    @Test
    @Order(4)
    void cutsAResultOverTheServersCap() {
        model.replies(
                toolCall("call_1", "everything__echo", "{\"message\":\"" + "x".repeat(5000) + "\"}"),
                answer("That was long."));

        JsonPath task = Requests.completedTask("{\"input\":\"Echo a long text.\",\"tools\":[\"everything\"]}");

        // the server answers "Echo: " and the 5000 characters; max-result-chars is 2000
        String result = task.getString("steps[0].result");
        assertEquals("Echo: " + "x".repeat(1994) + "\n[cut: 3006 more characters]", result);
        assertEquals(result, model.lastMessage(1).get("content").asText());
    }

    @Test
    @Order(5)
    void listsAServerThatCannotStartAsDisabledWithTheReasonWhileTheServiceRuns() {
        JsonPath tools =
                given().get("/v1/tools").then().statusCode(200).extract().jsonPath();

        assertEquals(false, tools.getBoolean("tools.find { it.name == 'broken' }.enabled"));
        assertTrue(
                tools.getString("tools.find { it.name == 'broken' }.disabled_reason")
                        .startsWith("could not start: Cannot run program \"/nonexistent/mcp-server\""),
                tools.prettify());
        given().contentType(ContentType.JSON)
                .body("{\"input\":\"Use it.\",\"tools\":[\"broken\"]}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(400)
                .body("detail", org.hamcrest.Matchers.containsString("disabled"));
    }

    @Test
    @Order(10)
    void killingTheServerMidTaskGivesAToolErrorAndDisablesIt() throws InterruptedException {
        model.replies(
                toolCall("call_1", "everything__trigger-long-running-operation", "{\"duration\":600,\"steps\":600}"),
                answer("The server went away."));
        String id = Requests.acceptedTask(
                "{\"input\":\"Run the long operation.\",\"tools\":[\"everything\"],\"background\":true}");
        // a long bound (a node server, a JVM and WireMock share a busy machine), and no timing assertion
        boolean started = false;
        for (int i = 0; i < 600 && !started; i++) {
            started = registry.find("anonymous", id).orElseThrow().events().after(0).events().stream()
                    .anyMatch(e -> e.event() instanceof TaskEvent.StepStarted);
            if (!started) {
                Thread.sleep(100);
            }
        }
        assertTrue(
                started,
                () -> "the long operation started: "
                        + given().get("/v1/tasks/" + id).asString() + " model: " + model.requests());

        List<ProcessHandle> servers = ProcessHandle.current()
                .descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("server-everything"))
                .toList();
        assertFalse(servers.isEmpty(), "the server runs as a child process");
        servers.forEach(ProcessHandle::destroyForcibly);

        JsonPath task = Poll.until(
                () -> given().get("/v1/tasks/" + id).then().extract().jsonPath(),
                t -> !"in_progress".equals(t.getString("status")),
                "the task to end");
        assertEquals("completed", task.getString("status"));
        assertEquals("The server went away.", task.getString("output"));
        assertTrue(task.getString("steps[0].error").contains("everything"), task.prettify());
        assertTrue(
                model.lastMessage(1).get("content").asText().startsWith("error:"),
                model.requests().toString());
        JsonPath tools = given().get("/v1/tools").then().extract().jsonPath();
        assertEquals(false, tools.getBoolean("tools.find { it.name == 'everything' }.enabled"));
        assertTrue(tools.getString("tools.find { it.name == 'everything' }.disabled_reason")
                .contains("exited"));
        given().contentType(ContentType.JSON)
                .body("{\"input\":\"Add.\",\"tools\":[\"everything\"]}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(400)
                .body("detail", org.hamcrest.Matchers.containsString("disabled"));
    }
}
