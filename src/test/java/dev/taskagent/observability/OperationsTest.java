package dev.taskagent.observability;

import static dev.taskagent.support.OpenAiMock.answer;
import static dev.taskagent.support.OpenAiMock.toolCall;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskagent.support.InjectOpenAiMock;
import dev.taskagent.support.OpenAiMock;
import dev.taskagent.support.OpenAiMockResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What an operator relies on: health probes, metrics, the API description, request ids. */
@QuarkusTest
@WithTestResource(OpenAiMockResource.class)
class OperationsTest {

    @InjectOpenAiMock
    OpenAiMock model;

    @BeforeEach
    void resetModel() {
        model.reset();
    }

    @Test
    void isLiveAndReadyWhenConfiguredWithoutCallingTheModel() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'task-agent configuration' }.data.model_token", equalTo("set"))
                .body(
                        "checks.find { it.name == 'task-agent configuration' }.data.model_circuit_breaker",
                        notNullValue());

        assertTrue(model.received().isEmpty(), "health probes never call the model");
    }

    @Test
    void countsTasksToolCallsModelCallsTokensAndCost() {
        model.replies(toolCall("call_1", "calculator", "{\"expression\":\"6*7\"}"), answer("42"));
        given().contentType(ContentType.JSON)
                .body("{\"input\":\"6 times 7?\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(200);
        model.reset();
        model.fails(
                402, "{\"error\":\"insufficient_funds\",\"message\":\"No credit.\",\"code\":\"insufficient_funds\"}");
        given().contentType(ContentType.JSON)
                .body("{\"input\":\"again\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(402);

        String metrics = given().when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();

        assertMetric(metrics, "task_agent_tasks_total\\{outcome=\"completed\"\\}");
        assertMetric(metrics, "task_agent_tasks_total\\{outcome=\"upstream_error\"\\}");
        assertMetric(metrics, "task_agent_task_duration_seconds_bucket\\{outcome=\"completed\",le=\"[^\"]+\"\\}");
        assertMetric(metrics, "task_agent_tool_calls_total\\{outcome=\"ok\",tool=\"calculator\"\\}");
        assertMetric(metrics, "task_agent_tool_call_duration_seconds_count\\{outcome=\"ok\",tool=\"calculator\"\\}");
        assertMetric(metrics, "task_agent_model_call_duration_seconds_count\\{model=\"[^\"]+\",outcome=\"ok\"\\}");
        assertMetric(metrics, "task_agent_model_call_errors_total\\{code=\"402\",model=\"[^\"]+\"\\}");
        assertMetric(metrics, "task_agent_model_tokens_total\\{direction=\"input\",model=\"[^\"]+\"\\}");
        assertMetric(metrics, "task_agent_model_tokens_total\\{direction=\"output\",model=\"[^\"]+\"\\}");
        assertMetric(metrics, "task_agent_model_cost_usd_total\\{model=\"[^\"]+\"\\}");
        assertFalse(metrics.contains("No credit."), "no error text in any label");
    }

    @Test
    void estimatesCostFromConfiguredPrices() {
        double before = metricValue(given().get("/q/metrics").asString(), "task_agent_model_cost_usd_total");
        model.replies(answer("ok"));
        given().contentType(ContentType.JSON)
                .body("{\"input\":\"hi\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(200);

        double after = metricValue(given().get("/q/metrics").asString(), "task_agent_model_cost_usd_total");

        // the mock's answer reads 150 and writes 30 tokens: 150 × 0.15/1e6 + 30 × 0.60/1e6 dollars
        assertTrue(Math.abs(after - before - 0.0000405) < 1e-12, "cost added: " + (after - before));
    }

    @Test
    void givesEveryResponseARequestIdAndKeepsASaneOneFromTheCaller() {
        given().when()
                .get("/v1/tools")
                .then()
                .statusCode(200)
                .header("X-Request-Id", matchesPattern("req_[0-9a-f]{32}"));
        given().header("X-Request-Id", "client-trace-42")
                .when()
                .get("/v1/tools")
                .then()
                .header("X-Request-Id", equalTo("client-trace-42"));
        given().header("X-Request-Id", "bad id\twith spaces")
                .when()
                .get("/v1/tools")
                .then()
                .header("X-Request-Id", matchesPattern("req_[0-9a-f]{32}"));
        given().header("X-Request-Id", "client-trace-43")
                .contentType(ContentType.JSON)
                .body("{}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(400)
                .header("X-Request-Id", equalTo("client-trace-43"))
                .body("request_id", equalTo("client-trace-43"));
    }

    @Test
    void describesEveryEndpointWithExamples() {
        given().queryParam("format", "json")
                .when()
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body("paths", hasKey("/v1/tasks"))
                .body("paths", hasKey("/v1/tools"))
                .body("paths.'/v1/tasks'.post.requestBody.content.'application/json'.examples", hasKey("calculator"))
                .body("paths.'/v1/tasks'.post.responses", hasKey("200"))
                .body("paths.'/v1/tasks'.post.responses", hasKey("401"))
                .body("paths.'/v1/tasks'.post.responses", hasKey("429"))
                .body(
                        "paths.'/v1/tasks'.post.responses.'429'.'$ref'",
                        equalTo("#/components/responses/TooManyRequests"))
                .body("components.responses.TooManyRequests.content", hasKey("application/problem+json"))
                .body(
                        "components.responses.TooManyRequests.content.'application/problem+json'.examples",
                        hasKey("rate-limited"))
                .body("paths.'/v1/tools'.get.responses.'200'.content.'application/json'.examples", hasKey("tools"))
                .body("components.securitySchemes.apiKey.scheme", equalTo("bearer"));
        given().when().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
    }

    private static void assertMetric(String metrics, String pattern) {
        assertTrue(
                Pattern.compile("(?m)^" + pattern + " [0-9.E+-]+( #.*)?$")
                        .matcher(metrics)
                        .find(),
                "no metric " + pattern + " in:\n"
                        + metrics.lines()
                                .filter(l -> l.startsWith("task_agent"))
                                .reduce("", (a, b) -> a + b + "\n"));
    }

    private static double metricValue(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{[^}]*\\} ([0-9.E+-]+)( #.*)?$")
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
