package dev.taskagent.api;

import static dev.taskagent.support.OpenAiMock.answer;
import static dev.taskagent.support.OpenAiMock.toolCall;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskagent.support.InjectOpenAiMock;
import dev.taskagent.support.LogCapture;
import dev.taskagent.support.OpenAiMock;
import dev.taskagent.support.OpenAiMockResource;
import dev.taskagent.support.Smoke;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(OpenAiMockResource.class)
class TaskResourceTest {

    @InjectOpenAiMock
    OpenAiMock model;

    @BeforeEach
    void resetModel() {
        model.reset();
    }

    @Smoke
    @Test
    void runsCalculatorThenAnswers() {
        // given
        model.replies(
                toolCall("call_1", "calculator", "{\"expression\":\"1234*5678\"}"), answer("1234 × 5678 = 7006652"));

        // when
        given().contentType(ContentType.JSON)
                .body("{\"input\":\"What is 1234 times 5678?\"}")
                .when()
                .post("/v1/tasks")
                // then
                .then()
                .statusCode(200)
                .body("id", startsWith("task_"))
                .body("status", equalTo("completed"))
                .body("output", equalTo("1234 × 5678 = 7006652"))
                .body("steps", hasSize(1))
                .body("steps[0].type", equalTo("tool_call"))
                .body("steps[0].tool", equalTo("calculator"))
                .body("steps[0].arguments.expression", equalTo("1234*5678"))
                .body("steps[0].result", containsString("7006652"))
                .body("steps[0].error", nullValue())
                .body("steps[0].duration_ms", greaterThanOrEqualTo(0))
                .body("usage.input_tokens", equalTo(270))
                .body("usage.output_tokens", equalTo(50))
                .body("model", equalTo(OpenAiMock.MODEL))
                .body("duration_ms", greaterThanOrEqualTo(0));

        List<JsonNode> sent = model.requests();
        assertEquals(2, sent.size());
        assertEquals(OpenAiMock.MODEL, sent.get(0).path("model").asText());
        JsonNode toolMessage = model.lastMessage(1);
        assertEquals("tool", toolMessage.path("role").asText());
        assertEquals("call_1", toolMessage.path("tool_call_id").asText());
        assertTrue(
                toolMessage.path("content").asText().contains("7006652"),
                "the service sent the computed value back: " + toolMessage);
        assertEquals(
                "{\"expression\":\"1234*5678\",\"result\":\"7006652\"}",
                toolMessage.path("content").asText(),
                "the tool's record goes back as compact JSON");
        assertEquals(
                "Bearer " + OpenAiMockResource.TOKEN, model.received().get(0).getHeader("Authorization"));
    }

