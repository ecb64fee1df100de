package dev.taskagent.security;

import static dev.taskagent.support.OpenAiMock.answer;
import static dev.taskagent.support.OpenAiMock.toolCall;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.taskagent.support.ApiKeyResource;
import dev.taskagent.support.InjectOpenAiMock;
import dev.taskagent.support.OpenAiMock;
import dev.taskagent.support.OpenAiMockResource;
import dev.taskagent.support.Poll;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * API keys and the model token never show up in logs (every logger at DEBUG), metrics or responses, whatever
 * happens: a good task, a wrong key, an upstream that refuses our token, an upstream that keeps failing.
 */
@QuarkusTest
@TestProfile(SecretsStayOutTest.EverythingLogged.class)
@WithTestResource(OpenAiMockResource.class)
@WithTestResource(ApiKeyResource.class)
class SecretsStayOutTest {

    private static final String WRONG_KEY = "tk_wrong_guess_5c0ffee";
    /** Loggers of the test's own HTTP client and of the mock model, which see the secrets by design. */
    private static final List<String> TEST_HARNESS = List.of("org.apache.http", "wiremock", "com.github.tomakehurst");

    public static class EverythingLogged implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.log.level",
                    "DEBUG",
                    "quarkus.log.category.\"dev.taskagent\".level",
                    "DEBUG",
                    "quarkus.log.console.level",
                    "INFO");
        }
    }

    @InjectOpenAiMock
    OpenAiMock model;

    private final List<String> logged = new CopyOnWriteArrayList<>();
    /**
     * The filter the service's log handlers apply ({@code quarkus.log.console.filter}), built from the same settings:
     * lines are captured as a handler writing at DEBUG would write them.
     */
    private final RedactingLogFilter handlerFilter = new RedactingLogFilter(
            Optional.of(OpenAiMockResource.TOKEN),
            Optional.of(List.of(ApiKeyResource.sha256Hex(ApiKeyResource.KEY))),
            Optional.empty());

    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String logger = String.valueOf(record.getLoggerName());
            if (TEST_HARNESS.stream().anyMatch(logger::startsWith)) {
                return;
            }
            handlerFilter.isLoggable(record);
            StringBuilder line = new StringBuilder(logger).append(": ").append(record.getMessage());
            if (record.getParameters() != null) {
                for (Object parameter : record.getParameters()) {
                    line.append(' ').append(parameter);
                }
            }
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                line.append(' ').append(trace);
            }
            logged.add(line.toString());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void captureLogs() {
        model.reset();
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void keepsKeysAndTokenOutOfLogsMetricsAndResponses() {
        StringBuilder responses = new StringBuilder();
        model.replies(toolCall("call_1", "calculator", "{\"expression\":\"2+2\"}"), answer("4"));
        responses.append(
                task(ApiKeyResource.KEY).then().statusCode(200).extract().asString());
        responses.append(task(WRONG_KEY).then().statusCode(401).extract().asString());
        model.reset();
        model.fails(
                401, "{\"error\":\"unauthorized\",\"message\":\"Invalid auth token\",\"code\":\"token_auth_failed\"}");
        responses.append(
                task(ApiKeyResource.KEY).then().statusCode(502).extract().asString());
        model.reset();
        model.fails(500, "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}");
        responses.append(
                task(ApiKeyResource.KEY).then().statusCode(502).extract().asString());
        String metrics = given().when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();

        assertTrue(logged.size() > 20, "DEBUG logging was captured: " + logged.size() + " records");
        for (String secret : List.of(ApiKeyResource.KEY, WRONG_KEY, OpenAiMockResource.TOKEN)) {
            assertFalse(
                    logged.stream().anyMatch(line -> line.contains(secret)),
                    "a log line holds a secret: "
                            + logged.stream().filter(l -> l.contains(secret)).findFirst());
            assertFalse(metrics.contains(secret), "the metrics hold a secret");
            assertFalse(responses.toString().contains(secret), "a response holds a secret");
        }
    }

    @Test
    void attachesTheRedactingFilterToTheLogHandlers() {
        var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        assertEquals("redact-secrets", config.getValue("quarkus.log.console.filter", String.class));
        assertEquals("redact-secrets", config.getValue("quarkus.log.file.filter", String.class));
    }

    @Test
    void redactsTheTokenAndTheKeyAnEndpointEchoesBackEverywhereTheyCouldLeave() {
        // given: a model endpoint whose 401 repeats the Authorization header it received and the user's message,
        // which quotes the client's own key
        model.server()
                .register(WireMock.post(WireMock.urlEqualTo(OpenAiMock.PATH))
                        .willReturn(WireMock.aResponse()
                                .withStatus(401)
                                .withHeader("Content-Type", "application/json")
                                .withBody("{\"error\":{\"message\":\"invalid token: {{request.headers.Authorization}}"
                                        + " in {{jsonPath request.body '$.messages[-1].content'}}\","
                                        + "\"code\":\"invalid_token\"}}")
                                .withTransformers("response-template")));
        String input = "Remember my key " + ApiKeyResource.KEY;

        // when: the client waits, streams, and runs it in the background
        String waited = create(input, "")
                .then()
                .statusCode(502)
                .body("code", equalTo("upstream-unauthorized"))
                .body("detail", containsString("PUTER_AUTH_TOKEN"))
                .body("detail", containsString(Secrets.MARK))
                .extract()
                .asString();
        String streamed = create(input, ",\"stream\":true")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        String location = create(input, ",\"background\":true")
                .then()
                .statusCode(202)
                .extract()
                .header("Location");
        String stored = Poll.until(
                () -> authorized().get(location).then().extract().asString(),
                body -> body.contains("\"failed\""),
                "the background task to fail");
        String events = authorized().get(location + "/events").then().extract().asString();

        // then
        assertTrue(streamed.contains("upstream-unauthorized"), streamed);
        assertTrue(stored.contains("upstream-unauthorized"), stored);
        for (String secret : List.of(ApiKeyResource.KEY, OpenAiMockResource.TOKEN)) {
            for (String text : List.of(waited, streamed, stored, events)) {
                // the task's own input (the client's text) is shown back as it was sent
                String fromUpstream = text.replace(input, "");
                assertFalse(fromUpstream.contains(secret), "a response holds a secret: " + text);
            }
            assertFalse(
                    logged.stream().anyMatch(line -> line.contains(secret)),
                    "a log line holds a secret: "
                            + logged.stream().filter(l -> l.contains(secret)).findFirst());
        }
    }

    private static io.restassured.specification.RequestSpecification authorized() {
        return given().header("Authorization", ApiKeyResource.bearer(ApiKeyResource.KEY));
    }

    private static io.restassured.response.Response create(String input, String options) {
        return authorized()
                .contentType(ContentType.JSON)
                .body("{\"input\":\"" + input + "\"" + options + "}")
                .when()
                .post("/v1/tasks");
    }

    private static io.restassured.response.Response task(String key) {
        return given().header("Authorization", ApiKeyResource.bearer(key))
                .contentType(ContentType.JSON)
                .body("{\"input\":\"What is 2+2?\"}")
                .when()
                .post("/v1/tasks");
    }
}
