package dev.taskagent.api;

import static dev.taskagent.support.OpenAiMock.answer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskagent.support.InjectOpenAiMock;
import dev.taskagent.support.LogCapture;
import dev.taskagent.support.OpenAiMock;
import dev.taskagent.support.OpenAiMockResource;
import dev.taskagent.support.Poll;
import dev.taskagent.support.Requests;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Locale;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Model choice per task: from the configured allowlist, refused when unknown or unable, priced at its own rates. */
@QuarkusTest
@WithTestResource(OpenAiMockResource.class)
class ModelChoiceTest {

    static final String PNG = "data:image/png;base64,"
            + "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

    static final String DEVSTRAL = "mistralai/devstral-2512";

    @InjectOpenAiMock
    OpenAiMock model;

    @BeforeEach
    void resetModel() {
        model.reset();
    }

    @Test
    void runsTheTaskOnTheChosenModelAndPricesItsTokensAtThatModelsRates() {
        // given: the mock bills 150 input and 30 output tokens
        model.replies(answer("Done."));
        double devstralBefore = costMetric(DEVSTRAL);
        double defaultBefore = costMetric(OpenAiMock.MODEL);

        try (LogCapture log = LogCapture.start()) {
            // when
            JsonPath task = Requests.completedTask(
                    "{\"input\":\"Refactor this.\",\"tools\":[],\"model\":\"" + DEVSTRAL + "\"}");

            // then: Devstral 2 at $0.40 / $2.00 per million tokens, in usage, the metric and the task's log line
            double cost = (150 * 0.40 + 30 * 2.00) / 1e6;
            assertEquals(DEVSTRAL, model.requests().get(0).path("model").asText());
            assertEquals(DEVSTRAL, task.getString("model"));
            assertEquals(cost, task.getDouble("usage.cost_usd"), 1e-12);
            assertEquals(cost, costMetric(DEVSTRAL) - devstralBefore, 1e-12, "the chosen model's cost metric");
            assertEquals(0, costMetric(OpenAiMock.MODEL) - defaultBefore, 1e-12, "nothing billed to the default");
            String line = Poll.until(
                    () -> taskLine(log, task.getString("id")), found -> found != null, "the task's log line");
            assertTrue(line.contains(" model=" + DEVSTRAL + " "), line);
            assertTrue(line.contains(String.format(Locale.ROOT, " cost_usd=%.6f ", cost)), line);
        }
    }

    @Test
    void runsOnTheDefaultModelWhenNoneIsNamed() {
        model.replies(answer("Done."));

        JsonPath task = Requests.completedTask("{\"input\":\"Hello\",\"tools\":[]}");

        assertEquals(
                "mistralai/mistral-small-2603",
                model.requests().get(0).path("model").asText());
        assertEquals((150 * 0.15 + 30 * 0.60) / 1e6, task.getDouble("usage.cost_usd"), 1e-12);
    }

    @Test
    void refusesAnUnknownModelNamingTheAllowedOnes() {
        given().contentType(ContentType.JSON)
                .body("{\"input\":\"Hello\",\"model\":\"gpt-4o\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("param", equalTo("model"))
                .body("detail", containsString("unknown model 'gpt-4o'"))
                .body("detail", containsString("mistralai/ministral-14b-2512"))
                .body("detail", containsString("mistralai/mistral-medium-3.1"));
        assertEquals(0, model.received().size());
    }

    @Test
    void refusesImagesForAModelThatTakesNone() {
        given().contentType(ContentType.JSON)
                .body("{\"input\":\"What is this?\",\"model\":\"mistralai/devstral-2512\",\"images\":[\"" + PNG
                        + "\"]}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(400)
                .body("detail", containsString("does not take images"));
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"mistralai/devstral-2512\",\"messages\":[{\"role\":\"user\",\"content\":["
                        + "{\"type\":\"text\",\"text\":\"What is this?\"},"
                        + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"" + PNG + "\"}}]}]}")
                .when()
                .post("/v1/chat/completions")
                .then()
                .statusCode(400)
                .body("error.param", equalTo("model"))
                .body("error.message", containsString("does not take images"));
        assertEquals(0, model.received().size());
    }

    @Test
    void sendsImagesToAModelThatTakesThem() {
        model.replies(answer("A dot."));

        given().contentType(ContentType.JSON)
                .body("{\"input\":\"What is this?\",\"tools\":[],\"model\":\"mistralai/ministral-14b-2512\","
                        + "\"images\":[\"" + PNG + "\"]}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(200);

        assertTrue(model.requests().get(0).path("messages").toString().contains("image_url"));
    }

    @Test
    void refusesAReasoningEffortForAModelThatTakesNone() {
        given().contentType(ContentType.JSON)
                .body("{\"input\":\"Hello\",\"model\":\"mistralai/mistral-medium-3.1\",\"reasoning\":\"high\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(400)
                .body("detail", containsString("does not take a reasoning effort"));
    }

    @Test
    void answersAChatCompletionForEveryAllowedModelIdEchoingIt() {
        List<String> ids = given().get("/v1/models").then().extract().jsonPath().getList("data.id");
        assertTrue(ids.size() >= 5, "the alias and the four shipped models: " + ids);

        for (String id : ids) {
            model.reset();
            model.replies(answer("Bonjour."));

            given().contentType(ContentType.JSON)
                    .body("{\"model\":\"" + id + "\","
                            + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello in French.\"}]}")
                    .when()
                    .post("/v1/chat/completions")
                    .then()
                    .statusCode(200)
                    .body("model", equalTo(id))
                    .body("choices[0].message.content", equalTo("Bonjour."));

            String upstream = id.equals("task-agent") ? OpenAiMock.MODEL : id;
            assertEquals(upstream, model.requests().get(0).path("model").asText(), "the model " + id + " runs on");
        }
    }

    /** The model's cost so far, from {@code task_agent_model_cost_usd_total{model}}; 0 before its first call. */
    private static double costMetric(String modelId) {
        String prefix = "task_agent_model_cost_usd_total{model=\"" + modelId + "\"} ";
        return given().get("/q/metrics")
                .then()
                .extract()
                .asString()
                .lines()
                .filter(line -> line.startsWith(prefix))
                .mapToDouble(line ->
                        Double.parseDouble(line.substring(prefix.length()).split(" ")[0]))
                .findFirst()
                .orElse(0);
    }

    /** The per-task log line of {@code taskId}, or null while it has not been written. */
    private static String taskLine(LogCapture log, String taskId) {
        return log.records().stream()
                .map(LogRecord::getMessage)
                .filter(message -> message.startsWith("task finished:") && message.contains("task_id=" + taskId))
                .findFirst()
                .orElse(null);
    }
}