    @Test
    void answersWithoutToolsWhenModelNeedsNone() {
        model.replies(answer("Paris."));

        given().contentType(ContentType.JSON)
                .body("{\"input\":\"Capital of France?\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .body("output", equalTo("Paris."))
                .body("steps", hasSize(0))
                .body("usage.input_tokens", equalTo(150));
    }

    @Test
    void offersOnlyTheRequestedTools() {
        model.replies(answer("ok"));

        given().contentType(ContentType.JSON)
                .body("{\"input\":\"hi\",\"tools\":[\"calculator\"]}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(200);

        JsonNode tools = model.requests().get(0).path("tools");
        assertEquals(1, tools.size(), "only the calculator is offered: " + tools);
        assertEquals("calculator", tools.get(0).path("function").path("name").asText());
    }

    @Test
    void offersEveryEnabledToolByDefault() {
        model.replies(answer("ok"));

        given().contentType(ContentType.JSON)
                .body("{\"input\":\"hi\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(200);

        List<String> names = model.requests().get(0).path("tools").findValuesAsText("name");
        assertTrue(
                names.containsAll(List.of("calculator", "find_files", "search_files", "read_file", "http_fetch")),
                "all tools offered: " + names);
    }

    @Test
    void reportsToolErrorToModelAndCompletes() {
        model.replies(
                toolCall("call_1", "calculator", "{\"expression\":\"1/0\"}"), answer("Division by zero is undefined."));

        given().contentType(ContentType.JSON)
                .body("{\"input\":\"What is 1/0?\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .body("steps[0].error", containsString("division by zero"))
                .body("steps[0].result", nullValue())
                .body("output", equalTo("Division by zero is undefined."));

        JsonNode toolMessage = model.lastMessage(1);
        assertTrue(toolMessage.path("content").asText().startsWith("error: "), toolMessage.toString());
    }

    @Test
    void recordsCallToUnknownToolAndCompletes() {
        model.replies(toolCall("call_1", "shell", "{\"cmd\":\"rm -rf /\"}"), answer("I cannot run shell commands."));

        given().contentType(ContentType.JSON)
                .body("{\"input\":\"delete everything\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .body("steps", hasSize(1))
                .body("steps[0].tool", equalTo("shell"))
                .body("steps[0].error", containsString("unknown tool 'shell'"));

        JsonNode toolMessage = model.lastMessage(1);
        assertTrue(toolMessage.path("content").asText().contains("unknown tool"), toolMessage.toString());
    }

    @Test
    void recordsMalformedToolArgumentsAndCompletes() {
        model.replies(toolCall("call_1", "calculator", "{not json"), answer("Sorry."));

        try (LogCapture logs = LogCapture.start()) {
            given().contentType(ContentType.JSON)
                    .body("{\"input\":\"compute\"}")
                    .when()
                    .post("/v1/tasks")
                    .then()
                    .statusCode(200)
                    .body("steps[0].error", containsString("invalid arguments"))
                    .body("steps[0].arguments", equalTo("{not json"));

            // the model is told, as a tool error, what was wrong
            String told = model.lastMessage(1).path("content").asText();
            assertTrue(told.contains("invalid arguments for calculator: not valid JSON"), told);
            if (getClass().isAnnotationPresent(QuarkusIntegrationTest.class)) {
                return; // the packaged application logs in its own process; its log is checked in-process only
            }
            // a model mistake is one WARN line, not an error with a stack trace
            List<LogRecord> warnings = logs.atLeast(Level.WARNING).stream()
                    .filter(r -> !String.valueOf(r.getLoggerName()).endsWith("BlockedThreadChecker")) // a slow machine
                    .toList();
            assertTrue(
                    warnings.stream().noneMatch(r -> r.getLevel().intValue() > Level.WARNING.intValue()),
                    warnings.toString());
            assertTrue(warnings.stream().noneMatch(r -> r.getThrown() != null), warnings.toString());
            List<String> lines =
                    warnings.stream().map(r -> String.valueOf(r.getMessage())).toList();
            assertEquals(
                    1,
                    lines.stream().filter(m -> m.contains("invalid arguments")).count(),
                    lines.toString());
            assertTrue(lines.stream().noneMatch(m -> m.contains("\n")), lines.toString());
        }
    }

    @Test
    void toldTheModelWhenToolArgumentsAreJsonButNotAnObject() {
        model.replies(toolCall("call_1", "calculator", "[\"2+2\"]"), answer("Sorry."));

        given().contentType(ContentType.JSON)
                .body("{\"input\":\"compute\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .body("steps[0].error", containsString("not a JSON object"));
    }

    @Smoke
    @Test
    void stopsWith422WhenToolBudgetIsSpent() {
        model.replies(
                toolCall("call_1", "calculator", "{\"expression\":\"1+1\"}"),
                toolCall("call_2", "calculator", "{\"expression\":\"2+2\"}"),
                toolCall("call_3", "calculator", "{\"expression\":\"3+3\"}"));

        given().contentType(ContentType.JSON)
                .body("{\"input\":\"loop\",\"max_tool_calls\":2}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("tool-budget-exhausted"))
                .body("task_id", startsWith("task_"))
                .body("steps", hasSize(2))
                .body("steps[1].result", containsString("4"));
    }

    @Smoke
    @Test
    void refusesFetchOfPrivateAddressAndCompletes() {
        model.replies(
                toolCall("call_1", "http_fetch", "{\"url\":\"http://169.254.169.254/latest/meta-data/\"}"),
                answer("That address is not reachable."));

        given().contentType(ContentType.JSON)
                .body("{\"input\":\"read the metadata\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .body("steps[0].tool", equalTo("http_fetch"))
                .body("steps[0].error", containsString("blocked"))
                .body("sources", hasSize(0));
    }

    @Smoke
    @Test
    void rejectsMalformedJson() {
        given().contentType(ContentType.JSON)
                .body("{\"input\": ")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("title", equalTo("Invalid request"));
        assertEquals(0, model.received().size(), "no model call for a bad request");
    }

    @Test
    void rejectsMissingInput() {
        given().contentType(ContentType.JSON)
                .body("{\"tools\":[\"calculator\"]}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("'input' is required"));
    }

    @Test
    void rejectsBlankInput() {
        given().contentType(ContentType.JSON)
                .body("{\"input\":\"   \"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void rejectsMissingBody() {
        given().contentType(ContentType.JSON)
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void rejectsOversizedInput() {
        given().contentType(ContentType.JSON)
                .body("{\"input\":\"" + "x".repeat(32_001) + "\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("32000"));
    }

    @Test
    void rejectsUnknownToolName() {
        given().contentType(ContentType.JSON)
                .body("{\"input\":\"hi\",\"tools\":[\"calculator\",\"shell\"]}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("unknown tool 'shell'"));
    }

    @Test
    void rejectsUnknownMember() {
        given().contentType(ContentType.JSON)
                .body("{\"input\":\"hi\",\"max_tool_call\":3}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("max_tool_call"));
    }

    @Test
    void rejectsNegativeToolBudget() {
        given().contentType(ContentType.JSON)
                .body("{\"input\":\"hi\",\"max_tool_calls\":-1}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    @Smoke
    @Test
    void passesPuterPaymentErrorThroughWithItsCode() {
        model.fails(
                402,
                "{\"error\":\"insufficient_funds\",\"message\":\"Not enough credit to run this model.\","
                        + "\"code\":\"insufficient_funds\"}");

        given().contentType(ContentType.JSON)
                .body("{\"input\":\"hi\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(402)
                .contentType("application/problem+json")
                .body("code", equalTo("insufficient_funds"))
                .body("upstream_status", equalTo(402))
                .body("detail", equalTo("Not enough credit to run this model."));
    }

    @Test
    void passesPuterSubscriptionErrorThroughWithItsCode() {
        model.fails(
                402,
                "{\"error\":\"subscription_required\",\"message\":\"This model needs a subscription.\","
                        + "\"code\":\"subscription_required\"}");

        given().contentType(ContentType.JSON)
                .body("{\"input\":\"hi\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(402)
                .body("code", equalTo("subscription_required"));
    }

    @Test
    void passesPuterRateLimitThroughAs429() {
        model.fails(
                429,
                "{\"error\":\"too_many_requests\",\"message\":\"Too many requests.\","
                        + "\"code\":\"too_many_requests\"}");

        given().contentType(ContentType.JSON)
                .body("{\"input\":\"hi\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(429)
                .contentType("application/problem+json")
                .body("code", equalTo("too_many_requests"))
                .body("upstream_status", equalTo(429));
    }

    @Test
    void reportsOpenAiShapedUpstreamErrorAs502() {
        model.fails(
                500,
                "{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"," + "\"code\":null}}");

        given().contentType(ContentType.JSON)
                .body("{\"input\":\"hi\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(502)
                .contentType("application/problem+json")
                .body("detail", equalTo("The server had an error"))
                .body("code", equalTo("server_error"))
                .body("upstream_status", equalTo(500))
                .body(not(containsString(OpenAiMockResource.TOKEN)));
    }

    @Test
    void reportsUpstreamAuthFailureAs502() {
        model.fails(
                401, "{\"error\":\"unauthorized\",\"message\":\"Invalid auth token\",\"code\":\"token_auth_failed\"}");

        given().contentType(ContentType.JSON)
                .body("{\"input\":\"hi\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(502)
                .body("code", equalTo("upstream-unauthorized"))
                .body("detail", containsString("PUTER_AUTH_TOKEN"))
                .body("upstream_status", equalTo(401));
    }

    @Smoke
    @Test
    void reportsUpstreamTimeoutAs504() {
        model.delays(5_000, answer("too late"));

        given().contentType(ContentType.JSON)
                .body("{\"input\":\"hi\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(504)
                .contentType("application/problem+json")
                .body("code", equalTo("upstream-timeout"));
    }

    @Smoke
    @Test
    void answersUnknownPathWithProblem() {
        given().when().get("/v1/nothing-here").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void asksForTheJsonContentTypeWhenTheBodyComesWithoutIt() {
        given().body("{\"input\":\"What is 2+2?\"}")
                .contentType("text/plain")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(415)
                .contentType("application/problem+json")
                .body("code", equalTo("unsupported-media-type"))
                .body("detail", containsString("Content-Type: application/json"));

        assertEquals(0, model.received().size(), "no model call");
    }
}
