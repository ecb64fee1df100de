package dev.taskagent.observability;

import static dev.taskagent.support.OpenAiMock.answer;
import static dev.taskagent.support.OpenAiMock.error;
import static dev.taskagent.support.OpenAiMock.ok;
import static dev.taskagent.support.OpenAiMock.toolCall;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskagent.support.InjectOpenAiMock;
import dev.taskagent.support.OpenAiMock;
import dev.taskagent.support.OpenAiMockResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With JSON logging switched on, each line is one JSON object, and what the service logs while serving a request
 * carries that request's id, even from the virtual thread the task runs on.
 */
@QuarkusTest
@TestProfile(JsonLogsTest.JsonToFile.class)
@WithTestResource(OpenAiMockResource.class)
class JsonLogsTest {

    /** A file of this test JVM's own, so lines of earlier runs never count. */
    static final Path LOG =
            Path.of("target/json-logs-" + ProcessHandle.current().pid() + ".log");

    public static class JsonToFile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.log.file.enabled",
                    "true",
                    "quarkus.log.file.path",
                    LOG.toString(),
                    "quarkus.log.file.json.enabled",
                    "true");
        }
    }

    @InjectOpenAiMock
    OpenAiMock model;

    @Test
    void writesJsonLinesCarryingTheRequestId() throws Exception {
        model.reset();
        model.respondsInOrder(error(503, "{}"), ok(answer("ok")));

        String requestId = given().contentType(ContentType.JSON)
                .body("{\"input\":\"hi\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .extract()
                .header("X-Request-Id");

        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines =
                Files.readAllLines(LOG).stream().map(line -> parse(json, line)).toList();
        // the log file is shared by the class's tests, so only this request's lines count
        List<JsonNode> retries = lines.stream()
                .filter(line -> line.path("message").asText().contains("retrying"))
                .filter(line ->
                        requestId.equals(line.path("mdc").path("requestId").asText()))
                .toList();
        assertEquals(1, retries.size(), "the retry of the model call was logged once, with the request id: " + lines);
        assertTrue(
                retries.get(0).path("threadName").asText().contains("virtual"),
                "logged on the task's virtual thread: " + retries.get(0));
    }

    @Test
    void logsOneLinePerTaskWithItsFiguresButNeverItsInputOrAnswer() throws Exception {
        model.reset();
        model.replies(toolCall("call_1", "calculator", "{\"expression\":\"6*7\"}"), answer("the confidential answer"));

        String id = given().contentType(ContentType.JSON)
                .body("{\"input\":\"a confidential question\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .extract()
                .path("id");

        List<JsonNode> lines = lines().stream()
                .filter(line -> line.path("loggerName").asText().endsWith("TaskLog"))
                .filter(line -> id.equals(line.path("mdc").path("task_id").asText()))
                .toList();
        assertEquals(1, lines.size(), "one line for the task: " + lines);
        JsonNode line = lines.get(0);
        assertEquals("INFO", line.path("level").asText());
        JsonNode fields = line.path("mdc");
        assertEquals("anonymous", fields.path("key").asText());
        assertEquals(OpenAiMock.MODEL, fields.path("model").asText());
        assertEquals("completed", fields.path("outcome").asText());
        assertEquals("1", fields.path("tool_calls").asText());
        assertTrue(fields.path("input_tokens").asLong() > 0, line.toString());
        assertTrue(fields.path("output_tokens").asLong() > 0, line.toString());
        assertTrue(fields.path("cost_usd").asDouble() > 0, line.toString());
        assertTrue(fields.has("duration_ms"), line.toString());
        assertTrue(line.path("message").asText().contains("outcome=completed"), line.toString());
        assertFalse(line.toString().contains("confidential"), "neither input nor answer: " + line);
    }

    @Test
    void startsByNamingTheModelItsEndpointTheTokenTheToolsAuthAndTheApiDescription() throws Exception {
        List<String> messages = lines().stream()
                .filter(line -> line.path("loggerName").asText().startsWith("dev.taskagent"))
                .map(line ->
                        line.path("level").asText() + " " + line.path("message").asText())
                .toList();

        String all = String.join("\n", messages);
        assertTrue(all.contains("INFO model " + OpenAiMock.MODEL + " at http://localhost:"), all);
        assertTrue(all.contains("INFO model token is set"), all);
        assertTrue(all.contains("calculator on"), all);
        assertTrue(all.contains("file_search on"), all);
        assertTrue(all.contains("WARN API key authentication is OFF"), all);
        assertTrue(all.contains("/q/swagger-ui") && all.contains("/q/openapi"), all);
        assertFalse(all.contains("test-token"), "never the token: " + all);
    }

    private static List<JsonNode> lines() throws IOException {
        ObjectMapper json = new ObjectMapper();
        return Files.readAllLines(LOG).stream().map(line -> parse(json, line)).toList();
    }

    private static JsonNode parse(ObjectMapper json, String line) {
        try {
            return json.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not a JSON log line: " + line, e);
        }
    }
}
