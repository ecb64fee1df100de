package dev.taskagent.limits;

import static dev.taskagent.support.OpenAiMock.answer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskagent.support.ApiKeyResource;
import dev.taskagent.support.InjectOpenAiMock;
import dev.taskagent.support.OpenAiMock;
import dev.taskagent.support.OpenAiMockResource;
import dev.taskagent.support.RawHttp;
import dev.taskagent.task.TaskRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Per-key rate and concurrency limits answer 429 with Retry-After; oversized bodies 413; all as problems. The MCP
 * endpoint is under the same limits: its requests count against the key's rate, and run_task against its tasks.
 */
@QuarkusTest
@WithTestResource(OpenAiMockResource.class)
@WithTestResource(
        value = ApiKeyResource.class,
        initArgs = {
            @ResourceArg(name = "task-agent.limits.requests-per-minute", value = "6"),
            @ResourceArg(name = "task-agent.limits.burst", value = "3"),
            @ResourceArg(name = "task-agent.limits.concurrent-tasks", value = "1"),
            @ResourceArg(name = "task-agent.limits.max-body-size", value = "1K")
        })
class LimitsTest {

    private static final String RATE_KEY = ApiKeyResource.OTHER_KEYS.get(0);
    private static final String TASKS_KEY = ApiKeyResource.OTHER_KEYS.get(1);
    private static final String BODY_KEY = ApiKeyResource.OTHER_KEYS.get(2);
    private static final String ALIAS_KEY = ApiKeyResource.OTHER_KEYS.get(3);
    private static final String MCP_RATE_KEY = ApiKeyResource.OTHER_KEYS.get(4);
    private static final String MCP_TASKS_KEY = ApiKeyResource.OTHER_KEYS.get(5);
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}";

    @Inject
    TaskRegistry registry;

    @InjectOpenAiMock
    OpenAiMock model;

    @TestHTTPResource("/v1/tasks")
    URI tasks;

    @TestHTTPResource("/")
    URI base;

    @BeforeEach
    void resetModel() {
        model.reset();
        model.replies(answer("ok"));
    }

    @Test
    void refusesRequestsOverTheKeysRateWithRetryAfter() {
        for (int i = 0; i < 3; i++) {
            task(RATE_KEY, "{\"input\":\"hi\"}").statusCode(200);
        }

        task(RATE_KEY, "{\"input\":\"hi\"}")
                .statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", matchesPattern("[1-9]|10"))
                .body("code", equalTo("rate-limited"));
        task(ApiKeyResource.KEY, "{\"input\":\"hi\"}").statusCode(200);
    }

    @Test
    void refusesSecondConcurrentTaskOfTheSameKey() throws Exception {
        model.reset();
        model.delays(1_500, answer("slow"));
        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(
                () -> task(TASKS_KEY, "{\"input\":\"slow\"}").extract().statusCode());
        while (model.received().isEmpty()) {
            Thread.sleep(20);
        }

        task(TASKS_KEY, "{\"input\":\"second\"}")
                .statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", equalTo("1"))
                .body("code", equalTo("too-many-tasks"));

        assertEquals(200, first.get());
        assertEquals(1, model.received().size(), "the refused task never reached the model");
    }

    @Test
    void refusesBodyOverTheCapBeforeReadingIt() {
        task(BODY_KEY, "{\"input\":\"" + "x".repeat(2_000) + "\"}")
                .statusCode(413)
                .contentType("application/problem+json")
                .body("code", equalTo("body-too-large"))
                .body("detail", containsString("1024 bytes"));
        assertEquals(0, model.received().size());
    }

    @Test
    void refusesChunkedBodyOverTheCap() throws Exception {
        byte[] body = ("{\"input\":\"" + "x".repeat(20_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(tasks)
                .header("Authorization", ApiKeyResource.bearer(BODY_KEY))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();

        HttpResponse<String> response;
        try (HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        }

        assertEquals(413, response.statusCode(), response.body());
        assertEquals(
                "application/problem+json",
                response.headers().firstValue("Content-Type").orElse(""));
        assertEquals(0, model.received().size());
    }

    @Test
    void countsMcpRequestsAgainstTheKeysRate() {
        for (int i = 0; i < 3; i++) {
            mcp(MCP_RATE_KEY, null, INITIALIZE).statusCode(200);
        }

        mcp(MCP_RATE_KEY, null, INITIALIZE)
                .statusCode(429)
                .contentType("application/problem+json")
                .body("code", equalTo("rate-limited"));
    }

    @Test
    void refusesRunTaskOverTheKeysConcurrentTasks() throws Exception {
        model.reset();
        model.delays(60_000, answer("slow"));
        String running = task(MCP_TASKS_KEY, "{\"input\":\"slow\",\"background\":true}")
                .statusCode(202)
                .extract()
                .path("id");
        try {
            while (model.received().isEmpty()) {
                Thread.sleep(20);
            }
            String session = mcp(MCP_TASKS_KEY, null, INITIALIZE)
                    .statusCode(200)
                    .extract()
                    .header("Mcp-Session-Id");

            String answer = mcp(
                            MCP_TASKS_KEY,
                            session,
                            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":"
                                    + "{\"name\":\"run_task\",\"arguments\":{\"input\":\"second\"}}}")
                    .statusCode(200)
                    .extract()
                    .asString();

            assertTrue(answer.contains("\"isError\":true"), answer);
            assertTrue(answer.contains("this API key already has 1 tasks running"), answer);
            assertEquals(1, model.received().size(), "the refused task never reached the model");
        } finally {
            // in process: the key's three requests of its burst are spent
            registry.find("key-" + ApiKeyResource.sha256Hex(MCP_TASKS_KEY).substring(0, 8), running)
                    .orElseThrow()
                    .cancel();
        }
    }

    private static ValidatableResponse mcp(String key, String session, String body) {
        RequestSpecification request = given().header("Authorization", ApiKeyResource.bearer(key))
                .header("Accept", "application/json, text/event-stream")
                .contentType(ContentType.JSON)
                .body(body);
        if (session != null) {
            request.header("Mcp-Session-Id", session);
        }
        return request.when().post("/mcp").then();
    }

    private static ValidatableResponse task(String key, String body) {
        return given().header("Authorization", ApiKeyResource.bearer(key))
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/v1/tasks")
                .then();
    }

    @Test
    void countsEverySpellingOfAPathAgainstTheKeysRate() {
        RawHttp http = new RawHttp(base);
        String auth = ApiKeyResource.bearer(ALIAS_KEY);
        List<String> aliases = List.of(
                "/q/../v1/tasks",
                "/q/%2e%2e/v1/tasks",
                "/q/health/../../v1/tasks",
                "/q;x=y/../v1/tasks",
                "/q//../v1/tasks",
                "/q/..%2fv1/tasks");
        int served = 0;
        for (int round = 0; round < 2; round++) {
            for (String path : aliases) {
                served += http.send("POST", path, "{\"input\":\"hi\"}", "Authorization", auth)
                                        .status()
                                == 200
                        ? 1
                        : 0;
            }
            served += http.send("POST", "/v1/tasks", "{\"input\":\"hi\"}", "Authorization", auth)
                                    .status()
                            == 200
                    ? 1
                    : 0;
        }

        assertTrue(served <= 3, served + " requests were served, the key's burst is 3");
        assertTrue(model.received().size() <= 3, model.received().size() + " model calls");
    }

    @Test
    void refusesTenMegabyteChunkedBodyWith413() {
        RawHttp.Response response = new RawHttp(base)
                .sendChunked("POST", "/v1/tasks", 10_000_000, "Authorization", ApiKeyResource.bearer(BODY_KEY));

        assertEquals(413, response.status(), response.body());
        assertEquals("application/problem+json", response.header("Content-Type"));
        assertTrue(response.body().contains("\"code\":\"body-too-large\""), response.body());
        assertEquals(0, model.received().size());
    }
}
