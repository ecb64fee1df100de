package dev.taskagent.resilience;

import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.taskagent.support.OpenAiMock.answer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.taskagent.support.InjectOpenAiMock;
import dev.taskagent.support.OpenAiMock;
import dev.taskagent.support.OpenAiMockResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * While the endpoint is down, tasks fail at once without calling it; once it is back, they run again. Each model has
 * its own breaker: one model failing does not pause the others.
 */
@QuarkusTest
@WithTestResource(
        value = OpenAiMockResource.class,
        initArgs = {
            @ResourceArg(name = "task-agent.model.retry.max-retries", value = "0"),
            @ResourceArg(name = "task-agent.model.circuit-breaker.request-volume", value = "4"),
            @ResourceArg(name = "task-agent.model.circuit-breaker.failure-ratio", value = "0.5"),
            @ResourceArg(name = "task-agent.model.circuit-breaker.delay", value = "1s"),
            @ResourceArg(name = "task-agent.model.circuit-breaker.success-threshold", value = "1")
        })
class CircuitBreakerTest {

    static final String DEVSTRAL = "mistralai/devstral-2512";
    static final String MINISTRAL = "mistralai/ministral-14b-2512";

    @InjectOpenAiMock
    OpenAiMock model;

    @Test
    void failsFastWhileEndpointIsDownAndRecovers() throws InterruptedException {
        // given an endpoint that keeps failing
        model.reset();
        model.fails(503, "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}");
        for (int i = 0; i < 4; i++) {
            task().then().statusCode(502);
        }

        // when the breaker has opened
        task().then()
                .statusCode(503)
                .contentType("application/problem+json")
                .body("code", equalTo("upstream-unavailable"))
                .header("Retry-After", notNullValue());

        // then no call reached the endpoint
        assertEquals(4, model.received().size());

        // and once the endpoint is back, a trial call closes the breaker
        model.reset();
        model.replies(answer("back"));
        Response last = task();
        for (int i = 0; i < 50 && last.statusCode() == 503; i++) {
            Thread.sleep(100);
            last = task();
        }
        last.then().statusCode(200).body("output", equalTo("back"));
        task().then().statusCode(200);
    }

    @Test
    void opensOnlyTheBreakerOfTheModelThatFails() {
        // given: the endpoint fails for Devstral 2 and answers for every other model (the default model's breaker is
        // left alone: the other test counts on it)
        model.reset();
        model.replies(answer("fine"));
        model.server()
                .register(post(urlEqualTo(OpenAiMock.PATH))
                        .atPriority(1)
                        .withRequestBody(matchingJsonPath("$[?(@.model == '" + DEVSTRAL + "')]"))
                        .willReturn(OpenAiMock.error(503, "{\"error\":{\"message\":\"overloaded\"}}")));
        for (int i = 0; i < 4; i++) {
            task(DEVSTRAL).then().statusCode(502);
        }

        // when Devstral's breaker has opened
        task(DEVSTRAL).then().statusCode(503).body("code", equalTo("upstream-unavailable"));

        // then another model still runs
        task(MINISTRAL).then().statusCode(200).body("output", equalTo("fine"));
        List<String> models = model.requests().stream()
                .map(request -> request.path("model").asText())
                .toList();
        assertEquals(List.of(DEVSTRAL, DEVSTRAL, DEVSTRAL, DEVSTRAL, MINISTRAL), models);
    }

    private static Response task() {
        return task(null);
    }

    private static Response task(String model) {
        return given().contentType(ContentType.JSON)
                .body(model == null ? "{\"input\":\"hi\"}" : "{\"input\":\"hi\",\"model\":\"" + model + "\"}")
                .when()
                .post("/v1/tasks");
    }
}
