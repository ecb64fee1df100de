package dev.taskagent.lambda;

import static dev.taskagent.support.OpenAiMock.answer;
import static dev.taskagent.support.OpenAiMock.toolCall;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskagent.support.ApiKeyResource;
import dev.taskagent.support.InjectOpenAiMock;
import dev.taskagent.support.OpenAiMock;
import dev.taskagent.support.OpenAiMockResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The service as AWS Lambda runs it (build with -Plambda): every request goes to Quarkus' mock Lambda event server,
 * which turns it into an API Gateway (HTTP API) event, hands it to the Lambda handler through the runtime API the
 * handler polls, and turns the handler's API Gateway response back into HTTP.
 */
@QuarkusTest
@WithTestResource(
        value = OpenAiMockResource.class,
        initArgs = {
            // as deployment/lambda/template.yaml sets it
            @ResourceArg(name = "task-agent.tasks.background-enabled", value = "false")
        })
@WithTestResource(ApiKeyResource.class)
class LambdaHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectOpenAiMock
    OpenAiMock model;

    @BeforeEach
    void resetModel() {
        model.reset();
    }

    /** Requests to the mock event server, not to an HTTP port of the service. */
    private static RequestSpecification throughLambda() {
        return throughLambdaWithoutKey().header("Authorization", ApiKeyResource.bearer(ApiKeyResource.KEY));
    }

    private static RequestSpecification throughLambdaWithoutKey() {
        return given().port(ConfigProvider.getConfig()
                .getValue("quarkus.lambda.mock-event-server.test-port", Integer.class));
    }

    @Test
    void listsToolsThroughTheHandler() {
        throughLambda()
                .when()
                .get("/v1/tools")
                .then()
                .statusCode(200)
                .body("tools.name", contains("calculator", "file_search", "http_fetch"));
    }

    @Test
    void runsCalculatorTaskThroughTheHandler() {
        // given
        model.replies(
                toolCall("call_1", "calculator", "{\"expression\":\"1234*5678\"}"), answer("1234 × 5678 = 7006652"));

        // when
        throughLambda()
                .contentType(ContentType.JSON)
                .body("{\"input\":\"What is 1234 times 5678?\",\"tools\":[\"calculator\"]}")
                .when()
                .post("/v1/tasks")
                // then
                .then()
                .statusCode(200)
                .header("X-Request-Id", startsWith("req_"))
                .body("status", equalTo("completed"))
                .body("output", equalTo("1234 × 5678 = 7006652"))
                .body("steps[0].tool", equalTo("calculator"))
                .body("steps[0].result", containsString("7006652"));
        assertEquals(
                "{\"expression\":\"1234*5678\",\"result\":\"7006652\"}",
                model.lastMessage(1).path("content").asText());
    }

    @Test
    void answersProblemJsonThroughTheHandler() {
        throughLambda()
                .contentType(ContentType.JSON)
                .body("{\"input\":\"\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("invalid-request"))
                .body("instance", equalTo("/v1/tasks"));
        throughLambdaWithoutKey()
                .contentType(ContentType.JSON)
                .body("{\"input\":\"What is 2+2?\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("code", equalTo("unauthorized"));
    }

    @Test
    void refusesABackgroundTaskSinceTheFrozenInstanceWouldNeverRunIt() {
        throughLambda()
                .contentType(ContentType.JSON)
                .body("{\"input\":\"What is 2+2?\",\"background\":true}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("invalid-request"))
                .body("detail", containsString("task-agent.tasks.background-enabled=false"));
        assertEquals(0, model.received().size(), "nothing reached the model");
    }

    @Test
    void answersARawApiGatewayEventWithAnApiGatewayResponse() throws Exception {
        // given: the event API Gateway (HTTP API, payload 2.0) sends for GET /q/health/live
        ObjectNode event = JSON.createObjectNode()
                .put("version", "2.0")
                .put("routeKey", "$default")
                .put("rawPath", "/q/health/live")
                .put("rawQueryString", "")
                .put("isBase64Encoded", false);
        event.putObject("headers").put("accept", "application/json");
        event.putObject("requestContext")
                .putObject("http")
                .put("method", "GET")
                .put("path", "/q/health/live")
                .put("sourceIp", "192.0.2.10");

        // when: it is posted as a raw invocation
        JsonNode response = JSON.readTree(throughLambda()
                .contentType(ContentType.JSON)
                .body(JSON.writeValueAsString(event))
                .when()
                .post("/_lambda_")
                .then()
                .statusCode(200)
                .extract()
                .asString());

        // then: the handler's own answer, an API Gateway response carrying the health document
        assertEquals(200, response.path("statusCode").asInt());
        String body = response.path("body").asText();
        if (response.path("isBase64Encoded").asBoolean()) {
            body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        }
        assertEquals("UP", JSON.readTree(body).path("status").asText(), body);
    }
}
