package dev.taskagent.observability;

import static dev.taskagent.support.OpenAiMock.answer;
import static dev.taskagent.support.OpenAiMock.error;
import static dev.taskagent.support.OpenAiMock.ok;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskagent.support.InjectOpenAiMock;
import dev.taskagent.support.OpenAiMock;
import dev.taskagent.support.OpenAiMockResource;
import io.quarkus.test.common.QuarkusTestResource;
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
@QuarkusTestResource(value = OpenAiMockResource.class, restrictToAnnotatedClass = true)
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
        List<JsonNode> retries = lines.stream()
                .filter(line -> line.path("message").asText().contains("retrying"))
                .toList();
        assertEquals(1, retries.size(), "the retry of the model call was logged once");
        assertEquals(requestId, retries.get(0).path("mdc").path("requestId").asText());
        assertTrue(
                retries.get(0).path("threadName").asText().contains("virtual"),
                "logged on the task's virtual thread: " + retries.get(0));
    }

    private static JsonNode parse(ObjectMapper json, String line) {
        try {
            return json.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not a JSON log line: " + line, e);
        }
    }
}
