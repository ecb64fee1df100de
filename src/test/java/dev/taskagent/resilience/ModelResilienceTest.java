package dev.taskagent.resilience;

import static dev.taskagent.support.OpenAiMock.answer;
import static dev.taskagent.support.OpenAiMock.error;
import static dev.taskagent.support.OpenAiMock.ok;
import static dev.taskagent.support.OpenAiMock.toolCall;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.taskagent.support.InjectOpenAiMock;
import dev.taskagent.support.OpenAiMock;
import dev.taskagent.support.OpenAiMockResource;
import dev.taskagent.support.Sse;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every way the model endpoint can fail ends as a clear problem document, quickly: what is worth retrying is retried
 * (and only the model call, never the tools), what is not is answered at once.
 */
@QuarkusTest
@WithTestResource(
        value = OpenAiMockResource.class,
        initArgs = {@ResourceArg(name = "task-agent.model.timeout", value = "1s")})
class ModelResilienceTest {

    private static final String PUTER_PAYMENT = "{\"error\":\"insufficient_funds\","
            + "\"message\":\"Not enough credit to run this model.\",\"code\":\"insufficient_funds\"}";

    @InjectOpenAiMock
    OpenAiMock model;

    @BeforeEach
    void resetModel() {
        model.reset();
    }

    @Test
    void retriesServerErrorsThenAnswers() {
        model.respondsInOrder(error(503, "{}"), error(500, "{}"), ok(answer("Paris.")));

        task().statusCode(200).body("output", equalTo("Paris."));

        assertEquals(3, model.received().size());
    }

    @Test
    void retriesOnlyTheFailedModelCallNeverTheTools() {
        model.respondsInOrder(
                ok(toolCall("call_1", "calculator", "{\"expression\":\"6*7\"}")), error(502, "{}"), ok(answer("42")));

        task().statusCode(200).body("output", equalTo("42")).body("steps", hasSize(1));

        assertEquals(3, model.received().size());
        assertEquals(model.requests().get(1), model.requests().get(2), "the failed request is sent again as it was");
    }

    @Test
    void retriesAStreamedCallThatFailedBeforeAnyTextThenStreamsTheAnswer() {
        model.respondsInOrder(error(503, "{}"), OpenAiMock.chunked(answer("Paris is the capital.")));

        String body = given().contentType(ContentType.JSON)
                .body("{\"input\":\"Capital of France?\",\"stream\":true}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .extract()
                .asString();

        List<Sse.Event> events = Sse.events(body);
        assertEquals("task.completed", events.getLast().name(), body);
        assertEquals(
                "Paris is the capital.", events.getLast().data().path("output").asText());
        assertEquals(2, model.received().size(), "the failed streamed call was sent again");
        assertTrue(model.streamed(0) && model.streamed(1));
    }

    @Test
    void retriesResetConnectionThenAnswers() {
        model.respondsInOrder(WireMock.aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), ok(answer("ok")));

        task().statusCode(200).body("output", equalTo("ok"));

        assertEquals(2, model.received().size());
    }

