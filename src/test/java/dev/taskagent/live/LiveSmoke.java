package dev.taskagent.live;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.taskagent.support.ApiKeyResource;
import dev.taskagent.support.Sse;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The live smoke suite: real tasks against Puter through the packaged service — each tool, a typed answer, an image,
 * every configured model, the OpenAI-compatible API — printing per case pass or fail, tool calls, tokens, cost and
 * latency. Opt-in only: {@code PUTER_AUTH_TOKEN=... ./mvnw verify -Plive} (the profile runs this class and nothing
 * else; CI never does). Without a token it says so and is skipped before the service starts. It checks facts the
 * answer must contain, never exact wording.
 */
@ExtendWith(LiveSmoke.RequiresToken.class)
@QuarkusIntegrationTest
@WithTestResource(LiveSmoke.LiveConfig.class)
@WithTestResource(ApiKeyResource.class)
class LiveSmoke {

    static final String SKIPPED = "LIVE SMOKE SKIPPED: PUTER_AUTH_TOKEN is not set. Run it with "
            + "PUTER_AUTH_TOKEN=<your Puter token> ./mvnw verify -Plive";

    /**
     * Without a token the suite is skipped, and says so on the console, before the service is started (JUnit decides
     * conditions before any extension's callbacks).
     */
    public static class RequiresToken implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            String token = System.getenv("PUTER_AUTH_TOKEN");
            if (token != null && !token.isBlank()) {
                return ConditionEvaluationResult.enabled("PUTER_AUTH_TOKEN is set");
            }
            if (context.getTestMethod().isEmpty()) {
                System.out.println(SKIPPED);
            }
            return ConditionEvaluationResult.disabled(SKIPPED);
        }
    }

    /** The real endpoint and the fixture workspace; the model token comes from PUTER_AUTH_TOKEN. */
    public static class LiveConfig implements io.quarkus.test.common.QuarkusTestResourceLifecycleManager {
        @Override
        public java.util.Map<String, String> start() {
            return java.util.Map.of(
                    "task-agent.tools.file-search.roots",
                    Path.of("src/test/resources/workspace").toAbsolutePath().toString(),
                    "task-agent.tasks.default-max-tool-calls",
                    "6");
        }

        @Override
        public void stop() {}
    }

    record Outcome(
            String name,
            boolean passed,
            int toolCalls,
            long inputTokens,
            long outputTokens,
            double cost,
            long millis,
            String note) {}

    static final List<Outcome> OUTCOMES = new ArrayList<>();

    @AfterAll
    static void printSummary() {
        if (OUTCOMES.isEmpty()) {
            return;
        }
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "%-34s %-4s %5s %8s %8s %10s %8s  %s%n",
                "case",
                "",
                "tools",
                "in",
                "out",
                "cost $",
                "ms",
                "note");
        double cost = 0;
        for (Outcome o : OUTCOMES) {
            cost += o.cost();
            System.out.printf(
                    Locale.ROOT,
                    "%-34s %-4s %5d %8d %8d %10.6f %8d  %s%n",
                    o.name(),
                    o.passed() ? "PASS" : "FAIL",
                    o.toolCalls(),
                    o.inputTokens(),
                    o.outputTokens(),
                    o.cost(),
                    o.millis(),
                    o.note());
        }
        long passed = OUTCOMES.stream().filter(Outcome::passed).count();
        System.out.printf(Locale.ROOT, "%d of %d passed, $%.6f in all%n", passed, OUTCOMES.size(), cost);
    }

    @Test
    void calculator() {
        task(
                "calculator",
                "{\"input\":\"What is 12345 * 6789? Use the calculator.\",\"tools\":[\"calculator\"]}",
                t -> t.getString("output").replace(",", "").contains("83810205") && used(t, "calculator"));
    }

    @Test
    void fileSearch() {
        task(
                "file search",
                "{\"input\":\"Which file in the workspace defines a Java main class? Give its path.\","
                        + "\"tools\":[\"file_search\"]}",
                t -> t.getString("output").contains("Main.java")
                        && t.getList("steps").size() > 0);
    }

    @Test
    void httpFetch() {
        task(
                "http fetch",
                "{\"input\":\"Fetch https://example.com and tell me the page's title.\",\"tools\":[\"http_fetch\"]}",
                t -> t.getString("output").contains("Example Domain") && used(t, "http_fetch"));
    }

    @Test
    void typedAnswer() {
        task(
                "typed answer",
                "{\"input\":\"What is the capital of Japan, and in which country is it?\",\"tools\":[],"
                        + "\"output_schema\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},"
                        + "\"country\":{\"type\":\"string\"}},\"required\":[\"city\",\"country\"]}}",
                t -> "Tokyo".equalsIgnoreCase(t.getString("output_json.city")));
    }

    @Test
    void image() throws IOException {
        task(
                "image (default model)",
                "{\"input\":\"What single colour fills this image? One word.\",\"tools\":[],\"images\":[\""
                        + redSquare() + "\"]}",
                t -> t.getString("output").toLowerCase(Locale.ROOT).contains("red"));
    }

    @Test
    void session() {
        String session = "live-" + System.nanoTime();
        given().auth()
                .oauth2(ApiKeyResource.KEY)
                .contentType(ContentType.JSON)
                .body("{\"input\":\"My favourite number is 4817. Just say OK.\",\"tools\":[],\"session\":\"" + session
                        + "\"}")
                .post("/v1/tasks")
                .then()
                .statusCode(200);
        task(
                "session (second turn recalls first)",
                "{\"input\":\"What is my favourite number? Digits only.\",\"tools\":[],\"session\":\"" + session
                        + "\"}",
                t -> t.getString("output").contains("4817"));
    }

    @Test
    void streamedTask() {
        long start = System.nanoTime();
        Response response = given().auth()
                .oauth2(ApiKeyResource.KEY)
                .contentType(ContentType.JSON)
                .body("{\"input\":\"Say hello in French, one word.\",\"tools\":[],\"stream\":true}")
                .post("/v1/tasks");
        long millis = (System.nanoTime() - start) / 1_000_000;
        String body = response.asString();
        Sse.Event completed = response.statusCode() != 200
                ? null
                : Sse.events(body).stream()
                        .filter(event -> "task.completed".equals(event.name()))
                        .findFirst()
                        .orElse(null);
        String id = completed == null ? null : completed.data().path("id").asText();
        record("streamed task", completed != null, id, millis, completed != null ? "" : abbreviated(body));
    }

    @Test
    void everyConfiguredModel() {
        List<String> ids = given().auth()
                .oauth2(ApiKeyResource.KEY)
                .get("/v1/models")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("data.id");
        List<String> failed = new ArrayList<>();
        for (String id : ids.subList(1, ids.size())) {
            try {
                task(
                        "model " + id,
                        "{\"input\":\"Reply with the single word pong.\",\"tools\":[],\"model\":\"" + id + "\"}",
                        t -> t.getString("output").toLowerCase(Locale.ROOT).contains("pong")
                                && id.equals(t.getString("model")));
            } catch (AssertionError e) {
                failed.add(id);
            }
        }
        assertEquals(List.of(), failed, "models that failed");
    }

    @Test
    void chatCompletionWithResponseFormat() {
        long start = System.nanoTime();
        Response response = given().auth()
                .oauth2(ApiKeyResource.KEY)
                .contentType(ContentType.JSON)
                .body("{\"model\":\"mistralai/mistral-small-2603\",\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"Name the largest planet of the solar system.\"}],"
                        + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"planet\","
                        + "\"strict\":true,\"schema\":{\"type\":\"object\",\"properties\":{\"planet\":"
                        + "{\"type\":\"string\"}},\"required\":[\"planet\"],\"additionalProperties\":false}}}}")
                .post("/v1/chat/completions");
        long millis = (System.nanoTime() - start) / 1_000_000;
        boolean passed = response.statusCode() == 200
                && response.jsonPath().getString("choices[0].message.content").contains("Jupiter");
        record(
                "chat completion, response_format",
                passed,
                response.header("X-Task-Id"),
                millis,
                passed ? "" : abbreviated(response.asString()));
    }

    private static void task(String name, String body, Predicate<JsonPath> check) {
        long start = System.nanoTime();
        Response response = given().auth()
                .oauth2(ApiKeyResource.KEY)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/v1/tasks");
        long millis = (System.nanoTime() - start) / 1_000_000;
        JsonPath task = response.jsonPath();
        boolean completed = response.statusCode() == 200 && "completed".equals(task.getString("status"));
        boolean passed = completed && check.test(task);
        record(
                name,
                passed,
                completed ? task.getString("id") : null,
                millis,
                passed ? "" : abbreviated(response.asString()));
    }

    /** Records a case whose figures are read from its task ({@code GET /v1/tasks/{id}}); none when it has no id. */
    private static void record(String name, boolean passed, String taskId, long millis, String note) {
        JsonPath task = taskId == null
                ? null
                : given().auth()
                        .oauth2(ApiKeyResource.KEY)
                        .get("/v1/tasks/" + taskId)
                        .then()
                        .extract()
                        .jsonPath();
        boolean known = task != null && "completed".equals(task.getString("status"));
        record(new Outcome(
                name,
                passed,
                known ? task.getList("steps").size() : 0,
                known ? task.getLong("usage.input_tokens") : 0,
                known ? task.getLong("usage.output_tokens") : 0,
                known ? task.getDouble("usage.cost_usd") : 0,
                millis,
                note));
    }

    /** Keeps the outcome for the summary, and fails the test when the case failed. */
    private static synchronized void record(Outcome outcome) {
        OUTCOMES.add(outcome);
        System.out.printf(
                Locale.ROOT,
                "live: %s %s (%d tool calls, %d+%d tokens, $%.6f, %d ms)%n",
                outcome.passed() ? "PASS" : "FAIL",
                outcome.name(),
                outcome.toolCalls(),
                outcome.inputTokens(),
                outcome.outputTokens(),
                outcome.cost(),
                outcome.millis());
        assertEquals(true, outcome.passed(), outcome.name() + ": " + outcome.note());
    }

    private static boolean used(JsonPath task, String tool) {
        return task.getList("steps.tool").stream()
                .anyMatch(t -> String.valueOf(t).startsWith(tool.split("_")[0]));
    }

    private static String abbreviated(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }

    private static String redSquare() throws IOException {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        var graphics = image.createGraphics();
        graphics.setColor(Color.RED);
        graphics.fillRect(0, 0, 64, 64);
        graphics.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray());
    }
}