    @Test
    void reportsConnectionLostWhenEveryAttemptIsReset() {
        model.server()
                .register(WireMock.post(OpenAiMock.PATH)
                        .willReturn(WireMock.aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        problem(502).body("code", equalTo("upstream-connection-lost"));

        assertEquals(4, model.received().size(), "one attempt and three retries");
    }

    @Test
    void honoursRetryAfterOfRateLimit() {
        model.respondsInOrder(
                error(429, "{\"error\":\"too_many_requests\",\"message\":\"slow down\"}")
                        .withHeader("Retry-After", "1"),
                ok(answer("ok")));

        task().statusCode(200);

        List<LoggedRequest> calls = model.received();
        assertEquals(2, calls.size());
        long gap = calls.get(1).getLoggedDate().getTime()
                - calls.get(0).getLoggedDate().getTime();
        assertTrue(gap >= Duration.ofSeconds(1).toMillis() - 5, "waited what Retry-After asked: " + gap + " ms");
    }

    @Test
    void honoursRetryAfterOfTwoSecondsTwiceThenAnswers() {
        var slowDown = error(429, "{\"error\":\"too_many_requests\",\"message\":\"slow down\"}")
                .withHeader("Retry-After", "2");
        model.respondsInOrder(slowDown, slowDown, ok(answer("ok")));

        task().statusCode(200).body("output", equalTo("ok"));

        List<LoggedRequest> calls = model.received();
        assertEquals(3, calls.size());
        for (int i = 1; i < 3; i++) {
            long gap = calls.get(i).getLoggedDate().getTime()
                    - calls.get(i - 1).getLoggedDate().getTime();
            assertTrue(gap >= 2000 - 5, "waited what Retry-After asked before attempt " + (i + 1) + ": " + gap);
        }
    }

    @Test
    void namesTheTokenVariableWhenTheEndpointRefusesTheToken() {
        model.fails(401, "{\"error\":\"unauthorized\",\"message\":\"Invalid auth token\",\"code\":\"invalid_token\"}");

        problem(502)
                .body("type", equalTo("urn:task-agent:problem:upstream-unauthorized"))
                .body("code", equalTo("upstream-unauthorized"))
                .body("upstream_status", equalTo(401))
                .body("detail", containsString("PUTER_AUTH_TOKEN"))
                .body("detail", containsString("Invalid auth token"));
    }

    @Test
    void stopsRetryingATaskWhoseRetriesAreSpentOverAllItsCalls() {
        // given: each model call of the task fails three times before it succeeds
        var reset = WireMock.aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER);
        model.respondsInOrder(
                reset,
                reset,
                reset,
                ok(toolCall("call_1", "calculator", "{\"expression\":\"6*7\"}")),
                reset,
                reset,
                reset,
                ok(toolCall("call_2", "calculator", "{\"expression\":\"6*8\"}")),
                reset,
                ok(answer("done")));

        // then: two calls used the task's six retries, so the third call's first failure ends it
        problem(502).body("code", equalTo("upstream-connection-lost"));
        assertEquals(9, model.received().size());
    }

    @Test
    void passesRateLimitThroughAtOnceWhenRetryAfterIsTooLong() {
        model.fails(
                429,
                "{\"error\":\"too_many_requests\",\"message\":\"Come back later.\","
                        + "\"code\":\"too_many_requests\"}");
        model.server()
                .register(WireMock.post(OpenAiMock.PATH)
                        .willReturn(error(
                                        429,
                                        "{\"error\":\"too_many_requests\",\"message\":\"Come back later.\",\"code\":\"too_many_requests\"}")
                                .withHeader("Retry-After", "120")));

        problem(429)
                .header("Retry-After", equalTo("120"))
                .body("code", equalTo("too_many_requests"))
                .body("upstream_status", equalTo(429));

        assertEquals(1, model.received().size());
    }

    @Test
    void neverRetriesPaymentRequired() {
        model.fails(402, PUTER_PAYMENT);

        problem(402)
                .body("code", equalTo("insufficient_funds"))
                .body("detail", equalTo("Not enough credit to run this model."));

        assertEquals(1, model.received().size());
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403})
    void neverRetriesRefusals(int status) {
        model.fails(status, "{\"error\":{\"message\":\"refused\",\"type\":\"invalid_request_error\"}}");

        problem(502).body("upstream_status", equalTo(status));

        assertEquals(1, model.received().size());
    }

    @Test
    void givesUpAfterTheLastRetry() {
        model.fails(500, "{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}");

        problem(502).body("code", equalTo("server_error")).body("upstream_status", equalTo(500));

        assertEquals(4, model.received().size(), "one attempt and three retries");
    }

    @Test
    void reportsGarbageReplyAsInvalidResponseWithoutRetrying() {
        model.respondsInOrder(ok("this is not { json"));

        problem(502).body("code", equalTo("upstream-invalid-response"));

        assertEquals(1, model.received().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"MALFORMED_RESPONSE_CHUNK", "EMPTY_RESPONSE", "RANDOM_DATA_THEN_CLOSE"})
    void reportsBrokenReplyAsUpstreamError(String fault) {
        model.server()
                .register(WireMock.post(OpenAiMock.PATH)
                        .willReturn(WireMock.aResponse().withFault(Fault.valueOf(fault))));

        problem(502).body("code", notNullValue()).body("detail", notNullValue());
    }

    @Test
    void timesOutSlowReplyWithoutRetrying() {
        model.delays(2_500, answer("too late"));

        problem(504).body("code", equalTo("upstream-timeout"));

        assertEquals(1, model.received().size());
    }

    private static ValidatableResponse task() {
        return given().contentType(ContentType.JSON)
                .body("{\"input\":\"What is 6 times 7?\"}")
                .when()
                .post("/v1/tasks")
                .then();
    }

    private static ValidatableResponse problem(int status) {
        return task().statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("request_id", notNullValue())
                .body("detail", containsString(""));
    }
}
